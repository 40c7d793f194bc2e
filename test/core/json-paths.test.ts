import fc from 'fast-check';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { StrictJsonPaths } from '../../src/core/json-paths.js';
import { pathInto } from '../helpers/path-into.js';

type Path = (string | number)[];

/** jsonc-parser's answer: [the property (or the value, for an array element or the document), the value]. */
function treeOffsets(text: string, path: Path): [number, number] | undefined {
  const tree = parseTree(text);
  const node = tree ? findNodeAtLocation(tree, path) : undefined;
  if (!node) return undefined;
  return [node.parent?.type === 'property' ? node.parent.offset : node.offset, node.offset];
}

/** JSON text of `v` with white space (spaces, tabs, CR LF) chosen by `spaces` between every token. */
function spaced(v: unknown, spaces: string[]): string {
  let k = 0;
  const ws = (): string => spaces[k++ % spaces.length] ?? '';
  const out = (x: unknown): string => {
    if (Array.isArray(x)) return `[${ws()}${x.map((e) => `${out(e)}${ws()}`).join(`,${ws()}`)}]`;
    if (x !== null && typeof x === 'object') return `{${ws()}${Object.entries(x).map(([key, e]) => `${JSON.stringify(key)}${ws()}:${ws()}${out(e)}${ws()}`).join(`,${ws()}`)}}`;
    return JSON.stringify(x);
  };
  return `${ws()}${out(v)}${ws()}`;
}

describe('StrictJsonPaths', () => {
  it('finds every path where jsonc-parser’s findNodeAtLocation does (property and value), and not the paths it does not', () => {
    const whitespace = fc.array(fc.stringMatching(/^[ \t\r\n]{0,3}$/), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.array(fc.nat(), { maxLength: 5 }), { minLength: 1, maxLength: 6 }), whitespace, (value, picks, spaces) => {
        const text = spaced(value, spaces);
        // The text is the value as JSON (JSON.stringify writes -0 as 0, which fast-check's values hold).
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        const paths = new StrictJsonPaths(text);
        for (const p of picks) {
          const path = pathInto(value, p);
          const want = treeOffsets(text, path);
          expect([paths.offsetOf(path), paths.valueOffsetOf(path)], `${JSON.stringify(path)} in ${text}`).toEqual(want ?? [undefined, undefined]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads keys with escapes and strings with brackets, quotes and backslashes in them; a repeated key at its first place', () => {
    const text = '{"a\\"]}": ["}", "\\\\", {"x": "[{"}],\n "\\u0062": {"c": 1},\n "d": 2, "d": {"e": 3}}';
    const p = new StrictJsonPaths(text);
    expect(p.offsetOf(['a"]}', 2, 'x'])).toBe(text.indexOf('"x"'));
    expect(p.valueOffsetOf(['a"]}', 2, 'x'])).toBe(text.indexOf('"[{"'));
    expect(p.offsetOf(['b', 'c'])).toBe(text.indexOf('"c"'));
    expect(p.offsetOf(['d'])).toBe(text.indexOf('"d"'));
    // JSON.parse keeps the last "d"; like jsonc-parser, the first is found, and nothing inside it.
    expect(p.offsetOf(['d', 'e'])).toBeUndefined();
    expect(p.offsetOf(['a"]}', '0'])).toBeUndefined();
    expect(p.offsetOf(['b', 0])).toBeUndefined();
    expect(p.offsetOf([])).toBe(0);
  });

  it('answers, and does not loop, for text that is not JSON', () => {
    for (const text of ['', '   ', '{"a": [1, 2', '{"a": "open', '{"a" 1}', '[1 2]', '{"\\x": 1}', '5']) {
      const p = new StrictJsonPaths(text);
      expect(() => [p.offsetOf(['a', 0]), p.offsetOf([1]), p.offsetOf([])]).not.toThrow();
    }
    expect(new StrictJsonPaths('{"a": [1, 2').offsetOf(['a', 1])).toBe(10);
  });
});
