import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isExpression, parseExpression, printExpression } from '../../src/arm/expr/index.js';
import { sharedPath } from './shared.js';

/** Every string of a JSON document that is an ARM expression ("[...]", not "[[..."). */
function expressions(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') {
    if (isExpression(v)) out.push(v);
  } else if (Array.isArray(v)) {
    for (const x of v) expressions(x, out);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (isExpression(k)) out.push(k);
      expressions(x, out);
    }
  }
  return out;
}

const inputs: [string, string][] = [
  ['templates/missionlz/mlz.json', sharedPath('templates', 'missionlz', 'mlz.json')],
  ['templates/missionlz/tier3-solution.json', sharedPath('templates', 'missionlz', 'tier3-solution.json')],
  ['azure-policy/DOD_IL5_audit.json', sharedPath('azure-policy', 'DOD_IL5_audit.json')],
  ...readdirSync(sharedPath('azure-policy', 'definitions'))
    .sort()
    .map((f): [string, string] => [`azure-policy/definitions/${f}`, sharedPath('azure-policy', 'definitions', f)]),
];

describe('every ARM expression in ../shared parses, and prints back to text that parses to the same tree', () => {
  it('real templates and policy definitions', () => {
    let count = 0;
    const failures: string[] = [];
    for (const [name, file] of inputs) {
      for (const e of expressions(JSON.parse(readFileSync(file, 'utf8')))) {
        count += 1;
        const body = e.slice(1, -1);
        try {
          const tree = parseExpression(body);
          expect(parseExpression(printExpression(tree))).toEqual(tree);
        } catch (err) {
          failures.push(`${name}: ${e.slice(0, 120)}: ${(err as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The figure measured when this test was written (3,344): a sharp drop means inputs went missing.
    expect(count).toBeGreaterThan(3000);
  });
});
