/**
 * Exemptions: a reviewed decision that a (definition, resource) pair is not held to the policy, with a
 * justification and an expiry, as Azure Policy exemptions carry them (`policyDefinitionReferenceIds`,
 * `expiresOn`, a description; https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure).
 *
 * File (`--exemptions FILE`): `{"exemptions": [{"policyDefinitionId": "<guid or full id>",
 * "resourceId": "<id or pattern with *>", "justification": "…", "expiresOn": "2027-01-31"}]}` or the array
 * alone; the spec's names `rule` and `resource` are accepted too (one shape, docs/exemptions.md). An expired exemption gives a warning and exempts nothing, as Azure stops honouring it at expiry.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { CheckResult } from '../core/verdict.js';
import { didYouMean } from '../spec/suggest.js';
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
  /**
   * Further keys the exemption matches, as `policyDefinitionId` does: the definition a baseline rule
   * mirrors and the rules that mirror a definition (src/baseline/exemption-keys.ts fills them).
   */
  also?: string[];
}

/** The keys of one exemption, in the spec's names and in Azure's (the same shape everywhere). */
const KEYS = ['rule', 'policyDefinitionId', 'resource', 'resourceId', 'justification', 'expiresOn', 'category'];

const SHAPE_FIX = 'write {"exemptions": [{"rule" (or "policyDefinitionId"), "resource" (or "resourceId"; all resources when absent), "justification", "expiresOn"}]}';

/**
 * Exemptions from a parsed document: `{"exemptions": [...]}`, the array alone, or a spec
 * (`policy.exemptions`). Each entry takes `rule` or `policyDefinitionId`, `resource` or `resourceId`
 * (every resource when absent, as in the spec), `justification`, `expiresOn` (optional) and `category`.
 */
export function parseExemptionsDoc(file: string, doc: unknown): { exemptions: Exemption[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const obj = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  const policy = obj?.policy !== null && typeof obj?.policy === 'object' ? (obj.policy as Record<string, unknown>) : undefined;
  const list = Array.isArray(doc) ? doc : (obj?.exemptions ?? policy?.exemptions);
  if (!Array.isArray(list)) {
    return {
      exemptions: [],
      diagnostics: [{ severity: 'error', code: 'IL5-EXEMPT-SHAPE', message: `${file} has no "exemptions" array`, fix: SHAPE_FIX, path: file }],
    };
  }
  const exemptions: Exemption[] = [];
  list.forEach((raw, i) => {
    const where = `${file}: exemptions[${i}]`;
    // A list (or a scalar) is not an exemption: one error, not one per element (2,000,000 zeros took minutes).
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      diagnostics.push({ severity: 'error', code: 'IL5-EXEMPT-SHAPE', message: `${where} is not an object`, fix: SHAPE_FIX, path: `exemptions[${i}]` });
      return;
    }
    const e = raw as Record<string, unknown>;
    const unknown = Object.keys(e).filter((k) => !KEYS.includes(k));
    for (const k of unknown) {
      diagnostics.push({ severity: 'error', code: 'IL5-EXEMPT-SHAPE', message: `${where} has the unknown key "${k}".${didYouMean(k, KEYS)}`, fix: SHAPE_FIX, path: `exemptions[${i}].${k}` });
    }
    const both = [['rule', 'policyDefinitionId'], ['resource', 'resourceId']].filter(([a, b]) => e[a ?? ''] !== undefined && e[b ?? ''] !== undefined);
    for (const [a, b] of both) diagnostics.push({ severity: 'error', code: 'IL5-EXEMPT-SHAPE', message: `${where} has both ${a} and ${b}, which are the same key`, fix: `keep one of ${a} and ${b}`, path: `exemptions[${i}]` });
    const rule = e.rule ?? e.policyDefinitionId;
    const resource = e.resource ?? e.resourceId ?? '*';
    const missing = [
      ...(typeof rule !== 'string' || rule.trim() === '' ? ['rule (or policyDefinitionId)'] : []),
      ...(typeof resource !== 'string' || resource.trim() === '' ? ['resource (or resourceId)'] : []),
      ...(typeof e.justification !== 'string' || e.justification.trim() === '' ? ['justification'] : []),
    ];
    if (missing.length) {
      diagnostics.push({ severity: 'error', code: 'IL5-EXEMPT-SHAPE', message: `${where} lacks ${missing.join(', ')}`, fix: 'every exemption names the rule or definition and says why', path: `exemptions[${i}]` });
      return;
    }
    // YAML reads an unquoted 2027-01-31 as a date.
    const expiresOn = e.expiresOn instanceof Date ? e.expiresOn.toISOString().slice(0, 10) : e.expiresOn;
    if (expiresOn !== undefined && (typeof expiresOn !== 'string' || Number.isNaN(Date.parse(expiresOn)))) {
      diagnostics.push({ severity: 'error', code: 'IL5-EXEMPT-EXPIRY', message: `${where}: expiresOn ${JSON.stringify(expiresOn)} is not an ISO 8601 date`, fix: 'write a date such as "2027-01-31"', path: `exemptions[${i}].expiresOn` });
      return;
    }
    if (unknown.length > 0 || both.length > 0) return;
    exemptions.push({
      policyDefinitionId: rule as string,
      resourceId: resource as string,
      justification: e.justification as string,
      ...(typeof expiresOn === 'string' ? { expiresOn } : {}),
      index: i,
    });
  });
  return { exemptions, diagnostics };
}

export function parseExemptions(file: string, text: string): { exemptions: Exemption[]; diagnostics: Diagnostic[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return {
      exemptions: [],
      diagnostics: [{ severity: 'error', code: 'IL5-EXEMPT-JSON', message: `${file} is not valid JSON: ${(e as Error).message}`, fix: 'fix the JSON syntax (or give a .yaml file)', path: file }],
    };
  }
  return parseExemptionsDoc(file, doc);
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
  const applier = exemptionApplier(exemptions, now, file);
  const out = results.map(applier.apply);
  return { results: out, diagnostics: applier.diagnostics() };
}

/**
 * applyExemptions one result at a time (a large estate's results are handed on, not held): `apply` each
 * result in order, then `diagnostics()` — the expired exemptions, then those that matched no result.
 */
export function exemptionApplier(exemptions: readonly Exemption[], now: Date, file: string): { apply: (r: CheckResult) => CheckResult; diagnostics: () => Diagnostic[] } {
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
  const apply = (r: CheckResult): CheckResult => {
    const e = active.find((x) => (definitionMatches(x.policyDefinitionId, r) || (x.also ?? []).some((k) => definitionMatches(k, r))) && resourceMatches(x.resourceId, r.resourceId));
    if (!e) return r;
    used.add(e);
    return {
      ...r,
      compliance: 'Exempt' as const,
      reason: `exempt: ${e.justification} (was ${r.compliance}: ${r.reason})`,
      exemption: { justification: e.justification, ...(e.expiresOn ? { expiresOn: e.expiresOn } : {}) },
    };
  };
  const unused = (): Diagnostic[] =>
    active
      .filter((e) => !used.has(e))
      .map((e) => ({
        severity: 'warning' as const,
        code: 'IL5-EXEMPT-UNUSED',
        message: `${file}: exemptions[${e.index}] (${e.policyDefinitionId} on ${e.resourceId}) matched no result`,
        fix: 'check the definition id and the resource id pattern, or remove the exemption',
        path: `exemptions[${e.index}]`,
      }));
  return { apply, diagnostics: () => [...diagnostics, ...unused()] };
}
