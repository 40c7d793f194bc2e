/**
 * Validator of ARM resources against the official Azure type definitions (Azure/bicep-types-az, the
 * files Bicep itself validates with; ../shared/azure-types). The edge reads the files; everything here
 * is pure.
 */
export { buildTypeIndex, TypeIndex } from './loader.js';
export type { ResourceTypeEntry, TypeFile, TypeHandle } from './loader.js';
export { validateResource, effectiveType, isExpression, TEMPLATE_ONLY_KEYS } from './validate.js';
export type { DeploymentScope, ResourceDeclLike, ValidateOptions } from './validate.js';
export { validateTemplate, templateScope } from './template.js';
export { countFindings, findingsToDiagnostics, formatFinding, formatFindings, sortFindings } from './summary.js';
export type { FindingCounts } from './summary.js';
export { FLAG, SCOPE } from './types.js';
export type { TypeFinding, TypeFindingCode, TypeNode } from './types.js';
