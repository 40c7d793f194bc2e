/**
 * Policy exemptions declared in the input: `Microsoft.Authorization/policyExemptions` resources of a
 * template (as `il5ml plan` emits them) or of an export. Azure reports a resource Exempt for an assignment
 * when an exemption covers it; `il5ml check` does the same, offline, for Microsoft's definitions and for the
 * baseline rules that mirror them.
 *
 * Semantics, from Microsoft Learn, "Azure Policy exemption structure"
 * (https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure):
 * - the exemption is "a child object on the resource hierarchy or the individual resource granted the
 *   exemption": its scope is the resource group, subscription or resource above it (or its template
 *   `scope`), and it covers that scope and everything under it;
 * - `policyAssignmentId` is "the full path name of either a policy assignment or an initiative assignment";
 *   what it assigns is read from the `Microsoft.Authorization/policyAssignments` resource of the input with
 *   that id (its `policyDefinitionId` names a definition or a set; a set's name is its GUID);
 * - for an initiative assignment, `policyDefinitionReferenceIds` limits it to those definitions of the set
 *   ("must match the values in the initiative definition in the policyDefinitions.policyDefinitionReferenceId
 *   fields"); without it, the whole set;
 * - `exemptionCategory` is Waiver or Mitigated;
 * - at `expiresOn` "the exemption is no longer honored" (the object stays): il5ml warns and does not exempt;
 * - "Resources that are exempt count toward overall compliance, but can't be evaluated": Exempt replaces
 *   whatever verdict the pair had;
 * - of the resource-provider modes, exemptions work with Microsoft.Kubernetes.Data, Microsoft.KeyVault.Data
 *   and Microsoft.Network.Data only (evaluate.ts).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { isUnknown } from '../core/unknown.js';
import type { CheckResult } from '../core/verdict.js';
import { pushAll } from '../core/array.js';

export const EXEMPTION_STRUCTURE_URL = 'https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure';

export const EXEMPTION_TYPE = 'microsoft.authorization/policyexemptions';
export const ASSIGNMENT_TYPE = 'microsoft.authorization/policyassignments';
/** The types readInputExemptions reads (lower-case): a pass that keeps only some resources keeps these. */
export const INPUT_EXEMPTION_TYPES: readonly string[] = [EXEMPTION_TYPE, ASSIGNMENT_TYPE];

/** What an assignment assigns: one definition, or a set (by the last segment of its id: the GUID of a built-in). */
export interface AssignedPolicy {
  kind: 'definition' | 'set';
  /** Lower-case last segment of `policyDefinitionId`. */
  name: string;
  /** `policyDefinitionId` as written. */
  id: string;
}

export interface InputExemption {
  /** The exemption resource's id and name, for reasons. */
  id: string;
  name: string;
  /** Lower-case id of what it covers: that resource, group or subscription, and all below. */
  scope: string;
  assignmentId: string;
  assigned: AssignedPolicy;
  /** Lower-case reference ids; undefined: the whole set (or the one definition). */
  referenceIds?: string[];
  category: string;
  /** The description, else the display name: the justification results carry. */
  justification: string;
  expiresOn?: string;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) ? (v as Record<string, unknown>) : undefined;
}

