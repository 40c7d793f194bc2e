/**
 * Issue 13 §3: a service-tags file with many problems is located in linear work. No timing: the test
 * counts how many characters the parser reads (String.prototype.charCodeAt / indexOf calls, which every
 * scan of the text goes through) and checks every reported position against the problem's real place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineColumn } from '../../src/core/json-depth.js';
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
