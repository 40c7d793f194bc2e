import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError, isExpression, parseExpression, printExpression, type Expr } from '../../../src/arm/expr/index.js';

/** The tree without offsets, for comparing trees parsed from different texts. */
function shape(e: Expr): unknown {
  switch (e.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return [e.kind, e.value];
    case 'null':
      return ['null'];
    case 'call':
      return ['call', e.name, e.args.map(shape)];
    case 'property':
      return ['property', shape(e.target), e.name];
    case 'index':
      return ['index', shape(e.target), shape(e.index)];
  }
}

describe('parseExpression', () => {
  it.each([
    ["concat('a', 'b')", ['call', 'concat', [['string', 'a'], ['string', 'b']]]],
    ["'it''s'", ['string', "it's"]],
    ["''''", ['string', "'"]],
    ['add(-1, 20)', ['call', 'add', [['number', -1], ['number', 20]]]],
    ['  utcNow (  )  ', ['call', 'utcNow', []]],
    ['if(true, null, false)', ['call', 'if', [['bool', true], ['null'], ['bool', false]]]],
    [
      "resourceGroup().tags['env'].x",
      ['property', ['index', ['property', ['call', 'resourceGroup', []], 'tags'], ['string', 'env']], 'x'],
    ],
    ["a()[0][1]", ['index', ['index', ['call', 'a', []], ['number', 0]], ['number', 1]]],
    ["__bicep.myFunc('x')", ['call', '__bicep.myFunc', [['string', 'x']]]],
    ["f(g(h()), 'x').y", ['property', ['call', 'f', [['call', 'g', [['call', 'h', []]]], ['string', 'x']]], 'y']],
  ])('%s', (text, expected) => {
    expect(shape(parseExpression(text))).toEqual(expected);
  });

  it.each([
    ["concat('a'", 10, 'concat'],
    ["concat('a' 'b')", 11, 'concat'],
    ["'abc", 0, undefined],
    ['concat(1.5)', 7, undefined],
    ['foo', 3, 'foo'],
    ["a().", 4, undefined],
    ["a()[0", 5, undefined],
    ['a() b()', 4, undefined],
    ['#', 0, undefined],
  ])('rejects %s at offset %i', (text, offset, fn) => {
    try {
      parseExpression(text);
      expect.unreachable('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionError);
      const err = e as ExpressionError;
      expect(err.offset).toBe(offset);
      expect(err.functionName).toBe(fn);
      expect(err.expression).toBe(text);
      expect(err.message).toContain(`offset ${offset}`);
    }
  });
});

describe('isExpression', () => {
  it.each([
    ['[concat()]', true],
    ['[[concat()]', false],
    ['plain', false],
    ['[x', false],
    ['x]', false],
    ['[]', true],
  ])('%s -> %s', (s, want) => expect(isExpression(s)).toBe(want));
});

const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/).filter((s) => !['true', 'false', 'null'].includes(s.toLowerCase()));
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string().map((value): Expr => ({ kind: 'string', value, offset: 0 })),
    fc.maxSafeInteger().map((value): Expr => ({ kind: 'number', value, offset: 0 })),
    fc.integer({ min: -1000, max: 0 }).map((value): Expr => ({ kind: 'number', value, offset: 0 })),
    fc.boolean().map((value): Expr => ({ kind: 'bool', value, offset: 0 })),
    fc.constant<Expr>({ kind: 'null', offset: 0 }),
    fc.tuple(ident, fc.array(tie('expr'), { maxLength: 4 })).map(([name, args]): Expr => ({ kind: 'call', name, args, offset: 0 })),
    fc.tuple(tie('expr'), ident).map(([target, name]): Expr => ({ kind: 'property', target, name, offset: 0 })),
    fc.tuple(tie('expr'), tie('expr')).map(([target, index]): Expr => ({ kind: 'index', target, index, offset: 0 })),
  ),
})).expr;

describe('print -> parse round trip', () => {
  it('parse(print(e)) has the shape of e', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const text = printExpression(e);
        expect(shape(parseExpression(text))).toEqual(shape(e));
        // printing is canonical: printing the re-parsed tree gives the same text
        expect(printExpression(parseExpression(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parser robustness', () => {
  it('any text either parses or fails with an ExpressionError whose offset lies within the text', () => {
    const alphabet = fc.constantFrom(...("abc_$01-9'() [],.  \t\nxyz".split('')));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(alphabet, { maxLength: 40 }).map((a) => a.join(''))), (text) => {
        try {
          parseExpression(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ExpressionError);
          const err = e as ExpressionError;
          expect(err.offset).toBeGreaterThanOrEqual(0);
          expect(err.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('where a lambda may be written', () => {
  // "Lambda expression can only be specified directly as function arguments in these functions: filter(),
  // groupBy(), map(), mapValues(), reduce(), sort(), and toObject()"
  // (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda, Limitations, read 2026-12-08).
  it.each<[string, string]>([
    ["lambda('x', 1)", 'at offset 0 is not allowed as the whole expression'],
    ["createArray(lambda('x', 1))", 'at offset 12 is not allowed as an argument of createArray()'],
    ["if(true, lambda('x', 1), null())", 'at offset 9 is not allowed as an argument of if()'],
    ["map(createArray(1), lambda('x', lambda('y', 1)))", 'at offset 32 is not allowed as an argument of lambda()'],
    ["lambda('x', 1).params", 'at offset 0 is not allowed with a property read from it'],
    ["createArray(1)[lambda('x', 1)]", 'at offset 15 is not allowed as an index'],
  ])('%s is refused when parsed', (text, where) => {
    expect(() => parseExpression(text)).toThrow(ExpressionError);
    expect(() => parseExpression(text)).toThrow(`lambda() ${where}: a lambda can only be an argument of filter(), groupBy(), map(), mapValues(), reduce(), sort() or toObject()`);
  });

  it.each([
    "filter(createArray(1), lambda('x', true))",
    "GROUPBY(createArray('a'), lambda('x', lambdaVariables('x')))",
    "map(createArray(1), lambda('x', map(createArray(2), lambda('y', 1))))",
    "mapValues(createObject('a', 1), lambda('v', 1))",
    "reduce(createArray(1), 0, lambda('a', 'b', 1))",
    "sort(createArray(1), lambda('a', 'b', true))",
    "toObject(createArray('a'), lambda('x', lambdaVariables('x')), lambda('x', 1))",
  ])('%s parses', (text) => expect(() => parseExpression(text)).not.toThrow());
});
