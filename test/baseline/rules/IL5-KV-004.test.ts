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
/** A setting that archives to storage: its logs' retention counts. */
const archived = (...logs: unknown[]) => set(set(diag, 'properties.logs', logs), 'properties.storageAccountId', ids.storage);
const kept = (days: unknown, name = 'AuditEvent') => ({ category: name, enabled: true, retentionPolicy: { enabled: true, days } });
const ARCHIVED = 'is archived to a storage account (storageAccountId) with its retention policy on, and';
const TEXT = (days: string, padded: string) =>
  `retentionPolicy.days ${days} counts as under 365: the Azure definition compares padLeft(days, 3, '0') with '365' as text, and '${padded}' sorts before '365' (il5ml mirrors it; 0, kept forever, or 365 to 999 days pass)`;
describe('IL5-KV-004 IL5.KeyVault.ResourceLogs', () => {
  table(rule, [
    { name: 'allLogs to Log Analytics', resource: kv, others: [diag], expect: 'Compliant', source: 'second branch: enabled, no storageAccountId', reason: 'diagnostic setting diag-to-log enables logs[0]' },
    { name: 'no diagnostic setting', resource: kv, expect: 'NonCompliant', source: 'auditIfNotExists: no related resource', reason: 'no diagnostic setting is attached to the vault' },
    { name: 'logs disabled', resource: kv, others: [log({ categoryGroup: 'allLogs', enabled: false })], expect: 'NonCompliant', source: 'no element counts: logs.enabled is not true', reason: 'diagnostic setting diag-to-log enables no log category that counts: logs[0] (allLogs) is not enabled' },
    { name: 'empty logs array', resource: kv, others: [set(diag, 'properties.logs', [])], expect: 'NonCompliant', source: 'count of an empty array is 0', reason: 'diagnostic setting diag-to-log enables no log category (properties.logs is empty)' },
    { name: 'archive with 90-day retention', resource: kv, others: [archived(kept(90))], expect: 'NonCompliant', source: "padLeft('90',3,'0') = '090' < '365'", reason: `diagnostic setting diag-to-log enables no log category that counts: logs[0] (AuditEvent) ${ARCHIVED} retentionPolicy.days 90 is under 365` },
    { name: 'archive with 30-day retention, allLogs (the reported case)', resource: kv, others: [archived({ categoryGroup: 'allLogs', enabled: true, retentionPolicy: { enabled: true, days: 30 } })], expect: 'NonCompliant', source: "padLeft('30',3,'0') = '030' < '365'", reason: `diagnostic setting diag-to-log enables no log category that counts: logs[0] (allLogs) ${ARCHIVED} retentionPolicy.days 30 is under 365` },
    { name: 'archive with 364 days, as a string', resource: kv, others: [archived(kept('364'))], expect: 'NonCompliant', source: "'364' < '365'", reason: `diagnostic setting diag-to-log enables no log category that counts: logs[0] (AuditEvent) ${ARCHIVED} retentionPolicy.days 364 is under 365` },
    { name: 'archive with 3650 days (text comparison: passes, as 365 is a prefix)', resource: kv, others: [archived(kept(3650))], expect: 'Compliant', source: "padLeft compares text: '3650' >= '365'", reason: 'diagnostic setting diag-to-log enables logs[0]' },
    { name: 'archive with 2000 days (text comparison)', resource: kv, others: [archived(kept(2000))], expect: 'NonCompliant', source: "padLeft compares text: '2000' < '365'", reason: `diagnostic setting diag-to-log enables no log category that counts: logs[0] (AuditEvent) ${ARCHIVED} ${TEXT('2000', '2000')}` },
    { name: 'archive with days "0400" (text comparison of a padded string)', resource: kv, others: [archived(kept('0400'))], expect: 'NonCompliant', source: "padLeft('0400',3,'0') = '0400' < '365'", reason: `diagnostic setting diag-to-log enables no log category that counts: logs[0] (AuditEvent) ${ARCHIVED} ${TEXT('0400', '0400')}` },
    { name: 'archive with days that are not a number', resource: kv, others: [archived(kept('forever'))], expect: 'Compliant', source: "padLeft('forever',3,'0') = 'forever' >= '365' as text", reason: 'diagnostic setting diag-to-log enables logs[0]' },
    { name: 'archive with days "1y" (not a number, sorts low)', resource: kv, others: [archived(kept('1y'))], expect: 'NonCompliant', source: "'01y' < '365' as text", reason: `diagnostic setting diag-to-log enables no log category that counts: logs[0] (AuditEvent) ${ARCHIVED} retentionPolicy.days '1y' is not a number; as text, '01y' sorts before '365'` },
    {
      name: 'one log disabled, one with short retention, and two more',
      resource: kv,
      others: [archived({ category: 'AuditEvent', enabled: false }, kept(7, 'AzurePolicyEvaluationDetails'), kept(1000, 'x'), { enabled: false })],
      expect: 'NonCompliant',
      source: 'no element counts; each says why',
      reason: `diagnostic setting diag-to-log enables no log category that counts: logs[0] (AuditEvent) is not enabled; logs[1] (AzurePolicyEvaluationDetails) ${ARCHIVED} retentionPolicy.days 7 is under 365; logs[2] (x) ${ARCHIVED} ${TEXT('1000', '1000')}; and 1 more log entry`,
    },
    { name: 'archive with 365-day retention', resource: kv, others: [set(log({ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 365 } }), 'properties.storageAccountId', ids.storage)], expect: 'Compliant', source: "'365' >= '365'", reason: 'diagnostic setting diag-to-log enables logs[0]' },
    { name: 'archive with 1000-day retention (text comparison)', resource: kv, others: [archived(kept(1000))], expect: 'NonCompliant', source: "padLeft compares text: '1000' < '365'", reason: `diagnostic setting diag-to-log enables no log category that counts: logs[0] (AuditEvent) ${ARCHIVED} ${TEXT('1000', '1000')}` },
    { name: 'archive with 999-day retention', resource: kv, others: [archived(kept(999))], expect: 'Compliant', source: "'999' >= '365'", reason: 'diagnostic setting diag-to-log enables logs[0]' },
    { name: 'retention too short but not archived to storage', resource: kv, others: [log(kept(30))], expect: 'Compliant', source: 'second branch: enabled, no storageAccountId', reason: 'diagnostic setting diag-to-log enables logs[0]' },
    { name: 'archive with retention 0 (forever)', resource: kv, others: [set(log({ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 0 } }), 'properties.storageAccountId', ids.storage)], expect: 'Compliant', source: 'days equals "0"', reason: 'diagnostic setting diag-to-log enables logs[0]' },
    { name: 'setting on another resource', resource: kv, others: [examples.diagnosticSetting(ids.storage)], expect: 'NonCompliant', source: 'only settings attached to the vault are related', reason: 'no diagnostic setting is attached to the vault' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type condition', reason: 'Microsoft.Network/publicIPAddresses is not a key vault' },
    { name: 'logs from a reference()', resource: kv, others: [set(diag, 'properties.logs', new Unknown("reference('x')"))], expect: 'Unknown', source: 'the counted array is unknown', reason: "properties.logs is unknown until deployment (reference('x'))" },
  ]);
});
