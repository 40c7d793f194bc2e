import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-MLW-003.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Project rule: https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link#disable-public-access
const ws = examples.workspace();
describe('IL5-MLW-003 IL5.MachineLearning.PublicNetworkAccessDisabled', () => {
  table(rule, [
    { name: 'disabled', resource: ws, expect: 'Compliant', source: 'Disabled', reason: "properties.publicNetworkAccess = 'Disabled'" },
    { name: 'enabled', resource: set(ws, 'properties.publicNetworkAccess', 'Enabled'), expect: 'NonCompliant', source: 'Enabled', reason: "properties.publicNetworkAccess = 'Enabled'" },
    { name: 'missing (Enabled)', resource: set(ws, 'properties.publicNetworkAccess', undefined), expect: 'NonCompliant', source: 'missing means Enabled', reason: 'properties.publicNetworkAccess is missing' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not an Azure Machine Learning workspace' },
    { name: 'unknown', resource: set(ws, 'properties.publicNetworkAccess', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.publicNetworkAccess is unknown until deployment (x)' },
  ]);
});
