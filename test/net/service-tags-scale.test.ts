/**
 * Issue 13 §3: a service-tags file with many problems is located in linear work. No timing: the test
 * counts how many characters the parser reads (String.prototype.charCodeAt / indexOf calls, which every
 * scan of the text goes through) and checks every reported position against the problem's real place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineColumn } from '../../src/core/json-depth.js';
import { TOLERANT_LIMIT } from '../../src/core/json-tolerant.js';
import { lineIndex } from '../../src/core/line-index.js';
import { parseServiceTags } from '../../src/net/service-tags.js';
import { tagsFile } from './tags-fixture.js';

/** A file of n tags, each with one good and one bad prefix (a /33 is not an IPv4 prefix length). */
function manyBadPrefixes(n: number): string {
  return tagsFile(Array.from({ length: n }, (_, i) => ({ name: `Tag${i}`, prefixes: [`10.${i >> 8}.${i & 255}.0/24`, `10.${i >> 8}.${i & 255}.0/33`] })));
}

describe('service-tags problems are located in one pass', () => {
  it('reads each character a bounded number of times however many problems there are (2,000 problems)', () => {
    const text = manyBadPrefixes(2000);
    // A rescan from the start for each problem reads about 2,000 x text.length / 2 characters: stop it
    // at ten reads per character, with a clear failure instead of minutes of work.
    const budget = 10 * text.length;
    let reads = 0;
    const count = (): void => {
      if (++reads > budget) throw new Error(`the parser read more than ${budget} characters of a ${text.length}-character file`);
    };
    const proto = String.prototype;
    const { charCodeAt, indexOf } = proto;
    proto.charCodeAt = function (this: string, i: number) {
      count();
      return charCodeAt.call(this, i);
    };
    proto.indexOf = function (this: string, search: string, from?: number) {
      count();
      return indexOf.call(this, search, from);
    };
    let r: ReturnType<typeof parseServiceTags>;
    try {
      r = parseServiceTags(text, 'tags.json');
    } finally {
      proto.charCodeAt = charCodeAt;
      proto.indexOf = indexOf;
    }
    // The first 1,000 bad prefixes are listed, the rest counted in one more diagnostic (src/net/service-tags.ts).
    expect(r.diagnostics).toHaveLength(1001);
    expect(r.diagnostics[1000]?.message).toMatch(/1000 more prefixes are not valid CIDR blocks/);
    expect(reads).toBeGreaterThan(text.length / 2);
  });

  it('puts each of the 1,000 problems listed (of 2,000) on the line and column of its prefix', () => {
    const text = manyBadPrefixes(2000);
    const r = parseServiceTags(text, 'tags.json');
    // Where each bad prefix really is, found by one forward walk through the text counting lines.
    let pos = 0;
    let line = 1;
    let lineStart = 0;
    const want = Array.from({ length: 1000 }, (_, i) => {
      const at = text.indexOf(`"10.${i >> 8}.${i & 255}.0/33"`, pos);
      for (; pos < at; pos++) {
        if (text[pos] === '\n') {
          line++;
          lineStart = pos + 1;
        }
      }
      return { line, column: at - lineStart + 1 };
    });
    expect(r.diagnostics.slice(0, 1000).map((d) => ({ line: d.location?.line, column: d.location?.column }))).toEqual(want);
  });
});

describe('a release past the tolerant limit (32 MB, no syntax tree)', () => {
  it('puts each problem at its line and column, where a small file has it', () => {
    // Few prefixes and a long systemService (read as text, not checked) in each tag: 33 MB read in a second.
    const prefixes = Array.from({ length: 8 }, (_, j) => `10.0.${j}.0/24`);
    const one = JSON.parse(tagsFile([{ name: 'T', prefixes }])) as { values: { properties: Record<string, unknown> }[] };
    const filler = 'x'.repeat(50_000);
    const n = Math.ceil(TOLERANT_LIMIT / filler.length) + 2;
    const doc = JSON.parse(tagsFile(Array.from({ length: n }, (_, i) => ({ name: `Tag${i}`, prefixes })))) as { cloud: string; values: { name: string; properties: Record<string, unknown> }[] };
    for (const v of doc.values) v.properties.systemService = filler;
    expect(one.values[0]?.properties.systemService).toBe('T');
    doc.cloud = 'AzureCloud';
    const bad = doc.values[n - 2];
    const missing = doc.values[n - 1];
    if (!bad || !missing) throw new Error('no tags');
    bad.properties.addressPrefixes = [...prefixes.slice(0, 5), '10.0.0.0/33'];
    delete missing.properties.addressPrefixes;
    const text = JSON.stringify(doc, null, 2);
    expect(text.length).toBeGreaterThan(TOLERANT_LIMIT);
    const r = parseServiceTags(text, 'big.json');
    const at = (offset: number): { line: number; column: number } => lineIndex(text).at(offset);
    const cloud = text.indexOf('"AzureCloud"');
    const prefix = text.indexOf('"10.0.0.0/33"');
    // The tag without addressPrefixes: at its properties, the nearest member on the path that is there.
    const props = text.indexOf('{', text.indexOf('"properties"', text.indexOf(`"Tag${n - 1}"`)));
    expect(r.diagnostics.map((d) => [d.message, d.location?.line, d.location?.column])).toEqual([
      ['big.json: the file is for cloud "AzureCloud", not AzureGovernment', at(cloud).line, at(cloud).column],
      [`big.json: tag Tag${n - 2}: "10.0.0.0/33" is not a valid CIDR block: the prefix length must be a whole number from 0 to 32`, at(prefix).line, at(prefix).column],
      [`big.json: tag Tag${n - 1}: "addressPrefixes" is missing or not an array of strings`, at(props).line, at(props).column],
    ]);
    expect(at(prefix).line).toBeGreaterThan(10_000);
  });
});

describe('lineIndex', () => {
  it('gives the same line and column as a scan from the start, for any text and offset (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', ' ', 'é'), maxLength: 60 }), fc.nat(70), (text, offset) => {
        const o = Math.min(offset, text.length);
        expect(lineIndex(text).at(o)).toEqual(lineColumn(text, o));
      }),
    );
  });
});
