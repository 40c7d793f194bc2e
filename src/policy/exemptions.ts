/**
 * Exemptions: a reviewed decision that a (definition, resource) pair is not held to the policy, with a
 * justification and an expiry, as Azure Policy exemptions carry them (`policyDefinitionReferenceIds`,
 * `expiresOn`, a description; https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure).
 *
 * File (`--exemptions FILE`): `{"exemptions": [{"policyDefinitionId": "<guid or full id>",
 * "resourceId": "<id or pattern with *>", "justification": "…", "expiresOn": "2027-01-31"}]}` or the array
 * alone; the spec's names `rule` and `resource` are accepted too (one shape, docs/exemptions.md). An expired exemption gives a warning and exempts nothing, as Azure stops honouring it at expiry.
 * A `resource` pattern names a resource by its full ID or its name (src/policy/resource-pattern.ts, the rule
 * `il5ml plan` applies too). Every warning and error is placed at its entry's file:line:column when the
 * caller gives the document's positions (src/cli/check-settings.ts).
 */
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { lineColumn } from '../core/json-depth.js';
import { bomAsSpace } from '../core/json-tolerant.js';
import { firstJsonError } from '../core/json-syntax.js';
import type { CheckResult } from '../core/verdict.js';
import { didYouMean } from '../spec/suggest.js';
import { armNameOf, resourceMatches } from './resource-pattern.js';

export { armNameOf, resourceMatches } from './resource-pattern.js';

export interface Exemption {
  /** A definition GUID, a full definition id, a baseline rule id, or `*`. */
  policyDefinitionId: string;
  /** A resource ID or name, or a pattern of either where `*` stands for any characters; case-insensitive (resource-pattern.ts). */
  resourceId: string;
  justification: string;
  /** ISO 8601 date or date-time; absent = no expiry. */
  expiresOn?: string;
  /** Index in the file, for messages. */
  index: number;
  /** The entry's path in its document, for messages (`exemptions[2]`, `policy.exemptions[0]`); `exemptions[<index>]` when absent. */
  label?: string;
  /** Where the entry, its rule (or policyDefinitionId) and its expiresOn stand in the file, when known. */
  at?: ExemptionPlaces;
  /**
   * Further keys the exemption matches, as `policyDefinitionId` does: the definition a baseline rule
   * mirrors and the rules that mirror a definition (src/baseline/exemption-keys.ts fills them).
   */
  also?: string[];
}

export interface ExemptionPlaces {
  entry?: SourceLocation;
  rule?: SourceLocation;
  expiresOn?: SourceLocation;
}

/** Where a path of the document stands in its file (the document's root is the empty path). */
export type Locate = (path: readonly (string | number)[]) => SourceLocation | undefined;

/** The entry's label for messages and its place: `label` alone when located, after the file otherwise. */
export function entryWhere(file: string, e: Pick<Exemption, 'index' | 'label' | 'at'>, place: keyof ExemptionPlaces = 'entry'): { text: string; location?: SourceLocation; path: string } {
  const path = e.label ?? `exemptions[${e.index}]`;
  const location = e.at?.[place] ?? e.at?.entry;
  return location ? { text: path, location, path } : { text: `${file}: ${path}`, path };
}

/** The path of an entry as text: `exemptions[2]`, `policy.exemptions[0]`; a list alone is `exemptions[2]` too. */
function labelOf(listPath: readonly string[], index: number): string {
  return `${listPath.length > 0 ? listPath.join('.') : 'exemptions'}[${index}]`;
}

/** The places of entry `index` of the list at `listPath`: the rule as written under either key name. */
export function placesOf(locate: Locate | undefined, listPath: readonly (string | number)[], index: number): ExemptionPlaces | undefined {
  if (!locate) return undefined;
  const base = [...listPath, index];
  const entry = locate(base);
  const rule = locate([...base, 'rule']) ?? locate([...base, 'policyDefinitionId']);
  const expiresOn = locate([...base, 'expiresOn']);
  return { ...(entry ? { entry } : {}), ...(rule ? { rule } : {}), ...(expiresOn ? { expiresOn } : {}) };
}

/** The keys of one exemption, in the spec's names and in Azure's (the same shape everywhere). */
const KEYS = ['rule', 'policyDefinitionId', 'resource', 'resourceId', 'justification', 'expiresOn', 'category'];

