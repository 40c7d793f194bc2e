import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/tags.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Azure tag limits (azure-resource-manager/management/tag-resources#limitations).
const many = (n: number) => 'tags:\n' + Array.from({ length: n }, (_, i) => `  t${i}: v\n`).join('');
const cases: RuleCase[] = [
  { name: 'the default tags', yaml: 'prefix: abc\n', expected: [] },
  { name: '50 tags', yaml: many(50), expected: [] },
  { name: '51 tags', yaml: many(51), expected: [{ severity: 'error', line: 2, column: 3, message: '51 tags; Azure allows 50 on a resource', fix: 'keep at most 50 tags' }] },
  { name: 'a slash in a name', yaml: 'tags:\n  cost/center: x\n', expected: [{ severity: 'error', line: 2, column: 16, message: 'tag name "cost/center" contains one of < > % & \\ ? /' }] },
  { name: 'a value of 257 characters', yaml: `tags:\n  note: ${'x'.repeat(257)}\n`, expected: [{ severity: 'error', line: 2, column: 9, message: 'the value of tag "note" is 257 characters; at most 256' }] },
  { name: 'a value of 256 characters', yaml: `tags:\n  note: ${'x'.repeat(256)}\n`, expected: [] },
];

describe('rule tags', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
