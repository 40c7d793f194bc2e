/**
 * A small initiative written for the CLI tests (not Microsoft's files: unit tests do not read ../shared):
 * key vault purge protection (audit, effect a parameter) and key vault logs through a diagnostic setting
 * (auditIfNotExists), in a set with two control groups. Used by test/cli/check.test.ts and audit.test.ts.
 */
export const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers';
export const defPurge = {
  id: '/providers/Microsoft.Authorization/policyDefinitions/aaaaaaaa-0000-0000-0000-000000000001',
  name: 'aaaaaaaa-0000-0000-0000-000000000001',
  properties: {
    displayName: 'Key vaults should have deletion protection enabled',
    mode: 'Indexed',
    parameters: { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } },
    policyRule: {
      if: { allOf: [{ field: 'type', equals: 'Microsoft.KeyVault/vaults' }, { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', notEquals: 'true' }] },
      then: { effect: "[parameters('effect')]" },
    },
  },
};
export const defLogs = {
  id: '/providers/Microsoft.Authorization/policyDefinitions/aaaaaaaa-0000-0000-0000-000000000002',
  name: 'aaaaaaaa-0000-0000-0000-000000000002',
  properties: {
    displayName: 'Resource logs in Key Vault should be enabled',
    mode: 'Indexed',
    policyRule: {
      if: { field: 'type', equals: 'Microsoft.KeyVault/vaults' },
      then: {
        effect: 'AuditIfNotExists',
        details: { type: 'Microsoft.Insights/diagnosticSettings', existenceCondition: { field: 'Microsoft.Insights/diagnosticSettings/logs.enabled', equals: 'true' } },
      },
    },
  },
};
export const set = {
  id: '/providers/Microsoft.Authorization/policySetDefinitions/ssssssss-0000-0000-0000-000000000001',
  name: 'ssssssss-0000-0000-0000-000000000001',
  properties: {
    displayName: 'Test IL5',
    parameters: { purgeEffect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } },
    policyDefinitionGroups: [{ name: 'DoD_IL5_R4_CP-9' }, { name: 'DoD_IL5_R4_AU-12' }],
    policyDefinitions: [
      { policyDefinitionReferenceId: 'purge', policyDefinitionId: defPurge.id, parameters: { effect: { value: "[parameters('purgeEffect')]" } }, groupNames: ['DoD_IL5_R4_CP-9'] },
      { policyDefinitionReferenceId: 'logs', policyDefinitionId: defLogs.id, parameters: {}, groupNames: ['DoD_IL5_R4_AU-12'] },
    ],
  },
};
