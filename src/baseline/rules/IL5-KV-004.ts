import type { AzureResource } from '../../core/resource.js';
import { Unknown, isUnknown } from '../../core/unknown.js';
import { allOf, anyOf, equals, exists, fact, not, notApplicable, notEquals, read, readArray, typeIs, type Cond } from '../cond.js';
import { examples, ids } from '../examples.js';
import { IL5_INITIATIVE_URL, definitionId, portalLink } from '../meta.js';
import type { BaselineRule, RuleOutcome } from '../types.js';

const GUID = 'cf820ca0-f99e-4f3e-84fb-66e913812d21';
/** The definition's requiredRetentionDays default; the IL5 set does not override it. */
const REQUIRED_RETENTION_DAYS = '365';

/**
 * `[padLeft(current('…retentionPolicy.days'), 3, '0')] greaterOrEquals [padLeft('365', 3, '0')]`: a text
 * comparison, mirrored as Azure makes it — 1000 days sorts before '365' and does not count. When false, the
 * why says what the days are and, when they are 365 or more, why the definition still reads them as less.
 */
function retentionLongEnough(log: unknown): Cond {
  const days = read(log, 'retentionPolicy.days');
  if (days.kind === 'unknown') return fact(new Unknown(`retentionPolicy.days is unknown (${days.reason})`), 'retentionPolicy.days is unknown');
  if (days.kind === 'missing' || (typeof days.value !== 'number' && typeof days.value !== 'string')) {
    const why = 'retentionPolicy.days is missing, and padLeft() takes only a number or a string';
    return fact(new Unknown(why), why);
  }
  const shownDays = String(days.value);
  const text = shownDays.padStart(3, '0');
  const required = REQUIRED_RETENTION_DAYS.padStart(3, '0');
  if (text >= required) return fact(true, `retentionPolicy.days ${shownDays} is at least ${REQUIRED_RETENTION_DAYS} (compared as text: '${text}' >= '${required}')`);
  const n = typeof days.value === 'number' ? days.value : /^\s*-?\d+(\.\d+)?\s*$/.test(days.value) ? Number(days.value) : NaN;
  if (Number.isFinite(n) && n < Number(REQUIRED_RETENTION_DAYS)) return fact(false, `retentionPolicy.days ${shownDays} is under ${REQUIRED_RETENTION_DAYS}`);
  if (Number.isFinite(n)) {
    return fact(
      false,
      `retentionPolicy.days ${shownDays} counts as under ${REQUIRED_RETENTION_DAYS}: the Azure definition compares padLeft(days, 3, '0') with '${required}' as text, and '${text}' sorts before '${required}' (il5ml mirrors it; 0, kept forever, or ${REQUIRED_RETENTION_DAYS} to 999 days pass)`,
    );
  }
  return fact(false, `retentionPolicy.days '${shownDays}' is not a number; as text, '${text}' sorts before '${required}'`);
}

/** How a log entry is named in a reason: its index, and its category or category group. */
function logName(log: unknown, index: number): string {
  for (const key of ['category', 'categoryGroup']) {
    const f = read(log, key);
    if (f.kind === 'value' && typeof f.value === 'string' && f.value !== '') return `logs[${index}] (${f.value})`;
  }
  return `logs[${index}]`;
}

/**
 * Why a log entry that does not count does not (neither branch of the where holds, none is unknown): it is
 * not enabled; or it is, archived to a storage account with retention on, and its days are neither 0 nor
 * long enough.
 */
function whyNotCounted(log: unknown, index: number): string {
  const name = logName(log, index);
  if (equals(log, 'enabled', 'true').v !== true) return `${name} is not enabled`;
  return `${name} is archived to a storage account (storageAccountId) with its retention policy on, and ${retentionLongEnough(log).why}`;
}

/** The reasons of at most this many log entries are listed in a verdict; the rest are counted. */
const LISTED_LOGS = 3;

