import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTree } from 'jsonc-parser';
import { coverage } from '../../src/policy/coverage.js';
import { mergeLoaded, parsePolicyFile } from '../../src/policy/definitions.js';
import { compilePolicies, evaluatePolicies } from '../../src/policy/evaluate.js';
import { applyExemptions, parseExemptions, resourceMatches } from '../../src/policy/exemptions.js';
import { readCheckInput } from '../../src/policy/input.js';
import { res } from './helpers.js';

// Structure: https://learn.microsoft.com/azure/governance/policy/concepts/initiative-definition-structure
const KV = 'Microsoft.KeyVault/vaults';
const defA = {
  id: '/providers/Microsoft.Authorization/policyDefinitions/aaaaaaaa-0000-0000-0000-000000000001',
  name: 'aaaaaaaa-0000-0000-0000-000000000001',
  properties: {
    displayName: 'Vaults should protect from purge',
    mode: 'Indexed',
    parameters: { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } },
    policyRule: {
      if: { allOf: [{ field: 'type', equals: KV }, { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', notEquals: true }] },
      then: { effect: "[parameters('effect')]" },
    },
  },
};
const defB = {
  name: 'bbbbbbbb-0000-0000-0000-000000000002',
  properties: {
    displayName: 'Allowed locations',
    mode: 'Indexed',
    parameters: { listOfAllowedLocations: { type: 'Array' } },
    policyRule: { if: { not: { field: 'location', in: "[parameters('listOfAllowedLocations')]" } }, then: { effect: 'audit' } },
  },
};
const set = {
  id: '/providers/Microsoft.Authorization/policySetDefinitions/ssssssss-0000-0000-0000-000000000003',
  name: 'ssssssss-0000-0000-0000-000000000003',
  properties: {
    displayName: 'Test initiative',
    policyDefinitionGroups: [{ name: 'DoD_IL5_R4_SC-7' }],
    parameters: {
      'effect-a': { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] },
      locations: { type: 'Array', defaultValue: ['usgovvirginia'] },
    },
    policyDefinitions: [
      { policyDefinitionReferenceId: 'refA', policyDefinitionId: defA.id, parameters: { effect: { value: "[parameters('effect-a')]" } }, groupNames: ['DoD_IL5_R4_SC-7'] },
      { policyDefinitionReferenceId: 'refB', policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${defB.name}`, parameters: { listOfAllowedLocations: { value: "[parameters('locations')]" } } },
    ],
  },
};

const load = (...docs: unknown[]) => mergeLoaded(docs.map((d, i) => parsePolicyFile(`f${i}.json`, JSON.stringify(d))));
const vault = res(KV, 'kv1', { location: 'usgovarizona', properties: { enablePurgeProtection: false } });

describe('definitions and sets', () => {
  it('a set passes its parameter values down; results carry set id, reference id and groups', () => {
    const { assignments, diagnostics } = compilePolicies(load(set, defA, defB));
    expect(diagnostics).toEqual([]);
    const r = evaluatePolicies([vault], assignments);
    expect(r.map((x) => [x.policyDefinitionReferenceId, x.compliance, x.effect])).toEqual([
      ['refA', 'NonCompliant', 'audit'],
      ['refB', 'NonCompliant', 'audit'],
    ]);
    expect(r[0]).toMatchObject({
      policyDefinitionId: defA.id,
      policySetDefinitionId: set.id,
      resourceId: vault.id,
      resourceType: KV,
      groups: ['DoD_IL5_R4_SC-7'],
      displayName: 'Vaults should protect from purge',
    });
    expect(r[1]?.reason).toContain("found 'usgovarizona'");
  });

  it('--policy-params override the set parameters ({"name": value} after unwrapping)', () => {
    const { assignments } = compilePolicies(load(set, defA, defB), { policyParams: { 'effect-a': 'Disabled', locations: ['usgovarizona'] } });
    const r = evaluatePolicies([vault], assignments);
    expect(r.map((x) => [x.policyDefinitionReferenceId, x.compliance])).toEqual([['refB', 'Compliant']]);
  });

  it('a value outside allowedValues is an error naming the allowed ones', () => {
    const { diagnostics } = compilePolicies(load(set, defA, defB), { policyParams: { 'effect-a': 'Sometimes' } });
    expect(diagnostics[0]?.code).toBe('IL5-POLICY-PARAM');
    expect(diagnostics[0]?.fix).toContain('Audit');
  });

  it('a definition the set references but that was not given is an error with the GUID', () => {
    const { diagnostics } = compilePolicies(load(set, defA));
    expect(diagnostics.map((d) => d.code)).toEqual(['IL5-POLICY-MISSING']);
    expect(diagnostics[0]?.message).toContain(defB.name);
  });

  it('a standalone definition without a default needs --policy-params', () => {
    expect(compilePolicies(load(defB)).diagnostics[0]?.message).toContain("'listOfAllowedLocations'");
    expect(compilePolicies(load(defB), { policyParams: { listOfAllowedLocations: ['usgovarizona'] } }).diagnostics).toEqual([]);
  });

  it('bad JSON and unknown documents are diagnostics with a position', () => {
    const bad = parsePolicyFile('bad.json', '{\n  "properties": {,}\n}');
    expect(bad.diagnostics[0]?.location?.line).toBe(2);
    expect(parsePolicyFile('x.json', '{"a": 1}').diagnostics[0]?.code).toBe('IL5-POLICY-SHAPE');
  });

  it('a list of definitions (az policy definition list) locates each at its first character, the white space between them any', () => {
    const space = fc.array(fc.constantFrom(' ', '\n', '\r\n', '\t'), { maxLength: 4 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom<typeof defA | typeof set>(defA, set), space), { maxLength: 8 }), space, fc.integer({ min: 0, max: 3 }), (items, lead, indent) => {
        // The text built piece by piece, each definition's offset noted where it is put: an oracle apart from any parser.
        let text = `${lead}[`;
        const at: number[] = [];
        items.forEach(([d, gap], i) => {
          text += `${i ? ',' : ''}${gap}`;
          at.push(text.length);
          text += JSON.stringify({ ...d, name: `${d.name}-${i}` }, null, indent);
        });
        text += `${lead}]`;
        const where = (o: number): [number, number] => {
          const before = text.slice(0, o).split('\n');
          return [before.length, (before[before.length - 1] ?? '').length + 1];
        };
        const loaded = parsePolicyFile('list.json', text);
        expect(loaded.diagnostics).toEqual([]);
        expect(loaded.definitions.map((d) => [d.name, d.location?.line, d.location?.column])).toEqual(
          items.flatMap(([d], i) => (d === defA ? [[`${defA.name}-${i}`, ...where(at[i] ?? -1)]] : [])),
        );
        expect(loaded.sets.map((x) => x.name)).toEqual(items.flatMap(([d], i) => (d === set ? [`${set.name}-${i}`] : [])));
      }),
      { numRuns: 80 },
    );
  });

  // `az rest --url …/providers/Microsoft.Authorization/policyDefinitions?api-version=…` prints the REST API's
  // list, {"value": [...], "nextLink"} (PolicyDefinitionListResult, Microsoft Learn, read 2026-12-08): it was
  // "neither a policy definition nor a policy set" at 1:1.
  it('a REST API list response {"value": [...]} loads, each definition at its place (strict JSON and with comments)', () => {
    const text = `{\n  "value": [\n    ${JSON.stringify(defA)},\n    ${JSON.stringify(set)}\n  ],\n  "nextLink": null\n}\n`;
    for (const [file, t] of [['rest.json', text], ['rest-commented.json', `// az rest\n${text}`]] as const) {
      const loaded = parsePolicyFile(file, t);
      expect(loaded.diagnostics).toEqual([]);
      const line = file === 'rest.json' ? 3 : 4;
      expect(loaded.definitions.map((d) => [d.name, d.location])).toEqual([[defA.name, { file, line, column: 5 }]]);
      expect(loaded.sets.map((x) => x.name)).toEqual([set.name]);
    }
    // A definition whose own members include "value" is still a definition.
    expect(parsePolicyFile('d.json', JSON.stringify({ ...defA, value: [] })).definitions.map((d) => d.name)).toEqual([defA.name]);
  });

  // "Policy Definitions - List" pages with nextLink (https://learn.microsoft.com/rest/api/policy/policy-definitions/list,
  // read 2026-12-08): one page of several is refused at its nextLink (src/policy/next-page.ts); null is the last page.
  it('a REST list with a nextLink is one page of several: an error at the nextLink, nothing loaded', () => {
    const file = 'page1.json';
    const text = `{\n  "value": [${JSON.stringify(defA)}],\n  "nextLink": "https://management.usgovcloudapi.net/providers/Microsoft.Authorization/policyDefinitions?api-version=2023-04-01&$skiptoken=x"\n}`;
    const loaded = parsePolicyFile(file, text);
    expect(loaded.definitions).toEqual([]);
    expect(loaded.diagnostics).toHaveLength(1);
    expect(loaded.diagnostics[0]).toMatchObject({ severity: 'error', code: 'IL5-POLICY-JSON', location: { file, line: 3, column: 3 } });
    expect(loaded.diagnostics[0]?.message).toContain("page1.json is one page of a longer list of policy definitions: its 'nextLink'");
    expect(loaded.diagnostics[0]?.fix).toContain('az policy definition list');
    const last = parsePolicyFile(file, JSON.stringify({ value: [defA], nextLink: null }));
    expect(last.diagnostics).toEqual([]);
    expect(last.definitions.map((d) => d.name)).toEqual([defA.name]);
  });

  it('a policy file with comments loads (JSON with comments, as editors allow), each definition at its place', () => {
    const text = `// exported by hand\n[\n  /* first */ ${JSON.stringify(defA)},\n  ${JSON.stringify(set)} // second\n]\n`;
    const loaded = parsePolicyFile('commented.json', text);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.definitions.map((d) => [d.name, d.location?.line, d.location?.column])).toEqual([[defA.name, 3, 15]]);
    expect(loaded.sets.map((x) => x.name)).toEqual([set.name]);
    const one = parsePolicyFile('one.json', `/* a custom definition */\n${JSON.stringify(defA, null, 2)}`);
    expect(one.diagnostics).toEqual([]);
    expect(one.definitions[0]?.location).toEqual({ file: 'one.json', line: 2, column: 1 });
  });

  it('an unknown operator makes the definition Unknown on its resources, with the path', () => {
    const broken = { name: 'cccccccc-0000-0000-0000-000000000004', properties: { mode: 'All', policyRule: { if: { allOf: [{ field: 'type', equals: KV }, { field: 'name', equalz: 'x' }] }, then: { effect: 'audit' } } } };
    const { assignments } = compilePolicies(load(broken));
    const r = evaluatePolicies([vault, res('Microsoft.Storage/storageAccounts', 'st1')], assignments);
    // Only on the type the rule names, not on every resource.
    expect(r.map((x) => [x.resourceType, x.compliance])).toEqual([[KV, 'Unknown']]);
    expect(r[0]?.reason).toContain('policyRule.if.allOf[1]');
  });
});

