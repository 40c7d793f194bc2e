import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePath, resolveField, STAR } from '../../src/policy/aliases.js';

// https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#fields
// https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-alias
describe('field resolution', () => {
  it.each([
    ['name', ['name']],
    ['fullName', ['name']],
    ['type', ['type']],
    ['location', ['location']],
    ['id', ['id']],
    ['kind', ['kind']],
    ['tags', ['tags']],
    ['identity.type', ['identity', 'type']],
    ["tags['Cost.Center']", ['tags', 'Cost.Center']],
    ["tags['''quoted''']", ['tags', "'quoted'"]],
    ['tags.env', ['tags', 'env']],
    ['tags[env]', ['tags', 'env']],
    ['Microsoft.KeyVault/vaults/enablePurgeProtection', ['properties', 'enablePurgeProtection']],
    ['microsoft.keyvault/VAULTS/networkAcls.ipRules[*].value', ['properties', 'networkAcls', 'ipRules', STAR, 'value']],
    ['Microsoft.Storage/storageAccounts/sku.name', ['sku', 'name']],
    ['Microsoft.Insights/diagnosticSettings/logs.enabled', ['properties', 'logs', STAR, 'enabled']],
  ])('%s → %j', (field, segments) => {
    const type = field.toLowerCase().startsWith('microsoft.storage') ? 'Microsoft.Storage/storageAccounts' : field.toLowerCase().startsWith('microsoft.insights') ? 'Microsoft.Insights/diagnosticSettings' : 'Microsoft.KeyVault/vaults';
    const ref = resolveField(field, type);
    expect(ref.kind).toBe('path');
    if (ref.kind === 'path') expect(ref.segments).toEqual(segments);
  });

  it('an alias of another type selects nothing; an unknown alias is reported as such', () => {
    expect(resolveField('Microsoft.Storage/storageAccounts/sku.name', 'Microsoft.KeyVault/vaults').kind).toBe('otherType');
    expect(resolveField('Microsoft.KeyVault/vaults/notAnAlias', 'Microsoft.KeyVault/vaults').kind).toBe('unknownAlias');
  });

  it('parsePath: dotted names with [*] suffixes, any number of them', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.nat({ max: 2 })), { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([n, k]) => n + '[*]'.repeat(k)).join('.');
        expect(parsePath(text)).toEqual(parts.flatMap(([n, k]) => [n, ...Array.from({ length: k }, () => STAR)]));
      }),
    );
  });
});
