import { describe, expect, it } from 'vitest';
import { IL5_INITIATIVE } from '../../src/catalog/il5-initiative.js';
import { choosePolicies } from '../../src/policy/choose.js';
import { mergeLoaded, parsePolicyFile, type LoadedPolicies } from '../../src/policy/definitions.js';

const guid = (n: number): string => `dddddddd-0000-0000-0000-${String(n).padStart(12, '0')}`;
const definition = (n: number, effect = 'audit'): Record<string, unknown> => ({
  id: `/providers/Microsoft.Authorization/policyDefinitions/${guid(n)}`,
  name: guid(n),
  properties: { displayName: `definition ${n}`, mode: 'All', policyRule: { if: { field: 'type', equals: 'Microsoft.KeyVault/vaults' }, then: { effect } } },
});
const set = (name: string, displayName: string, refs: number[]): Record<string, unknown> => ({
  id: `/providers/Microsoft.Authorization/policySetDefinitions/${name}`,
  name,
  properties: { displayName, policyDefinitions: refs.map((n) => ({ policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${guid(n)}` })) },
});
const IL5 = set(IL5_INITIATIVE.name, IL5_INITIATIVE.displayName, [1, 2]);
const NIST = set('eeeeeeee-0000-0000-0000-000000000001', 'NIST SP 800-53 Rev. 4', [2, 3]);
const OTHER = set('eeeeeeee-0000-0000-0000-000000000002', 'Another initiative', [4]);

function load(...docs: Record<string, unknown>[]): LoadedPolicies {
  return mergeLoaded(docs.map((d, i) => parsePolicyFile(`p${i}.json`, JSON.stringify(d))));
}
const names = (l: LoadedPolicies): { sets: string[]; definitions: string[] } => ({
  sets: l.sets.map((s) => s.displayName),
  definitions: l.definitions.map((d) => d.displayName),
});
const defs = [1, 2, 3, 4, 5].map((n) => definition(n));

describe('choosePolicies: which of the policies given are evaluated', () => {
  const cases: [string, Record<string, unknown>[], { initiatives?: string[]; alone?: string[] }, { sets: string[]; definitions: string[] }, RegExp[]][] = [
    ['definitions alone: every one', defs, {}, { sets: [], definitions: ['definition 1', 'definition 2', 'definition 3', 'definition 4', 'definition 5'] }, []],
    ['one set: it, and its definitions; the rest is a library', [IL5, ...defs], {}, { sets: ['DoD Impact Level 5'], definitions: ['definition 1', 'definition 2'] }, [/^3 definitions under --policy are in no set evaluated/]],
    [
      'several sets with the DoD IL5 initiative: it alone, said',
      [NIST, OTHER, IL5, ...defs],
      {},
      { sets: ['DoD Impact Level 5'], definitions: ['definition 1', 'definition 2'] },
      [/^--policy gave 3 policy sets; evaluating the DoD IL5 initiative alone \('DoD Impact Level 5', f9a961fa-/, /^3 definitions/],
    ],
    ['several sets without it: every one', [NIST, OTHER, ...defs], {}, { sets: ['NIST SP 800-53 Rev. 4', 'Another initiative'], definitions: ['definition 2', 'definition 3', 'definition 4'] }, [/^2 definitions/]],
    ['--initiative by display name, any case', [NIST, OTHER, IL5, ...defs], { initiatives: ['nist sp 800-53 rev. 4'] }, { sets: ['NIST SP 800-53 Rev. 4'], definitions: ['definition 2', 'definition 3'] }, [/^3 definitions/]],
    [
      '--initiative by GUID and by id, repeated',
      [NIST, OTHER, IL5, ...defs],
      { initiatives: ['EEEEEEEE-0000-0000-0000-000000000002', `/providers/Microsoft.Authorization/policySetDefinitions/${IL5_INITIATIVE.name}`] },
      { sets: ['Another initiative', 'DoD Impact Level 5'], definitions: ['definition 1', 'definition 2', 'definition 4'] },
      [/^2 definitions/],
    ],
    ['a definition given as a file of its own is evaluated beside the set', [IL5, ...defs], { alone: [guid(5)] }, { sets: ['DoD Impact Level 5'], definitions: ['definition 1', 'definition 2', 'definition 5'] }, [/^2 definitions/]],
    ['nothing left out: no note', [IL5, definition(1), definition(2)], {}, { sets: ['DoD Impact Level 5'], definitions: ['definition 1', 'definition 2'] }, []],
  ];
  it.each(cases)('%s', (_name, docs, options, expected, notes) => {
    const c = choosePolicies(load(...docs), { ...(options.initiatives ? { initiatives: options.initiatives } : {}), ...(options.alone ? { alone: new Set(options.alone) } : {}) });
    expect(c.diagnostics).toEqual([]);
    expect(names(c.loaded)).toEqual(expected);
    expect(c.notes).toHaveLength(notes.length);
    notes.forEach((n, i) => expect(c.notes[i]).toMatch(n));
  });

  it('an --initiative that names no set given is an error with the sets whose names hold it', () => {
    const c = choosePolicies(load(NIST, OTHER, IL5, ...defs), { initiatives: ['NIST', 'FedRAMP High'] });
    expect(c.diagnostics.map((d) => [d.code, d.message, d.fix])).toEqual([
      ['IL5-POLICY-INITIATIVE', '--initiative "NIST" names none of the 3 policy sets given to --policy', 'give a display name, GUID or id exactly, e.g. "NIST SP 800-53 Rev. 4"'],
      ['IL5-POLICY-INITIATIVE', '--initiative "FedRAMP High" names none of the 3 policy sets given to --policy', 'give the display name, GUID or id of a set under --policy (the DoD IL5 initiative: "DoD Impact Level 5")'],
    ]);
  });
});

describe('mergeLoaded: one name, two variants', () => {
  const pub = { ...definition(1, 'audit') };
  const gov = { ...definition(1, 'deny') };
  const effectOf = (l: LoadedPolicies): unknown => l.definitions[0]?.policyRule.then['effect'];
  it.each([
    ['public first', [['built-in-policies/policyDefinitions/API Management/x.json', pub], ['built-in-policies/policyDefinitions/Azure Government/API Management/x.json', gov]]],
    ['Azure Government first', [['built-in-policies/policyDefinitions/Azure Government/Key Vault/x.json', gov], ['built-in-policies/policyDefinitions/Key Vault/x.json', pub]]],
    ['Windows separators', [['a\\API Management\\x.json', pub], ['a\\Azure Government\\API Management\\x.json', gov]]],
  ] as [string, [string, Record<string, unknown>][]][])('keeps the Azure Government variant (%s)', (_name, files) => {
    const merged = mergeLoaded(files.map(([file, doc]) => parsePolicyFile(file, JSON.stringify(doc))));
    expect(merged.definitions).toHaveLength(1);
    expect(effectOf(merged)).toBe('deny');
  });
  it('otherwise the first given', () => {
    const merged = mergeLoaded([parsePolicyFile('a/x.json', JSON.stringify(pub)), parsePolicyFile('b/x.json', JSON.stringify(gov))]);
    expect(effectOf(merged)).toBe('audit');
  });
});
