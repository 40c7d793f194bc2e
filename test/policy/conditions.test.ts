import { describe, expect, it } from 'vitest';
import { Unknown } from '../../src/core/unknown.js';
import { check, res, SUB, verdict } from './helpers.js';

const RULE = 'https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule';
const ARRAYS = 'https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays';
const APPLIC = 'https://learn.microsoft.com/azure/governance/policy/concepts/policy-applicability';

const KV = 'Microsoft.KeyVault/vaults';
const ST = 'Microsoft.Storage/storageAccounts';
const kv = (properties: unknown, extra = {}) => res(KV, 'kv1', { properties, ...extra });
const st = (properties: unknown, extra = {}) => res(ST, 'st1', { properties, ...extra });

const type = (t: string) => ({ field: 'type', equals: t });

describe('logical operators', () => {
  const purge = { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', equals: false };
  it.each<[unknown, ReturnType<typeof kv>, string, string]>([
    // [condition, resource, verdict, source]
    [{ allOf: [type(KV), purge] }, kv({ enablePurgeProtection: false }), 'NonCompliant', RULE],
    [{ allOf: [type(KV), purge] }, kv({ enablePurgeProtection: true }), 'Compliant', RULE],
    [{ allof: [type(KV), { anyof: [purge, { field: 'Microsoft.KeyVault/vaults/enableSoftDelete', equals: false }] }] }, kv({ enableSoftDelete: false, enablePurgeProtection: true }), 'NonCompliant', `${RULE}#logical-operators (the real files write anyof)`],
    [{ allOf: [type(KV), { not: purge }] }, kv({ enablePurgeProtection: true }), 'NonCompliant', RULE],
    [{ AllOf: [type(KV), { NOT: { not: purge } }] }, kv({ enablePurgeProtection: false }), 'NonCompliant', RULE],
  ])('%j on %j → %s', (cond, resource, expected) => {
    expect(verdict(cond, resource)).toBe(expected);
  });
});

describe('reasons', () => {
  it('name the deciding condition, the value found, and a not around it', () => {
    const rule = { if: { allOf: [type(ST), { not: { field: 'Microsoft.Storage/storageAccounts/sku.name', in: ['Standard_GRS', 'Standard_RAGRS'] } }] }, then: { effect: 'audit' } };
    const r = check(rule, [st({}, { sku: { name: 'Standard_ZRS' } })])[0];
    expect(r?.compliance).toBe('NonCompliant');
    expect(r?.reason).toBe(`if matched: [field 'Microsoft.Storage/storageAccounts/sku.name' in ["Standard_GRS","Standard_RAGRS"]] is false (under not: true): found 'Standard_ZRS'`);
  });
});

describe('the reason of an Unknown', () => {
  // An Unknown in allOf/anyOf is the answer only when no later member decides (allOf: a false; anyOf: a true), so
  // the members after it are evaluated; the reason must still name the condition that could not be decided
  // (RULE#conditions; a failed evaluation is Azure's, "If the result of a template function is an error, policy
  // evaluation fails", RULE#value), not the last condition evaluated after it.
  const unknownAlias = { field: 'Microsoft.KeyVault/vaults/noSuchProperty', equals: 'x' };
  const purge = { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', equals: false };
  const mixed = { value: "[ipRangeContains('10.0.0.0/8', field('Microsoft.KeyVault/vaults/createMode'))]", equals: true };
  it.each<[string, unknown, string]>([
    ['allOf, a true member after the Unknown', { allOf: [type(KV), unknownAlias, purge] }, "field 'Microsoft.KeyVault/vaults/noSuchProperty' equals 'x': cannot be decided offline: the alias 'Microsoft.KeyVault/vaults/noSuchProperty' is not in il5ml's alias table"],
    ['anyOf, a false member after the Unknown', { allOf: [type(KV), { anyOf: [unknownAlias, { not: purge }] }] }, "field 'Microsoft.KeyVault/vaults/noSuchProperty' equals 'x': cannot be decided offline"],
    ['a failed function, then a true member', { allOf: [type(KV), mixed, purge] }, "value '[ipRangeContains('10.0.0.0/8', field('Microsoft.KeyVault/vaults/createMode'))]' equals true: cannot be decided offline: the expression"],
  ])(`%s: the reason names the undecided condition (${RULE}#conditions)`, (_what, cond, reason) => {
    const r = check({ if: cond, then: { effect: 'audit' } }, [kv({ enablePurgeProtection: false, createMode: '2001:db8::1' })])[0];
    expect(r?.compliance).toBe('Unknown');
    expect(r?.reason).toContain(reason);
    expect(r?.reason).not.toContain('enablePurgeProtection');
  });
  it('a false member after the Unknown still decides allOf (Compliant), and names itself', () => {
    const r = check({ if: { allOf: [type(KV), unknownAlias, purge] }, then: { effect: 'audit' } }, [kv({ enablePurgeProtection: true })])[0];
    expect(r?.compliance).toBe('Compliant');
    expect(r?.reason).toContain("field 'Microsoft.KeyVault/vaults/enablePurgeProtection' equals false] is false");
  });
});

describe('fields', () => {
  const vault = kv({}, { tags: { 'Cost.Center': 'A1', env: 'prod' }, identity: { type: 'SystemAssigned' }, kind: 'k1' });
  it.each([
    ['name', 'kv1'],
    ['fullName', 'kv1'],
    ['type', KV],
    ['location', 'usgovvirginia'],
    ['kind', 'k1'],
    ['identity.type', 'SystemAssigned'],
    ["tags['Cost.Center']", 'A1'],
    ['tags.env', 'prod'],
    ['tags[env]', 'prod'],
  ])(`field %s reads %s (${RULE}#fields)`, (field, value) => {
    expect(verdict({ allOf: [type(KV), { field, equals: value }] }, vault)).toBe('NonCompliant');
    // A second type condition that fails makes the definition not applicable (no verdict), any other field Compliant.
    expect(verdict({ allOf: [type(KV), { field, equals: `${value}-other` }] }, vault)).toBe(field === 'type' ? undefined : 'Compliant');
  });

  it('id is the resource id', () => {
    expect(verdict({ allOf: [type(KV), { field: 'id', like: '*/providers/Microsoft.KeyVault/vaults/kv1' }] }, vault)).toBe('NonCompliant');
  });

  it('location is normalized: East US 2 equals eastus2 (fields, location)', () => {
    expect(verdict({ allOf: [type(KV), { field: 'location', equals: 'US Gov Virginia' }] }, vault)).toBe('NonCompliant');
  });

  // Normalization is of location *fields* ("Location fields are normalized to support various formats", RULE,
  // Fields). A `value` condition compares the value as given: Microsoft's own Cosmos DB allowed-locations
  // definition lower-cases and strips spaces from field('location') itself, and a resource deployed to
  // "Australia East" was denied until the allowed list said "australiaeast" (Azure/azure-policy#612, read
  // 2026-12-08). So value: "[field('location')]" is not normalized, as in Azure (checked, left as it was).
  it.each<[string, unknown, string]>([
    ['field location, another spelling', { field: 'location', equals: 'US Gov Virginia' }, 'NonCompliant'],
    ['value field(location), the same spelling', { value: "[field('location')]", equals: 'US Gov Virginia' }, 'NonCompliant'],
    ['value field(location), only the case differs', { value: "[field('location')]", equals: 'us gov virginia' }, 'NonCompliant'],
    ['value field(location), the normalized name', { value: "[field('location')]", equals: 'usgovvirginia' }, 'Compliant'],
    ['value normalized by the rule itself, as Cosmos_Locations_Deny does', { value: "[replace(toLower(field('location')), ' ', '')]", equals: 'usgovvirginia' }, 'NonCompliant'],
  ])('a value condition on field(location) is not normalized: %s', (_what, cond, want) => {
    const written = res(KV, 'kv1', { location: 'US Gov Virginia' });
    expect(verdict({ allOf: [type(KV), cond] }, written)).toBe(want);
  });

  it('name of a child resource is its own name; fullName carries the parent', () => {
    const key = res('Microsoft.KeyVault/vaults/keys', 'kv1/k1');
    expect(verdict({ allOf: [type('Microsoft.KeyVault/vaults/keys'), { field: 'name', equals: 'k1' }] }, key)).toBe('NonCompliant');
    expect(verdict({ allOf: [type('Microsoft.KeyVault/vaults/keys'), { field: 'fullName', equals: 'kv1/k1' }] }, key)).toBe('NonCompliant');
  });

  it('aliases whose path is not properties.x: sku.name', () => {
    expect(verdict({ allOf: [type(ST), { field: 'Microsoft.Storage/storageAccounts/sku.name', equals: 'Standard_GRS' }] }, st({}, { sku: { name: 'Standard_GRS' } }))).toBe('NonCompliant');
  });

  it('types and aliases are matched case-insensitively', () => {
    expect(verdict({ allOf: [type('microsoft.keyvault/VAULTS'), { field: 'MICROSOFT.KEYVAULT/vaults/enablePurgeProtection', equals: true }] }, kv({ EnablePurgeProtection: true }))).toBe('NonCompliant');
  });

  it('an alias missing from the table gives Unknown naming it, never a silent false', () => {
    const r = check({ if: { allOf: [type(KV), { field: 'Microsoft.KeyVault/vaults/noSuchAlias', equals: 'x' }] }, then: { effect: 'audit' } }, [kv({})]);
    expect(r[0]?.compliance).toBe('Unknown');
    expect(r[0]?.reason).toContain("'Microsoft.KeyVault/vaults/noSuchAlias'");
  });

  it('a field given by an expression ([concat(...)]) is resolved per resource', () => {
    const r = check(
      { if: { allOf: [type(KV), { field: "[concat('tags[', parameters('tagName'), ']')]", exists: 'false' }] }, then: { effect: 'audit' } },
      [kv({}, { tags: { owner: 'me' } }), res(KV, 'kv2', { tags: {} })],
      {},
      { parameters: { tagName: { type: 'String', defaultValue: 'owner' } } },
    );
    expect(r.map((x) => x.compliance)).toEqual(['Compliant', 'NonCompliant']);
  });
});

describe('[*] aliases: every member must satisfy the condition', () => {
  const rules = (ipRules: unknown) => st({ networkAcls: { ipRules } });
  const cond = (op: Record<string, unknown>) => ({ allOf: [type(ST), { field: 'Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].action', ...op }] });
  it.each<[unknown, Record<string, unknown>, string, string]>([
    [[{ action: 'Allow' }, { action: 'Allow' }], { equals: 'Allow' }, 'NonCompliant', `${ARRAYS}#referencing-the-array-members-collection`],
    [[{ action: 'Allow' }, { action: 'Deny' }], { equals: 'Allow' }, 'Compliant', `${ARRAYS}#referencing-the-array-members-collection`],
    [[{ action: 'Allow' }, {}], { equals: 'Allow' }, 'Compliant', 'a member without the property is missing: docs/policy-engine.md'],
    [[], { equals: 'Allow' }, 'NonCompliant', 'empty collection: "all" holds vacuously (docs/policy-engine.md)'],
    [[], { exists: 'true' }, 'Compliant', 'empty collection selects nothing: exists is false'],
    [undefined, { exists: 'false' }, 'NonCompliant', `${ARRAYS}: missingArray[*] is an empty collection`],
  ])('%j %j → %s (%s)', (ipRules, op, expected) => {
    expect(verdict(cond(op), rules(ipRules))).toBe(expected);
  });
});

describe('count', () => {
  const nsg = (rules: unknown[]) => res('Microsoft.Network/networkSecurityGroups', 'nsg1', { properties: { securityRules: rules.map((p, i) => ({ name: `r${i}`, properties: p })) } });
  const rdp = {
    count: {
      field: 'Microsoft.Network/networkSecurityGroups/securityRules[*]',
      where: {
        allOf: [
          { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].direction', equals: 'Inbound' },
          { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].access', equals: 'Allow' },
          { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange', equals: '3389' },
        ],
      },
    },
    greater: 0,
  };
  const nsgType = type('Microsoft.Network/networkSecurityGroups');
  it('field count with where counts members as if each were the only one (Count, example 5)', () => {
    expect(verdict({ allOf: [nsgType, rdp] }, nsg([{ direction: 'Inbound', access: 'Allow', destinationPortRange: '3389' }]))).toBe('NonCompliant');
    expect(verdict({ allOf: [nsgType, rdp] }, nsg([{ direction: 'Inbound', access: 'Deny', destinationPortRange: '3389' }, { direction: 'Inbound', access: 'Allow', destinationPortRange: '443' }]))).toBe('Compliant');
  });

  it('field count without where is the array length (Count, example 1)', () => {
    const empty = { count: { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*]' }, equals: 0 };
    expect(verdict({ allOf: [nsgType, empty] }, nsg([]))).toBe('NonCompliant');
    expect(verdict({ allOf: [nsgType, empty] }, nsg([{}]))).toBe('Compliant');
  });

  it('current() reads the counted member; ipRangeContains (Count, example 6)', () => {
    const vnet = (prefixes: string[]) => res('Microsoft.Network/virtualNetworks', 'v1', { properties: { addressSpace: { addressPrefixes: prefixes } } });
    const outside = {
      count: {
        field: 'Microsoft.Network/virtualNetworks/addressSpace.addressPrefixes[*]',
        where: { value: "[ipRangeContains('10.0.0.0/16', current('Microsoft.Network/virtualNetworks/addressSpace.addressPrefixes[*]'))]", equals: false },
      },
      greater: 0,
    };
    const t = type('Microsoft.Network/virtualNetworks');
    expect(verdict({ allOf: [t, outside] }, vnet(['10.0.1.0/24', '192.168.0.0/24']))).toBe('NonCompliant');
    expect(verdict({ allOf: [t, outside] }, vnet(['10.0.1.0/24', '10.0.2.0-10.0.2.9']))).toBe('Compliant');
  });

  it('value count with name and current(name) (Value count, example 1)', () => {
    const c = { count: { value: ['prefix1_*', 'prefix2_*'], name: 'pattern', where: { field: 'name', like: "[current('pattern')]" } }, greater: 0 };
    expect(verdict({ allOf: [type(KV), c] }, res(KV, 'prefix2_kv'))).toBe('NonCompliant');
    expect(verdict({ allOf: [type(KV), c] }, res(KV, 'other'))).toBe('Compliant');
  });

  it('value count without name: current() (Value count, example 2)', () => {
    const c = { count: { value: ['a*', 'b*'], where: { field: 'name', like: '[current()]' } }, equals: 0 };
    expect(verdict({ allOf: [type(KV), c] }, res(KV, 'zzz'))).toBe('NonCompliant');
  });

  it('field() of the counted alias inside where is a one-member array (field() inside where)', () => {
    const c = {
      count: {
        field: 'Microsoft.Network/virtualNetworks/addressSpace.addressPrefixes[*]',
        where: { value: "[first(field('Microsoft.Network/virtualNetworks/addressSpace.addressPrefixes[*]'))]", equals: '10.0.0.0/24' },
      },
      equals: 1,
    };
    expect(verdict({ allOf: [type('Microsoft.Network/virtualNetworks'), c] }, res('Microsoft.Network/virtualNetworks', 'v', { properties: { addressSpace: { addressPrefixes: ['10.0.0.0/24', '10.1.0.0/24'] } } }))).toBe('NonCompliant');
  });
});

describe('value conditions and policy functions', () => {
  it('value with field() and length() (Value examples)', () => {
    const c = { value: "[less(length(field('tags')), 3)]", equals: 'true' };
    expect(verdict({ allOf: [type(KV), c] }, kv({}, { tags: { a: '1' } }))).toBe('NonCompliant');
    expect(verdict({ allOf: [type(KV), c] }, kv({}, { tags: { a: '1', b: '2', c: '3' } }))).toBe('Compliant');
  });

  it('resourceGroup().name of the resource being evaluated', () => {
    expect(verdict({ allOf: [type(KV), { value: '[resourceGroup().name]', equals: 'rg1' }] }, kv({}))).toBe('NonCompliant');
  });

  it('subscription().subscriptionId', () => {
    expect(verdict({ allOf: [type(KV), { value: '[subscription().subscriptionId]', equals: '11111111-1111-1111-1111-111111111111' }] }, kv({}))).toBe('NonCompliant');
  });

  it('requestContext().apiVersion is the resource apiVersion; without one, the latest (rule: requestContext)', () => {
    const c = { value: '[requestContext().apiVersion]', less: '2019-04-01' };
    expect(verdict({ allOf: [type(KV), c] }, kv({}, { apiVersion: '2018-02-14' }))).toBe('NonCompliant');
    expect(verdict({ allOf: [type(KV), c] }, kv({}))).toBe('Compliant');
  });

  it('utcNow() and addDays() read the evaluation time given', () => {
    const c = { value: '[addDays(utcNow(), 30)]', greater: '2026-12-01T00:00:00Z' };
    const rule = { if: { allOf: [type(KV), c] }, then: { effect: 'audit' } };
    expect(check(rule, [kv({})], { now: '2026-11-25T00:00:00.0000000Z' })[0]?.compliance).toBe('NonCompliant');
    expect(check(rule, [kv({})])[0]?.compliance).toBe('Unknown');
  });

  it('a failing function makes the verdict Unknown with the error (avoiding template failures)', () => {
    const r = check({ if: { allOf: [type(KV), { value: "[substring(field('name'), 0, 10)]", equals: 'abc' }] }, then: { effect: 'audit' } }, [kv({})]);
    expect(r[0]?.compliance).toBe('Unknown');
    expect(r[0]?.reason).toMatch(/substring/);
  });

  it('a value known only after deployment makes the verdict Unknown with the reason', () => {
    const r = check({ if: { allOf: [type(KV), { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', equals: false }] }, then: { effect: 'audit' } }, [kv({ enablePurgeProtection: new Unknown('reference() to another deployment') })]);
    expect(r[0]?.compliance).toBe('Unknown');
    expect(r[0]?.reason).toContain('reference() to another deployment');
  });
});

describe('applicability', () => {
  it('audit: only type, name and kind decide applicability; other conditions decide compliance', () => {
    const rule = { if: { allOf: [type(KV), { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', notEquals: true }] }, then: { effect: 'audit' } };
    const r = check(rule, [kv({ enablePurgeProtection: true }), st({})]);
    expect(r.map((x) => [x.resourceType, x.compliance])).toEqual([[KV, 'Compliant']]);
  });

  it('a condition negated by not leans to applicable (treated as false when negated)', () => {
    const rule = { if: { allOf: [type(KV), { not: { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', equals: true } }] }, then: { effect: 'audit' } };
    expect(check(rule, [kv({ enablePurgeProtection: true })])[0]?.compliance).toBe('Compliant');
  });

  it(`only name conditions: applicable to all resources (${APPLIC})`, () => {
    const rule = { if: { field: 'name', equals: 'kv1' }, then: { effect: 'audit' } };
    expect(check(rule, [kv({}), st({})]).map((x) => x.compliance)).toEqual(['NonCompliant', 'Compliant']);
  });

  it('type and name only: only type decides (special cases table)', () => {
    const rule = { if: { allOf: [type(KV), { field: 'name', equals: 'other' }] }, then: { effect: 'audit' } };
    expect(check(rule, [kv({}), st({})]).map((x) => x.compliance)).toEqual(['Compliant']);
  });

  it('a type condition under not still decides applicability', () => {
    const rule = { if: { allOf: [{ field: 'type', in: [KV, ST] }, { not: type(KV) }, { field: 'location', equals: 'x' }] }, then: { effect: 'audit' } };
    expect(check(rule, [kv({}), st({})]).map((x) => [x.resourceType, x.compliance])).toEqual([[ST, 'Compliant']]);
  });

  // Special cases table: "When any conditions (including deployment parameters) include a location condition |
  // Won't be applicable to subscriptions" (APPLIC, read 2026-12-08). A subscription has no location, so a
  // mode All "allowed locations" rule (the portal makes every definition mode All) found it NonCompliant.
  describe('a location condition: not applicable to subscriptions', () => {
    const sub = { id: SUB, type: 'Microsoft.Resources/subscriptions', name: 'sub', properties: {} };
    const group = { id: `${SUB}/resourceGroups/rg-az`, type: 'Microsoft.Resources/resourceGroups', name: 'rg-az', location: 'usgovarizona', properties: {} };
    const allowed = { field: 'location', notIn: ['usgovvirginia'] };
    it.each<[string, unknown, string, string[]]>([
      ['field location notIn, audit', allowed, 'audit', ['NonCompliant']],
      ['under allOf and not, deny', { allOf: [{ not: { field: 'location', in: ['usgovvirginia'] } }, { field: 'tags', exists: true }] }, 'deny', ['Compliant']],
      ['LOCATION spelled in capitals', { field: 'LOCATION', notIn: ['usgovvirginia'] }, 'audit', ['NonCompliant']],
    ])(`%s: no verdict for the subscription, a verdict for the resource group (${APPLIC})`, (_what, cond, effect, groupVerdicts) => {
      expect(check({ if: cond, then: { effect } }, [sub as never, group as never]).map((x) => x.compliance)).toEqual(groupVerdicts);
    });
    it('a rule without a location condition still evaluates the subscription', () => {
      expect(check({ if: { field: 'tags', exists: false }, then: { effect: 'audit' } }, [sub as never]).map((x) => x.compliance)).toEqual(['NonCompliant']);
    });
    it('auditIfNotExists: the whole if decides, as before', () => {
      const rule = { if: { anyOf: [{ field: 'type', equals: 'Microsoft.Resources/subscriptions' }, allowed] }, then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Security/pricings', existenceScope: 'subscription' } } };
      expect(check(rule, [sub as never]).map((x) => x.compliance)).toEqual(['NonCompliant']);
    });
  });

  it('auditIfNotExists: the whole if decides applicability', () => {
    const rule = {
      if: { allOf: [type(KV), { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', equals: true }] },
      then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Insights/diagnosticSettings' } },
    };
    expect(check(rule, [kv({ enablePurgeProtection: false })])).toEqual([]);
  });
});
