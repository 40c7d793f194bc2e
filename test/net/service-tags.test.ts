import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateStrings } from '../../src/net/cidr.js';
import { diffServiceTags, findTag, parseServiceTags, type ServiceTagsFile } from '../../src/net/service-tags.js';
import { tagsFile } from './tags-fixture.js';

function parsed(text: string, file = 'tags.json'): ServiceTagsFile {
  const r = parseServiceTags(text, file);
  expect(r.diagnostics).toEqual([]);
  if (!r.value) throw new Error('no value');
  return r.value;
}

describe('parseServiceTags', () => {
  it('reads names, regions, prefixes, changeNumber and networkFeatures', () => {
    const f = parsed(
      tagsFile([
        { name: 'AzureMachineLearning', prefixes: ['10.0.0.0/24', '2001:db8::/64'], features: ['API', 'NSG', 'UDR', 'FW'] },
        { name: 'AzureMachineLearning.USGovVirginia', region: 'usgovvirginia', prefixes: ['10.0.0.0/25'] },
      ]),
    );
    expect(f.changeNumber).toBe(7);
    expect(f.cloud).toBe('AzureGovernment');
    expect(f.tags.get('AzureMachineLearning')).toEqual({
      name: 'AzureMachineLearning',
      region: '',
      changeNumber: 1,
      networkFeatures: ['API', 'NSG', 'UDR', 'FW'],
      addressPrefixes: ['10.0.0.0/24', '2001:db8::/64'],
    });
    expect(f.tags.get('AzureMachineLearning.USGovVirginia')?.networkFeatures).toBeUndefined();
    // Azure treats tag names case-insensitively.
    expect(findTag(f, 'azuremachinelearning.usgovvirginia')?.region).toBe('usgovvirginia');
  });

  it('names the file, line and column of invalid JSON', () => {
    const r = parseServiceTags('{\n  "changeNumber": 1,\n  "values": [\n}', 'bad.json');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'IL5-TAGS-JSON', location: { file: 'bad.json', line: 4, column: 1 } });
    expect(r.diagnostics[0]?.message).toContain('bad.json is not valid JSON');
  });

  it('reports every structural problem at once, each at its place', () => {
    const text = JSON.stringify(
      {
        changeNumber: 3,
        cloud: 'Public',
        values: [
          { name: 'A', properties: { addressPrefixes: ['10.0.0.0/33'] } },
          { name: 'B', properties: { addressPrefixes: 'nope' } },
          { properties: { addressPrefixes: [] } },
          { name: 'A', properties: { addressPrefixes: [] } },
        ],
      },
      null,
      2,
    );
    const r = parseServiceTags(text, 'x.json');
    expect(r.value).toBeUndefined();
    const msgs = r.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.message}`);
    expect(msgs).toEqual([
      '3:12 x.json: the file is for cloud "Public", not AzureGovernment',
      '9:11 x.json: tag A: "10.0.0.0/33" is not a valid CIDR block: the prefix length must be a whole number from 0 to 32',
      '16:28 x.json: tag B: "addressPrefixes" is missing or not an array of strings',
      '19:5 x.json: values[2] has no "name"',
      '25:15 x.json: tag A appears twice',
    ]);
    expect(r.diagnostics.every((d) => d.fix)).toBe(true);
  });

  it('rejects a file without values', () => {
    const r = parseServiceTags('{"changeNumber": 1, "cloud": "AzureGovernment"}', 'y.json');
    expect(r.diagnostics.map((d) => d.message)).toEqual(['y.json: "values" is missing or not an array']);
  });

  it('round-trips any well-formed file (property)', () => {
    const prefix = fc.oneof(
      fc.tuple(fc.nat(255), fc.nat(255), fc.integer({ min: 16, max: 32 })).map(([a, b, p]) => `10.${a}.${b}.0/${Math.max(p, 24)}`),
      fc.tuple(fc.nat(0xffff), fc.integer({ min: 48, max: 128 })).map(([g, p]) => `2001:db8:${g.toString(16)}::/${p}`),
    );
    const tag = fc.record({
      name: fc.stringMatching(/^[A-Z][A-Za-z]{1,12}(\.[A-Z][A-Za-z]{1,8})?$/),
      prefixes: fc.array(prefix, { maxLength: 6 }),
      features: fc.option(fc.subarray(['API', 'NSG', 'UDR', 'FW', 'VSE']), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(tag, { selector: (t) => t.name.toLowerCase(), maxLength: 8 }), fc.nat(1000), (tags, change) => {
        const f = parsed(tagsFile(tags, change));
        expect(f.changeNumber).toBe(change);
        expect([...f.tags.keys()]).toEqual(tags.map((t) => t.name));
        for (const t of tags) expect(f.tags.get(t.name)?.addressPrefixes).toEqual(t.prefixes);
      }),
      { numRuns: 100 },
    );
  });
});

describe('diffServiceTags', () => {
  const oldFile = parsed(
    tagsFile([
      { name: 'AzureMachineLearning', prefixes: ['10.0.0.0/25', '10.0.0.128/25', '10.9.0.0/24'] },
      { name: 'Gone', prefixes: ['10.1.0.0/24'] },
    ]),
    'old.json',
  );
  const newFile = parsed(
    tagsFile([
      { name: 'AzureMachineLearning', prefixes: ['10.0.0.0/24', '10.8.0.0/24', '2001:db8::/48'] },
      { name: 'New', prefixes: ['10.2.0.0/24'] },
    ]),
    'new.json',
  );

  it('compares aggregated sets: a split prefix that merges to the same block is no change', () => {
    expect(diffServiceTags(oldFile, newFile, ['AzureMachineLearning'])).toEqual([
      { tag: 'AzureMachineLearning', added: ['10.8.0.0/24', '2001:db8::/48'], removed: ['10.9.0.0/24'], oldCount: 2, newCount: 3 },
    ]);
  });

  it('marks tags present in only one file', () => {
    expect(diffServiceTags(oldFile, newFile, ['New', 'Gone'])).toEqual([
      { tag: 'Gone', added: [], removed: ['10.1.0.0/24'], oldCount: 1, newCount: 0, missingIn: 'new' },
      { tag: 'New', added: ['10.2.0.0/24'], removed: [], oldCount: 0, newCount: 1, missingIn: 'old' },
    ]);
  });

  it('a tag in neither file is marked so, not as added', () => {
    expect(diffServiceTags(oldFile, newFile, ['Neither'])).toEqual([{ tag: 'Neither', added: [], removed: [], oldCount: 0, newCount: 0, missingIn: 'both' }]);
  });
});

describe('diffServiceTags (property)', () => {
  const prefix = fc
    .tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 22, max: 30 }))
    .map(([n, p]) => `10.0.${n * 4}.0/${p}`);
  it('applying the diff to the old aggregated list gives the new one, and a file diffed with itself is empty', () => {
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 12 }), fc.array(prefix, { maxLength: 12 }), (a, b) => {
        const o = parsed(tagsFile([{ name: 'T', prefixes: a }]), 'o.json');
        const n = parsed(tagsFile([{ name: 'T', prefixes: b }]), 'n.json');
        const [d] = diffServiceTags(o, n, ['T']);
        if (!d) throw new Error('no diff');
        const applied = [...aggregateStrings(a).filter((x) => !d.removed.includes(x)), ...d.added];
        expect(new Set(applied)).toEqual(new Set(aggregateStrings(b)));
        const [same] = diffServiceTags(o, o, ['T']);
        expect([same?.added, same?.removed]).toEqual([[], []]);
      }),
      { numRuns: 200 },
    );
  });
});


describe('parseServiceTags: a byte-order mark', () => {
  // Windows PowerShell writes a BOM with every Unicode encoding (about_Character_Encoding,
  // https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding,
  // read 2026-12-07); src/cli/decode.ts hands it on as U+FEFF (UTF-8 and UTF-16 alike).
  it('reads a release saved with a BOM as the same file, and places errors after it at the same line and column', () => {
    const text = tagsFile([{ name: 'AzureMachineLearning', prefixes: ['10.0.0.0/24'] }]);
    const f = parsed(`\uFEFF${text}`);
    expect(f.tags.get('AzureMachineLearning')?.addressPrefixes).toEqual(['10.0.0.0/24']);
    expect(f.changeNumber).toBe(parsed(text).changeNumber);
    const bad = parseServiceTags('\uFEFF{\n  "changeNumber": 1,\n  "values": [\n}', 'bad.json');
    expect(bad.diagnostics[0]).toMatchObject({ code: 'IL5-TAGS-JSON', location: { file: 'bad.json', line: 4, column: 1 } });
    const badPrefix = parseServiceTags(`\uFEFF${tagsFile([{ name: 'A', prefixes: ['10.0.0.0/33'] }])}`, 'p.json');
    const plain = parseServiceTags(tagsFile([{ name: 'A', prefixes: ['10.0.0.0/33'] }]), 'p.json');
    expect(badPrefix.diagnostics).toEqual(plain.diagnostics);
    expect(badPrefix.diagnostics[0]?.code).toBe('IL5-TAGS-FORMAT');
  });
});

describe('parseServiceTags: what is wrong with a file that is not JSON', () => {
  const one = (text: string): { message: string; fix: string; location?: { line: number; column: number } } => {
    const r = parseServiceTags(text, 'st.json');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    return r.diagnostics[0] as { message: string; fix: string; location?: { line: number; column: number } };
  };
  it('an empty file says so', () => {
    expect(one('').message).toBe('st.json is empty');
    expect(one(' \n').message).toBe('st.json is empty');
  });
  it('the Download Center page saved in place of the file says so, and where the file is', () => {
    const d = one('<!DOCTYPE html>\n<html><head><title>Download Azure IP Ranges and Service Tags – US Government Cloud</title>');
    expect(d.message).toBe('st.json is a web page (HTML), not the service tags JSON');
    expect(d.fix).toContain('https://www.microsoft.com/download/details.aspx?id=57063');
  });
  it('a file cut short says so, at the first error', () => {
    const full = tagsFile([{ name: 'AzureMachineLearning', prefixes: ['10.0.0.0/24', '10.1.0.0/24'] }]);
    const cut = full.slice(0, full.indexOf('10.1.0.0') + 3);
    const d = one(cut);
    // In plain words (core/json-tolerant.ts parseErrorWords); before, jsonc-parser's enum name: "(UnexpectedEndOfString here)".
    expect(d.message).toMatch(/^st\.json is not valid JSON: it ends before the document does \(the text ends inside a string: its closing `"` is missing\): a download cut short\?$/);
    expect(d.location?.line).toBe(cut.split('\n').length);
  });
  it('a syntax error inside names the error', () => {
    // Before: "st.json is not valid JSON: PropertyNameExpected".
    expect(one('{"changeNumber": 1,, "values": []}').message).toBe('st.json is not valid JSON: unexpected `,` where a key (a string in double quotes) was expected');
  });
});
