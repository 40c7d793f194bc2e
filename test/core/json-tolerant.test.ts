import { parse, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { notStrictError, parseErrorWords, parseTolerant, TOLERANT_LIMIT, tolerable } from '../../src/core/json-tolerant.js';

describe('parseTolerant', () => {
  it('strict JSON by JSON.parse: a __proto__ key stays data', () => {
    const errors: ParseError[] = [];
    const v = parseTolerant('{"__proto__": {"polluted": true}, "a": [1, 2]}', errors) as Record<string, unknown>;
    expect(errors).toEqual([]);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'a']);
    expect((v as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('comments and trailing commas within the limit, by jsonc-parser', () => {
    const errors: ParseError[] = [];
    expect(parseTolerant('// note\n{"a": [1, 2,], /* b */ "b": 1,}', errors, { allowTrailingComma: true })).toEqual({ a: [1, 2], b: 1 });
    expect(errors).toEqual([]);
  });

  it('past the limit, text that is not strict JSON is an error and no value; strict JSON of that size is read', () => {
    const pad = ' '.repeat(TOLERANT_LIMIT);
    expect(tolerable(pad)).toBe(true);
    expect(tolerable(`${pad} `)).toBe(false);
    const errors: ParseError[] = [];
    expect(parseTolerant(`// note\n${pad}{}`, errors, { allowTrailingComma: true })).toBeUndefined();
    expect(errors).toHaveLength(1);
    const none: ParseError[] = [];
    expect(parseTolerant(`${pad}{"a": 1}`, none)).toEqual({ a: 1 });
    expect(none).toEqual([]);
  });

  it('notStrictError names the file, the limit, what is wrong and where', () => {
    const pad = ' '.repeat(TOLERANT_LIMIT);
    expect(notStrictError('p.json', `${pad}\n{"a": 1,}`, 'C', 'fix it')).toEqual({
      severity: 'error',
      code: 'C',
      message: 'p.json is not valid JSON: a trailing comma: `,` before `}` (a file over 32 MB is read as strict JSON only: no comments, no trailing commas)',
      fix: 'fix it',
      location: { file: 'p.json', line: 2, column: 8 },
    });
    expect(notStrictError('q.json', `// c\n${pad}{}`, 'C', 'f').location).toEqual({ file: 'q.json', line: 1, column: 1 });
    // Node 20's JSON.parse names no position for these ("Unexpected token ']', ..." and "Unexpected end of
    // JSON input"): they were placed at 1:1, the start of a file of millions of lines. The wording and the
    // place are json-syntax.ts's firstJsonError's, the project's one finder: a trailing comma at the comma.
    const list = `[\n${pad}"a",\n  "b",\n]`;
    expect(() => JSON.parse(list)).toThrow(/^Unexpected token/);
    expect(notStrictError('r.json', list, 'C', 'f')).toMatchObject({ message: expect.stringMatching(/^r.json is not valid JSON: a trailing comma: `,` before `\]` /) as unknown, location: { file: 'r.json', line: 3, column: 6 } });
    const cut = `{"values": [\n${pad}{"name": "x"},\n  `;
    expect(() => JSON.parse(cut)).toThrow(/^Unexpected end of JSON input/);
    expect(notStrictError('s.json', cut, 'C', 'f')).toMatchObject({ message: expect.stringMatching(/^s.json is not valid JSON: the text ends where a value was expected /) as unknown, location: { file: 's.json', line: 3, column: 3 } });
    const commented = `{\n${pad}"a": // note\n 1}`;
    expect(() => JSON.parse(commented)).toThrow(/^Unexpected token '\/'/);
    expect(notStrictError('t.json', commented, 'C', 'f')).toMatchObject({ message: expect.stringMatching(/^t.json is not valid JSON: a comment: JSON has no comments /) as unknown, location: { file: 't.json', line: 2, column: TOLERANT_LIMIT + 6 } });
  });
});

// jsonc-parser's errors in plain words: before, every message was its enum name ("not valid JSON:
// InvalidSymbol", "ValueExpected"), which names neither what was found nor what was expected.
describe('parseErrorWords', () => {
  const first = (text: string, disallowComments = false): string => {
    const errors: ParseError[] = [];
    parse(text, errors, { allowTrailingComma: true, disallowComments });
    const e = errors[0];
    if (!e) throw new Error(`no error in ${JSON.stringify(text)}`);
    return parseErrorWords(e, text);
  };
  it.each([
    ['', 'the text is empty'],
    ['   \n', 'the text is empty'],
    ['prefix: il5', 'unexpected `p`: not the start of a JSON value, key or punctuation'],
    ['{"a": 1 "b": 2}', 'unexpected `"` where `,` was expected'],
    ['{"a" 1}', 'unexpected `1` where `:` was expected'],
    ['{"a": }', 'unexpected `}` where a value was expected'],
    ['{"a": 1,, "b": 2}', 'unexpected `,` where a key (a string in double quotes) was expected'],
    ['{"a": [1, 2', 'the text ends before an array is closed: `]` was expected'],
    ['{"a": 1', 'the text ends before an object is closed: `}` was expected'],
    ['{"a": "x', 'the text ends inside a string: its closing `"` is missing'],
    ['{"a": "x\\q"}', 'a bad escape in a string (JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)'],
    ['{"a": "\\u12"}', 'a bad escape in a string: `\\u` needs four hex digits'],
    ['{"a": "x\u0001"}', 'a control character (U+0001) inside a string: write it as an escape'],
    ['{} []', 'unexpected `[` after the end of the value'],
    ['/* open', 'the text ends inside a /* comment: its closing */ is missing'],
  ])('%j: %s', (text, words) => {
    expect(first(text)).toBe(words);
  });
  it('a comment where comments are refused', () => {
    expect(first('{"a": // c\n 1}', true)).toBe('a comment: JSON has no comments');
  });
});
