/**
 * il5ml as a library: the pure core the command line runs, in the order of its pipeline. A spec is read and
 * validated, planned into templates and change requests, and checked, offline: no function here reads a
 * file, the network or the terminal (callers pass text and get values and diagnostics back), and none sends
 * anything anywhere. The `il5ml` command adds files, flags, reports and Azure around the same functions.
 *
 * What the package ships at its entry (`import … from 'il5ml'`, package.json `exports`) is this module bundled
 * into one file by esbuild (scripts/bundle-lib.ts, `npm run build`), not tsc's module per source file: the
 * engines run faster from one module scope until V8 has optimized them (mlz.json's expansion, turns 3-17 of
 * a process: 10-17% less time, docs/expand-performance.md, "Measured, seventh pass"); the command line runs
 * a bundle too. Types come from tsc (dist/index.d.ts).
 */

// The spec: read (with every key's position), the built-in default, validated by the rules.
export { loadSpec, defaultSpecText, formatPath, type LoadedSpec, type SpecPath } from './spec/load.js';
export { loadDefaultSpec } from './spec/default-loaded.js';
export type { Spec } from './spec/schema.js';
export { validateSpec } from './validate/index.js';

// The plan: deployable templates, parameters, deploy.sh and the change requests, by runbook step.
export { buildPlan, FILE_NAMES, STEP_ORDER, type Plan } from './emit/plan.js';

// ARM templates expanded offline: copies, conditions, nested and linked deployments, every function.
export {
  expandTemplate,
  resolveContext,
  defaultDeploymentName,
  DEFAULT_LOCATION,
  DEFAULT_RESOURCE_GROUP,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_TENANT_ID,
  DEFAULT_UTC_NOW,
  type DeploymentContext,
  type ExpandInput,
  type ExpansionResult,
  type LinkedTemplateLoader,
  type OutputValue,
  type SkippedDeclaration,
} from './arm/template/index.js';

// Verdicts: the deployment-time baseline rules, and Azure Policy definitions (the DoD IL5 initiative's).
export { runBaseline, baselineRules, selectRules, RETIRED_RULES, type BaselineRule, type BaselineOptions, type BaselineExemption } from './baseline/index.js';
export {
  parsePolicyFile,
  mergeLoaded,
  compilePolicies,
  evaluatePolicies,
  readCheckInput,
  parseExemptions,
  applyExemptions,
  coverage,
  formatCoverage,
  validateDefinitions,
  type LoadedPolicies,
  type PolicyDefinition,
  type PolicySet,
  type PolicyAssignment,
  type CompileOptions,
  type EvaluateOptions,
  type CheckInput,
  type Exemption,
  type CoverageReport,
} from './policy/index.js';
export { IL5_INITIATIVE, IL5_INITIATIVE_SIZE, il5ReferenceId } from './catalog/il5-initiative.js';

// The network: egress rules and routes from service tags, their changes between releases, private DNS.
export { egressRules, ruleTags, rulePrefixes, routeTable, type EgressRule, type RouteRow } from './net/egress-rules.js';
export { parseServiceTags, diffServiceTags, findTag, type ServiceTagsFile, type ServiceTag, type TagDiff } from './net/service-tags.js';
export { dnsPlan, type DnsPlan } from './net/dns-plan.js';

// What every step reports: diagnostics with file:line:column and a fix.
export { formatDiagnostic, formatLocation, hasErrors, sortDiagnostics, type Diagnostic, type SourceLocation, type Severity } from './core/diagnostic.js';
export type { AzureResource } from './core/resource.js';
export type { CheckResult } from './core/verdict.js';
