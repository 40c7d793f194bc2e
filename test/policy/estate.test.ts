import { describe, expect, it } from 'vitest';
import { runBaseline } from '../../src/baseline/index.js';
import { memoryParts } from '../../src/baseline/resource-index.js';
import type { KeptResources } from '../../src/core/kept.js';
import type { AzureResource } from '../../src/core/resource.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { arraySource, checkEstate, runPasses, type EstatePass, type ResourceSource } from '../../src/policy/estate.js';
import { definition } from './helpers.js';

const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers';
const estate: AzureResource[] = [
  { id: `${SUB}/Microsoft.KeyVault/vaults/kv1`, type: 'Microsoft.KeyVault/vaults', name: 'kv1', location: 'usgovvirginia', properties: { enablePurgeProtection: true } },
  { id: `${SUB}/Microsoft.Storage/storageAccounts/st1`, type: 'Microsoft.Storage/storageAccounts', name: 'st1', location: 'usgovvirginia', properties: { minimumTlsVersion: 'TLS1_0' } },
];

/** A source that gives fresh copies each read (as a file read again does) and waits between resources. */
function arriving(rs: readonly AzureResource[]): ResourceSource {
  return {
    async each(fn, want) {
      for (const [i, r] of rs.entries()) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (want === undefined || want(i)) fn(structuredClone(r), i);
      }
    },
  };
}

