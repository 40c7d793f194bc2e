/**
 * A lambda written where ARM does not accept one is an error at its line and column, not a value
 * ("Lambda expression can only be specified directly as function arguments in these functions: filter(),
 * groupBy(), map(), mapValues(), reduce(), sort(), and toObject()",
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda, read 2026-12-08).
 * Before, `"value": "[createArray(lambda('x', 1))]"` expanded to [{"params":["x"],"kind":"lambda"}].
 */
import { describe, expect, it } from 'vitest';
import { expand } from './helpers.js';

describe('a misplaced lambda in a template', () => {
  it('is an error at the expression, naming where lambdas are allowed', () => {
    const r = expand({ resources: [], outputs: { o: { type: 'array', value: "[createArray(lambda('x', 1))]" } } });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain("lambda() at offset 12 is not allowed as an argument of createArray(): a lambda can only be an argument of filter(), groupBy(), map(), mapValues(), reduce(), sort() or toObject()");
    expect(errors[0]?.location?.line).toBeGreaterThan(1);
    expect(JSON.stringify(r.outputs)).not.toContain('"kind":"lambda"');
  });
});
