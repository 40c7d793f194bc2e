import { describe, expect, it } from 'vitest';
import { runBaseline } from '../../src/baseline/index.js';
import type { AzureResource } from '../../src/core/resource.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { checkEstate } from '../../src/policy/estate.js';
import { definition } from './helpers.js';

const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers';
const estate: AzureResource[] = [
  { id: `${SUB}/Microsoft.KeyVault/vaults/kv1`, type: 'Microsoft.KeyVault/vaults', name: 'kv1', location: 'usgovvirginia', properties: { enablePurgeProtection: true } },
  { id: `${SUB}/Microsoft.Storage/storageAccounts/st1`, type: 'Microsoft.Storage/storageAccounts', name: 'st1', location: 'usgovvirginia', properties: { minimumTlsVersion: 'TLS1_0' } },
];

async function* arriving(rs: readonly AzureResource[]): AsyncGenerator<AzureResource> {
  for (const r of rs) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    yield r;
  }
}

describe('checkEstate', () => {
  it('gives the baseline verdicts of resources that arrive one by one, in input order', async () => {
    const expected = runBaseline(estate, { today: '2026-12-06' });
    expect(expected.length).toBeGreaterThan(2);
    const streamed = await checkEstate(arriving(estate), { now: '2026-12-06T00:00:00Z' });
    expect(streamed.results).toEqual(expected);
    expect(streamed.resources).toEqual(estate);
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
