import { checkPlanCompliance, type PlanCompliance } from '../plan/compliance.js';
import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { subnetAttachmentsOf } from './attachments.js';
import { computeEmitter } from './compute.js';
import { withComputePrerequisites } from './compute-order.js';
import { renderDeploySh } from './deploy-sh.js';
import { dnsEmitter } from './dns.js';
import { finalCheckEmitter } from './final-check.js';
import { emitFirewall } from './firewall.js';
import { jumpBoxEmitter } from './jumpbox.js';
import { canonicalResource, toJsonText } from './json.js';
import { keyVaultEmitter } from './keyvault.js';
import { emitNetwork } from './network.js';
import { renderPlanMd } from './plan-md.js';
import { emitPolicy } from './policy.js';
import { studioEmitter } from './studio.js';
import type { ArmParameterDecl, ArmResourceDecl, Deviation, EmitFragment, Emitter, PlanNote, RunbookStep } from './types.js';
import { workspaceEmitter } from './workspace.js';

/** Order of steps in the template and in plan.md: the runbook's, with its DNS work last. */
export const STEP_ORDER: readonly RunbookStep[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'DNS'];

/**
 * The built-in emitters after step A, in order. Step A (src/emit/network.ts) is not in this list: it runs
 * last, because other fragments declare subnet attachments (route tables, NSG rules) it must include.
 * Step D comes from `stepD` (by default src/emit/firewall.ts: firewall, routes, compute NSG rules, which
 * it attaches to subnets); a caller may put another step D in its place, e.g. for a hub appliance.
 */
export const STEP_EMITTERS: readonly Emitter[] = [
  keyVaultEmitter,
  workspaceEmitter,
  jumpBoxEmitter,
  computeEmitter,
  studioEmitter,
  finalCheckEmitter,
  dnsEmitter,
];

/**
 * The ARM template and parameters schemas on schema.management.azure.com (issue 9, section 6). `$schema` is a
 * JSON Schema location, not an endpoint the deployment calls: every cloud, Azure Government included, accepts
 * this host, and arm-ttk, PSRule for Azure (Azure.Template.TemplateSchema,
 * https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.Template.TemplateSchema, read 2026-12-06) and Mission
 * Landing Zone expect it (Learn, "Template format": https://learn.microsoft.com/azure/azure-resource-manager/templates/syntax#template-format;
 * ../shared/templates/missionlz/mlz.json). `il5ml expand` recognises this host (IL5-ARM-SCHEMA's fix).
 * These two URLs are the only azure.com text an Azure Government plan may carry (ARM_SCHEMA_URLS).
 */
export const TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const PARAMETERS_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';
export const ARM_SCHEMA_URLS: readonly string[] = [TEMPLATE_SCHEMA, PARAMETERS_SCHEMA];

/** A plan file's text without the two schema URLs: what the commercial-host checks look at. */
export function withoutArmSchemaUrls(text: string): string {
  return ARM_SCHEMA_URLS.reduce((t, url) => t.split(url).join(''), text);
}

export const FILE_NAMES = {
  template: 'azuredeploy.json',
  parameters: 'azuredeploy.parameters.json',
  deploySh: 'deploy.sh',
  planMd: 'plan.md',
} as const;

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  metadata: Record<string, unknown>;
  parameters: Record<string, ArmParameterDecl>;
  variables?: Record<string, unknown>;
  resources: ArmResourceDecl[];
  outputs: Record<string, { type: string; value: unknown }>;
}

export interface ParametersFile {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, { value: unknown }>;
}

export interface Plan {
  spec: Spec;
  template: ArmTemplate;
  parameters: ParametersFile;
  deploySh: string;
  planMd: string;
  /** Fragments in step order (after merging), for plan.md and tests. */
  fragments: EmitFragment[];
  notes: PlanNote[];
  deviations: Deviation[];
  /** The built-in baseline's verdicts on what the template creates (also in plan.md). */
  compliance: PlanCompliance;
  /** The four files' exact bytes, in a stable order. */
  files(): Map<string, string>;
}

function stepIndex(step: RunbookStep): number {
  return STEP_ORDER.indexOf(step);
}

function resourceKey(r: ArmResourceDecl): string {
  return `${r.type.toLowerCase()}|${r.scope ?? ''}|${r.name}`;
}

