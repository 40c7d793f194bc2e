import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-KV-004.js';
import { examples, ids } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Expected verdicts follow the existenceCondition of definition cf820ca0-f99e-4f3e-84fb-66e913812d21 (v5.0.0):
// count of logs[*] where (retention on with 0 or >= '365' days, enabled) or (enabled, and retention off or no storageAccountId) >= 1.
const kv = examples.keyVault();
const diag = examples.diagnosticSetting(ids.keyVault);
const log = (l: unknown) => set(diag, 'properties.logs', [l]);
describe('IL5-KV-004 IL5.KeyVault.ResourceLogs', () => {
  table(rule, [
    { name: 'allLogs to Log Analytics', resource: kv, others: [diag], expect: 'Compliant', source: 'second branch: enabled, no storageAccountId', reason: 'diagnostic setting diag-to-log enables logs[0]' },
    { name: 'no diagnostic setting', resource: kv, expect: 'NonCompliant', source: 'auditIfNotExists: no related resource', reason: 'no diagnostic setting is attached to the vault' },
    { name: 'logs disabled', resource: kv, others: [log({ categoryGroup: 'allLogs', enabled: false })], expect: 'NonCompliant', source: 'no element counts', reason: 'diagnostic setting diag-to-log enables no log category' },
    { name: 'empty logs array', resource: kv, others: [set(diag, 'properties.logs', [])], expect: 'NonCompliant', source: 'count of an empty array is 0', reason: 'diagnostic setting diag-to-log enables no log category' },
    { name: 'archive with 90-day retention', resource: kv, others: [set(log({ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 90 } }), 'properties.storageAccountId', ids.storage)], expect: 'NonCompliant', source: "padLeft('90',3,'0') = '090' < '365'", reason: 'diagnostic setting diag-to-log enables no log category' },
    { name: 'archive with 365-day retention', resource: kv, others: [set(log({ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 365 } }), 'properties.storageAccountId', ids.storage)], expect: 'Compliant', source: "'365' >= '365'", reason: 'diagnostic setting diag-to-log enables logs[0]' },
    { name: 'archive with 1000-day retention (text comparison)', resource: kv, others: [set(log({ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 1000 } }), 'properties.storageAccountId', ids.storage)], expect: 'NonCompliant', source: "padLeft compares text: '1000' < '365'", reason: 'diagnostic setting diag-to-log enables no log category' },
    { name: 'archive with retention 0 (forever)', resource: kv, others: [set(log({ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 0 } }), 'properties.storageAccountId', ids.storage)], expect: 'Compliant', source: 'days equals "0"', reason: 'diagnostic setting diag-to-log enables logs[0]' },
    { name: 'setting on another resource', resource: kv, others: [examples.diagnosticSetting(ids.storage)], expect: 'NonCompliant', source: 'only settings attached to the vault are related', reason: 'no diagnostic setting is attached to the vault' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a key vault' },
    { name: 'logs from a reference()', resource: kv, others: [set(diag, 'properties.logs', new Unknown("reference('x')"))], expect: 'Unknown', source: 'the counted array is unknown', reason: "properties.logs is unknown until deployment (reference('x'))" },
  ]);
});
