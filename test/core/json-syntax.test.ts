import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstJsonError } from '../../src/core/json-syntax.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// Text near JSON: its punctuation, words, escapes, numbers' characters, white space and a control character.
const near = fc
  .array(fc.constantFrom('{', '}', '[', ']', '"', ':', ',', ' ', '\n', '\t', '\r', '\\', 'u', '0', '1', '9', '-', '+', '.', 'e', 'E', 'true', 'false', 'null', 'nul', 'a', "'", '/', '\u0001', 'é'), { maxLength: 24 })
  .map((parts) => parts.join(''));

/** A valid JSON text with one character inserted, deleted or replaced. */
const mutated = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'x', '0', '-', '.', ' ', '\n', '\u0000')).map(([t, k, op, ch]) => {
  const at = k % (t.length + 1);
  if (op === 'insert') return t.slice(0, at) + ch + t.slice(at);
  if (op === 'delete') return t.slice(0, at) + t.slice(at + 1);
  return t.slice(0, at) + ch + t.slice(at + 1);
});

describe('firstJsonError', () => {
  it('agrees with JSON.parse on what is valid (property), and places a problem inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(near, mutated, fc.json(), fc.string()), (text) => {
        const found = firstJsonError(text);
        expect(found === undefined).toBe(parses(text));
        if (found) {
          expect(found.offset).toBeGreaterThanOrEqual(0);
          expect(found.offset).toBeLessThanOrEqual(text.length);
          expect(found.problem.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('names the problem and where it is, in plain words', () => {
    const table: [string, number, string][] = [
      ['{"id": "b", "type": ', 20, 'the text ends where a value was expected'],
      ['{"a": 1 "b": 2}', 8, 'unexpected `"` where `,` or `}` was expected'],
      ['{"a" 1}', 5, 'unexpected `1` where `:` was expected'],
      ['{"a": }', 6, 'unexpected `}` where a value was expected'],
      ['{"a": 1,}', 7, 'a trailing comma: `,` before `}`'],
      ['[1, 2,]', 5, 'a trailing comma: `,` before `]`'],
      ['{a: 1}', 1, 'a key without quotes (`a`): JSON keys need double quotes'],
      ["{'a': 1}", 1, 'a key in single quotes: JSON keys need double quotes'],
      ["['a']", 1, 'a string in single quotes: JSON strings need double quotes'],
      ['not json', 0, "a bare word (`not`): text needs double quotes, and JSON's only words are true, false and null"],
      ['{"a": True}', 6, "a bare word (`True`): text needs double quotes, and JSON's only words are true, false and null"],
      ['[01]', 2, '`01` is not a JSON number'],
      ['[1.]', 3, '`1.` is not a JSON number'],
      ['[-Infinity]', 2, '`-Infinity` is not a JSON number'],
      ['{"a": "x', 8, 'the text ends inside a string: its closing `"` is missing'],
      ['{"a": "x\\q"}', 9, 'a bad escape in a string: `\\q` (JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)'],
      ['["\\u12"]', 6, 'a bad escape in a string: `\\u` needs four hex digits'],
      ['["a\tb"]', 3, 'a control character (U+0009) inside a string: write it as an escape'],
      ['{"a": 1} x', 9, 'unexpected `x` after the end of the value'],
      ['{"a": [1, 2}', 11, 'unexpected `}` where `,` or `]` was expected'],
      ['{"a": [1, 2]', 12, 'the text ends before the object is closed: `,` or `}` was expected'],
      ['[{"a": 1}', 9, 'the text ends before the array is closed: `,` or `]` was expected'],
      ['{"a": 1, ', 9, 'the text ends where a key was expected'],
      ['{"a"', 4, 'the text ends where `:` was expected'],
      ['{"a": 1 // note\n}', 8, 'unexpected `/` where `,` or `}` was expected'],
      ['[// note\n1]', 1, 'a comment: JSON has no comments'],
      ['', 0, 'the text ends where a value was expected'],
      ['[1x]', 2, '`1x` is not a JSON number'],
      ['[tru]', 4, "a bare word (`tru`): text needs double quotes, and JSON's only words are true, false and null"],
      ['{"a": "b\u0001"}', 8, 'a control character (U+0001) inside a string: write it as an escape'],
    ];
    for (const [text, offset, problem] of table) expect([text, firstJsonError(text)]).toEqual([text, { offset, problem }]);
    expect(firstJsonError('{"a": ', 'the line')?.problem).toBe('the line ends where a value was expected');
  });

  it('reads deep and long text without recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(firstJsonError(deep)).toBeUndefined();
    expect(firstJsonError(`${deep.slice(0, -1)}}`)).toEqual({ offset: 199_999, problem: 'unexpected `}` where `,` or `]` was expected' });
  });

  // Moved from json-tolerant.test.ts's strictSyntaxError, the second finder this one replaced (session 21).
  const edit = fc.constantFrom('', ',', ']', '}', '"', '\\', '\n', '{', '[', ':', '-', '0', 'x', '\u0001', 'tru', '1.', '"\\u12"', '"\\u1234u"', 'e+', '\t', '01', '/*', '\ufeff');
  it('places a problem where JSON.parse does when it names a position, but a trailing comma at the comma (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.nat(), edit, fc.nat(2), fc.integer({ min: 0, max: 2 }), (v, pos, insert, cut, indent) => {
        const base = JSON.stringify(v, null, indent);
        const p = pos % (base.length + 1);
        const text = base.slice(0, p) + insert + base.slice(p + cut);
        let message: string | undefined;
        try {
          JSON.parse(text);
        } catch (e) {
          message = (e as Error).message;
        }
        const found = firstJsonError(text);
        expect(found === undefined, `${JSON.stringify(text)}: ${message ?? 'accepted'}`).toBe(message === undefined);
        const named = message === undefined ? undefined : /at position (\d+)/.exec(message);
        if (!named || found === undefined) return;
        if (found.problem.startsWith('a trailing comma')) {
          // JSON.parse names the bracket after it; the comma is what is wrong.
          expect(text.charAt(found.offset), JSON.stringify(text)).toBe(',');
          expect(text.slice(found.offset + 1, Number(named[1])).trim(), JSON.stringify(text)).toBe('');
        } else expect(found.offset, `${JSON.stringify(text)}: ${message}`).toBe(Number(named[1]));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a million brackets, and long strings and numbers, in one pass', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(firstJsonError(deep)).toBeUndefined();
    expect(firstJsonError(`${'[{"a":'.repeat(300_000)}1`)).toEqual({ offset: 300_000 * 6 + 1, problem: 'the text ends before the object is closed: `,` or `}` was expected' });
    const long = `["${'\\n'.repeat(2_000_000)}x", ${'9'.repeat(1_000_000)}]`;
    expect(firstJsonError(long)).toBeUndefined();
    expect(firstJsonError(`{"a": "b\\qc"}`)).toEqual({ offset: 9, problem: 'a bad escape in a string: `\\q` (JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)' });
  });
});
