/**
 * The deployment context's defaults (docs/expand.md): a deployment needs a subscription, resource group,
 * location, tenant and a time; offline we use fixed, visibly fake-free placeholders so that output is
 * deterministic, and the user replaces them with flags.
 */
import { azureUsGovernment } from '../functions-deployment/environment.js';
import type { DeploymentContext } from './types.js';

export const DEFAULT_SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';
export const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-000000000000';
export const DEFAULT_RESOURCE_GROUP = 'il5ml-rg';
/** US Gov Virginia: the Azure Government region the runbook deploys to. */
export const DEFAULT_LOCATION = 'usgovvirginia';
/** utcNow() at the default deployment time; a fixed instant keeps the output deterministic. */
export const DEFAULT_UTC_NOW = '2026-01-01T00:00:00Z';

/** `az deployment … create` names the deployment after the template file when --name is not given. */
export function defaultDeploymentName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(/\.(jsonc?|bicep)$/i, '');
  return name === '' ? 'deployment' : name;
}

export function resolveContext(file: string, given: Partial<DeploymentContext> = {}): DeploymentContext {
  const tenantId = given.tenantId ?? DEFAULT_TENANT_ID;
  return {
    subscriptionId: given.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID,
    resourceGroup: given.resourceGroup ?? DEFAULT_RESOURCE_GROUP,
    location: given.location ?? DEFAULT_LOCATION,
    tenantId,
    // The root management group's ID is the tenant ID
    // (https://learn.microsoft.com/azure/governance/management-groups/overview#root-management-group-for-each-directory).
    managementGroup: given.managementGroup ?? tenantId,
    deploymentName: given.deploymentName ?? defaultDeploymentName(file),
    utcNow: given.utcNow ?? new Date(DEFAULT_UTC_NOW),
    environment: given.environment ?? azureUsGovernment(),
  };
}
