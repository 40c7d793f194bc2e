import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-MLW-001.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition ba769a63-b8cc-4b2d-abf6-ac33c7204be8 (v1.1.0).
const ws = examples.workspace();
describe('IL5-MLW-001 IL5.MachineLearning.CustomerManagedKey', () => {
  table(rule, [
    { name: 'encryption Enabled', resource: ws, expect: 'Compliant', source: 'status equals enabled (case-insensitive)', reason: "properties.encryption.status = 'Enabled'" },
    { name: 'encryption Disabled', resource: set(ws, 'properties.encryption.status', 'Disabled'), expect: 'NonCompliant', source: 'not equals', reason: "properties.encryption.status = 'Disabled'" },
    { name: 'no encryption', resource: set(ws, 'properties.encryption', undefined), expect: 'NonCompliant', source: 'missing', reason: 'properties.encryption.status is missing' },
    { name: 'AI Foundry project', resource: set(set(ws, 'kind', 'Project'), 'properties.encryption', undefined), expect: 'NotApplicable', source: 'a false kind condition makes a resource not applicable (policy applicability)', reason: "kind = 'Project': an AI Foundry project, outside the definition" },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not an Azure Machine Learning workspace' },
    { name: 'unknown', resource: set(ws, 'properties.encryption.status', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.encryption.status is unknown until deployment (x)' },
  ]);
});
