import { Command } from 'commander';
import { UserInputError } from '../core/diagnostic.js';
import { contextFromFlags } from './commands/expand.js';

/**
 * `--subscription-id` / `--resource-group` on commands other than `expand` (dns, check), validated as
 * expand validates them, so that names built from uniqueString(resourceGroup().id) are the real ones.
 */
export interface DeploymentFlags {
  subscriptionId?: string;
  resourceGroup?: string;
}

export function addDeploymentFlags(cmd: Command, resourceGroupDefault: string): Command {
  return cmd
    .option('--subscription-id <guid>', 'subscription the environment is deployed into: resource names built with uniqueString(resourceGroup().id) become the real ones')
    .option('--resource-group <name>', `resource group it is deployed into (default ${resourceGroupDefault}, with --subscription-id)`);
}

/**
 * uniqueString(resourceGroup().id) for the flags, or undefined when neither is given. A resource group
 * without a subscription cannot make the ID: that is an error, not a silent placeholder. `defaultGroup`
 * is used when only the subscription is given, and `onDefault` is told so (it says "(default)").
 */
export async function uniqueFromFlags(o: DeploymentFlags, defaultGroup: string, onDefault: (text: string) => void): Promise<string | undefined> {
  const ctx = contextFromFlags(o);
  if (ctx.subscriptionId === undefined) {
    if (ctx.resourceGroup !== undefined) {
      throw new UserInputError([
        {
          severity: 'error',
          code: 'IL5-CLI-FLAG',
          message: '--resource-group: the resource group ID also holds the subscription',
          fix: 'add --subscription-id <guid> (az account show --query id -o tsv)',
          path: '--resource-group',
        },
      ]);
    }
    return undefined;
  }
  const group = ctx.resourceGroup ?? defaultGroup;
  if (ctx.resourceGroup === undefined) onDefault(`il5ml: resource group ${group} (default: <prefix>-rg, as deploy.sh suggests; --resource-group names another)`);
  // node:crypto loads here, not at start-up (issue 12).
  const { uniqueString } = await import('../arm/functions/hash.js');
  return uniqueString([`/subscriptions/${ctx.subscriptionId}/resourceGroups/${group}`]);
}
