/**
 * Whatever a template says, evaluation ends in a value or an ExpressionError naming what is wrong:
 * never a JavaScript TypeError or RangeError (which the CLI would have to report as a defect).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError, evaluate, standardFunctionList, standardFunctions, withFunctions, type Expr } from '../../../src/arm/expr/index.js';
import { Unknown } from '../../../src/core/unknown.js';

const names = standardFunctionList.map((f) => f.name).filter((n) => n !== 'lambda');
const ctx = {
  functions: withFunctions(standardFunctions, [{ name: 'later', minArgs: 0, maxArgs: 0, call: () => new Unknown('known after deployment') }]),
  now: new Date('2026-01-01T00:00:00Z'),
};

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom('', 'a', 'A,b', '10.0.0.0/24', 'fd00::/64', '{"a":1}', 'P1D', '2020-01-01T00:00:00Z', '{0}', 'x').map((value): Expr => ({ kind: 'string', value, offset: 0 })),
  fc.integer({ min: -3, max: 40 }).map((value): Expr => ({ kind: 'number', value, offset: 0 })),
  fc.boolean().map((value): Expr => ({ kind: 'bool', value, offset: 0 })),
  fc.constant<Expr>({ kind: 'null', offset: 0 }),
  fc.constant<Expr>({ kind: 'call', name: 'later', args: [], offset: 0 }),
);
const tree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(...names), fc.array(tie('e'), { maxLength: 4 })).map(([name, args]): Expr => ({ kind: 'call', name, args, offset: 0 })),
    fc.tuple(fc.constantFrom('filter', 'map', 'sort', 'groupBy'), tie('e'), tie('e')).map(([name, arr, body]): Expr => ({
      kind: 'call',
      name,
      args: [arr, { kind: 'call', name: 'lambda', args: [{ kind: 'string', value: 'x', offset: 0 }, { kind: 'string', value: 'y', offset: 0 }, body], offset: 0 }],
      offset: 0,
    })),
    fc.tuple(tie('e'), fc.constantFrom('a', 'b', 'network')).map(([target, name]): Expr => ({ kind: 'property', target, name, offset: 0 })),
    fc.tuple(tie('e'), tie('e')).map(([target, index]): Expr => ({ kind: 'index', target, index, offset: 0 })),
  ),
})).e;

describe('evaluation never crashes', () => {
  it('returns a value or throws ExpressionError for any expression over the standard library', () => {
    fc.assert(
      fc.property(tree, (e) => {
        try {
          evaluate(e, ctx);
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