describe('coverage', () => {
  it('counts definitions evaluable offline and those needing live data', () => {
    const guest = { name: 'dddddddd-0000-0000-0000-000000000005', properties: { mode: 'Indexed', policyRule: { if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' }, then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.GuestConfiguration/guestConfigurationAssignments' } } } } };
    const k8s = { name: 'eeeeeeee-0000-0000-0000-000000000006', properties: { mode: 'Microsoft.Kubernetes.Data', policyRule: { if: { field: 'type', in: ['Pod'] }, then: { effect: 'audit' } } } };
    const { assignments } = compilePolicies(load(set, defA, defB, guest, k8s));
    const c = coverage(assignments);
    expect(c.counts).toMatchObject({ offline: 2, 'guest-configuration': 1, 'data-plane': 1 });
    expect([c.total, c.offline, c.live]).toEqual([4, 2, 2]);
  });
});

describe('exemptions', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  const text = JSON.stringify({
    exemptions: [
      { policyDefinitionId: defA.name, resourceId: '*/vaults/kv*', justification: 'purge protection waived by the AO until the HSM arrives', expiresOn: '2027-01-31' },
      { policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${defB.name}`, resourceId: vault.id, justification: 'old waiver', expiresOn: '2026-01-01' },
    ],
  });
  it('exempts matching results; an expired exemption warns and no longer exempts', () => {
    const { assignments } = compilePolicies(load(set, defA, defB));
    const results = evaluatePolicies([vault], assignments);
    const parsed = parseExemptions('ex.json', text);
    expect(parsed.diagnostics).toEqual([]);
    const applied = applyExemptions(results, parsed.exemptions, now, 'ex.json');
    expect(applied.results.map((r) => r.compliance)).toEqual(['Exempt', 'NonCompliant']);
    expect(applied.results[0]?.exemption).toEqual({ justification: 'purge protection waived by the AO until the HSM arrives', expiresOn: '2027-01-31' });
    expect(applied.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'IL5-EXEMPT-EXPIRED']]);
  });
  it('an exemption without justification is an error', () => {
    expect(parseExemptions('ex.json', '[{"policyDefinitionId": "x", "resourceId": "*"}]').diagnostics[0]?.message).toContain('justification');
  });
  it('resource patterns: * is any text, case-insensitive', () => {
    expect(resourceMatches('*/VAULTS/kv*', vault.id)).toBe(true);
    expect(resourceMatches('*/storageAccounts/*', vault.id)).toBe(false);
  });
});

describe('input', () => {
  it('detects templates, arrays, {"data"} and {"value"}, with positions', () => {
    expect(readCheckInput('t.json', '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}').input?.kind).toBe('template');
    const list = readCheckInput('l.json', `[\n  ${JSON.stringify({ id: vault.id, type: KV })}\n]`);
    expect(list.input?.kind === 'resources' && list.input.resources[0]).toMatchObject({ name: 'kv1', source: { file: 'l.json', line: 2, column: 3 } });
    const graph = readCheckInput('g.json', JSON.stringify({ data: [{ id: vault.id, type: KV, name: 'kv1' }], count: 1 }));
    expect(graph.input?.kind === 'resources' && graph.input.resources.length).toBe(1);
    expect(readCheckInput('v.json', JSON.stringify({ value: [] })).input?.kind).toBe('resources');
  });
  it('positions survive comments, trailing commas, brackets and escaped quotes inside strings', () => {
    const text = '// export of 2026-11-25\n{"count": 2, /* two */ "data": [\n  {"id": "/s/a", "type": "T/x", "name": "a\\"]}"},\n  {"id": "/s/b", "type": "T/y"},\n]}';
    const r = readCheckInput('c.json', text);
    expect(r.diagnostics).toEqual([]);
    expect(r.input?.kind === 'resources' && r.input.resources.map((x) => [x.name, x.source?.line, x.source?.column])).toEqual([
      ['a"]}', 3, 3],
      ['b', 4, 3],
    ]);
  });

  it('item positions equal a full JSON parser’s, for any list', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 4 }), { maxLength: 6 }), fc.integer({ min: 0, max: 4 }), (items, indent) => {
        const list = items.map((o, i) => ({ ...o, id: `/s/${i}`, type: 'T/x' }));
        const text = JSON.stringify({ value: list }, null, indent);
        const r = readCheckInput('p.json', text);
        const tree = parseTree(text);
        const nodes = tree?.children?.find((p) => p.children?.[0]?.value === 'value')?.children?.[1]?.children ?? [];
        const lines = (o: number) => text.slice(0, o).split('\n');
        const want = nodes.map((n) => { const l = lines(n.offset); return [l.length, (l[l.length - 1] ?? '').length + 1]; });
        expect(r.input?.kind === 'resources' && r.input.resources.map((x) => [x.source?.line, x.source?.column])).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('a resource without id or type is an error at its position', () => {
    const r = readCheckInput('l.json', '[\n  {"type": "x"}\n]');
    expect(r.diagnostics[0]).toMatchObject({ code: 'IL5-CHECK-RESOURCE', location: { line: 2 } });
  });
  it('{"$unknown": why} values become Unknown', () => {
    const r = readCheckInput('l.json', JSON.stringify([{ id: vault.id, type: KV, properties: { enablePurgeProtection: { $unknown: 'later' } } }]));
    const { assignments } = compilePolicies(load(defA));
    const results = evaluatePolicies(r.input?.kind === 'resources' ? r.input.resources.map((x) => ({ ...x, location: 'usgovvirginia' })) : [], assignments);
    expect(results[0]?.compliance).toBe('Unknown');
  });
});
