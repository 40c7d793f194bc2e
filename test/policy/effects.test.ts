import { describe, expect, it } from 'vitest';
import type { AzureResource } from '../../src/core/resource.js';
import { check, res, RG, SUB } from './helpers.js';

const AINE = 'https://learn.microsoft.com/azure/governance/policy/concepts/effect-audit-if-not-exists';
const BASICS = 'https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-basics#mode';

const KV = 'Microsoft.KeyVault/vaults';
const kv = res(KV, 'kv1', { properties: {} });
const diag = (target: AzureResource, name: string, properties: unknown): AzureResource => ({
  id: `${target.id}/providers/Microsoft.Insights/diagnosticSettings/${name}`,
  type: 'Microsoft.Insights/diagnosticSettings',
  name,
  scope: target.id,
  properties,
});

const logsRule = {
  if: { field: 'type', equals: KV },
  then: {
    effect: 'auditIfNotExists',
    details: {
      type: 'Microsoft.Insights/diagnosticSettings',
      existenceCondition: {
        allOf: [
          { field: 'Microsoft.Insights/diagnosticSettings/logs.enabled', equals: 'true' },
          { field: 'Microsoft.Insights/diagnosticSettings/workspaceId', exists: 'true' },
        ],
      },
    },
  },
};

describe('auditIfNotExists: related resources from the input', () => {
  it(`an extension resource attached by scope satisfies the existence condition (${AINE})`, () => {
    const d = diag(kv, 'toLaw', { workspaceId: '/w', logs: [{ category: 'AuditEvent', enabled: true }] });
    const r = check(logsRule, [kv, d]);
    expect(r).toHaveLength(1);
    expect(r[0]?.compliance).toBe('Compliant');
    expect(r[0]?.reason).toContain("'toLaw'");
  });

  it('a related resource that fails the existence condition: NonCompliant naming it and the condition', () => {
    const d = diag(kv, 'toLaw', { workspaceId: '/w', logs: [{ category: 'AuditEvent', enabled: false }] });
    const r = check(logsRule, [kv, d]);
    expect(r[0]?.compliance).toBe('NonCompliant');
    expect(r[0]?.reason).toContain('logs.enabled');
  });

  it('no related resource: NonCompliant', () => {
    const r = check(logsRule, [kv]);
    expect(r[0]?.compliance).toBe('NonCompliant');
    expect(r[0]?.reason).toMatch(/no Microsoft.Insights\/diagnosticSettings attached/);
  });

  it('a diagnostic setting of another resource does not count', () => {
    const other = res(KV, 'kv2', { properties: {} });
    const r = check(logsRule, [kv, other, diag(other, 'd', { workspaceId: '/w', logs: [{ enabled: true }] })]);
    expect(r.map((x) => x.compliance)).toEqual(['NonCompliant', 'Compliant']);
  });

  it('a child type is looked up under the evaluated resource, with name', () => {
    const vm = res('Microsoft.Compute/virtualMachines', 'vm1', { properties: {} });
    const rule = {
      if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
      then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Compute/virtualMachines/extensions', name: 'AzurePolicyforWindows' } },
    };
    const ext = (name: string) => res('Microsoft.Compute/virtualMachines/extensions', `vm1/${name}`, { properties: {} });
    expect(check(rule, [vm, ext('AzurePolicyforWindows')])[0]?.compliance).toBe('Compliant');
    expect(check(rule, [vm, ext('Other')])[0]?.compliance).toBe('NonCompliant');
  });

  it('a sibling type is looked up in the resource group, or the one named by resourceGroupName', () => {
    const vnet = res('Microsoft.Network/virtualNetworks', 'v1', { properties: {} });
    const rule = (rg?: string) => ({
      if: { field: 'type', equals: 'Microsoft.Network/virtualNetworks' },
      then: {
        effect: 'auditIfNotExists',
        details: { type: 'Microsoft.Network/networkWatchers', ...(rg ? { resourceGroupName: rg } : {}), existenceCondition: { field: 'location', equals: "[field('location')]" } },
      },
    });
    const watcher: AzureResource = { id: `${SUB}/resourceGroups/watchers/providers/Microsoft.Network/networkWatchers/nw`, type: 'Microsoft.Network/networkWatchers', name: 'nw', location: 'usgovvirginia' };
    expect(check(rule('watchers'), [vnet, watcher], { project: false })[0]?.compliance).toBe('Compliant');
    expect(check(rule(), [vnet, watcher], { project: false })[0]?.compliance).toBe('NonCompliant');
  });

  it('existenceScope subscription looks in the whole subscription', () => {
    const sub: AzureResource = { id: SUB, type: 'Microsoft.Resources/subscriptions', name: 'sub' };
    const contact: AzureResource = { id: `${SUB}/providers/Microsoft.Security/securityContacts/default`, type: 'Microsoft.Security/securityContacts', name: 'default', properties: { email: 'a@b.mil' } };
    const rule = {
      if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' },
      then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Security/securityContacts', existenceScope: 'subscription', existenceCondition: { field: 'Microsoft.Security/securityContacts/email', notEquals: '' } } },
    };
    expect(check(rule, [sub, contact])[0]?.compliance).toBe('Compliant');
    expect(check(rule, [sub])[0]?.compliance).toBe('NonCompliant');
  });

  it('Defender assessments and Guest Configuration are live data: Unknown with why', () => {
    const rule = { if: { field: 'type', equals: KV }, then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Security/assessments', name: 'x' } } };
    const r = check(rule, [kv]);
    expect(r[0]?.compliance).toBe('Unknown');
    expect(r[0]?.reason).toMatch(/Defender for Cloud/);
  });

  it('field() inside existenceCondition reads the evaluated resource, field conditions the related one', () => {
    const rule = {
      if: { field: 'type', equals: KV },
      then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Insights/diagnosticSettings', existenceCondition: { field: 'name', equals: "[concat(field('name'), '-diag')]" } } },
    };
    expect(check(rule, [kv, diag(kv, 'kv1-diag', {})])[0]?.compliance).toBe('Compliant');
    expect(check(rule, [kv, diag(kv, 'other', {})])[0]?.compliance).toBe('NonCompliant');
  });
});

describe('effects', () => {
  const purge = { allOf: [{ field: 'type', equals: KV }, { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', notEquals: true }] };
  it.each([
    ['audit', 'NonCompliant'],
    ['Deny', 'NonCompliant'],
    ['manual', 'Unknown'],
    ['denyAction', 'NotApplicable'],
  ])('%s → %s', (effect, expected) => {
    const r = check({ if: purge, then: { effect } }, [kv]);
    expect(r[0]?.compliance).toBe(expected);
    expect(r[0]?.effect.toLowerCase()).toBe(effect.toLowerCase());
  });

  // "The Azure Policy compliance engine evaluates all applicable resources to the default state specified in
  // the definition (Unknown if not specified)" (effect-manual, https://learn.microsoft.com/azure/governance/policy/concepts/effect-manual,
  // read 2026-12-08); defaultState is one of Compliant, NonCompliant, Unknown (policyDefinition.json 2020-10-01,
  // manualDetails). Before, a manual verdict was Unknown whatever the definition's defaultState.
  it.each<[unknown, Record<string, unknown>, string]>([
    ['NonCompliant', {}, 'NonCompliant'],
    ['Compliant', {}, 'Compliant'],
    ['Unknown', {}, 'Unknown'],
    ['noncompliant', {}, 'NonCompliant'],
    ["[parameters('state')]", { parameters: { state: { type: 'String', defaultValue: 'NonCompliant', allowedValues: ['Compliant', 'NonCompliant', 'Unknown'] } } }, 'NonCompliant'],
  ])('manual with defaultState %j → %s', (defaultState, more, expected) => {
    const r = check({ if: purge, then: { effect: 'manual', details: { defaultState } } }, [kv], {}, more);
    expect(r[0]?.compliance).toBe(expected);
  });
  it('manual with a defaultState that is no state: Unknown, naming it', () => {
    const r = check({ if: purge, then: { effect: 'manual', details: { defaultState: 'Attested' } } }, [kv]);
    expect(r[0]?.compliance).toBe('Unknown');
    expect(r[0]?.reason).toContain("then.details.defaultState 'Attested' is not one of Compliant, NonCompliant, Unknown");
  });

  it('disabled: not evaluated at all', () => {
    expect(check({ if: purge, then: { effect: 'disabled' } }, [kv])).toEqual([]);
  });

  it('effect from a parameter, with its default and allowed values', () => {
    const more = { parameters: { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } } };
    expect(check({ if: purge, then: { effect: "[parameters('effect')]" } }, [kv], {}, more)[0]?.effect).toBe('audit');
  });

  it('modify reports what it would change', () => {
    const vm = res('Microsoft.Compute/virtualMachines', 'vm1', { properties: {} });
    const rule = {
      if: { allOf: [{ field: 'type', equals: 'Microsoft.Compute/virtualMachines' }, { field: 'identity.type', exists: 'false' }] },
      then: { effect: 'modify', details: { roleDefinitionIds: [], operations: [{ operation: 'addOrReplace', field: 'identity.type', value: 'SystemAssigned' }] } },
    };
    const r = check(rule, [vm]);
    expect(r[0]?.compliance).toBe('NonCompliant');
    expect(r[0]?.reason).toContain("modify would change: addOrReplace identity.type = 'SystemAssigned'");
  });

  it('append reports what it would add', () => {
    const r = check({ if: purge, then: { effect: 'append', details: [{ field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', value: true }] } }, [kv]);
    expect(r[0]?.reason).toContain('append would add: Microsoft.KeyVault/vaults/enablePurgeProtection = true');
  });
});

describe('modes', () => {
  const rule = { if: { field: 'type', equals: 'Microsoft.Network/virtualNetworks/subnets' }, then: { effect: 'audit' } };
  const subnet: AzureResource = { id: `${RG}/providers/Microsoft.Network/virtualNetworks/v/subnets/s`, type: 'Microsoft.Network/virtualNetworks/subnets', name: 'v/s', properties: {} };
  it(`Indexed skips resources without location (they do not support tags and location) (${BASICS})`, () => {
    expect(check(rule, [subnet], {}, { mode: 'Indexed' })).toEqual([]);
    expect(check(rule, [subnet], {}, { mode: 'All' })).toHaveLength(1);
  });

  it('resource-provider modes are Unknown on their host resources, with why', () => {
    const aks = res('Microsoft.ContainerService/managedClusters', 'aks', { properties: {} });
    const r = check({ if: { field: 'type', in: ['Pod'] }, then: { effect: 'audit' } }, [aks, kv], {}, { mode: 'Microsoft.Kubernetes.Data' });
    expect(r).toHaveLength(1);
    expect(r[0]?.compliance).toBe('Unknown');
    expect(r[0]?.reason).toMatch(/Kubernetes objects inside the cluster/);
  });

  // Resource groups and subscriptions take tags and a location, yet Indexed leaves them out: "all: evaluate
  // resource groups, subscriptions, and all resource types; indexed: only evaluate resource types that
  // support tags and location … The exception is resource groups and subscriptions" (BASICS, read
  // 2026-12-08). The built-in "Allowed locations" (e56962a6, Indexed) "Excludes resource groups" by its mode
  // alone (Azure/azure-policy built-in-policies/policyDefinitions/General/AllowedLocations_Deny.json).
  describe('resource groups and subscriptions', () => {
    const allowedLocations = {
      if: { allOf: [{ field: 'location', notIn: ['usgovvirginia'] }, { field: 'location', notEquals: 'global' }, { field: 'type', notEquals: 'Microsoft.AzureActiveDirectory/b2cDirectories' }] },
      then: { effect: 'deny' },
    };
    const arm: AzureResource = { id: `${SUB}/resourceGroups/rg-az`, type: 'Microsoft.Resources/resourceGroups', name: 'rg-az', location: 'usgovarizona', tags: {}, properties: {} };
    // `az graph query` over resourcecontainers spells the type its own way, lower case.
    const graph: AzureResource = { ...arm, type: 'microsoft.resources/subscriptions/resourcegroups' };
    const sub: AzureResource = { id: SUB, type: 'Microsoft.Resources/subscriptions', name: 'sub', location: 'usgovarizona', properties: {} };
    const vault = res(KV, 'kv-az', { location: 'usgovarizona', properties: {} });
    it.each([
      ['Indexed', 'a resource group (ARM)', arm, []],
      ['Indexed', 'a resource group (Resource Graph)', graph, []],
      ['Indexed', 'a key vault', vault, ['NonCompliant']],
      ['All', 'a resource group (ARM)', arm, ['NonCompliant']],
      ['All', 'a resource group (Resource Graph)', graph, ['NonCompliant']],
      // A rule with a location condition never applies to a subscription (policy-applicability, special cases).
      ['All', 'a subscription', sub, []],
    ] as const)(`mode %s on %s: %j (${BASICS})`, (mode, _what, r, verdicts) => {
      expect(check(allowedLocations, [r], {}, { mode }).map((x) => x.compliance)).toEqual(verdicts);
    });
    it.each([
      ['Indexed', []],
      ['All', ['NonCompliant']],
    ] as const)(`a tag rule in mode %s on a subscription: %j (${BASICS})`, (mode, verdicts) => {
      const tagged = { if: { field: "tags['env']", exists: false }, then: { effect: 'audit' } };
      expect(check(tagged, [sub], {}, { mode }).map((x) => x.compliance)).toEqual(verdicts);
    });

    // A policy rule types a resource group Microsoft.Resources/subscriptions/resourceGroups (BASICS: "specifically
    // target the Microsoft.Resources/subscriptions/resourceGroups or Microsoft.Resources/subscriptions type"), as the
    // built-in "Require a tag and its value on resource groups" (8ce3da23, mode All) does; ARM and Resource Graph
    // spell the group's type otherwise.
    const tagOnGroups = {
      if: { allOf: [{ field: 'type', equals: 'Microsoft.Resources/subscriptions/resourceGroups' }, { field: "tags['env']", notEquals: 'il5' }] },
      then: { effect: 'deny' },
    };
    it.each([
      ['ARM', arm, 'NonCompliant'],
      ['Resource Graph', graph, 'NonCompliant'],
      ['ARM, tagged', { ...arm, tags: { env: 'il5' } }, 'Compliant'],
    ] as const)(`a resource group (%s) is typed Microsoft.Resources/subscriptions/resourceGroups: %s (${BASICS})`, (_what, r, verdict) => {
      expect(check(tagOnGroups, [r], {}, { mode: 'All' }).map((x) => x.compliance)).toEqual([verdict]);
    });
    it("field('type') of a resource group reads Microsoft.Resources/subscriptions/resourceGroups", () => {
      const rule = { if: { value: "[field('type')]", equals: 'Microsoft.Resources/subscriptions/resourceGroups' }, then: { effect: 'audit' } };
      expect(check(rule, [arm, graph], {}, { mode: 'All' }).map((x) => x.compliance)).toEqual(['NonCompliant', 'NonCompliant']);
      const other = { if: { allOf: [{ field: 'type', equals: KV }, { value: "[field('type')]", equals: KV }] }, then: { effect: 'audit' } };
      expect(check(other, [vault], {}, { mode: 'All' }).map((x) => x.compliance)).toEqual(['NonCompliant']);
    });
  });

  it('Microsoft.Resources types other than subscriptions and resource groups are not evaluated', () => {
    const dep = res('Microsoft.Resources/deployments', 'd', { properties: {} });
    expect(check({ if: { field: 'type', like: '*' }, then: { effect: 'audit' } }, [dep])).toEqual([]);
  });
});

describe('projected state', () => {
  const ws = res('Microsoft.MachineLearningServices/workspaces', 'ml1', { properties: {} });
  const pe = (manual: boolean): AzureResource =>
    res('Microsoft.Network/privateEndpoints', 'ml1-pe', {
      properties: { [manual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections']: [{ name: 'c', properties: { privateLinkServiceId: ws.id, groupIds: ['amlworkspace'] } }] },
    });
  const rule = {
    if: {
      allOf: [
        { field: 'type', equals: 'Microsoft.MachineLearningServices/workspaces' },
        {
          count: {
            field: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections[*]',
            where: { field: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections[*].privateLinkServiceConnectionState.status', equals: 'Approved' },
          },
          less: 1,
        },
      ],
    },
    then: { effect: 'audit' },
  };
  it('a private endpoint in the input gives its target an approved connection, and the reason says so', () => {
    const r = check(rule, [ws, pe(false)])[0];
    expect(r?.compliance).toBe('Compliant');
    expect(r?.reason).toContain('(projected state: privateEndpointConnections entry from ml1-pe, status Approved)');
    expect(check(rule, [ws])[0]?.compliance).toBe('NonCompliant');
  });
  it('a manual connection stays Pending', () => {
    expect(check(rule, [ws, pe(true)])[0]?.compliance).toBe('NonCompliant');
  });
  it('the child privateEndpointConnections resource exists for IfNotExists definitions', () => {
    const st = res('Microsoft.Storage/storageAccounts', 'st1', { properties: {} });
    const stPe = res('Microsoft.Network/privateEndpoints', 'st-pe', { properties: { privateLinkServiceConnections: [{ properties: { privateLinkServiceId: st.id } }] } });
    const r2 = {
      if: { field: 'type', equals: 'Microsoft.Storage/storageAccounts' },
      then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Storage/storageAccounts/privateEndpointConnections', existenceCondition: { field: 'Microsoft.Storage/storageAccounts/privateEndpointConnections/privateLinkServiceConnectionState.status', equals: 'Approved' } } },
    };
    expect(check(r2, [st, stPe])[0]?.compliance).toBe('Compliant');
    expect(check(r2, [st])[0]?.compliance).toBe('NonCompliant');
  });
  it('a virtual network enables Network Watcher in its region (NetworkWatcherRG)', () => {
    const vnet = res('Microsoft.Network/virtualNetworks', 'v1', { properties: {} });
    const rule3 = {
      if: { field: 'type', equals: 'Microsoft.Network/virtualNetworks' },
      then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Network/networkWatchers', resourceGroupName: 'NetworkWatcherRG', existenceCondition: { field: 'location', equals: "[field('location')]" } } },
    };
    const r = check(rule3, [vnet])[0];
    expect(r?.compliance).toBe('Compliant');
    expect(r?.reason).toContain("'NetworkWatcher_usgovvirginia' (projected: Azure creates it after deployment");
    expect(check(rule3, [vnet], { project: false })[0]?.compliance).toBe('NonCompliant');
  });
  it('a resource without provisioningState reads as Succeeded (RPC: no provisioningState means Succeeded); a given one is kept', () => {
    const vm = res('Microsoft.Compute/virtualMachines', 'vm1', { properties: {} });
    const ext = (state?: string) => res('Microsoft.Compute/virtualMachines/extensions', 'vm1/gc', { properties: { publisher: 'Microsoft.GuestConfiguration', ...(state ? { provisioningState: state } : {}) } });
    const rule = {
      if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
      then: {
        effect: 'auditIfNotExists',
        details: {
          type: 'Microsoft.Compute/virtualMachines/extensions',
          existenceCondition: { allOf: [{ field: 'Microsoft.Compute/virtualMachines/extensions/publisher', equals: 'Microsoft.GuestConfiguration' }, { field: 'Microsoft.Compute/virtualMachines/extensions/provisioningState', equals: 'Succeeded' }] },
        },
      },
    };
    expect(check(rule, [vm, ext()])[0]?.compliance).toBe('Compliant');
    expect(check(rule, [vm, ext('Failed')])[0]?.compliance).toBe('NonCompliant');
  });

  it('a vault protected item backs up its source machine (backupProtectedItems on the VM)', () => {
    const vm = res('Microsoft.Compute/virtualMachines', 'vm1', { properties: {} });
    const item = res('Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems', 'rsv/Azure/iaasvmcontainer;iaasvmcontainerv2;rg1;vm1/vm;iaasvmcontainerv2;rg1;vm1', {
      properties: { protectedItemType: 'Microsoft.Compute/virtualMachines', sourceResourceId: vm.id, policyId: '/p' },
    });
    const rule = { if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' }, then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.RecoveryServices/backupprotecteditems' } } };
    expect(check(rule, [vm, item])[0]?.compliance).toBe('Compliant');
    expect(check(rule, [vm])[0]?.compliance).toBe('NonCompliant');
  });

  it('projected resources are not themselves reported', () => {
    const vnet = res('Microsoft.Network/virtualNetworks', 'v1', { properties: {} });
    expect(check({ if: { field: 'type', like: 'Microsoft.Network/*' }, then: { effect: 'audit' } }, [vnet]).map((r) => r.resourceId)).toEqual([vnet.id]);
  });
});