/** Deviations deduplicated (two emitters may cite the same one), in step order. */
function collectDeviations(fragments: readonly EmitFragment[]): Deviation[] {
  const seen = new Set<string>();
  const out: Deviation[] = [];
  for (const f of fragments) {
    for (const d of f.deviations) {
      const key = `${d.step}|${d.runbook}|${d.plan}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out.map((d, i) => ({ d, i })).sort((a, b) => stepIndex(a.d.step) - stepIndex(b.d.step) || a.i - b.i).map((x) => x.d);
}

export interface BuildOptions {
  /**
   * Today (YYYY-MM-DD), which decides whether a spec exemption has expired; required when the spec has
   * exemptions (core code reads no clock: the CLI passes the date). plan.md shows it only then, so a spec
   * without exemptions gives the same files on any day.
   */
  today?: string;
}

/**
 * The whole plan for a validated spec: every emitter's fragment merged in step order into one
 * resource-group-scope template, its parameters file, deploy.sh and plan.md. The `stepD` emitters (step D's
 * firewall and routes) plug in the same way as the built-in ones; their subnet attachments reach step A.
 * Step G's policy assignment and exemptions (src/emit/policy.ts) come last, since an exemption may name
 * any resource of the others. The template is then checked with the built-in baseline (src/plan/).
 */
export function buildPlan(spec: Spec, stepD: readonly Emitter[] = [emitFirewall], options: BuildOptions = {}): Plan {
  const others = [...STEP_EMITTERS, ...stepD].map((emit) => emit(spec));
  const attachments = others.flatMap(subnetAttachmentsOf);
  const built = [emitNetwork(spec, attachments), ...others];
  if (spec.policy.exemptions.length > 0 && options.today === undefined) {
    throw new Error('internal: buildPlan needs options.today (YYYY-MM-DD) to judge the expiry of the spec\'s exemptions');
  }
  const policy = emitPolicy(spec, built.flatMap((f) => f.resources), options.today);
  // Step G is one fragment: the final check's notes, then the assignment and exemptions that keep it true.
  const stepG = built.findIndex((f) => f.step === 'G');
  const prior = built[stepG];
  const unordered = prior
    ? built.map((f, i) =>
        i === stepG ? { ...f, resources: [...f.resources, ...policy.resources], notes: [...f.notes, ...policy.notes], deviations: [...f.deviations, ...policy.deviations] } : f,
      )
    : [...built, policy];
  const fragments = withComputePrerequisites(
    unordered
      .map((f, i) => ({ f, i }))
      .sort((a, b) => stepIndex(a.f.step) - stepIndex(b.f.step) || a.i - b.i)
      .map((x) => x.f),
  );

  const parameters: Record<string, ArmParameterDecl> = {
    location: {
      type: 'string',
      defaultValue: spec.region,
      allowedValues: ['usgovarizona', 'usgovvirginia'],
      metadata: { description: 'Azure Government region with Azure Machine Learning (spec.region).' },
    },
  };
  const variables: Record<string, unknown> = {};
  const outputs: Record<string, { type: string; value: unknown }> = {};
  const resources: ArmResourceDecl[] = [];
  const seen = new Map<string, RunbookStep>();
  for (const f of fragments) {
    for (const [name, p] of Object.entries(f.parameters ?? {})) {
      if (name in parameters) throw new Error(`internal: parameter ${name} declared twice (step ${f.step})`);
      parameters[name] = p;
    }
    for (const [name, v] of Object.entries(f.variables ?? {})) {
      if (name in variables) throw new Error(`internal: variable ${name} declared twice (step ${f.step})`);
      variables[name] = v;
    }
    for (const [name, o] of Object.entries(f.outputs ?? {})) {
      if (name in outputs) throw new Error(`internal: output ${name} declared twice (step ${f.step})`);
      outputs[name] = o;
    }
    for (const r of f.resources) {
      const key = resourceKey(r);
      const prev = seen.get(key);
      if (prev !== undefined) throw new Error(`internal: ${r.type} ${r.name} declared by step ${prev} and step ${f.step}`);
      seen.set(key, f.step);
      resources.push(canonicalResource(r));
    }
  }
  const n = resourceNames(spec);
  outputs.workspaceName = { type: 'string', value: n.workspace };
  outputs.keyVaultName = { type: 'string', value: n.keyVault };
  outputs.storageAccountName = { type: 'string', value: n.storage };
  outputs.containerRegistryName = { type: 'string', value: n.registry };

  const template: ArmTemplate = {
    $schema: TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    metadata: {
      description: `Secure Azure Machine Learning environment for DoD IL5 in Azure Government (${spec.region}), generated by il5ml from the spec; see plan.md.`,
    },
    parameters,
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    resources,
    outputs,
  };

  const parametersFile: ParametersFile = {
    $schema: PARAMETERS_SCHEMA,
    contentVersion: '1.0.0.0',
    // Every parameter with a non-secret default; secure ones never appear here.
    parameters: Object.fromEntries(
      Object.entries(parameters)
        .filter(([, p]) => p.type !== 'securestring' && p.type !== 'secureObject' && p.defaultValue !== undefined)
        .map(([name, p]) => [name, { value: p.defaultValue }]),
    ),
  };

  const notes = fragments.flatMap((f) => f.notes);
  const deviations = collectDeviations(fragments);
  const templateText = toJsonText(template);
  const parametersText = toJsonText(parametersFile);
  const compliance = checkPlanCompliance({
    spec,
    templateText,
    parametersText,
    declared: resources,
    ...(options.today !== undefined ? { today: options.today } : {}),
  });
  const deploySh = renderDeploySh(spec, template);
  const planMd = renderPlanMd({ spec, template, notes, deviations, compliance });
  const files = new Map<string, string>([
    [FILE_NAMES.template, templateText],
    [FILE_NAMES.parameters, parametersText],
    [FILE_NAMES.deploySh, deploySh],
    [FILE_NAMES.planMd, planMd],
  ]);
  return {
    spec,
    template,
    parameters: parametersFile,
    deploySh,
    planMd,
    fragments,
    notes,
    deviations,
    compliance,
    files: () => new Map(files),
  };
}
