import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/package-sources.js';
import { expectCase, type RuleCase } from '../helpers.js';

const p = (body: string) => `firewall:\n  packageSources:\n${body}`;
const cases: RuleCase[] = [
  { name: 'public (the default)', yaml: 'prefix: abc\n', expected: [] },
  { name: 'closed', yaml: p('    mode: closed\n'), expected: [] },
  { name: 'a mirror with two hosts', yaml: p('    mode: mirror\n    mirror: [artifacts.example.mil, conda.example.mil]\n'), expected: [] },
  {
    name: 'mirror without hosts',
    yaml: p('    mode: mirror\n'),
    expected: [{ severity: 'error', line: 3, column: 11, message: 'firewall.packageSources.mode is mirror but no mirror host is given' }],
  },
  {
    name: 'a URL in place of a host',
    yaml: p('    mode: mirror\n    mirror: [https://artifacts.example.mil/pypi]\n'),
    expected: [{ severity: 'error', line: 4, column: 14, message: 'mirror host "https://artifacts.example.mil/pypi" is not a host name', fix: 'write the host alone, without https:// or a path, e.g. artifacts.example.mil' }],
  },
  {
    name: 'mirror hosts with mode public: ignored, a warning',
    yaml: p('    mirror: [artifacts.example.mil]\n'),
    expected: [{ severity: 'warning', line: 3, column: 13, message: 'firewall.packageSources.mirror is ignored with mode public' }],
  },
];

describe('rule package-sources', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
