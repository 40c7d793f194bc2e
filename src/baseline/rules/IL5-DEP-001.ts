import { CMK_VAULT_NETWORK } from '../../catalog/aml-deployment.js';
import { notApplicable, read, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import type { BaselineRule } from '../types.js';

const VAULT = 'Microsoft.KeyVault/vaults';
const WORKSPACE = 'Microsoft.MachineLearningServices/workspaces';

export const rule: BaselineRule = {
  id: 'IL5-DEP-001',
  name: 'IL5.MachineLearning.CmkVaultReachable',
  synopsis:
    "The key vault of a customer-managed-key Azure ML workspace keeps its public endpoint, closed by its firewall (publicNetworkAccess not Disabled; with default action Deny, bypass AzureServices), so Azure ML's managed Cosmos DB can reach the key.",
  rationale:
    "With a customer-managed key, Azure ML creates a Cosmos DB in a Microsoft-managed resource group that encrypts the workspace's data with the key. Cosmos DB cannot use a key vault reachable only through private endpoints and is not a Key Vault trusted service, so a private-only vault makes the workspace deployment fail. The firewall (default Deny, no IP rules) still keeps the internet out and satisfies the IL5 definition 55615ac9.",
  severity: 'high',
  runbookStep: 'B',
  controls: ['SC-12', 'SC-28'],
  resourceTypes: [VAULT],
  reads: [WORKSPACE],
  effect: 'audit',
  remediation: {
    specKey: 'keyVault',
    property: 'properties.publicNetworkAccess',
    text: "Set properties.publicNetworkAccess to 'Enabled' with properties.networkAcls {defaultAction: 'Deny', bypass: 'AzureServices', ipRules: []}; keep the private endpoint (il5ml plan does this).",
  },
  links: CMK_VAULT_NETWORK.sources.map((s) => s.url),
  example: [
    { ...examples.keyVault(), properties: { ...(examples.keyVault().properties as Record<string, unknown>), publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] } } },
    examples.workspace(),
  ],
  evaluate(r, all) {
    if (!typeIs(r, VAULT)) return notApplicable(r, 'a key vault');
    // The workspaces by the vault their key is in: one walk per input (memoized), not one per vault (issue 12).
    // The names of the workspaces, by the vault their key is in.
    const byVault = all.table<string>('IL5-DEP-001:workspaces-by-vault', (put) => {
      for (const w of all.ofType(WORKSPACE)) {
        const id = read(w, 'properties.encryption.keyVaultProperties.keyVaultArmId');
        const status = read(w, 'properties.encryption.status');
        if (id.kind !== 'value' || (status.kind === 'value' && String(status.value).toLowerCase() === 'disabled')) continue;
        put(String(id.value), w.name);
      }
    });
    const users = byVault.get(r.id);
    if (users.length === 0) return { compliance: 'NotApplicable', reason: `no Azure ML workspace in the input encrypts with a key in ${r.name}` };
    const ws = users.join(', ');
    const pna = read(r, 'properties.publicNetworkAccess');
    const action = read(r, 'properties.networkAcls.defaultAction');
    const bypass = read(r, 'properties.networkAcls.bypass');
    for (const [path, f] of [['properties.publicNetworkAccess', pna], ['properties.networkAcls.defaultAction', action], ['properties.networkAcls.bypass', bypass]] as const) {
      if (f.kind === 'unknown') return { compliance: 'Unknown', reason: `${path} is unknown until deployment (${f.reason})` };
    }
    if (pna.kind === 'value' && String(pna.value).toLowerCase() === 'disabled') {
      return { compliance: 'NonCompliant', reason: `${r.name} holds the customer-managed key of ${ws} but has publicNetworkAccess Disabled: Azure ML's managed Cosmos DB cannot reach the key` };
    }
    const denies = action.kind === 'value' && String(action.value).toLowerCase() === 'deny';
    const trusted = bypass.kind === 'value' && String(bypass.value).toLowerCase().split(/\s*,\s*/).includes('azureservices');
    if (denies && !trusted) {
      return { compliance: 'NonCompliant', reason: `${r.name} holds the customer-managed key of ${ws} and denies by default without bypass AzureServices` };
    }
    return { compliance: 'Compliant', reason: `${r.name} holds the customer-managed key of ${ws} and keeps its public endpoint behind its firewall (default ${denies ? 'Deny, bypass AzureServices' : 'Allow'})` };
  },
};
