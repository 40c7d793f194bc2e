import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-LOG-001.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { set, table } from '../table.js';

// Expected verdicts follow the `if` of definition ea0dfaed-95fb-448c-934e-d6e713ce393d.
const c = examples.logCluster();
describe('IL5-LOG-001 IL5.Monitor.ClusterDoubleEncryption', () => {
  table(rule, [
    { name: 'double encryption', resource: c, expect: 'Compliant', source: 'equals true', reason: 'properties.isDoubleEncryptionEnabled = true' },
    { name: 'off', resource: set(c, 'properties.isDoubleEncryptionEnabled', false), expect: 'NonCompliant', source: 'not equals', reason: 'properties.isDoubleEncryptionEnabled = false' },
    { name: 'missing', resource: set(c, 'properties.isDoubleEncryptionEnabled', undefined), expect: 'NonCompliant', source: 'missing', reason: 'properties.isDoubleEncryptionEnabled is missing' },
    { name: 'workspace, not cluster', resource: examples.logAnalytics(), expect: 'NotApplicable', source: 'type', reason: 'Microsoft.OperationalInsights/workspaces is not a Log Analytics cluster' },
    { name: 'unknown', resource: set(c, 'properties.isDoubleEncryptionEnabled', new Unknown('x')), expect: 'Unknown', source: 'deciding field unknown', reason: 'properties.isDoubleEncryptionEnabled is unknown until deployment (x)' },
  ]);
});