const SHAPE_FIX = 'write {"exemptions": [{"rule" (or "policyDefinitionId"), "resource" (or "resourceId"; all resources when absent), "justification", "expiresOn"}]}';

/**
 * Exemptions from a parsed document: `{"exemptions": [...]}`, the array alone, or a spec
 * (`policy.exemptions`). Each entry takes `rule` or `policyDefinitionId`, `resource` or `resourceId`
 * (every resource when absent, as in the spec), `justification`, `expiresOn` (optional) and `category`.
 */
export function parseExemptionsDoc(file: string, doc: unknown, locate?: Locate): { exemptions: Exemption[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const obj = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  const policy = obj?.policy !== null && typeof obj?.policy === 'object' ? (obj.policy as Record<string, unknown>) : undefined;
  const listPath = Array.isArray(doc) ? [] : obj?.exemptions !== undefined ? ['exemptions'] : ['policy', 'exemptions'];
  const list = Array.isArray(doc) ? doc : (obj?.exemptions ?? policy?.exemptions);
  if (!Array.isArray(list)) {
    return {
      exemptions: [],
      diagnostics: [{ severity: 'error', code: 'IL5-EXEMPT-SHAPE', message: `${file} has no "exemptions" array`, fix: SHAPE_FIX, path: file }],
    };
  }
  const exemptions: Exemption[] = [];
  list.forEach((raw, i) => {
    const label = labelOf(listPath, i);
    // Each problem at its key's position (the entry's when the key is not there), the file named when none is known.
    const problem = (message: (where: string) => string, fix: string, code = 'IL5-EXEMPT-SHAPE', key?: string): void => {
      const location = (key !== undefined ? locate?.([...listPath, i, key]) : undefined) ?? locate?.([...listPath, i]);
      diagnostics.push({ severity: 'error', code, message: message(location ? label : `${file}: ${label}`), fix, ...(location ? { location } : {}), path: key !== undefined ? `${label}.${key}` : label });
    };
    // A list (or a scalar) is not an exemption: one error, not one per element (2,000,000 zeros took minutes).
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problem((where) => `${where} is not an object`, SHAPE_FIX);
      return;
    }
    const e = raw as Record<string, unknown>;
    const unknown = Object.keys(e).filter((k) => !KEYS.includes(k));
    for (const k of unknown) problem((where) => `${where} has the unknown key "${k}".${didYouMean(k, KEYS)}`, SHAPE_FIX, undefined, k);
    const both = [['rule', 'policyDefinitionId'], ['resource', 'resourceId']].filter(([a, b]) => e[a ?? ''] !== undefined && e[b ?? ''] !== undefined);
    for (const [a, b] of both) problem((where) => `${where} has both ${a} and ${b}, which are the same key`, `keep one of ${a} and ${b}`, undefined, b);
    const rule = e.rule ?? e.policyDefinitionId;
    const resource = e.resource ?? e.resourceId ?? '*';
    const missing = [
      ...(typeof rule !== 'string' || rule.trim() === '' ? ['rule (or policyDefinitionId)'] : []),
      ...(typeof resource !== 'string' || resource.trim() === '' ? ['resource (or resourceId)'] : []),
      ...(typeof e.justification !== 'string' || e.justification.trim() === '' ? ['justification'] : []),
    ];
    if (missing.length) {
      problem((where) => `${where} lacks ${missing.join(', ')}`, 'every exemption names the rule or definition and says why');
      return;
    }
    // YAML reads an unquoted 2027-01-31 as a date.
    const expiresOn = e.expiresOn instanceof Date ? e.expiresOn.toISOString().slice(0, 10) : e.expiresOn;
    if (expiresOn !== undefined && (typeof expiresOn !== 'string' || Number.isNaN(Date.parse(expiresOn)))) {
      problem((where) => `${where}: expiresOn ${JSON.stringify(expiresOn)} is not an ISO 8601 date`, 'write a date such as "2027-01-31"', 'IL5-EXEMPT-EXPIRY', 'expiresOn');
      return;
    }
    if (unknown.length > 0 || both.length > 0) return;
    const at = placesOf(locate, listPath, i);
    exemptions.push({
      policyDefinitionId: rule as string,
      resourceId: resource as string,
      justification: e.justification as string,
      ...(typeof expiresOn === 'string' ? { expiresOn } : {}),
      index: i,
      label,
      ...(at ? { at } : {}),
    });
  });
  return { exemptions, diagnostics };
}

