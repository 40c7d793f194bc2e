/**
 * Exemptions: a reviewed decision that a (definition, resource) pair is not held to the policy, with a
 * justification and an expiry, as Azure Policy exemptions carry them (`policyDefinitionReferenceIds`,
 * `expiresOn`, a description; https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure).
 *
 * File (`--exemptions FILE`): `{"exemptions": [{"policyDefinitionId": "<guid or full id>",
 * "resourceId": "<id or pattern with *>", "justification": "…", "expiresOn": "2027-01-31"}]}` or the array
 * alone. An expired exemption gives a warning and exempts nothing, as Azure stops honouring it at expiry.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { CheckResult } from '../core/verdict.js';
import { likeMatches } from './wildcard.js';

export interface Exemption {
  /** A definition GUID, a full definition id, a baseline rule id, or `*`. */
  policyDefinitionId: string;
  /** A resource id, or a pattern where `*` stands for any characters; case-insensitive. */
  resourceId: string;
  justification: string;
  /** ISO 8601 date or date-time; absent = no expiry. */
  expiresOn?: string;
  /** Index in the file, for messages. */
  index: number;
}

export function parseExemptions(file: string, text: string): { exemptions: Exemption[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return {
      exemptions: [],
      diagnostics: [{ severity: 'error', code: 'IL5-EXEMPT-JSON', message: `${file} is not valid JSON: ${(e as Error).message}`, fix: 'fix the JSON syntax', path: file }],
    };
  }
  const list = Array.isArray(doc) ? doc : doc !== null && typeof doc === 'object' ? (doc as { exemptions?: unknown }).exemptions : undefined;
  if (!Array.isArray(list)) {
    return {
      exemptions: [],
      diagnostics: [{ severity: 'error', code: 'IL5-EXEMPT-SHAPE', message: `${file} has no "exemptions" array`, fix: 'write {"exemptions": [{"policyDefinitionId", "resourceId", "justification", "expiresOn"}]}', path: file }],
    };
  }
  const exemptions: Exemption[] = [];
  list.forEach((raw, i) => {
    const e = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const where = `${file}: exemptions[${i}]`;
    const missing = ['policyDefinitionId', 'resourceId', 'justification'].filter((k) => typeof e[k] !== 'string' || (e[k] as string).trim() === '');
    if (missing.length) {
      diagnostics.push({ severity: 'error', code: 'IL5-EXEMPT-SHAPE', message: `${where} lacks ${missing.join(', ')}`, fix: 'every exemption names the definition, the resource and why', path: `exemptions[${i}]` });
      return;
    }
    const expiresOn = e.expiresOn;
    if (expiresOn !== undefined && (typeof expiresOn !== 'string' || Number.isNaN(Date.parse(expiresOn)))) {
      diagnostics.push({ severity: 'error', code: 'IL5-EXEMPT-EXPIRY', message: `${where}: expiresOn ${JSON.stringify(expiresOn)} is not an ISO 8601 date`, fix: 'write a date such as "2027-01-31"', path: `exemptions[${i}].expiresOn` });
      return;
    }
    exemptions.push({
      policyDefinitionId: e.policyDefinitionId as string,
      resourceId: e.resourceId as string,
      justification: e.justification as string,
      ...(typeof expiresOn === 'string' ? { expiresOn } : {}),
      index: i,
    });
  });
  return { exemptions, diagnostics };
}

function lastSegment(id: string): string {
  const parts = id.split('/');
  return (parts[parts.length - 1] ?? id).toLowerCase();
}

function definitionMatches(pattern: string, r: CheckResult): boolean {
  if (pattern === '*') return true;
  const p = pattern.toLowerCase();
  if (p === r.policyDefinitionId.toLowerCase() || p === (r.ruleId ?? '').toLowerCase()) return true;
  // A bare GUID matches the definition of that GUID.
  return !p.includes('/') && p === lastSegment(r.policyDefinitionId);
}

/** An exemption's resource pattern: `*` wildcards, case-insensitive, in linear time (policy `like`'s matcher). */
export function resourceMatches(pattern: string, id: string): boolean {
  return likeMatches(pattern, id);
}

/**
 * Marks matching results Exempt (with the justification). `now` decides expiry; expired exemptions are
 * warnings, and so are exemptions that matched nothing (a typo would otherwise hide silently).
 */
export function applyExemptions(results: readonly CheckResult[], exemptions: readonly Exemption[], now: Date, file: string): { results: CheckResult[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const active: Exemption[] = [];
  for (const e of exemptions) {
    if (e.expiresOn !== undefined && Date.parse(e.expiresOn) <= now.getTime()) {
      diagnostics.push({
        severity: 'warning',
        code: 'IL5-EXEMPT-EXPIRED',
        message: `${file}: exemptions[${e.index}] for ${e.policyDefinitionId} on ${e.resourceId} expired on ${e.expiresOn}; it no longer exempts`,
        fix: 'review it: renew expiresOn with a new justification, or fix the resource',
        path: `exemptions[${e.index}]`,
      });
    } else active.push(e);
  }
  const used = new Set<Exemption>();
  const out = results.map((r) => {
    const e = active.find((x) => definitionMatches(x.policyDefinitionId, r) && resourceMatches(x.resourceId, r.resourceId));
    if (!e) return r;
    used.add(e);
    return {
      ...r,
      compliance: 'Exempt' as const,
      reason: `exempt: ${e.justification} (was ${r.compliance}: ${r.reason})`,
      exemption: { justification: e.justification, ...(e.expiresOn ? { expiresOn: e.expiresOn } : {}) },
    };
  });
  for (const e of active) {
    if (!used.has(e)) {
      diagnostics.push({
        severity: 'warning',
        code: 'IL5-EXEMPT-UNUSED',
        message: `${file}: exemptions[${e.index}] (${e.policyDefinitionId} on ${e.resourceId}) matched no result`,
        fix: 'check the definition id and the resource id pattern, or remove the exemption',
        path: `exemptions[${e.index}]`,
      });
    }
  }
  return { results: out, diagnostics };
}