function get(o: Record<string, unknown> | undefined, name: string): unknown {
  if (!o) return undefined;
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function lastSegment(id: string): string {
  const parts = id.split('/');
  return (parts[parts.length - 1] ?? id).toLowerCase();
}

/** The scope of an extension resource: its template `scope`, else its id up to the last `/providers/`. */
function scopeOf(r: AzureResource): string {
  if (typeof r.scope === 'string' && r.scope !== '') return r.scope.toLowerCase();
  const id = r.id.toLowerCase();
  const at = id.lastIndexOf('/providers/microsoft.authorization/');
  return at >= 0 ? id.slice(0, at) : id;
}

function warning(r: AzureResource, code: string, message: string, fix: string): Diagnostic {
  return { severity: 'warning', code, message, fix, ...(r.source ? { location: r.source } : { path: r.id }) };
}

/**
 * All that readInputExemptions reads of a policy assignment (its id, name and policyDefinitionId): what a
 * two-pass check keeps of one instead of the whole resource (its parameters, metadata…).
 */
export function assignmentStandIn(r: AzureResource): AzureResource {
  const defId = get(obj(r.properties), 'policyDefinitionId');
  return { id: r.id, type: r.type, name: r.name, properties: defId === undefined ? {} : { policyDefinitionId: defId } };
}

/**
 * Reads the exemptions of the input that are in force at `now` (ISO 8601 date or date-time; the caller's
 * clock — core code reads none). Expired ones, ones whose assignment is not in the input, and ones with a
 * value known only after deployment are warnings and exempt nothing.
 */
export function readInputExemptions(
  resources: readonly AzureResource[],
  now: string | undefined,
): { exemptions: InputExemption[]; expired: InputExemption[]; diagnostics: Diagnostic[] } {
  const exemptions: InputExemption[] = [];
  const expired: InputExemption[] = [];
  const diagnostics: Diagnostic[] = [];
  let assignments: Map<string, AzureResource> | undefined;
  for (const r of resources) {
    if (r.type.length !== EXEMPTION_TYPE.length || r.type.toLowerCase() !== EXEMPTION_TYPE) continue;
    assignments ??= new Map(resources.filter((a) => a.type.length === ASSIGNMENT_TYPE.length && a.type.toLowerCase() === ASSIGNMENT_TYPE).map((a) => [a.id.toLowerCase(), a]));
    const props = obj(r.properties);
    const assignmentId = get(props, 'policyAssignmentId');
    if (typeof assignmentId !== 'string') {
      const why = isUnknown(assignmentId) ? `is known only after deployment (${assignmentId.reason})` : 'is missing';
      diagnostics.push(warning(r, 'IL5-EXEMPT-ASSIGNMENT', `policy exemption ${r.name}: its policyAssignmentId ${why}; it exempts nothing here`, 'set properties.policyAssignmentId to the id of a policy assignment declared in the same input'));
      continue;
    }
    const assignment = assignments.get(assignmentId.toLowerCase());
    const defId = get(obj(assignment?.properties), 'policyDefinitionId');
    if (!assignment || typeof defId !== 'string') {
      diagnostics.push(
        warning(
          r,
          'IL5-EXEMPT-ASSIGNMENT',
          assignment
            ? `policy exemption ${r.name}: assignment ${assignment.name} has no policyDefinitionId that can be read offline; it exempts nothing here`
            : `policy exemption ${r.name}: its assignment ${assignmentId} is not in the input, so what it exempts from is unknown; it exempts nothing here`,
          'give the Microsoft.Authorization/policyAssignments resource in the same input (il5ml plan emits both)',
        ),
      );
      continue;
    }
    const expiresOn = get(props, 'expiresOn');
    let isExpired = false;
    if (expiresOn !== undefined && expiresOn !== null) {
      const at = typeof expiresOn === 'string' ? Date.parse(expiresOn) : Number.NaN;
      if (Number.isNaN(at)) {
        diagnostics.push(warning(r, 'IL5-EXEMPT-EXPIRY', `policy exemption ${r.name}: expiresOn ${isUnknown(expiresOn) ? 'is known only after deployment' : JSON.stringify(expiresOn) + ' is not an ISO 8601 date-time'}; it exempts nothing here`, 'write expiresOn as yyyy-MM-ddTHH:mm:ssZ'));
        continue;
      }
      const today = now === undefined ? Number.NaN : Date.parse(now);
      if (Number.isNaN(today)) {
        diagnostics.push(warning(r, 'IL5-EXEMPT-EXPIRY', `policy exemption ${r.name} expires on ${String(expiresOn)}, and no evaluation date was given to judge it; it exempts nothing here`, 'give the evaluation date (il5ml check gives the clock)'));
        continue;
      }
      if (at <= today) {
        isExpired = true;
        diagnostics.push(
          warning(r, 'IL5-EXEMPT-EXPIRED', `policy exemption ${r.name} expired on ${String(expiresOn)}; Azure no longer honours it, and neither does il5ml`, 'renew expiresOn with a new justification, or fix the resource and remove the exemption'),
        );
      }
    }
    const refs = get(props, 'policyDefinitionReferenceIds');
    if (refs !== undefined && refs !== null && (!Array.isArray(refs) || refs.some((x) => typeof x !== 'string'))) {
      diagnostics.push(warning(r, 'IL5-EXEMPT-REFERENCES', `policy exemption ${r.name}: policyDefinitionReferenceIds must be a list of texts known before deployment; it exempts nothing here`, 'list the reference ids of the set, as its policyDefinitions[*].policyDefinitionReferenceId give them'));
      continue;
    }
    if (get(props, 'resourceSelectors') !== undefined) {
      diagnostics.push(warning(r, 'IL5-EXEMPT-SELECTORS', `policy exemption ${r.name} has resourceSelectors, which il5ml does not evaluate; it exempts nothing here`, 'check this exemption in Azure, or scope it to resources instead of selectors'));
      continue;
    }
    const category = get(props, 'exemptionCategory');
    const description = get(props, 'description');
    const displayName = get(props, 'displayName');
    const justification = typeof description === 'string' && description.trim() !== '' ? description : typeof displayName === 'string' && displayName.trim() !== '' ? displayName : `policy exemption ${r.name}`;
    const list = Array.isArray(refs) ? (refs as string[]).map((x) => x.toLowerCase()) : undefined;
    (isExpired ? expired : exemptions).push({
      id: r.id,
      name: r.name,
      scope: scopeOf(r),
      assignmentId,
      assigned: { kind: /\/policysetdefinitions\//i.test(defId) ? 'set' : 'definition', name: lastSegment(defId), id: defId },
      ...(list && list.length ? { referenceIds: list } : {}),
      category: typeof category === 'string' ? category : 'Waiver',
      justification,
      ...(typeof expiresOn === 'string' ? { expiresOn } : {}),
    });
  }
  return { exemptions, expired, diagnostics };
}

/** What a result (or a rule) is judged under: the set and reference id, or the definition alone. */
export interface JudgedUnder {
  /** Lower-case last segment of the set's id and its name (a built-in set's name is its GUID). */
  setNames?: readonly string[];
  referenceId?: string;
  /** Lower-case GUID (last segment) of the definition. */
  definition: string;
}

/**
 * Exemptions by scope, so that finding those covering a resource costs one lookup per segment of its id,
 * not one comparison per exemption (an estate exported from many resource groups holds thousands).
 */
export class ExemptionIndex {
  private readonly byScope = new Map<string, InputExemption[]>();
  /** Lengths of the scopes: a prefix of an id of another length cannot be one, so it is never cut out. */
  private readonly lengths = new Set<number>();
  private lastId = '';
  private last: InputExemption[] = [];
  readonly size: number;

  constructor(exemptions: readonly InputExemption[]) {
    for (const e of exemptions) {
      const list = this.byScope.get(e.scope);
      if (list) list.push(e);
      else this.byScope.set(e.scope, [e]);
      this.lengths.add(e.scope.length);
    }
    this.size = exemptions.length;
  }

  /** Exemptions whose scope is the resource or one of its ancestors (cached for the last id asked). */
  covering(resourceId: string): InputExemption[] {
    if (this.size === 0) return [];
    if (resourceId === this.lastId) return this.last;
    const id = resourceId.toLowerCase();
    const out: InputExemption[] = [];
    for (let at = id.indexOf('/', 1); at !== -1; at = id.indexOf('/', at + 1)) {
      if (!this.lengths.has(at)) continue;
      const hit = this.byScope.get(id.slice(0, at));
      if (hit) pushAll(out, hit);
    }
    const self = this.byScope.get(id);
    if (self) pushAll(out, self);
    this.lastId = resourceId;
    this.last = out;
    return out;
  }
}

/** The first exemption in force that covers the resource for this (set, reference) or definition. */
export function exemptionFor(exemptions: ExemptionIndex, resourceId: string, under: JudgedUnder): InputExemption | undefined {
  for (const e of exemptions.covering(resourceId)) {
    if (e.assigned.kind === 'set') {
      if (!under.setNames?.includes(e.assigned.name)) continue;
      if (e.referenceIds && (under.referenceId === undefined || !e.referenceIds.includes(under.referenceId.toLowerCase()))) continue;
      return e;
    }
    if (under.setNames === undefined && e.assigned.name === under.definition) return e;
  }
  return undefined;
}

/** A result an expired exemption would have covered: it stays as it is, and says so. */
export function expiredNote(r: CheckResult, e: InputExemption): CheckResult {
  return { ...r, reason: `${r.reason} (policy exemption ${e.name} expired on ${e.expiresOn ?? ''}: no longer honoured)` };
}

/** A result turned Exempt by an exemption: the justification and category, and what it was. */
export function exempt(r: CheckResult, e: InputExemption): CheckResult {
  return {
    ...r,
    compliance: 'Exempt',
    reason: `exempt (${e.category}) by policy exemption ${e.name}: ${e.justification} (was ${r.compliance}: ${r.reason})`,
    exemption: {
      justification: e.justification,
      ...(e.category === 'Waiver' || e.category === 'Mitigated' ? { category: e.category } : {}),
      ...(e.expiresOn ? { expiresOn: e.expiresOn } : {}),
    },
  };
}