describe('checkEstate', () => {
  it('gives the baseline verdicts of resources read again from a source, per resource in input order', async () => {
    const expected = runBaseline(estate, { today: '2026-12-06' });
    expect(expected.length).toBeGreaterThan(2);
    const streamed = await checkEstate(arriving(estate), { now: '2026-12-06T00:00:00Z' });
    expect(streamed.results).toEqual([...expected].sort((a, b) => estate.findIndex((r) => r.id === a.resourceId) - estate.findIndex((r) => r.id === b.resourceId)));
    expect(streamed.count).toBe(2);
    expect((await checkEstate(estate, { now: '2026-12-06T00:00:00Z', baseline: false })).results).toEqual([]);
  });

  it('hands the same results on one by one, in the same order, when given onResult (nothing returned)', async () => {
    const assignments = [
      ...definition({ if: { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, then: { effect: 'audit' } }),
      ...definition({ if: { field: 'type', like: 'Microsoft.*' }, then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Insights/diagnosticSettings' } } }),
    ];
    const options = { now: '2026-12-06T00:00:00Z', assignments };
    const held = await checkEstate(estate, options);
    expect(held.results.length).toBeGreaterThan(6);
    expect(held.results.some((r) => r.ruleId === undefined)).toBe(true);
    const handed: CheckResult[] = [];
    const streamed = await checkEstate(arriving(estate), { ...options, onResult: (r) => handed.push(r) });
    expect(streamed.results).toEqual([]);
    expect(handed).toEqual(held.results);
  });
});

/** A pass that records what it is shown: keeps resources of one type, emits one result per resource evaluated. */
class Recorder implements EstatePass {
  seen: AzureResource[] = [];
  evaluated: { r: AzureResource; index: number }[] = [];
  finished = false;
  constructor(private readonly keepType: string) {}
  see(r: AzureResource): boolean {
    if (this.finished) throw new Error('see after finish');
    this.seen.push(r);
    return r.type === this.keepType;
  }
  replace(r: AzureResource, stand: AzureResource): void {
    const last = this.seen.length - 1;
    if (this.seen[last] === r) this.seen[last] = stand;
  }
  finish(): void {
    this.finished = true;
  }
  evaluate(r: AzureResource, index: number, emit: (result: CheckResult) => void): void {
    if (!this.finished) throw new Error('evaluate before finish');
    this.evaluated.push({ r, index });
    emit({ policyDefinitionId: this.keepType, resourceId: r.id, resourceType: r.type, compliance: 'Compliant', effect: 'audit', reason: String(index) });
  }
}

describe('runPasses (the two reads of a check)', () => {
  const many: AzureResource[] = Array.from({ length: 10 }, (_, i) => ({ id: `${SUB}/T/x${i}`, type: i % 3 === 0 ? 'K' : 'Other', name: `x${i}` }));

  it('hands a kept object back itself in pass 2, and a fresh read of the others', async () => {
    const a = new Recorder('K');
    const b = new Recorder('Nothing');
    const emitted: CheckResult[] = [];
    const count = await runPasses(arriving(many), [a, b], (r) => emitted.push(r));
    expect(count).toBe(10);
    expect(a.seen.map((r) => r.id)).toEqual(many.map((r) => r.id));
    expect(a.evaluated.map((e) => e.index)).toEqual([...many.keys()]);
    for (const { r, index } of a.evaluated) {
      const first = a.seen[index];
      if (r.type === 'K') expect(r).toBe(first);
      else expect(r).not.toBe(first);
      expect(r).toEqual(many[index]);
    }
    // Per resource, pass order: a's result then b's.
    expect(emitted.map((r) => `${r.reason}:${r.policyDefinitionId}`).slice(0, 4)).toEqual(['0:K', '0:Nothing', '1:K', '1:Nothing']);
  });

  it('kept resources: the passes keep the stand-in the parts give, pass 2 judges it warmed with its fresh read', async () => {
    const a = new Recorder('K');
    const b = new Recorder('Nothing');
    // stand-in -> the resource it stands for; records in the order kept.
    const stands = new Map<AzureResource, AzureResource>();
    const records: AzureResource[] = [];
    const warmed: [number, AzureResource][] = [];
    let last: AzureResource | undefined;
    const kept: KeptResources = {
      keep(r) {
        if (r !== last) {
          last = r;
          const stand = { ...r };
          stands.set(stand, r);
          records.push(stand);
        }
        return records.length - 1;
      },
      get: (record) => records[record] as AzureResource,
      warm: (record, fresh) => void warmed.push([record, fresh]),
      get size() {
        return records.length;
      },
    };
    await runPasses(arriving(many), [a, b], () => undefined, { parts: { ...memoryParts(), kept } });
    const count = many.filter((r) => r.type === 'K').length;
    expect(stands.size).toBe(count);
    // Every pass holds the stand-in where it held the resource (b saw it too, though it kept nothing).
    for (const p of [a, b]) for (const [i, r] of p.seen.entries()) expect(stands.has(r)).toBe(many[i]?.type === 'K');
    for (const { r, index } of a.evaluated) expect(stands.has(r)).toBe(many[index]?.type === 'K');
    expect(warmed.map(([record]) => record)).toEqual(Array.from({ length: count }, (_, i) => i));
    for (const [record, fresh] of warmed) expect(fresh).toEqual(stands.get(records[record] as AzureResource));
  });

  it('evaluates only a range, after seeing everything', async () => {
    const a = new Recorder('K');
    await runPasses(arraySource(many), [a], () => undefined, { range: { start: 3, end: 7 } });
    expect(a.seen).toHaveLength(10);
    expect(a.evaluated.map((e) => e.index)).toEqual([3, 4, 5, 6]);
    const b = new Recorder('K');
    await runPasses(arraySource(many), [b], () => undefined, { range: { start: 8, end: 100 } });
    expect(b.evaluated.map((e) => e.index)).toEqual([8, 9]);
  });

  it('refuses a source that changed between the reads (exit 2, IL5-CHECK-CHANGED)', async () => {
    let reads = 0;
    const shrinking: ResourceSource = {
      each(fn, want) {
        const list = reads++ === 0 ? many : many.slice(0, 5);
        list.forEach((r, i) => (want === undefined || want(i) ? fn(r, i) : undefined));
        return Promise.resolve();
      },
    };
    await expect(runPasses(shrinking, [new Recorder('K')], () => undefined)).rejects.toMatchObject({ diagnostics: [{ code: 'IL5-CHECK-CHANGED' }] });
    reads = 0;
    const swapped: ResourceSource = {
      each(fn) {
        const list = reads++ === 0 ? many : many.map((r, i) => (i === 3 ? { ...r, id: `${r.id}-other` } : r));
        list.forEach((r, i) => fn(r, i));
        return Promise.resolve();
      },
    };
    await expect(runPasses(swapped, [new Recorder('K')], () => undefined)).rejects.toMatchObject({ diagnostics: [{ code: 'IL5-CHECK-CHANGED' }] });
  });
});