export function parseExemptions(file: string, input: string, locate?: Locate): { exemptions: Exemption[]; diagnostics: Diagnostic[] } {
  // A file saved by Windows PowerShell starts with a byte-order mark (core/json-tolerant.ts).
  const text = bomAsSpace(input);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // Where and what: JSON.parse names the offset where it stopped ("… in JSON at position 12") for some
    // errors only; a trailing comma in a list, a comment or a file cut short have none.
    const bad = firstJsonError(text);
    const location = bad ? { file, ...lineColumn(text, bad.offset) } : undefined;
    return {
      exemptions: [],
      diagnostics: [{ severity: 'error', code: 'IL5-EXEMPT-JSON', message: `${file} is not valid JSON: ${bad?.problem ?? (e as Error).message}`, fix: 'fix the JSON syntax (or give a .yaml file)', ...(location ? { location } : {}), path: file }],
    };
  }
  return parseExemptionsDoc(file, doc, locate);
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
 * The first exemption that matches a result decides it; a result Exempt already (by the input's own policy
 * exemptions, or an earlier source) keeps its exemption. Every exemption that matches a result counts as
 * used, whichever decided: IL5-EXEMPT-UNUSED names only those that match nothing.
 */
export function exemptionApplier(exemptions: readonly Exemption[], now: Date, file: string): { apply: (r: CheckResult) => CheckResult; diagnostics: () => Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const active: Exemption[] = [];
  for (const e of exemptions) {
    if (e.expiresOn !== undefined && Date.parse(e.expiresOn) <= now.getTime()) {
      const where = entryWhere(file, e, 'expiresOn');
      diagnostics.push({
        severity: 'warning',
        code: 'IL5-EXEMPT-EXPIRED',
        message: `${where.text} for ${e.policyDefinitionId} on ${e.resourceId} expired on ${e.expiresOn}; it no longer exempts`,
        fix: 'review it: renew expiresOn with a new justification, or fix the resource',
        ...(where.location ? { location: where.location } : {}),
        path: where.path,
      });
    } else active.push(e);
  }
  const used = new Set<Exemption>();
  const matches = (x: Exemption, r: CheckResult, name: string): boolean =>
    (definitionMatches(x.policyDefinitionId, r) || (x.also ?? []).some((k) => definitionMatches(k, r))) && resourceMatches(x.resourceId, r.resourceId, name);
  const apply = (r: CheckResult): CheckResult => {
    if (active.length === 0) return r;
    const name = armNameOf(r.resourceId);
    let first: Exemption | undefined;
    for (const x of active) {
      // Past the first match, only the exemptions not yet used need asking.
      if (first !== undefined && used.has(x)) continue;
      if (!matches(x, r, name)) continue;
      used.add(x);
      first ??= x;
      if (used.size === active.length) break;
    }
    // NotApplicable stays: an exemption changes the verdict of what is judged, as Azure's input exemptions
    // (src/policy/evaluate.ts) and plan's spec exemptions (src/baseline/index.ts) leave it.
    if (!first || r.compliance === 'Exempt' || r.compliance === 'NotApplicable') return r;
    return {
      ...r,
      compliance: 'Exempt' as const,
      reason: `exempt: ${first.justification} (was ${r.compliance}: ${r.reason})`,
      exemption: { justification: first.justification, ...(first.expiresOn ? { expiresOn: first.expiresOn } : {}) },
    };
  };
  const unused = (): Diagnostic[] =>
    active
      .filter((e) => !used.has(e))
      .map((e) => {
        const where = entryWhere(file, e);
        return {
          severity: 'warning' as const,
          code: 'IL5-EXEMPT-UNUSED',
          message: `${where.text} (${e.policyDefinitionId} on ${e.resourceId}) matched no result`,
          fix: 'check the rule or definition, and the resource pattern (a name such as il5mlkv*, parent/child for a child resource, or an ID pattern such as */vaults/kv1), or remove the exemption',
          ...(where.location ? { location: where.location } : {}),
          path: where.path,
        };
      });
  return { apply, diagnostics: () => [...diagnostics, ...unused()] };
}
