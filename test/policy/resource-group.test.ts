import { describe, expect, it } from 'vitest';
import type { AzureResource } from '../../src/core/resource.js';
import { check, RG, res } from './helpers.js';

// resourceGroup() in a policy rule: the resource group object as ARM's resourceGroup() returns it — id,
// name, type, location, managedBy, tags, properties — and "The managedBy property is returned only for
// resource groups that contain resources that are managed by another service" (ARM template functions,
// resourceGroup(), Return value: https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-scope#resourcegroup,
// read 2026-12-08). The rule below is the one of the IL5 definition 0a370ff3 (SQL servers should use
// customer-managed keys), which leaves out the groups Synapse manages.
const rule = {
  if: {
    allOf: [
      { field: 'type', equals: 'Microsoft.Sql/servers' },
      { value: '[resourcegroup().managedBy]', notContains: '/providers/Microsoft.Synapse/' },
      { field: 'Microsoft.Sql/servers/keyid', exists: false },
    ],
  },
  then: { effect: 'audit' },
};
const sql = res('Microsoft.Sql/servers', 'sql1', { properties: {} });
const group = (extra: Partial<AzureResource>): AzureResource => ({ id: RG, type: 'Microsoft.Resources/resourceGroups', name: 'rg1', location: 'usgovvirginia', ...extra });
const SYNAPSE = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg0/providers/Microsoft.Synapse/workspaces/ws1';

describe('resourceGroup().managedBy', () => {
  it('a group Synapse manages: the definition does not apply (Compliant)', () => {
    const [r] = check(rule, [group({ managedBy: SYNAPSE }), sql]);
    expect(r?.compliance).toBe('Compliant');
  });

  it('a group another service manages: NonCompliant without a key', () => {
    const [r] = check(rule, [group({ managedBy: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/db1' }), sql]);
    expect(r?.compliance).toBe('NonCompliant');
  });

  it('a group declared without managedBy: Unknown, saying the group is unmanaged and why that is undecided', () => {
    const [r] = check(rule, [group({}), sql]);
    expect(r?.compliance).toBe('Unknown');
    expect(r?.reason).toContain("resource group 'rg1' is not managed by another resource (the input declares it without managedBy)");
    expect(r?.reason).toContain('"returned only for resource groups that contain resources that are managed by another service"');
    expect(r?.reason).toContain('what Azure Policy gives for a property the object lacks is not documented');
    expect(r?.reason).not.toContain('does not exist at offset');
  });

  it('a group not in the input: Unknown, the group is not in the input', () => {
    const [r] = check(rule, [sql]);
    expect(r?.compliance).toBe('Unknown');
    expect(r?.reason).toContain("whether resource group 'rg1' is managed by another resource is not in the input");
  });
});
