import type { ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { notStrictError, parseTolerant, TOLERANT_LIMIT, tolerable } from '../../src/core/json-tolerant.js';

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
