import { describe, it } from 'vitest';
import { rule } from '../../../src/validate/rules/resource-names.js';
import { expectCase, type RuleCase } from '../helpers.js';

// Naming rules: learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
// (workspaces/computes 2-16; vaults/keys 1-127 alphanumerics and hyphens); compute instance 3-24,
// starting with a letter, no digits right after a final hyphen (how-to-create-compute-instance and the
// service's own error message).
const cases: RuleCase[] = [
  { name: 'the defaults', yaml: 'prefix: il5ml\n', expected: [] },
  { name: 'the longest prefix still fits key vault and storage (23 characters)', yaml: 'prefix: abcdefgh\n', expected: [] },
  // Derived instance name: 8 + "-ci" + 13 = 24 characters, the instance limit.
  { name: 'the longest prefix still fits the derived compute instance name (24 characters)', yaml: 'prefix: abcdefgh\ncompute:\n  instance:\n    vmSize: Standard_DS3_v2\n', expected: [] },
  { name: 'an instance name given in the spec is checked as written', yaml: 'compute:\n  instance:\n    name: team-notebooks\n', expected: [] },
  { name: 'a bad prefix is left to the prefix rule', yaml: 'prefix: Bad_Prefix_Too_Long\n', expected: [] },
  {
    name: 'a cluster name of 17 characters',
    yaml: 'compute:\n  cluster:\n    name: cpu-cluster-large\n',
    expected: [{ severity: 'error', line: 3, column: 11, message: 'the cluster name "cpu-cluster-large" (Microsoft.MachineLearningServices/workspaces/computes (AmlCompute), unique per workspace) is 17 characters long (2-16 allowed)', fix: 'choose a name of 2-16 characters: letters, digits and hyphens, starting with a letter' }],
  },
  {
    name: 'a cluster name with an underscore and a leading digit',
    yaml: 'compute:\n  cluster:\n    name: 1cpu_cluster\n',
    expected: [{ severity: 'error', line: 3, column: 11, message: 'the cluster name "1cpu_cluster" (Microsoft.MachineLearningServices/workspaces/computes (AmlCompute), unique per workspace) contains "_" (allowed: letters, digits and hyphens); must start with a letter' }],
  },
  {
    name: 'an instance name of 2 characters',
    yaml: 'compute:\n  instance:\n    name: ci\n',
    expected: [{ severity: 'error', line: 3, column: 11, message: 'the instance name "ci" (Microsoft.MachineLearningServices/workspaces/computes (ComputeInstance), unique per region) is 2 characters long (3-24 allowed)', fix: 'choose a name of 3-24 characters: letters, digits and hyphens, starting with a letter' }],
  },
  {
    name: 'an instance name ending in a hyphen and digits',
    yaml: 'compute:\n  instance:\n    name: notebook-01\n',
    expected: [{ severity: 'error', line: 3, column: 11, message: 'the instance name "notebook-01" (Microsoft.MachineLearningServices/workspaces/computes (ComputeInstance), unique per region) must not end in digits right after a hyphen (e.g. "ci-1")' }],
  },
  {
    name: 'a key name with a dot',
    yaml: 'keyVault:\n  key:\n    name: cmk.v1\n',
    expected: [{ severity: 'error', line: 3, column: 11, message: 'the key name "cmk.v1" (Microsoft.KeyVault/vaults/keys, unique per key vault) contains "." (allowed: letters, digits and hyphens)', fix: 'choose a name of 1-127 characters: letters, digits and hyphens' }],
  },
  {
    name: 'cluster and instance with the same name (case-insensitive)',
    yaml: 'compute:\n  cluster:\n    name: shared\n  instance:\n    name: Shared\n',
    expected: [{ severity: 'error', line: 5, column: 11, message: 'the compute instance and the compute cluster are both named "Shared"; compute names are unique within the workspace (case-insensitive)', fix: 'remove compute.instance.name to get a derived name unique to the resource group, or give the instance another name' }],
  },
];

describe('rule resource-names', () => {
  for (const c of cases) it(c.name, () => expectCase(rule, c));
});
