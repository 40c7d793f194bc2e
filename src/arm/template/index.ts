/** The ARM template engine's public API (issue 4). */
export { expandTemplate } from './expand.js';
export { resolveContext, defaultDeploymentName, DEFAULT_LOCATION, DEFAULT_RESOURCE_GROUP, DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID, DEFAULT_UTC_NOW } from './context.js';
export type { DeploymentContext, ExpandInput, ExpansionResult, LinkedTemplateLoader, OutputValue, SkippedDeclaration } from './types.js';
