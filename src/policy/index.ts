/** The Azure Policy engine's public API (issue 5): load definitions and sets, compile, evaluate. */
export { parsePolicyFile, mergeLoaded, definitionKey } from './definitions.js';
export type { LoadedPolicies, PolicyDefinition, PolicySet, PolicyReference, ParameterDef } from './definitions.js';
export { compilePolicies, evaluatePolicies, evaluateDetailed, PolicyPass, policyReads, supportsTagsAndLocation, DATA_PLANE_MODES, LIVE_TYPES, EFFECTS } from './evaluate.js';
export type { PolicyAssignment, CompileOptions, EvaluateOptions, Evaluation, Effect, PolicyPassOptions } from './evaluate.js';
export { readCheckInput } from './input.js';
export type { CheckInput } from './input.js';
export { parseExemptions, applyExemptions, exemptionApplier } from './exemptions.js';
export type { Exemption } from './exemptions.js';
export { readInputExemptions, ExemptionIndex, exemptionFor, exempt, expiredNote, EXEMPTION_STRUCTURE_URL } from './input-exemptions.js';
export type { InputExemption, AssignedPolicy, JudgedUnder } from './input-exemptions.js';
export { coverage, formatCoverage, classify } from './coverage.js';
export type { CoverageReport, CoverageEntry, CoverageCategory } from './coverage.js';
export { projectState, StateProjector } from './project.js';
export type { Projection } from './project.js';
export { resolveField, isKnownAlias } from './aliases.js';
export { applyOperator, OPERATORS } from './operators.js';
export type { Operator } from './operators.js';
export { validateDefinitions, policyParamProblems } from './validate.js';
