import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BaselinePass, baselineReadTypes, baselineRules, indexResources, runBaseline, selectRules, type BaselineOptions } from '../../src/baseline/index.js';
import { equivalenceCorpus } from '../../src/baseline/corpus.js';
import { examples, ids } from '../../src/baseline/examples.js';
import type { AzureResource } from '../../src/core/resource.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { guardedIndex, UndeclaredRead } from './guard.js';
import { exampleCorpus, freshCopy, mixedEstate, planCorpus } from './pass-corpora.js';

/**
 * The baseline's side of the two-pass check (issue 12): see() every resource,
 * finish(), evaluate() each in any order gives, per resource, field for field what eachBaselineResult
 * gives; what see() does not keep is really dropped (evaluate gets a fresh copy of it); and every rule's
 * `reads` covers what it looks up.
 */

const lower = (s: unknown): string => (typeof s === 'string' ? s.toLowerCase() : '');
const TODAY = '2026-12-06';

/** runBaseline's results (rule order, then input order) grouped by the index of their resource. */
function wholeByResource(resources: readonly AzureResource[], options: BaselineOptions): CheckResult[][] {
  const results = runBaseline(resources, options);
  const out = resources.map((): CheckResult[] => []);
  let k = 0;
  for (const rule of selectRules(options.rules)) {
    const types = new Set(rule.resourceTypes.map(lower));
    for (const [i, r] of resources.entries()) {
      if (!types.has('*') && !types.has(lower(r.type))) continue;
      const result = results[k++];
      expect(result?.ruleId).toBe(rule.id);
      expect(result?.resourceId).toBe(r.id);
      if (result) out[i]?.push(result);
    }
  }
  expect(k).toBe(results.length);
  return out;
}

/**
 * The two passes as the driver runs them: pass 1 sees a parse of every item, pass 2 hands evaluate() the
 * kept object itself or a fresh parse, in `order`.
 */
function passByResource(resources: readonly AzureResource[], options: BaselineOptions, order: readonly number[]): { results: CheckResult[][]; kept: boolean[] } {
  const pass = new BaselinePass(options);
  const parsed = resources.map(freshCopy);
  const kept = parsed.map((r) => pass.see(r));
  pass.finish();
  const results = resources.map((): CheckResult[] => []);
  for (const i of order) {
    const item = kept[i] === true ? parsed[i] : freshCopy(resources[i]);
    if (item) pass.evaluate(item, i, (r) => results[i]?.push(r));
  }
  // Kept objects are not mutated.
  expect(parsed).toStrictEqual(resources);
  return { results, kept };
}

const inOrder = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A deterministic shuffle (mulberry32), so a failure names its order. */
function shuffled(n: number, seed: number): number[] {
  const out = inOrder(n);
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] ?? 0, out[i] ?? 0];
  }
  return out;
}

function expectSame(resources: readonly AzureResource[], options: BaselineOptions, order: readonly number[]): void {
  const whole = wholeByResource(resources, options);
  const { results } = passByResource(resources, options, order);
  for (const [i, r] of resources.entries()) expect(results[i], `resource ${i} ${r.id}`).toStrictEqual(whole[i]);
}

const CORPORA: { name: string; resources: () => AzureResource[] }[] = [
  { name: 'every rule example together', resources: exampleCorpus },
  { name: 'the default plan, expanded', resources: planCorpus },
  { name: 'a mixed estate', resources: () => mixedEstate(true) },
];

const SPEC_EXEMPTIONS: BaselineOptions = {
  today: TODAY,
  fromPlan: true,
  exemptions: [
    { rule: 'IL5-KV-001', resource: '*c1-*', justification: 'weakened copy, ticket 1' },
    { rule: 'IL5.Storage.SecureTransfer', justification: 'expired', expiresOn: '2026-01-01' },
    { rule: 'IL5-NET-004', resource: '*vnet*', justification: 'hub routes', expiresOn: '2027-01-01' },
  ],
};

