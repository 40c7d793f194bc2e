import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStore } from '../../src/cli/file-store.js';
import type { AzureResource } from '../../src/core/resource.js';
import type { Store } from '../../src/core/store/types.js';
import { Unknown } from '../../src/core/unknown.js';
import { projectState, StateProjector } from '../../src/policy/project.js';
import { fresh } from './fresh.js';
import { oracleProjectState } from './project-oracle.js';

/**
 * The two-pass StateProjector against the whole-array projectState as it was (test/policy/project-oracle.ts):
 * same projected resources (the same object where nothing is added), same added resources, possible
 * members and projections, in the same order — whatever the order in which pass 2 asks for the indexes.
 */
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';
const RG = `${SUB}/resourceGroups/rg1`;
const ST = 'Microsoft.Storage/storageAccounts';
const PE = 'Microsoft.Network/privateEndpoints';
const stId = (n: string): string => `${RG}/providers/${ST}/${n}`;
const peId = (n: string): string => `${RG}/providers/${PE}/${n}`;

function compare(given: AzureResource[], order?: number[]): void {
  // Plain objects, as a JSON reader makes them (fast-check's records have no prototype).
  const input = given.map(fresh);
  const want = oracleProjectState(input);
  const got = projectState(input);
  expect(got.added).toStrictEqual(want.added);
  expect(got.projections).toStrictEqual(want.projections);
  expect([...got.possible.values()]).toStrictEqual([...want.possible.values()]);
  expect(got.added.filter((a) => got.possible.has(a)).length).toBe(got.possible.size);
  expect(got.resources).toStrictEqual(want.resources);
  want.resources.forEach((r, i) => {
    // Unchanged: the input object itself, as projectState hands it on.
    if (r === input[i]) expect(got.resources[i]).toBe(input[i]);
  });
  // Pass 2 in another order, on fresh copies of the resources: the same projected state per index; with
  // the working sets in the store, in memory and in the CLI's file store with two pages of 256 bytes (what
  // finish() reads back after its pages went to disk).
  for (const store of [undefined, smallFileStore]) {
    const added: [AzureResource, string | undefined][] = [];
    const projections: unknown[] = [];
    const made = store?.();
    const p = new StateProjector({ ...(made ? { store: made } : {}), onAdded: (a, why) => added.push([a, why]), onProjection: (q) => projections.push(q) });
    for (const r of input) p.see(r);
    p.finish();
    expect(added.map(([a]) => a)).toStrictEqual(want.added);
    expect(added.filter(([, why]) => why !== undefined).map(([, why]) => why)).toStrictEqual([...want.possible.values()]);
    expect(projections).toStrictEqual(want.projections);
    for (const i of order ?? input.map((_, k) => input.length - 1 - k)) {
      const item = input[i];
      if (!item) continue;
      expect(p.project(fresh(item), i)).toStrictEqual(want.resources[i]);
    }
    made?.close();
  }
}

let dir: string | undefined;
const smallFileStore = (): Store => fileStore((dir ??= mkdtempSync(join(tmpdir(), 'il5ml-project-test-'))), { budgetBytes: 2 * 256, pageBytes: 256 });
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const unknown = new Unknown('known only after deployment');

describe('StateProjector equals the whole-array projectState', () => {
  const target = (name: string, conns?: unknown, key = 'privateEndpointConnections'): AzureResource => ({
    id: stId(name),
    type: ST,
    name,
    location: 'usgovvirginia',
    properties: conns === undefined ? { minimumTlsVersion: 'TLS1_2' } : { minimumTlsVersion: 'TLS1_2', [key]: conns },
  });
  const endpoint = (name: string, targets: unknown[], manual: unknown[] = []): AzureResource => ({
    id: peId(name),
    type: PE,
    name,
    location: 'usgovvirginia',
    properties: {
      privateLinkServiceConnections: targets.map((t) => ({ name: 'c', properties: { privateLinkServiceId: t } })),
      manualPrivateLinkServiceConnections: manual.map((t) => ({ name: 'm', properties: { privateLinkServiceId: t } })),
    },
  });
  const child = (parent: string, name: string, status = 'Approved'): AzureResource => ({
    id: `${stId(parent)}/privateEndpointConnections/${name}`,
    type: `${ST}/privateEndpointConnections`,
    name: `${parent}/${name}`,
    properties: { privateEndpoint: { id: peId(name) }, privateLinkServiceConnectionState: { status } },
  });
  const rows: [string, AzureResource[]][] = [
    ['nothing to project', [target('a'), target('b')]],
    ['endpoint after its target', [target('a'), endpoint('pe1', [stId('a')])]],
    ['endpoint before its target, other case', [endpoint('pe1', [stId('a').toUpperCase()]), target('a')]],
    ['manual connection: Pending', [target('a'), endpoint('pe1', [], [stId('a')])]],
    ['target already lists the endpoint', [target('a', [{ id: 'x/pe1', name: 'pe1', properties: { privateEndpoint: { id: peId('pe1') } } }]), endpoint('pe1', [stId('a')])]],
    ['inline list read as children', [target('a', [{ name: 'c1', properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }, unknown, {}])]],
    ['inline list in another case', [target('a', [{ id: `${stId('a')}/privateEndpointConnections/c1` }], 'PrivateEndpointConnections')]],
    ['inline list unknown', [target('a', unknown), endpoint('pe1', [stId('a')])]],
    ['declared child after its parent', [target('a'), child('a', 'pe1')]],
    ['declared child before its parent', [child('a', 'pe1'), target('a', [])]],
    ['declared child already inline', [target('a', [{ name: 'pe1' }]), child('a', 'pe1')]],
    ['declared child and an endpoint', [child('a', 'pe1'), target('a'), endpoint('pe1', [stId('a')])]],
    ['duplicate ids: the last one is patched', [target('a'), target('a', [{ name: 'x' }]), endpoint('pe1', [stId('a')]), child('a', 'pe2')]],
    ['endpoint with an unknown target', [target('a'), endpoint('pe1', [unknown]), target('b', unknown), child('a', 'c')]],
    [
      // The projector keeps every resource's identity as numbers (src/policy/recorded.ts): each way it can be spelled.
      'targets recorded as numbers: sources, names that are not the tail of the id, ids whose lower case is longer',
      [
        { ...target('a'), source: { file: 'x.json', line: 3, column: 5 } },
        { ...target('b'), name: 'acct/b', source: { line: 1, file: 'y.json', column: 2 } },
        { ...target('İc'), source: { file: 'x.json', line: 9, column: 1, extra: true } as unknown as AzureResource['source'] },
        { ...target('d', [{ name: 'c1', properties: { note: { $unknown: 'not an Unknown: a key of the input' } } }]), name: 42 as unknown as string },
        endpoint('pe1', [stId('a'), stId('B'), stId('İc'), stId('d')]),
      ],
    ],
    ['endpoint connections unknown', [target('a'), { ...endpoint('pe1', []), properties: { privateLinkServiceConnections: unknown } }]],
    [
      'protected items, vnets and watchers',
      [
        {
          id: `${RG}/providers/Microsoft.RecoveryServices/vaults/v/backupFabrics/Azure/protectionContainers/c/protectedItems/vm1`,
          type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
          name: 'v/Azure/c/vm1',
          properties: { sourceResourceId: `${RG}/providers/Microsoft.Compute/virtualMachines/vm1` },
        },
        { id: `${RG}/providers/Microsoft.Network/virtualNetworks/n1`, type: 'Microsoft.Network/virtualNetworks', name: 'n1', location: 'US Gov Virginia' },
        { id: `${RG}/providers/Microsoft.Network/virtualNetworks/n2`, type: 'Microsoft.Network/virtualNetworks', name: 'n2', location: 'usgovarizona' },
        { id: `${SUB}/resourceGroups/nw/providers/Microsoft.Network/networkWatchers/w`, type: 'Microsoft.Network/networkWatchers', name: 'w', location: 'usgovarizona' },
      ],
    ],
  ];
  it.each(rows)('%s', (_name, input) => {
    compare(input);
    compare(input, input.map((_, i) => i));
  });
});

