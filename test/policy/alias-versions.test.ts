import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AzureResource } from '../../src/core/resource.js';
import { parseAliasListing } from '../../src/policy/alias-input.js';
import { aliasesOfType, resolveField, STAR, useAliasDeclarations } from '../../src/policy/aliases.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { check, RG } from './helpers.js';

/**
 * Per-API-version alias paths: "Each alias maps to paths in different API versions for a given resource
 * type. During policy evaluation, the policy engine gets the property path for that API version"
 * (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-alias). The alias
 * below (a made-up provider) is declared as the providers API lists one (`defaultPath`,
 * `paths[].apiVersions`), with a path that moved between API versions.
 */
const TYPE = 'Contoso.Data/stores';
const ALIAS = 'Contoso.Data/stores/tier';
const declaration = {
  type: TYPE,
  name: ALIAS,
  defaultPath: 'sku.tier',
  paths: [
    { path: 'properties.serviceTier', apiVersions: ['2014-04-01', '2015-05-01-preview'] },
    { path: 'sku.tier', apiVersions: ['2021-11-01', '2023-08-01'] },
  ],
};

afterEach(() => useAliasDeclarations([]));

const store = (apiVersion: string | undefined, props: Record<string, unknown>): AzureResource => ({
  id: `${RG}/providers/Contoso.Data/stores/s-${apiVersion ?? 'none'}`,
  type: TYPE,
  name: `s-${apiVersion ?? 'none'}`,
  location: 'usgovvirginia',
  ...(apiVersion !== undefined ? { apiVersion } : {}),
  ...props,
});

describe('alias paths per API version', () => {
  it.each([
    ['2014-04-01', ['properties', 'serviceTier']],
    ['2015-05-01-PREVIEW', ['properties', 'serviceTier']],
    ['2021-11-01', ['sku', 'tier']],
    ['2099-01-01', ['sku', 'tier']],
    [undefined, ['sku', 'tier']],
  ])('at apiVersion %s the alias reads %j', (apiVersion, segments) => {
    useAliasDeclarations([declaration]);
    const ref = resolveField(ALIAS, TYPE, apiVersion);
    expect(ref.kind).toBe('path');
    if (ref.kind === 'path') expect(ref.segments).toEqual(segments);
  });

  it('the same policy over resources at two API versions reads each at its own path', () => {
    useAliasDeclarations([declaration]);
    const rule = { if: { allOf: [{ field: 'type', equals: TYPE }, { field: ALIAS, notEquals: 'Premium' }] }, then: { effect: 'audit' } };
    const resources = [
      store('2014-04-01', { properties: { serviceTier: 'Premium' }, sku: { tier: 'Basic' } }),
      store('2023-08-01', { properties: { serviceTier: 'Premium' }, sku: { tier: 'Basic' } }),
      // An export carries no apiVersion: the default path.
      store(undefined, { sku: { tier: 'Premium' } }),
    ];
    const results = check(rule, resources);
    expect(results.map((r) => [r.resourceId.split('/').pop(), r.compliance])).toEqual([
      ['s-2014-04-01', 'Compliant'],
      ['s-2023-08-01', 'NonCompliant'],
      ['s-none', 'Compliant'],
    ]);
    expect(results[1]?.reason).toMatch(/found 'Basic'/);
  });

  it('an array alias at an old version: count and [*] follow the version path too', () => {
    useAliasDeclarations([{ type: TYPE, name: `${TYPE}/rules[*]`, defaultPath: 'properties.network.rules[*]', paths: [{ path: 'properties.rules[*]', apiVersions: ['2014-04-01'] }] }]);
    expect(resolveField(`${TYPE}/rules[*]`, TYPE, '2014-04-01')).toMatchObject({ segments: ['properties', 'rules', STAR], collection: true });
    const rule = { if: { allOf: [{ field: 'type', equals: TYPE }, { count: { field: `${TYPE}/rules[*]` }, greater: 0 }] }, then: { effect: 'audit' } };
    const results = check(rule, [store('2014-04-01', { properties: { rules: [1] } }), store('2023-08-01', { properties: { rules: [1] } })]);
    expect(results.map((r) => r.compliance)).toEqual(['NonCompliant', 'Compliant']);
  });

  it('declarations add to the generated table and go away again', () => {
    expect(resolveField(ALIAS, TYPE).kind).toBe('unknownAlias');
    useAliasDeclarations([declaration]);
    expect(aliasesOfType(TYPE)).toEqual([[ALIAS.toLowerCase(), 'sku.tier']]);
    useAliasDeclarations([]);
    expect(resolveField(ALIAS, TYPE, '2014-04-01').kind).toBe('unknownAlias');
  });
});

