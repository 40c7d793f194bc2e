import { didYouMean } from '../spec/suggest.js';
import { baselineRules, RETIRED_RULES } from './index.js';
import type { BaselineRule } from './types.js';

/**
 * What an exemption's `rule` (alias `policyDefinitionId`) names, for the spec and `check --exemptions`
 * alike. A baseline rule that mirrors a Microsoft definition and that definition are one requirement
 * judged twice (offline by il5ml, in Azure by Policy): exempting either exempts both. A key that is
 * neither a rule id or name, nor a definition GUID or ID, nor `*`, is a typo: it would waive nothing,
 * silently, so it is an error with the nearest rule ids.
 */
export type ExemptionKey =
  | { kind: 'any' }
  /** Everything the exemption matches: rule ids and mirrored definition GUIDs, lower-case. */
  | { kind: 'rule' | 'definition'; keys: string[]; rules: BaselineRule[] }
  | { kind: 'unknown'; didYouMean: string }
  /** A rule id the baseline no longer has: a warning, the exemption waives nothing. */
  | { kind: 'retired'; why: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const guidOf = (r: BaselineRule): string | undefined => r.policyDefinitionId?.split('/').pop()?.toLowerCase();

export function resolveExemptionKey(key: string): ExemptionKey {
  const k = key.trim().toLowerCase();
  if (k === '*') return { kind: 'any' };
  const byRule = baselineRules.filter((r) => r.id.toLowerCase() === k || r.name.toLowerCase() === k);
  if (byRule.length > 0) {
    const keys = byRule.flatMap((r) => [r.id.toLowerCase(), ...(guidOf(r) ? [guidOf(r) ?? ''] : [])]);
    return { kind: 'rule', keys: [...new Set(keys)], rules: byRule };
  }
  const retired = Object.entries(RETIRED_RULES).find(([id]) => id.toLowerCase() === k);
  if (retired) return { kind: 'retired', why: `${retired[1]}; remove this exemption` };
  const last = k.split('/').pop() ?? k;
  if (GUID.test(last) || k.includes('/')) {
    const mirrors = baselineRules.filter((r) => guidOf(r) === last);
    return { kind: 'definition', keys: [...new Set([k, last, ...mirrors.map((r) => r.id.toLowerCase())])], rules: mirrors };
  }
  return { kind: 'unknown', didYouMean: didYouMean(key, [...baselineRules.map((r) => r.id), ...baselineRules.map((r) => r.name)]) };
}

/** The message and fix of an unknown key, shared by the spec rule and check's exemptions file. */
export function unknownKeyText(key: string, suggestion: string): { message: string; fix: string } {
  return {
    message: `'${key}' is no baseline rule id or name, and no policy definition GUID or ID: the exemption would waive nothing.${suggestion}`,
    fix: 'write a rule id from `il5ml rules` (e.g. IL5-KV-003), or the GUID of the policy definition to exempt',
  };
}
