import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-LOG-003.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the `if` of definition fa298e57-9444-42ba-bf04-86e8470e32c7.
const w = examples.logAnalytics();
describe('IL5-LOG-003 IL5.Monitor.QueriesInCustomerStorage', () => {
  table(rule, [
    { name: 'forceCmkForQuery true', resource: w, expect: 'Compliant', source: 'equals true', reason: 'properties.forceCmkForQuery = true' },
    { name: 'false', resource: set(w, 'properties.forceCmkForQuery', false), expect: 'NonCompliant', source: 'not equals', reason: 'properties.forceCmkForQuery = false' },
    { name: 'missing', resource: set(w, 'properties.forceCmkForQuery', undefined), expect: 'NonCompliant', source: 'missing', reason: 'properties.forceCmkForQuery is missing' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a Log Analytics workspace' },
    { name: 'unknown', resource: set(w, 'properties.forceCmkForQuery', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.forceCmkForQuery is unknown until deployment (x)' },
  ]);
});