describe('StateProjector on generated estates', () => {
  const names = ['a', 'b', 'A'];
  const idOf = fc.constantFrom(...names).map(stId);
  const value = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | Unknown> => fc.oneof({ weight: 5, arbitrary: a }, { weight: 1, arbitrary: fc.constant(unknown) });
  const entry = fc.record(
    {
      id: value(fc.oneof(idOf.map((t) => `${t}/privateEndpointConnections/pe1`), fc.constant('x/pe2'))),
      name: fc.constantFrom('pe1', 'pe2', 'PE1', ''),
      properties: fc.record({ privateEndpoint: fc.record({ id: fc.constantFrom('pe1', 'pe2').map(peId) }) }),
    },
    { requiredKeys: [] },
  );
  const inlineList = fc.option(value(fc.array(value(entry), { maxLength: 3 })), { nil: undefined });
  const targetArb = fc.record({ name: fc.constantFrom(...names), conns: inlineList, key: fc.constantFrom('privateEndpointConnections', 'PRIVATEendpointconnections'), type: fc.constantFrom(ST, 'Microsoft.KeyVault/vaults') }).map(
    ({ name, conns, key, type }): AzureResource => ({ id: type === ST ? stId(name) : `${RG}/providers/${type}/${name}`, type, name, location: 'usgovvirginia', ...(conns === undefined ? {} : { properties: { [key]: conns } }) }),
  );
  const link = value(fc.record({ properties: fc.record({ privateLinkServiceId: value(fc.oneof(idOf, idOf.map((i) => i.toUpperCase()))) }) }));
  const endpointArb = fc.record({ name: fc.constantFrom('pe1', 'pe2'), auto: value(fc.array(link, { maxLength: 2 })), manual: fc.array(link, { maxLength: 2 }) }).map(
    ({ name, auto, manual }): AzureResource => ({ id: peId(name), type: PE, name, location: 'usgovvirginia', properties: { privateLinkServiceConnections: auto, manualPrivateLinkServiceConnections: manual } }),
  );
  const childArb = fc.record({ parent: fc.constantFrom(...names), name: fc.constantFrom('pe1', 'pe2', 'PE1'), props: value(fc.record({ privateEndpoint: fc.record({ id: fc.constantFrom('pe1', 'pe2').map(peId) }) })) }).map(
    ({ parent, name, props }): AzureResource => ({ id: `${stId(parent)}/privateEndpointConnections/${name}`, type: `${ST}/privateEndpointConnections`, name: `${parent}/${name}`, properties: props }),
  );
  const vnetArb = fc.constantFrom('usgovvirginia', 'US Gov Arizona').map((location): AzureResource => ({ id: `${RG}/providers/Microsoft.Network/virtualNetworks/n`, type: 'Microsoft.Network/virtualNetworks', name: 'n', location }));
  const estate = fc.array(fc.oneof(targetArb, targetArb, endpointArb, childArb, vnetArb), { maxLength: 12 });
  it('gives projectState’s projections, in any order of pass 2', () => {
    fc.assert(
      fc.property(
        estate.chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray(input.map((_, i) => i), { minLength: input.length }))),
        ([input, order]) => {
          compare(input, order);
        },
      ),
      { numRuns: 400 },
    );
  });
});