/** The definition's existenceCondition: count(logs[*] where …) >= 1 on one diagnostic setting. */
function settingQualifies(setting: AzureResource): Cond {
  const logs = readArray(setting, 'properties.logs');
  if ('unknown' in logs) return fact(new Unknown(logs.unknown), logs.unknown);
  const results = logs.items.map((log) =>
    anyOf(
      allOf(
        equals(log, 'retentionPolicy.enabled', 'true'),
        anyOf(equals(log, 'retentionPolicy.days', '0'), retentionLongEnough(log)),
        equals(log, 'enabled', 'true'),
      ),
      allOf(
        equals(log, 'enabled', 'true'),
        anyOf(notEquals(log, 'retentionPolicy.enabled', 'true'), not(exists(setting, 'properties.storageAccountId'))),
      ),
    ),
  );
  const hit = results.findIndex((c) => c.v === true);
  if (hit >= 0) return fact(true, `diagnostic setting ${setting.name} enables logs[${hit}]`);
  const u = results.find((c) => isUnknown(c.v));
  if (u) return fact(new Unknown(u.why), `diagnostic setting ${setting.name}: ${u.why}`);
  if (logs.items.length === 0) return fact(false, `diagnostic setting ${setting.name} enables no log category (properties.logs is empty)`);
  const whys = logs.items.slice(0, LISTED_LOGS).map((log, i) => whyNotCounted(log, i));
  const more = logs.items.length - whys.length;
  return fact(false, `diagnostic setting ${setting.name} enables no log category that counts: ${whys.join('; ')}${more > 0 ? `; and ${more} more log entr${more === 1 ? 'y' : 'ies'}` : ''}`);
}

/**
 * Mirrors "Resource logs in Key Vault should be enabled" (v5.0.0, AuditIfNotExists): compliant when a
 * diagnostic setting attached to the vault enables at least one log category (with, when it archives to
 * storage with a retention policy on, days of 0 or at least '365' compared as text, as the definition
 * compares padLeft(days, 3, '0'): 365 to 999 pass, 1000 to 3649 do not). A NonCompliant verdict names, for
 * each log entry, why it does not count: not enabled, or its retention.
 */
export const rule: BaselineRule = {
  id: 'IL5-KV-004',
  name: 'IL5.KeyVault.ResourceLogs',
  synopsis: 'Key vaults send their resource logs (AuditEvent) through a diagnostic setting.',
  rationale:
    'Every use of a customer-managed key is an AuditEvent in the vault log. Without it, an investigation cannot tell who unwrapped which key when, which IL5 audit controls require.',
  severity: 'medium',
  runbookStep: 'B',
  controls: ['AU-6(4)', 'AU-6(5)', 'AU-12', 'AU-12(1)'],
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  reads: ['Microsoft.Insights/diagnosticSettings'],
  policyDefinitionId: definitionId(GUID),
  effect: 'auditIfNotExists',
  remediation: {
    specKey: 'monitoring',
    property: 'Microsoft.Insights/diagnosticSettings on the vault',
    text: "Attach a Microsoft.Insights/diagnosticSettings resource to the vault (scope: the vault) with logs [{categoryGroup: allLogs, enabled: true}] sent to the Log Analytics workspace. A setting that archives to a storage account with a retention policy on needs retentionPolicy.days 0 (kept forever) or 365 to 999: the definition compares the days as text, so 1000 to 3649 count as less than 365.",
  },
  links: [portalLink(GUID), 'https://learn.microsoft.com/azure/key-vault/general/logging', IL5_INITIATIVE_URL],
  example: [examples.keyVault(), examples.diagnosticSetting(ids.keyVault)],
  evaluate(r, all): RuleOutcome {
    if (!typeIs(r, 'Microsoft.KeyVault/vaults')) return notApplicable(r, 'a key vault');
    const settings = all.extensionsOf(r.id, 'Microsoft.Insights/diagnosticSettings');
    if (settings.length === 0) return { compliance: 'NonCompliant', reason: 'no diagnostic setting is attached to the vault' };
    const verdicts = settings.map(settingQualifies);
    const ok = verdicts.find((c) => c.v === true);
    if (ok) return { compliance: 'Compliant', reason: ok.why };
    const u = verdicts.find((c) => isUnknown(c.v));
    if (u) return { compliance: 'Unknown', reason: u.why };
    return { compliance: 'NonCompliant', reason: verdicts.map((c) => c.why).join('; ') };
  },
};
