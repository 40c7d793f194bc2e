import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/tags.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Azure tag limits (azure-resource-manager/management/tag-resources#limitations).
const many = (n: number) => 'tags:\n' + Array.from({ length: n }, (_, i) => `  t${i}: v\n`).join('');
const cases: RuleCase[] = [
  { name: 'the default tags', yaml: 'prefix: abc\n', expected: [] },
  { name: '50 tags without a jump box', yaml: 'jumpBox: { enabled: false }\n' + many(50), expected: [] },
  { name: '51 tags without a jump box', yaml: 'jumpBox: { enabled: false }\n' + many(51), expected: [{ severity: 'error', line: 3, column: 3, message: '51 tags; Azure allows 50 on a resource', fix: 'keep at most 50 tags' }] },
  { name: 'a slash in a name', yaml: 'tags:\n  cost/center: x\n', expected: [{ severity: 'error', line: 2, column: 16, message: 'tag name "cost/center" contains one of < > % & \\ ? /' }] },
  { name: 'a value of 257 characters', yaml: `tags:\n  note: ${'x'.repeat(257)}\n`, expected: [{ severity: 'error', line: 2, column: 9, message: 'the value of tag "note" is 257 characters; at most 256' }] },
  { name: 'a value of 256 characters', yaml: `tags:\n  note: ${'x'.repeat(256)}\n`, expected: [] },
  // The jump box carries EnablePrivateNetworkGC besides the spec's tags: 50 in the spec would be 51 on it.
  {
    name: '50 tags with the jump box',
    yaml: 'jumpBox:\n  enabled: true\n' + many(50),
    expected: [
      {
        severity: 'error',
        line: 4,
        column: 3,
        message: '50 tags; the jump box also carries EnablePrivateNetworkGC (so that guest configuration reports over the Azure platform), which makes 51, and Azure allows 50 on a resource',
        fix: 'keep at most 49 tags, or set jumpBox.enabled: false',
      },
    ],
  },
  { name: '49 tags with the jump box', yaml: many(49), expected: [] },
  { name: '50 tags, one of them EnablePrivateNetworkGC', yaml: many(49) + '  EnablePrivateNetworkGC: "TRUE"\n', expected: [] },
  {
    name: 'the jump box tag in another case',
    yaml: 'tags:\n  enableprivatenetworkgc: "TRUE"\n',
    expected: [{ severity: 'error', line: 2, column: 27, message: 'tag "enableprivatenetworkgc" is the jump box\'s EnablePrivateNetworkGC tag in another case: the jump box would carry both, one tag in Azure' }],
  },
  { name: 'the jump box tag in another case, without a jump box', yaml: 'jumpBox: { enabled: false }\ntags:\n  enableprivatenetworkgc: "TRUE"\n', expected: [] },
  {
    name: 'one tag name in two cases',
    yaml: 'tags:\n  Environment: prod\n  environment: dev\n',
    expected: [{ severity: 'error', line: 3, column: 16, message: 'tag "environment" is tag "Environment" in another case: Azure tag names are case-insensitive, so the two are one tag and only one value would be kept', fix: 'keep one of "Environment" and "environment"' }],
  },
];

describe('rule tags', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
