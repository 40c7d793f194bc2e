import fc from 'fast-check';
import type { ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { notStrictError, parseTolerant, strictSyntaxError, TOLERANT_LIMIT, tolerable } from '../../src/core/json-tolerant.js';

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
      message: 'p.json is not valid JSON: a comma before the closing } (a file over 32 MB is read as strict JSON only: no comments, no trailing commas)',
      fix: 'fix it',
      location: { file: 'p.json', line: 2, column: 9 },
    });
    expect(notStrictError('q.json', `// c\n${pad}{}`, 'C', 'f').location).toEqual({ file: 'q.json', line: 1, column: 1 });
    // Node 20's JSON.parse names no position for these ("Unexpected token ']', ..." and "Unexpected end of
    // JSON input"): they were placed at 1:1, the start of a file of millions of lines.
    const list = `[\n${pad}"a",\n  "b",\n]`;
    expect(() => JSON.parse(list)).toThrow(/^Unexpected token/);
    expect(notStrictError('r.json', list, 'C', 'f')).toMatchObject({ message: expect.stringMatching(/^r.json is not valid JSON: a comma before the closing \] /) as unknown, location: { file: 'r.json', line: 4, column: 1 } });
    const cut = `{"values": [\n${pad}{"name": "x"},\n  `;
    expect(() => JSON.parse(cut)).toThrow(/^Unexpected end of JSON input/);
    expect(notStrictError('s.json', cut, 'C', 'f')).toMatchObject({ message: expect.stringMatching(/^s.json is not valid JSON: the text ends before the JSON does /) as unknown, location: { file: 's.json', line: 3, column: 3 } });
    const commented = `{\n${pad}"a": // note\n 1}`;
    expect(() => JSON.parse(commented)).toThrow(/^Unexpected token '\/'/);
    expect(notStrictError('t.json', commented, 'C', 'f')).toMatchObject({ message: expect.stringMatching(/^t.json is not valid JSON: expected a value /) as unknown, location: { file: 't.json', line: 2, column: TOLERANT_LIMIT + 6 } });
  });
});

describe('strictSyntaxError', () => {
  const edit = fc.constantFrom('', ',', ']', '}', '"', '\\', '\n', '{', '[', ':', '-', '0', 'x', '\u0001', 'tru', '1.', '"\\u12"', '"\\u1234u"', 'e+', '\t', '01', '/*', '\ufeff');
  it('refuses what JSON.parse refuses, at the position JSON.parse names when it names one (fast-check)', () => {
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
        const found = strictSyntaxError(text);
        expect(found === undefined, `${JSON.stringify(text)}: ${message ?? 'accepted'}`).toBe(message === undefined);
        const named = message === undefined ? undefined : /at position (\d+)/.exec(message);
        if (named) expect(found?.offset, `${JSON.stringify(text)}: ${message}`).toBe(Number(named[1]));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads nesting of any depth and long strings and numbers without a stack (a million brackets)', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(strictSyntaxError(deep)).toBeUndefined();
    expect(strictSyntaxError(`${'[{"a":'.repeat(300_000)}1`)).toEqual({ offset: 300_000 * 6 + 1, problem: 'the text ends before the JSON does' });
    const long = `["${'\\n'.repeat(2_000_000)}x", ${'9'.repeat(1_000_000)}]`;
    expect(strictSyntaxError(long)).toBeUndefined();
    expect(strictSyntaxError(`{"a": "b\\qc"}`)).toEqual({ offset: 9, problem: 'a control character or an invalid escape in a string' });
  });
});
