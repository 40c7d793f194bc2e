import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/arm/template/index.js';
import type { AzureResource } from '../../src/core/resource.js';
import { buildPlan } from '../../src/emit/plan.js';
import { compilePolicies, mergeLoaded, parsePolicyFile, policyReads } from '../../src/policy/index.js';
import { defaultSpec } from '../../src/spec/load.js';
import { KeptSpool } from '../../src/cli/kept-spool.js';
import { checkEstate, type ResourceSource } from '../../src/policy/estate.js';
import { MLZ_EVERYTHING } from '../../bench/estate.js';
import { expectPassEquivalent, guardedEstate } from '../policy/pass-equivalence.js';
import { sharedPath } from './shared.js';

/**
 * The two-pass policy evaluation (PolicyPass, docs/policy-engine.md, "Two passes") with the real DoD IL5 initiative, compiled
 * as `il5ml check --policy ../shared/azure-policy` compiles it, over the default plan's resources and
 * Mission Landing Zone's with every feature on: see-all / finish / evaluate-each in forward, reverse and
 * shuffled order (fresh copies of what it did not keep) gives evaluateDetailed's results, per resource,
 * field for field; and no lookup asks for a type policyReads did not declare.
 */
const dir = sharedPath('azure-policy');
const files = readdirSync(`${dir}/definitions`).filter((f) => f.endsWith('.json')).sort();
const loaded = mergeLoaded([parsePolicyFile('DOD_IL5_audit.json', readFileSync(`${dir}/DOD_IL5_audit.json`, 'utf8')), ...files.map((f) => parsePolicyFile(`definitions/${f}`, readFileSync(`${dir}/definitions/${f}`, 'utf8')))]);
const { assignments } = compilePolicies(loaded);
const NOW = '2026-12-06T00:00:00Z';

const plan = expandTemplate({ text: buildPlan(defaultSpec()).files().get('azuredeploy.json') ?? '', file: 'azuredeploy.json' }).resources;
const mlz = expandTemplate({ text: readFileSync(sharedPath('templates', 'missionlz', 'mlz.json'), 'utf8'), file: 'mlz.json', parametersText: MLZ_EVERYTHING }).resources;
const sub: AzureResource = { id: '/subscriptions/00000000-0000-0000-0000-000000000000', type: 'Microsoft.Resources/subscriptions', name: '00000000-0000-0000-0000-000000000000' };

describe('PolicyPass with the DoD IL5 initiative', () => {
  const reads = policyReads(assignments);
  it.each([
    ['the default plan', plan],
    ['Mission Landing Zone, every feature on', [...mlz, sub]],
    ['both, then the plan again (duplicate ids)', [...plan, ...mlz, sub, ...plan]],
  ] as const)('%s', (_name, input) => {
    expect(reads).not.toBe('all');
    const [run] = expectPassEquivalent(input, assignments, NOW, { viewEstate: guardedEstate(reads) });
    // A real saving: most resources are evaluated without being kept.
    expect(run?.kept).toBeGreaterThan(0);
    expect(run?.kept).toBeLessThan(input.length / 2);
    expect(run?.perResource.flat().length).toBeGreaterThan(0);
  });
});

describe('the check with what it keeps on disk (src/cli/kept-spool.ts), DoD IL5 initiative and baseline', () => {
  it('gives the verdicts of the check that keeps everything in memory', async () => {
    const input = [...plan, ...mlz, sub, ...plan].map((r) => JSON.parse(JSON.stringify(r)) as AzureResource);
    const reread: ResourceSource = {
      each(fn, want) {
        input.forEach((r, i) => (want === undefined || want(i) ? fn(JSON.parse(JSON.stringify(r)) as AzureResource, i) : undefined));
        return Promise.resolve();
      },
    };
    const options = { now: NOW, assignments };
    const whole = await checkEstate(reread, options);
    const spool = new KeptSpool(mkdtempSync(join(tmpdir(), 'il5ml-kept-conformance-')));
    const spooled = await checkEstate(reread, { ...options, ...KeptSpool.hooks(spool) });
    spool.close();
    expect(spool.counts.held).toBeGreaterThan(input.length / 4);
    expect(whole.results.length).toBeGreaterThan(input.length);
    expect(spooled.results).toEqual(whole.results);
  });
});
