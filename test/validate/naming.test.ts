import { describe, expect, it } from 'vitest';
import { NAMING_RULES, namingProblems } from '../../src/catalog/naming.js';

// Expected values from learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules.
describe('namingProblems', () => {
  it.each([
    ['keyVault', 'il5mlkvabcdefghijklm', []],
    ['keyVault', 'kv', ['is 2 characters long (3-24 allowed)']],
    ['keyVault', '1kv-a', ['must start with a letter']],
    ['keyVault', 'kv--a', ['must not contain consecutive hyphens']],
    ['keyVault', 'kva-', ['must end with a letter or digit']],
    ['storageAccount', 'Il5mlst', ['contains "I" (allowed: lowercase letters and digits)']],
    ['storageAccount', 'a'.repeat(25), ['is 25 characters long (3-24 allowed)']],
    ['containerRegistry', 'il5-cr', ['contains "-" (allowed: letters and digits)']],
    ['windowsComputerName', 'il5ml-jumpbox-01', ['is 16 characters long (1-15 allowed)']],
    ['windowsComputerName', '12345', ['must not be all digits']],
    ['virtualNetwork', 'v', ['is 1 characters long (2-64 allowed)']],
    ['networkSecurityGroup', 'nsg.', ['must end with a letter, digit or underscore']],
    ['mlComputeCluster', 'cpu-cluster', []],
    ['mlComputeInstance', 'il5ml-ci01', []],
    ['mlComputeInstance', 'ci-01', ['must not end in digits right after a hyphen (e.g. "ci-1")']],
    ['diskEncryptionSet', 'il5ml-des', ['contains "-" (allowed: letters, digits and underscores)']],
    ['applicationInsights', 'appi.', ['must end with anything but a space or period']],
  ] as [keyof typeof NAMING_RULES, string, string[]][])('%s %j', (rule, name, problems) => {
    expect(namingProblems(NAMING_RULES[rule], name)).toEqual(problems);
  });

  it('cites a source for every rule', () => {
    for (const [id, r] of Object.entries(NAMING_RULES)) {
      expect(r.source.url, id).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(r.source.read, id).toBe('2026-11-25');
      expect(r.min, id).toBeLessThanOrEqual(r.max);
    }
  });
});