describe('BaselinePass gives what eachBaselineResult gives, per resource', () => {
  for (const corpus of CORPORA) {
    const resources = corpus.resources();
    const n = resources.length;
    for (const [optName, options] of [
      ['default options', { today: TODAY }],
      ['no date', {}],
      ['spec exemptions, from a plan', SPEC_EXEMPTIONS],
      ['some rules', { today: TODAY, rules: ['IL5-NET-004', 'IL5.KeyVault.PurgeProtection', 'IL5-DEP-002', 'e8eef0a8-67cf-4eb4-9386-14b0e78733d4'] }],
    ] as const) {
      for (const [orderName, order] of [
        ['in order', inOrder(n)],
        ['reversed', inOrder(n).reverse()],
        ['shuffled', shuffled(n, 12)],
      ] as const) {
        it(`${corpus.name}, ${optName}, indexes ${orderName}`, () => expectSame(resources, options, order));
      }
    }
  }

  it('the mixed estate exercises what the pass must get right (exemptions, expiry, every verdict)', () => {
    const results = runBaseline(mixedEstate(false), { today: TODAY });
    const compliance = new Set(results.map((r) => r.compliance));
    for (const c of ['Compliant', 'NonCompliant', 'NotApplicable', 'Unknown', 'Exempt']) expect(compliance).toContain(c);
    expect(results.some((r) => r.reason.includes('no longer honoured'))).toBe(true);
    expect(results.some((r) => r.reason.includes('by policy exemption by-reference'))).toBe(true);
    expect(results.some((r) => r.reason.includes('by policy exemption definition-alone'))).toBe(true);
    expect(results.some((r) => r.ruleId === 'IL5-ST-001' && r.reason.includes('by policy exemption at-group'))).toBe(true);
    // The rules that follow references judge the estate on both sides.
    for (const id of ['IL5-NET-004', 'IL5-VM-004', 'IL5-DEP-002', 'IL5-DEP-003', 'IL5-ST-012', 'IL5-NET-006']) {
      const seen = new Set(results.filter((r) => r.ruleId === id).map((r) => r.compliance));
      expect([...seen], id).toEqual(expect.arrayContaining(['Compliant', 'NonCompliant']));
    }
    // A resource of another type after a route table takes its id: IL5-NET-004 then finds no route table.
    const shadowed = runBaseline(mixedEstate(true), { today: TODAY, rules: ['IL5-NET-004'] });
    expect(shadowed.filter((r) => r.reason.includes('is not in the input')).length).toBeGreaterThan(results.filter((r) => r.ruleId === 'IL5-NET-004' && r.reason.includes('is not in the input')).length);
  });

  it('random subsets of the mixed estate, in random order, with random rules, evaluated in random order', () => {
    const estate = mixedEstate(true);
    const ruleIds = baselineRules.map((r) => r.id);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(estate, { minLength: 1 }),
        fc.option(fc.shuffledSubarray(ruleIds, { minLength: 1 }), { nil: undefined }),
        fc.boolean(),
        fc.integer(),
        (input, rules, withExemptions, seed) => {
          const options: BaselineOptions = withExemptions ? { ...SPEC_EXEMPTIONS, ...(rules ? { rules } : {}) } : { today: TODAY, ...(rules ? { rules } : {}) };
          expectSame(input, options, shuffled(input.length, seed));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('BaselinePass keeps only what rules look up', () => {
  const webApp: AzureResource = { id: `${ids.storage.split('/providers/')[0] ?? ''}/providers/Microsoft.Web/sites/app1`, type: 'Microsoft.Web/sites', name: 'app1', properties: {} };
  const exemption: AzureResource = { id: `${ids.storage}/providers/Microsoft.Authorization/policyExemptions/x`, type: 'Microsoft.Authorization/policyExemptions', name: 'x', properties: {} };
  const pe = examples.privateEndpoint('pe1', ids.registry, 'registry');

  it('drops a resource of a type no selected rule reads, keeps one a rule reads and the exemptions', () => {
    const pass = new BaselinePass({ today: TODAY });
    expect(pass.see(webApp)).toBe(false);
    // Many rules judge a storage account, none looks one up: not kept.
    expect(pass.see(examples.storage())).toBe(false);
    expect(pass.see(pe)).toBe(true);
    expect(pass.see(exemption)).toBe(true);
    expect(pass.see({ ...examples.diagnosticSetting(ids.keyVault), type: 'MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS' })).toBe(true);
  });

  it('selecting rules narrows what is kept', () => {
    const only = (rules: string[]): BaselinePass => new BaselinePass({ today: TODAY, rules });
    expect(only(['IL5-KV-001']).see(pe)).toBe(false);
    expect(only(['IL5-KV-001']).see(exemption)).toBe(true);
    expect(only(['IL5-KV-004']).see(examples.diagnosticSetting(ids.keyVault))).toBe(true);
    expect(only(['IL5-KV-004']).see(pe)).toBe(false);
    expect(only(['IL5-DNS-002']).see(examples.zoneGroup('pe1', 'privatelink.azurecr.us'))).toBe(true);
    expect(new BaselinePass({ today: TODAY }).see(examples.zoneGroup('pe1', 'privatelink.azurecr.us'))).toBe(true);
  });

  it('over the mixed estate, each rule alone keeps exactly the resources of its reads and the exemptions (assignments as stand-ins)', () => {
    const estate = mixedEstate(false);
    const present = new Set(estate.map((r) => lower(r.type)));
    for (const rule of baselineRules) {
      const pass = new BaselinePass({ today: TODAY, rules: [rule.id] });
      const keptTypes = new Set(estate.filter((r) => pass.see(r)).map((r) => lower(r.type)));
      // Policy assignments no rule reads are held as stand-ins (what readInputExemptions reads), not kept.
      const expected = [...baselineReadTypes([rule])].filter((t) => present.has(t) && t !== 'microsoft.authorization/policyassignments');
      expect([...keptTypes].sort(), rule.id).toEqual(expected.sort());
    }
    const all = new BaselinePass({ today: TODAY });
    const kept = estate.filter((r) => all.see(r)).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(estate.length / 2);
  });

  it('keeps a resource of another type that takes the id of a kept one (the last of an id wins in byId)', () => {
    const pass = new BaselinePass({ today: TODAY, rules: ['IL5-NET-004'] });
    const rt = examples.routeTable();
    const other: AzureResource = { id: rt.id, type: 'Contoso.Widgets/gadgets', name: 'g' };
    expect(pass.see(other)).toBe(false); // before the route table: the route table wins
    expect(pass.see(rt)).toBe(true);
    expect(pass.see(other)).toBe(true); // after it: it wins
  });

  it('a fresh copy of a dropped resource is judged as the original', () => {
    const input = [examples.vnet(), examples.routeTable(), examples.storage(), examples.privateEndpoint('pe-st', ids.storage, 'blob')];
    const pass = new BaselinePass({ today: TODAY });
    const kept = input.map((r) => pass.see(r));
    expect(kept).toEqual([true, true, false, true]); // the storage account alone is dropped
    pass.finish();
    const got: CheckResult[] = [];
    for (const [i, r] of input.entries()) pass.evaluate(kept[i] ? r : freshCopy(r), i, (x) => got.push(x));
    expect(got.length).toBeGreaterThan(0);
    expect([...got].sort((a, b) => `${a.ruleId}${a.resourceId}`.localeCompare(`${b.ruleId}${b.resourceId}`))).toStrictEqual(
      [...runBaseline(input, { today: TODAY })].sort((a, b) => `${a.ruleId}${a.resourceId}`.localeCompare(`${b.ruleId}${b.resourceId}`)),
    );
  });

  it('follows dependsOn through resources it does not keep, the last of an id winning', () => {
    // IL5-DEP-002: the compute waits for the endpoint and zone group through an identity it does not keep.
    const [compute, endpoint, group] = baselineRules.find((r) => r.id === 'IL5-DEP-002')?.example ?? [];
    if (!compute || !endpoint || !group) throw new Error('IL5-DEP-002 example changed');
    const hop: AzureResource = { id: `${ids.workspace.split('/providers/')[0] ?? ''}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/hop`, type: 'Microsoft.ManagedIdentity/userAssignedIdentities', name: 'hop', dependsOn: [endpoint.id, group.id] };
    const viaHop = { ...compute, dependsOn: [hop.id] };
    const run = (input: AzureResource[]): string[] => {
      const pass = new BaselinePass({ today: TODAY, rules: ['IL5-DEP-002'] });
      const kept = input.map((r) => pass.see(r));
      expect(kept[input.indexOf(hop)]).toBe(false);
      pass.finish();
      const out: string[] = [];
      pass.evaluate(viaHop, 0, (r) => out.push(r.compliance));
      expect(out).toEqual(runBaseline(input, { today: TODAY, rules: ['IL5-DEP-002'] }).map((r) => r.compliance));
      return out;
    };
    expect(run([viaHop, hop, endpoint, group])).toEqual(['Compliant']);
    // A later resource of the same id without dependsOn replaces it: the compute no longer waits.
    expect(run([viaHop, hop, endpoint, group, { ...hop, dependsOn: [] }])).toEqual(['NonCompliant']);
  });

  it('refuses evaluate() before finish() and see() after it', () => {
    const pass = new BaselinePass({ today: TODAY });
    expect(() => pass.evaluate(examples.storage(), 0, () => undefined)).toThrow(/before finish/);
    pass.finish();
    expect(() => pass.see(examples.storage())).toThrow(/after finish/);
  });
});

/** The guard's inputs: whole inputs (one index each), and the equivalence corpus's cases (subject and related). */
function guardInputs(): { name: string; resources: AzureResource[]; subjects: AzureResource[] }[] {
  const whole = [
    { name: 'examples', resources: exampleCorpus() },
    { name: 'plan', resources: planCorpus() },
    { name: 'mixed estate', resources: mixedEstate(false) },
  ].map((c) => ({ ...c, subjects: c.resources }));
  const cases = equivalenceCorpus().map((c) => ({ name: c.name, resources: [c.subject, ...c.related], subjects: [c.subject] }));
  return [...whole, ...cases];
}

/** Runs `rule` over every input with the guard built from `declared`; the first undeclared lookup, if any. */
function firstUndeclared(rule: (typeof baselineRules)[number], declared: { reads: readonly string[]; readsDependsOn?: true }, inputs: ReturnType<typeof guardInputs>): string | undefined {
  const types = new Set(rule.resourceTypes.map(lower));
  for (const input of inputs) {
    const guarded = guardedIndex({ id: rule.id, ...declared }, indexResources(input.resources));
    for (const r of input.subjects) {
      if (!types.has('*') && !types.has(lower(r.type))) continue;
      try {
        rule.evaluate(r, guarded);
      } catch (e) {
        if (e instanceof UndeclaredRead) return `${input.name}: ${e.message}`;
        throw e;
      }
    }
  }
  return undefined;
}

describe('every rule looks up only the types its reads declare', () => {
  const inputs = guardInputs();
  for (const rule of baselineRules) {
    it(`${rule.id} reads ${rule.reads.length === 0 ? 'nothing' : rule.reads.join(', ')}${rule.readsDependsOn ? ', and dependsOn' : ''}`, () => {
      expect(firstUndeclared(rule, rule, inputs)).toBeUndefined();
    });
    // The guard can fail: without any one declared read (or dependsOn), the corpora catch the rule.
    for (const t of rule.reads) {
      it(`${rule.id} without ${t} in its reads is caught`, () => {
        expect(firstUndeclared(rule, { reads: rule.reads.filter((x) => x !== t), ...(rule.readsDependsOn ? { readsDependsOn: true as const } : {}) }, inputs)).toMatch(/which its reads do not list/);
      });
    }
    if (rule.readsDependsOn) {
      it(`${rule.id} without readsDependsOn is caught`, () => {
        expect(firstUndeclared(rule, { reads: rule.reads }, inputs)).toMatch(/without readsDependsOn/);
      });
    }
  }

  it('declares types as Azure spells them, each once', () => {
    for (const rule of baselineRules) {
      for (const t of rule.reads) expect(t).toMatch(/^Microsoft\.[A-Za-z]+(\/[A-Za-z]+)+$/);
      expect(new Set(rule.reads.map(lower)).size, rule.id).toBe(rule.reads.length);
    }
  });
});