describe('scripts/gen-aliases.ts keeps only the per-version paths that differ from the default', () => {
  it('from a table in the providers API shape', () => {
    const shared = mkdtempSync(join(tmpdir(), 'il5ml-gen-aliases-'));
    const policy = join(shared, 'azure-policy');
    mkdirSync(join(policy, 'definitions'), { recursive: true });
    writeFileSync(join(policy, 'README.md'), '## aliases.json\nSource: a fixture (commit 1234567).\n');
    // The script insists on the IL5 environment's types; one plain alias each.
    const script = readFileSync(join(REPO_ROOT, 'scripts', 'gen-aliases.ts'), 'utf8');
    const envTypes = [...(script.split('const ENVIRONMENT_TYPES = [')[1]?.split('];')[0] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
    expect(envTypes.length).toBeGreaterThan(10);
    const table: Record<string, Record<string, unknown>> = {};
    for (const t of envTypes) table[t] = { [`${t}/provisioningState`]: 'properties.provisioningState' };
    // Made-up paths in the providers API's shape: one alias moved at an old version, one did not.
    table['Microsoft.Sql/servers/databases'] = {
      'Microsoft.Sql/servers/databases/requestedServiceObjectiveName': {
        defaultPath: 'sku.name',
        paths: [
          { path: 'properties.requestedServiceObjectiveName', apiVersions: ['2014-04-01'] },
          { path: 'sku.name', apiVersions: ['2021-11-01'] },
        ],
      },
      'Microsoft.Sql/servers/databases/collation': { defaultPath: 'properties.collation', paths: [{ path: 'properties.collation', apiVersions: ['2014-04-01', '2021-11-01'] }] },
    };
    writeFileSync(join(policy, 'aliases.json'), JSON.stringify(table));
    writeFileSync(
      join(policy, 'definitions', 'd.json'),
      JSON.stringify({ properties: { policyRule: { if: { anyOf: [{ field: 'Microsoft.Sql/servers/databases/requestedServiceObjectiveName', equals: 'S0' }, { field: 'Microsoft.Sql/servers/databases/collation', equals: 'x' }] }, then: { effect: 'audit' } } } }),
    );
    const out = join(shared, 'aliases.generated.ts');
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO_ROOT, 'scripts', 'gen-aliases.ts'), shared, '--out', out], { stdio: 'pipe' });
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('["Microsoft.Sql/servers/databases", ["collation","Microsoft.Sql/servers/databases/requestedServiceObjectiveName=sku.name"]]');
    expect(text).toContain(
      'export const ALIAS_VERSION_PATHS: readonly (readonly [string, string, readonly (readonly [string, readonly string[]])[]])[] = [\n  ["Microsoft.Sql/servers/databases", "Microsoft.Sql/servers/databases/requestedServiceObjectiveName", [["properties.requestedServiceObjectiveName",["2014-04-01"]]]],\n];',
    );
    expect(text).toContain('(1 aliases;');
  });
});

