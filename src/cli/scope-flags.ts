import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { levelFromSchema } from '../arm/template/ids.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { lineColumn } from '../core/json-depth.js';

const AZ_COMMAND = { resourceGroup: 'az deployment group create', subscription: 'az deployment sub create', managementGroup: 'az deployment mg create', tenant: 'az deployment tenant create' } as const;
const SCOPE_NAME = { resourceGroup: 'a resource group', subscription: 'a subscription', managementGroup: 'a management group', tenant: 'a tenant' } as const;

/**
 * The context flags a template's scope has no use for, as az has no such flag there: --resource-group
 * only for a resource group deployment (az deployment group create --resource-group; sub, mg and tenant
 * create take none), --management-group only for a management group deployment (az deployment mg create
 * --management-group-id). Each is an error at the template's `$schema`, which sets the scope. Signatures
 * of deploy_arm_template_at_resource_group / _at_subscription_scope / _at_management_group /
 * _at_tenant_scope in Azure/azure-cli src/azure-cli/azure/cli/command_modules/resource/custom.py, read
 * 2026-12-08. Parsed only when one of the two flags is given.
 */
export function scopeFlagErrors(text: string, file: string, o: { resourceGroup?: string; managementGroup?: string }): Diagnostic[] {
  if (o.resourceGroup === undefined && o.managementGroup === undefined) return [];
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const node = root ? findNodeAtLocation(root, ['$schema']) : undefined;
  const schema: unknown = node?.value;
  const level = levelFromSchema(schema);
  if (node === undefined || level === undefined) return [];
  // At the property ("$schema": …), where the scope is declared.
  const { line, column } = lineColumn(text, node.parent?.offset ?? node.offset);
  const shown = String(schema).length > 200 ? `${String(schema).slice(0, 200)}…` : String(schema);
  const diags: Diagnostic[] = [];
  const refuse = (flag: string, azFlag: string, needs: keyof typeof SCOPE_NAME, fix: string): void => {
    diags.push({
      severity: 'error',
      code: 'IL5-CLI-FLAG',
      message: `${flag}: ${file} is ${SCOPE_NAME[level]} deployment template ($schema ${shown}), and ${AZ_COMMAND[level]} takes no ${azFlag}: only ${SCOPE_NAME[needs]} deployment has one`,
      fix,
      path: flag,
      location: { file, line, column },
    });
  };
  if (o.resourceGroup !== undefined && level !== 'resourceGroup') {
    refuse('--resource-group', '--resource-group', 'resourceGroup', `leave --resource-group out: ${file} deploys with ${AZ_COMMAND[level]}, and a nested deployment names its resource group in its own "resourceGroup" property`);
  }
  if (o.managementGroup !== undefined && level !== 'managementGroup') {
    refuse('--management-group', '--management-group-id', 'managementGroup', `leave --management-group out: ${file} deploys with ${AZ_COMMAND[level]}`);
  }
  return diags;
}
