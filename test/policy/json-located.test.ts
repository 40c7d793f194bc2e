import fc from 'fast-check';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { TOLERANT_LIMIT } from '../../src/core/json-tolerant.js';
import { MAX_LISTED, parseLocated, type Path } from '../../src/policy/json-located.js';
import { pathInto } from '../helpers/path-into.js';

/** What LocatedReader.at answered when it asked jsonc-parser's findNodeAtLocation at each lookup. */
function expected(text: string, path: Path): { line: number; column: number } {
  const tree = parseTree(text);
  const node = tree ? findNodeAtLocation(tree, path) : undefined;
  const offset = node ? (node.parent?.type === 'property' ? node.parent.offset : node.offset) : 0;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

describe('parseLocated', () => {
  it('locates any path where jsonc-parser’s findNodeAtLocation did, members indexed once', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.array(fc.nat(), { maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3 }), (value, picks, indent) => {
        const text = JSON.stringify(value, null, indent);
        const read = parseLocated('v.json', text, 'X', 'fix');
        if (!('reader' in read)) throw new Error('strict JSON refused');
        for (const p of picks) {
          const path = pathInto(value, p);
          expect(read.reader.at(path), JSON.stringify(path)).toEqual({ file: 'v.json', ...expected(text, path) });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the first of a repeated key, as JSON.parse keeps the last value there and jsonc-parser located the first', () => {
    const text = '{\n  "a": 1,\n  "b": {"c": 2},\n  "a": 3\n}';
    const read = parseLocated('d.json', text, 'X', 'fix');
    if (!('reader' in read)) throw new Error('strict JSON refused');
    expect(read.reader.at(['a'])).toEqual({ file: 'd.json', line: 2, column: 3 });
    expect(read.reader.at(['b', 'c'])).toEqual({ file: 'd.json', line: 3, column: 9 });
    expect(read.reader.at(['b', 'x'])).toEqual({ file: 'd.json', line: 1, column: 1 });
  });

  it('strict JSON past the tolerant limit is read, each problem at its line and column as in a small file; text that is not strict JSON is refused', () => {
    const pad = ' '.repeat(TOLERANT_LIMIT);
    const big = parseLocated('big.json', `${pad}{"a": {"b": 1}}`, 'X', 'fix');
    if (!('reader' in big)) throw new Error('strict JSON refused');
    expect(big.doc).toEqual({ a: { b: 1 } });
    expect(big.reader.at(['a', 'b'])).toEqual({ file: 'big.json', line: 1, column: TOLERANT_LIMIT + 8 });
    big.reader.error(['a', 'b'], 'b is wrong', 'fix b');
    expect(big.reader.diagnostics).toEqual([{ severity: 'error', code: 'X', message: 'b is wrong', fix: 'fix b', location: { file: 'big.json', line: 1, column: TOLERANT_LIMIT + 8 }, path: 'a.b' }]);
    // An export of many entries, one of them bad near the end, over the limit: the lines are counted too, and
    // a path that is not in the file is at the start, as in a small file.
    const filler = 'x'.repeat(4000);
    const entry = (i: number): string => `  {\n    "name": "e${i}", "note": "${filler}",\n    "properties": {"x": ${i}}\n  }`;
    const n = Math.ceil(TOLERANT_LIMIT / entry(0).length) + 10;
    const list = `[\n${Array.from({ length: n }, (_, i) => entry(i)).join(',\n')}\n]`;
    expect(list.length).toBeGreaterThan(TOLERANT_LIMIT);
    const read = parseLocated('list.json', list, 'X', 'fix');
    if (!('reader' in read)) throw new Error('strict JSON refused');
    const at = list.indexOf(`"e${n - 3}"`);
    let line = 1;
    for (let i = list.indexOf('\n'); i >= 0 && i < at; i = list.indexOf('\n', i + 1)) line++;
    expect(read.reader.at([n - 3, 'properties', 'x'])).toEqual({ file: 'list.json', line: line + 1, column: 20 });
    expect(read.reader.at([n - 3])).toEqual({ file: 'list.json', line: line - 1, column: 3 });
    expect(read.reader.find([n - 3, 'missing'])).toBeUndefined();
    expect(read.reader.at([n, 'name'])).toEqual({ file: 'list.json', line: 1, column: 1 });
    const small = parseLocated('s.json', '{"a": {"b": 1}}', 'X', 'fix');
    if (!('reader' in small)) throw new Error('strict JSON refused');
    small.reader.warn(['a', 'b'], 'b is odd', 'look');
    expect(small.reader.diagnostics).toEqual([{ severity: 'warning', code: 'X', message: 'b is odd', fix: 'look', location: { file: 's.json', line: 1, column: 8 }, path: 'a.b' }]);
    const commented = parseLocated('c.json', `// note\n${pad}{"a": 1}`, 'X', 'fix');
    expect('diagnostics' in commented && commented.diagnostics.map((d) => [d.code, d.message, d.location])).toEqual([
      ['X', 'c.json is not valid JSON: a comment: JSON has no comments (a file over 32 MB is read as strict JSON only: no comments, no trailing commas)', { file: 'c.json', line: 1, column: 1 }],
    ]);
    const trailing = parseLocated('t.json', `${pad}{"a": 1,}`, 'X', 'fix');
    // At the comma, the character to delete (json-syntax.ts's firstJsonError; before, at the `}` after it).
    expect('diagnostics' in trailing && trailing.diagnostics[0]?.location).toEqual({ file: 't.json', line: 1, column: TOLERANT_LIMIT + 8 });
  });
});

describe('LocatedReader: how many problems of one file are listed', () => {
  it(`lists the first ${MAX_LISTED}, then one line at the first not listed counting the rest (an error among them makes it an error)`, () => {
    const text = JSON.stringify({ xs: Array.from({ length: MAX_LISTED + 500 }, () => 0) });
    const r = parseLocated('a.json', text, 'IL5-T', 'fix');
    if (!('reader' in r)) throw new Error('not read');
    for (let i = 0; i < MAX_LISTED + 500; i++) (i === MAX_LISTED + 200 ? r.reader.error : r.reader.warn).call(r.reader, ['xs', i], `xs[${i}] is 0`, 'not 0');
    const d = r.reader.diagnostics;
    expect(d).toHaveLength(MAX_LISTED + 1);
    expect(d[MAX_LISTED - 1]?.message).toBe(`xs[${MAX_LISTED - 1}] is 0`);
    const more = d[MAX_LISTED];
    expect(more?.message).toBe(`500 more problems in a.json, from here on, not listed: il5ml lists the first ${MAX_LISTED} of a file`);
    expect(more?.severity).toBe('error');
    expect(more?.location).toEqual({ file: 'a.json', line: 1, column: 8 + 2 * MAX_LISTED });
    expect(more?.path).toBe(`xs[${MAX_LISTED}]`);
  });

  it('a file of fewer problems lists every one, without a count', () => {
    const r = parseLocated('a.json', '{"xs":[0,0]}', 'IL5-T', 'fix');
    if (!('reader' in r)) throw new Error('not read');
    r.reader.warn(['xs', 0], 'a', 'f');
    r.reader.warn(['xs', 1], 'b', 'f');
    expect(r.reader.diagnostics.map((x) => [x.severity, x.message])).toEqual([
      ['warning', 'a'],
      ['warning', 'b'],
    ]);
  });
});
