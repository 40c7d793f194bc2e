import type { CheckReport, CheckResult } from '../../src/core/verdict.js';
import { summarize } from '../../src/core/verdict.js';
import type { ReportContext, ReportOptions } from '../../src/report/index.js';

/** A small hand-built report with every verdict, effect family and awkward character the formatters must survive. */
const SET = '/providers/Microsoft.Authorization/policySetDefinitions/f9a961fa-3241-4b20-adc4-bbf8ad9d7197';
const RG = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-il5/providers';
export const KV_PURGE = '/providers/Microsoft.Authorization/policyDefinitions/0b60c0b2-2dc2-4e1c-b5c9-abbed971de53';
export const KV_LOGS = '/providers/Microsoft.Authorization/policyDefinitions/cf820ca0-f99e-4f3e-84fb-66e913812d21';
export const ST_PUBLIC = '/providers/Microsoft.Authorization/policyDefinitions/b2982f36-99f2-4db5-8eff-283140c09693';
export const CR_ADMIN = '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2';
const KV = `${RG}/Microsoft.KeyVault/vaults/kv-il5`;
const ST = `${RG}/Microsoft.Storage/storageAccounts/stil5`;
const CR = `${RG}/Microsoft.ContainerRegistry/registries/cril5`;
const VM = `${RG}/Microsoft.Compute/virtualMachines/jump|box`;

export const RESULTS: CheckResult[] = [
  {
    policyDefinitionId: KV_PURGE,
    policySetDefinitionId: SET,
    policyDefinitionReferenceId: 'kvPurge',
    resourceId: KV,
    resourceType: 'Microsoft.KeyVault/vaults',
    compliance: 'NonCompliant',
    effect: 'deny',
    reason: "field 'Microsoft.KeyVault/vaults/enablePurgeProtection' is false; the condition 'notEquals true' matched",
    source: { file: 'out/azuredeploy.json', line: 120, column: 5 },
    groups: ['DoD_IL5_R4_SC-12', 'DoD_IL5_R4_CP-9'],
  },
  {
    policyDefinitionId: KV_LOGS,
    policySetDefinitionId: SET,
    resourceId: KV,
    resourceType: 'Microsoft.KeyVault/vaults',
    compliance: 'Unknown',
    effect: 'auditIfNotExists',
    reason: 'the diagnostic setting\'s workspaceId is "[reference(…)]" & known only after deployment',
    source: { file: 'out/azuredeploy.json', line: 120, column: 5 },
    groups: ['DoD_IL5_R4_AU-12'],
  },
  {
    policyDefinitionId: ST_PUBLIC,
    policySetDefinitionId: SET,
    resourceId: ST,
    resourceType: 'Microsoft.Storage/storageAccounts',
    compliance: 'Compliant',
    effect: 'audit',
    reason: "field 'publicNetworkAccess' is 'Disabled'",
    source: { file: 'out/azuredeploy.json', line: 200, column: 5 },
    groups: ['DoD_IL5_R4_AC-4', 'DoD_IL5_R4_SC-7'],
  },
  {
    policyDefinitionId: ST_PUBLIC,
    policySetDefinitionId: SET,
    resourceId: KV,
    resourceType: 'Microsoft.KeyVault/vaults',
    compliance: 'NotApplicable',
    effect: 'audit',
    reason: "type 'Microsoft.KeyVault/vaults' is not 'Microsoft.Storage/storageAccounts'",
    groups: ['DoD_IL5_R4_AC-4', 'DoD_IL5_R4_SC-7'],
  },
  {
    policyDefinitionId: CR_ADMIN,
    policySetDefinitionId: SET,
    resourceId: CR,
    resourceType: 'Microsoft.ContainerRegistry/registries',
    compliance: 'Exempt',
    effect: 'audit',
    reason: "field 'adminUserEnabled' is true",
    groups: ['DoD_IL5_R4_AC-2'],
    exemption: { justification: 'Legacy <pipeline> needs it | until "Q3" & then removed', expiresOn: '2027-01-31' },
  },
  {
    policyDefinitionId: 'IL5-VM-002',
    ruleId: 'IL5-VM-002',
    displayName: 'Jump box | no public IP <strict>',
    resourceId: VM,
    resourceType: 'Microsoft.Compute/virtualMachines',
    compliance: 'NonCompliant',
    effect: 'audit',
    reason: 'networkProfile has a public IP\nline two\ttabbed \u0007bell and a `tick` *star* _under_',
    remediation: 'set jumpBox.publicIp: false in the spec',
    severity: 'high',
    groups: ['SC-7'],
    source: { file: 'C:\\work\\my repo\\out\\azuredeploy.json', line: 300, column: 7 },
  },
];

export function fixtureReport(results: CheckResult[] = RESULTS): CheckReport {
  return { results, summary: summarize(results) };
}

export const OPTIONS: ReportOptions = {
  toolVersion: '0.1.0',
  policies: {
    [KV_PURGE]: {
      displayName: 'Key vaults should have deletion protection enabled',
      description: 'Malicious deletion of a key vault can lead to permanent data loss. Purge protection prevents it.',
      helpUri: 'https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview',
      remediation: 'set enablePurgeProtection: true on the vault',
    },
    [KV_LOGS.toUpperCase()]: { displayName: 'Resource logs in Key Vault should be enabled' },
    [ST_PUBLIC]: { displayName: 'Storage accounts should disable public network access', severity: 'medium' },
    [CR_ADMIN]: { displayName: 'Container registries should have local admin account disabled' },
  },
  groupTitles: { 'DoD_IL5_R4_SC-7': 'Boundary Protection', 'DoD_IL5_R4_AC-2': 'Account Management' },
  baseDir: 'C:\\work\\my repo',
};

/** What was checked, as the CLI would fill it (fixed date: goldens do not move). */
export const CONTEXT: ReportContext = {
  date: '2026-12-06T09:00:00Z',
  inputs: [{ file: 'out/azuredeploy.json', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }],
  parameters: { file: { file: 'out/azuredeploy.parameters.json', sha256: '4355a46b19d348dc2f57c046f8ef63d4538ebb936000f3c9ee954a27460dd865' }, values: { prefix: 'il5ml', adminPassword: '(secure, not shown)' } },
  initiative: {
    name: 'ssssssss-0000-0000-0000-000000000001',
    id: SET,
    displayName: 'Test IL5 <initiative>',
    version: '1.2.3',
    definitions: [
      { policyDefinitionId: KV_PURGE, displayName: 'Key vaults should have deletion protection enabled', category: 'offline', reason: 'decided from the resource properties' },
      { policyDefinitionId: KV_LOGS, displayName: 'Resource logs in Key Vault should be enabled', category: 'offline', reason: 'existence of Microsoft.Insights/diagnosticSettings is read from the input' },
      { policyDefinitionId: ST_PUBLIC, displayName: 'Storage accounts should disable public network access', category: 'offline', reason: 'decided from the resource properties' },
      { policyDefinitionId: CR_ADMIN, displayName: 'Container registries should have local admin account disabled', category: 'offline', reason: 'decided from the resource properties' },
      { policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/aaaaaaaa-0000-0000-0000-00000000000a', displayName: 'Function apps should only be accessible over HTTPS', category: 'offline', reason: 'decided from the resource properties' },
      { policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/aaaaaaaa-0000-0000-0000-00000000000b', displayName: 'Windows machines should meet requirements of the Azure compute security baseline', category: 'guest-configuration', reason: 'Guest Configuration reports the in-guest settings of a running machine' },
    ],
  },
  baseline: { version: '0.1.0', rules: 39 },
};
