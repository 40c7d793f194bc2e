import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/prefix.js';
import { expectCase, type RuleCase } from '../helpers.js';

const LEN = (n: number) => `is ${n} characters long (2-8 allowed: 8 + 2 + 13 for uniqueString is the 24 of storage and key vault names)`;
const CHARS = 'may hold only lowercase letters and digits (storage account names allow nothing else)';
const START = 'must start with a letter (key vault names do)';

const cases: RuleCase[] = [
  { name: 'il5ml (the default)', yaml: 'prefix: il5ml\n', expected: [] },
  { name: 'two characters', yaml: 'prefix: ab\n', expected: [] },
  { name: 'eight characters', yaml: 'prefix: abcdefg8\n', expected: [] },
  { name: 'one character', yaml: 'prefix: a\n', expected: [{ severity: 'error', line: 1, column: 9, message: `prefix "a" ${LEN(1)}`, fix: 'use 2-8 lowercase letters and digits, e.g. "il5ml"' }] },
  { name: 'nine characters', yaml: 'prefix: abcdefghi\n', expected: [{ severity: 'error', line: 1, column: 9, message: `prefix "abcdefghi" ${LEN(9)}`, fix: 'use e.g. "abcdefgh"' }] },
  { name: 'uppercase', yaml: 'prefix: Il5ml\n', expected: [{ severity: 'error', line: 1, column: 9, message: `prefix "Il5ml" ${CHARS}`, fix: 'use e.g. "il5ml"' }] },
  { name: 'a hyphen', yaml: 'prefix: il5-ml\n', expected: [{ severity: 'error', line: 1, column: 9, message: `prefix "il5-ml" ${CHARS}`, fix: 'use e.g. "il5ml"' }] },
  { name: 'a leading digit', yaml: 'prefix: "5ml"\n', expected: [{ severity: 'error', line: 1, column: 9, message: `prefix "5ml" ${START}`, fix: 'use e.g. "ml"' }] },
  { name: 'every problem at once', yaml: 'prefix: _Too-Long-Prefix\n', expected: [{ severity: 'error', line: 1, column: 9, message: `prefix "_Too-Long-Prefix" ${LEN(16)}; ${CHARS}; ${START}`, fix: 'use e.g. "toolongp"' }] },
];

describe('rule prefix', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