describe('alias listings (--aliases): the shapes Azure prints, and what is refused', () => {
  const alias = { name: ALIAS, defaultPath: 'sku.tier', paths: [{ path: 'properties.serviceTier', apiVersions: ['2014-04-01'] }], type: 'NotSpecified' };
  const provider = { id: '/subscriptions/x/providers/Contoso.Data', namespace: 'Contoso.Data', resourceTypes: [{ resourceType: 'stores', aliases: [alias], apiVersions: ['2023-08-01'] }] };
  const shapes: [string, unknown][] = [
    ['az provider show --expand resourceTypes/aliases', provider],
    ['az provider list --expand resourceTypes/aliases', [provider]],
    ['REST GET /providers?$expand=resourceTypes/aliases', { value: [provider] }],
    ['Get-AzPolicyAlias | ConvertTo-Json (PascalCase, one type per item)', [{ Namespace: 'Contoso.Data', ResourceType: 'stores', Aliases: [{ Name: ALIAS, DefaultPath: 'sku.tier', Paths: [{ Path: 'properties.serviceTier', ApiVersions: ['2014-04-01'] }] }] }]],
  ];
  it.each(shapes)('%s', (_name, doc) => {
    const { declarations, diagnostics } = parseAliasListing('aliases.json', JSON.stringify(doc));
    expect(diagnostics).toEqual([]);
    expect(declarations).toEqual([{ type: TYPE, name: ALIAS, defaultPath: 'sku.tier', paths: [{ path: 'properties.serviceTier', apiVersions: ['2014-04-01'] }] }]);
  });

  it('an alias without a default path takes its latest API version\'s path', () => {
    const doc = { namespace: 'Contoso.Data', resourceTypes: [{ resourceType: 'stores', aliases: [{ name: ALIAS, paths: [{ path: 'a.old', apiVersions: ['2014-04-01'] }, { path: 'a.new', apiVersions: ['2023-08-01', '2021-01-01'] }] }] }] };
    expect(parseAliasListing('aliases.json', JSON.stringify(doc)).declarations[0]?.defaultPath).toBe('a.new');
  });

  const bad: [string, unknown, RegExp][] = [
    ['no namespace', { resourceTypes: [] }, /expected a resource provider with its namespace/],
    ['no aliases at all (listed without --expand)', { namespace: 'Contoso.Data', resourceTypes: [{ resourceType: 'stores' }] }, /lists no alias/],
    ['an alias without a name', { namespace: 'N', resourceTypes: [{ resourceType: 't', aliases: [{ defaultPath: 'x' }] }] }, /resource type N\/t: aliases\[0\] has no name/],
    ['paths that are not {path, apiVersions}', { namespace: 'N', resourceTypes: [{ resourceType: 't', aliases: [{ name: 'N/t/a', paths: [{ path: 'x', apiVersions: '2020-01-01' }] }] }] }, /alias N\/t\/a: paths\[0\] needs a "path" \(text\) and "apiVersions" \(an array of texts\)/],
    ['neither a default path nor paths', { namespace: 'N', resourceTypes: [{ resourceType: 't', aliases: [{ name: 'N/t/a' }] }] }, /alias N\/t\/a has neither a defaultPath nor paths/],
    ['not JSON', '{"namespace": ', /is not valid JSON/],
  ];
  // `Get-AzPolicyAlias | ConvertTo-Json` without -Depth (2 by default: Microsoft Learn, ConvertTo-Json, read
  // 2026-12-08) writes each alias's Paths as text: one error naming the cause and -Depth, then a count, not
  // "paths must be an array" for every alias of the listing.
  it('a listing ConvertTo-Json cut at its default -Depth: the cause once, at the first, and a count', () => {
    const cut = (n: string) => ({ Name: `Microsoft.Storage/storageAccounts/${n}`, Paths: 'Microsoft.Azure.Commands.ResourceManager.Cmdlets.SdkModels.PsResourceProviderAliasPath', DefaultPath: `properties.${n}` });
    const doc = [{ Namespace: 'Microsoft.Storage', ResourceType: 'storageAccounts', Aliases: [cut('a'), cut('b'), cut('c')] }, { Namespace: 'Microsoft.KeyVault', ResourceType: 'vaults', Aliases: 'Microsoft.KeyVault/vaults/sku.name Microsoft.KeyVault/vaults/enableSoftDelete' }];
    const text = JSON.stringify(doc, null, 2);
    const { declarations, diagnostics } = parseAliasListing('aliases.json', text);
    expect(declarations).toEqual([]);
    const first = text.indexOf('"Paths"');
    const before = text.slice(0, first).split('\n');
    expect(diagnostics.map((d) => [d.message, d.location?.line, d.location?.column, d.fix])).toEqual([
      ['alias Microsoft.Storage/storageAccounts/a: paths is a text, not a list: ConvertTo-Json writes what is deeper than its -Depth (2 unless given) as text', before.length, (before[before.length - 1] ?? '').length + 1, expect.stringContaining('Get-AzPolicyAlias | ConvertTo-Json -Depth 100') as unknown],
      ['aliases.json: 3 more lists are texts, cut the same way', 1, 1, expect.stringContaining('-Depth 100') as unknown],
    ]);
  });

  it.each(bad)('%s', (_name, doc, message) => {
    const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
    const { diagnostics } = parseAliasListing('aliases.json', text);
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(message);
    expect(diagnostics.every((d) => d.severity === 'error' && d.code === 'IL5-ALIASES' && d.location?.file === 'aliases.json')).toBe(true);
  });
});
