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
import { memoryKept, type KeptResources } from '../core/kept.js';
import { setAt } from '../core/store/columns.js';
import { memoryStore } from '../core/store/memory.js';
import type { IdTable, IntColumn, MultiIndex, MultiIndexBuilder, Store, StringLog } from '../core/store/types.js';

export const EXEMPTION_STRUCTURE_URL = 'https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure';

export const EXEMPTION_TYPE = 'microsoft.authorization/policyexemptions';
export const ASSIGNMENT_TYPE = 'microsoft.authorization/policyassignments';
/** A subscription (Resource Graph's resourcecontainers): its management groups, for exemptions made there. */
export const SUBSCRIPTION_TYPE = 'microsoft.resources/subscriptions';
/**
 * The types readInputExemptions reads (lower-case): a pass that keeps only some resources keeps these.
 * (Of a subscription it reads only its management groups, which ExemptionInputs.see keeps as they are.)
 */
export const INPUT_EXEMPTION_TYPES: readonly string[] = [EXEMPTION_TYPE, ASSIGNMENT_TYPE];

/** Whether ExemptionInputs.see must be shown a resource of this lower-case type. */
export function readsForExemptions(lowerType: string): boolean {
  return lowerType === EXEMPTION_TYPE || lowerType === ASSIGNMENT_TYPE || lowerType === SUBSCRIPTION_TYPE;
}

/** The scope id (lower case) of a management group, as an exemption's or assignment's id begins. */
const GROUP_SCOPE = '/providers/microsoft.management/managementgroups/';

/**
 * Subscription id (`/subscriptions/<guid>`, lower case) -> the scope ids of the management groups above it,
 * root first: an exemption made at one of them covers the subscription's resources.
 */
export type GroupAncestry = ReadonlyMap<string, readonly string[]>;

/**
 * The management groups above a subscription, from its `properties.managementGroupAncestorsChain` (Resource
 * Graph's resourcecontainers: each `{name, displayName}`, the nearest parent first, the tenant root group
 * last), as scope ids root first; undefined for any other resource, or a subscription without the chain.
 */
export function groupChain(r: AzureResource): string[] | undefined {
  if (r.type.length !== SUBSCRIPTION_TYPE.length || r.type.toLowerCase() !== SUBSCRIPTION_TYPE) return undefined;
  const chain = get(obj(r.properties), 'managementGroupAncestorsChain');
  if (!Array.isArray(chain)) return undefined;
  const names = chain.map((g) => get(obj(g), 'name')).filter((n): n is string => typeof n === 'string' && n !== '' && !n.includes('/'));
  return names.reverse().map((n) => `${GROUP_SCOPE}${n.toLowerCase()}`);
}

/** What readExemption warns of an exemption at a management group above none of the input's subscriptions. */
function groupWarning(e: InputExemption, r: AzureResource | undefined, ancestry: GroupAncestry): Diagnostic | undefined {
  if (!e.scope.startsWith(GROUP_SCOPE)) return undefined;
  for (const chain of ancestry.values()) if (chain.includes(e.scope)) return undefined;
  const d: Diagnostic = {
    severity: 'warning',
    code: 'IL5-EXEMPT-SCOPE',
    message: `policy exemption ${e.name} is made at management group ${e.scope.slice(GROUP_SCOPE.length)}, which no subscription of the input lists among its management groups (properties.managementGroupAncestorsChain); it exempts nothing here`,
    fix: "give the subscriptions' rows of Resource Graph's resourcecontainers with the input (il5ml audit --export writes them)",
  };
  return r?.source ? { ...d, location: r.source } : { ...d, path: e.id };
}

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

/** Where readExemption puts what it reads of one exemption. */
interface ExemptionSink {
  exemption(e: InputExemption, expired: boolean): void;
  diagnostic(d: Diagnostic): void;
}

/** One exemption of the input, with the input's assignments by lower-case id (readInputExemptions, ExemptionInputs). */
function readExemption(r: AzureResource, assignmentOf: (lowerId: string) => AzureResource | undefined, now: string | undefined, sink: ExemptionSink): void {
  const props = obj(r.properties);
  const assignmentId = get(props, 'policyAssignmentId');
  if (typeof assignmentId !== 'string') {
    const why = isUnknown(assignmentId) ? `is known only after deployment (${assignmentId.reason})` : 'is missing';
    sink.diagnostic(warning(r, 'IL5-EXEMPT-ASSIGNMENT', `policy exemption ${r.name}: its policyAssignmentId ${why}; it exempts nothing here`, 'set properties.policyAssignmentId to the id of a policy assignment declared in the same input'));
    return;
  }
  const assignment = assignmentOf(assignmentId.toLowerCase());
  const defId = get(obj(assignment?.properties), 'policyDefinitionId');
  if (!assignment || typeof defId !== 'string') {
    sink.diagnostic(
      warning(
        r,
        'IL5-EXEMPT-ASSIGNMENT',
        assignment
          ? `policy exemption ${r.name}: assignment ${assignment.name} has no policyDefinitionId that can be read offline; it exempts nothing here`
          : `policy exemption ${r.name}: its assignment ${assignmentId} is not in the input, so what it exempts from is unknown; it exempts nothing here`,
        'give the Microsoft.Authorization/policyAssignments resource in the same input (il5ml plan emits both)',
      ),
    );
    return;
  }
  const expiresOn = get(props, 'expiresOn');
  let isExpired = false;
  if (expiresOn !== undefined && expiresOn !== null) {
    const at = typeof expiresOn === 'string' ? Date.parse(expiresOn) : Number.NaN;
    if (Number.isNaN(at)) {
      sink.diagnostic(warning(r, 'IL5-EXEMPT-EXPIRY', `policy exemption ${r.name}: expiresOn ${isUnknown(expiresOn) ? 'is known only after deployment' : JSON.stringify(expiresOn) + ' is not an ISO 8601 date-time'}; it exempts nothing here`, 'write expiresOn as yyyy-MM-ddTHH:mm:ssZ'));
      return;
    }
    const today = now === undefined ? Number.NaN : Date.parse(now);
    if (Number.isNaN(today)) {
      sink.diagnostic(warning(r, 'IL5-EXEMPT-EXPIRY', `policy exemption ${r.name} expires on ${String(expiresOn)}, and no evaluation date was given to judge it; it exempts nothing here`, 'give the evaluation date (il5ml check gives the clock)'));
      return;
    }
    if (at <= today) {
      isExpired = true;
      sink.diagnostic(
        warning(r, 'IL5-EXEMPT-EXPIRED', `policy exemption ${r.name} expired on ${String(expiresOn)}; Azure no longer honours it, and neither does il5ml`, 'renew expiresOn with a new justification, or fix the resource and remove the exemption'),
      );
    }
  }
  const refs = get(props, 'policyDefinitionReferenceIds');
  if (refs !== undefined && refs !== null && (!Array.isArray(refs) || refs.some((x) => typeof x !== 'string'))) {
    sink.diagnostic(warning(r, 'IL5-EXEMPT-REFERENCES', `policy exemption ${r.name}: policyDefinitionReferenceIds must be a list of texts known before deployment; it exempts nothing here`, 'list the reference ids of the set, as its policyDefinitions[*].policyDefinitionReferenceId give them'));
    return;
  }
  if (get(props, 'resourceSelectors') !== undefined) {
    sink.diagnostic(warning(r, 'IL5-EXEMPT-SELECTORS', `policy exemption ${r.name} has resourceSelectors, which il5ml does not evaluate; it exempts nothing here`, 'check this exemption in Azure, or scope it to resources instead of selectors'));
    return;
  }
  const category = get(props, 'exemptionCategory');
  const description = get(props, 'description');
  const displayName = get(props, 'displayName');
  const justification = typeof description === 'string' && description.trim() !== '' ? description : typeof displayName === 'string' && displayName.trim() !== '' ? displayName : `policy exemption ${r.name}`;
  const list = Array.isArray(refs) ? (refs as string[]).map((x) => x.toLowerCase()) : undefined;
  sink.exemption(
    {
      id: r.id,
      name: r.name,
      scope: scopeOf(r),
      assignmentId,
      assigned: { kind: /\/policysetdefinitions\//i.test(defId) ? 'set' : 'definition', name: lastSegment(defId), id: defId },
      ...(list && list.length ? { referenceIds: list } : {}),
      category: typeof category === 'string' ? category : 'Waiver',
      justification,
      ...(typeof expiresOn === 'string' ? { expiresOn } : {}),
    },
    isExpired,
  );
}

const isExemption = (r: AzureResource): boolean => r.type.length === EXEMPTION_TYPE.length && r.type.toLowerCase() === EXEMPTION_TYPE;
const isAssignment = (r: AzureResource): boolean => r.type.length === ASSIGNMENT_TYPE.length && r.type.toLowerCase() === ASSIGNMENT_TYPE;

/**
 * Reads the exemptions of the input that are in force at `now` (ISO 8601 date or date-time; the caller's
 * clock — core code reads none). Expired ones, ones whose assignment is not in the input, and ones with a
 * value known only after deployment are warnings and exempt nothing.
 */
export function readInputExemptions(
  resources: readonly AzureResource[],
  now: string | undefined,
): { exemptions: InputExemption[]; expired: InputExemption[]; diagnostics: Diagnostic[]; ancestry: GroupAncestry } {
  const exemptions: InputExemption[] = [];
  const expired: InputExemption[] = [];
  const diagnostics: Diagnostic[] = [];
  let assignments: Map<string, AzureResource> | undefined;
  let ancestry: Map<string, string[]> | undefined;
  for (const r of resources) {
    if (!isExemption(r)) continue;
    assignments ??= new Map(resources.filter(isAssignment).map((a) => [a.id.toLowerCase(), a]));
    ancestry ??= ancestryOf(resources);
    const known = assignments;
    const groups = ancestry;
    const sink: ExemptionSink = {
      exemption: (e, old) => {
        (old ? expired : exemptions).push(e);
        const w = groupWarning(e, r, groups);
        if (w) diagnostics.push(w);
      },
      diagnostic: (d) => void diagnostics.push(d),
    };
    readExemption(r, (id) => known.get(id), now, sink);
  }
  return { exemptions, expired, diagnostics, ancestry: ancestry ?? new Map() };
}

/** Every subscription of `resources` with its management groups (groupChain). */
function ancestryOf(resources: readonly AzureResource[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of resources) {
    const chain = groupChain(r);
    if (chain) out.set(r.id.toLowerCase(), chain);
  }
  return out;
}

/** Where ExemptionInputs keeps what it sees: a check's store and kept resources (IndexParts), or memory. */
export interface ExemptionParts {
  store: Store;
  kept: KeptResources;
}

/**
 * readInputExemptions over an input seen one resource at a time, keeping numbers, not objects (issue 10):
 * each exemption a record of `kept` (on disk in a CLI check), each assignment what readExemption reads of
 * it (assignmentStandIn) in a table of the store by its lower-case id (the last of an id wins, as in
 * readInputExemptions). `read` then reads the exemptions back one at a time, in input order, into
 * ExemptionIndexes of the store: the same exemptions, expired ones and warnings as readInputExemptions.
 */
export class ExemptionInputs {
  private readonly parts: ExemptionParts;
  private readonly records: IntColumn;
  private readonly assignmentText: StringLog;
  /** Lower-case assignment id code -> handle + 1 of its last stand-in's JSON in assignmentText. */
  private readonly assignmentAt: IntColumn;
  private readonly assignmentIds: IdTable;
  /** The subscriptions seen, with their management groups (a few per tenant: held as they are). */
  private readonly ancestry = new Map<string, string[]>();

  constructor(parts: ExemptionParts = { store: memoryStore(), kept: memoryKept() }) {
    this.parts = parts;
    this.records = parts.store.ints();
    this.assignmentText = parts.store.strings();
    this.assignmentAt = parts.store.ints();
    this.assignmentIds = parts.store.ids();
  }

  /** Pass 1, every resource: keeps what readInputExemptions reads of it (true: an exemption, kept as a record). */
  see(r: AzureResource): boolean {
    if (isExemption(r)) {
      this.records.push(this.parts.kept.keep(r));
      return true;
    }
    if (isAssignment(r)) {
      const code = this.assignmentIds.intern(r.id.toLowerCase());
      const at = this.assignmentText.add(JSON.stringify(assignmentStandIn(r)));
      setAt(this.assignmentAt, code, at + 1);
      return false;
    }
    const chain = groupChain(r);
    if (chain) this.ancestry.set(r.id.toLowerCase(), chain);
    return false;
  }

  /** The exemptions in force at `now`, those expired, and the warnings, as readInputExemptions gives them. */
  read(now: string | undefined): { exemptions: ExemptionIndex; expired: ExemptionIndex; diagnostics: Diagnostic[] } {
    const { store } = this.parts;
    const active = new ExemptionIndexBuilder(store);
    const old = new ExemptionIndexBuilder(store);
    const diagnostics: Diagnostic[] = [];
    const sink: ExemptionSink = { exemption: (e, expired) => (expired ? old : active).add(e), diagnostic: (d) => void diagnostics.push(d) };
    this.each(now, sink);
    return { exemptions: active.freeze(this.ancestry), expired: old.freeze(this.ancestry), diagnostics };
  }

  /** The warnings alone (readInputExemptions' diagnostics). */
  warnings(now: string | undefined): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    this.each(now, { exemption: () => undefined, diagnostic: (d) => void diagnostics.push(d) });
    return diagnostics;
  }

  private each(now: string | undefined, sink: ExemptionSink): void {
    const assignmentOf = (lowerId: string): AzureResource | undefined => {
      const code = this.assignmentIds.find(lowerId);
      const at = code >= 0 && code < this.assignmentAt.length ? this.assignmentAt.get(code) : 0;
      return at > 0 ? (JSON.parse(this.assignmentText.get(at - 1)) as AzureResource) : undefined;
    };
    const { kept } = this.parts;
    for (let i = 0; i < this.records.length; i++) {
      const r = kept.get(this.records.get(i));
      readExemption(
        r,
        assignmentOf,
        now,
        {
          exemption: (e, expired) => {
            sink.exemption(e, expired);
            const w = groupWarning(e, r, this.ancestry);
            if (w) sink.diagnostic(w);
          },
          diagnostic: (d) => sink.diagnostic(d),
        },
      );
    }
  }
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
/** What an ExemptionIndex reads: its exemptions' JSON by the code of their scope. */
interface ExemptionIndexParts {
  byScope: MultiIndex;
  scopes: IdTable;
  texts: StringLog;
  lengths: ReadonlySet<number>;
  size: number;
  /** Whether some exemption is made at a management group. */
  groups: boolean;
  /** The input's subscriptions and the management groups above them. */
  ancestry?: GroupAncestry;
}

export class ExemptionIndex {
  /** Scope (lower case) code -> handles of its exemptions' JSON, in the order given. */
  private readonly byScope: MultiIndex;
  private readonly scopes: IdTable;
  private readonly texts: StringLog;
  /** Lengths of the scopes: a prefix of an id of another length cannot be one, so it is never cut out. */
  private readonly lengths: ReadonlySet<number>;
  private lastId = '';
  private last: InputExemption[] = [];
  /** Set when some exemption is made at a management group: the subscriptions' groups, to find it by. */
  private readonly ancestry: GroupAncestry | undefined;
  readonly size: number;

  /**
   * The index of `exemptions`, kept in `store` (memory by default; a check's store keeps it on disk past its
   * budget), or of what an ExemptionIndexBuilder made.
   */
  constructor(exemptions: readonly InputExemption[] | ExemptionIndexParts, store: Store = memoryStore(), ancestry?: GroupAncestry) {
    let parts: ExemptionIndexParts;
    if (Array.isArray(exemptions)) {
      const b = new ExemptionIndexBuilder(store);
      for (const e of exemptions as readonly InputExemption[]) b.add(e);
      parts = b.parts(ancestry);
    } else parts = exemptions as ExemptionIndexParts;
    this.ancestry = parts.groups && parts.ancestry !== undefined && parts.ancestry.size > 0 ? parts.ancestry : undefined;
    this.byScope = parts.byScope;
    this.scopes = parts.scopes;
    this.texts = parts.texts;
    this.lengths = parts.lengths;
    this.size = parts.size;
  }

  /** Exemptions whose scope is the resource or one of its ancestors (cached for the last id asked). */
  covering(resourceId: string): InputExemption[] {
    if (this.size === 0) return [];
    if (resourceId === this.lastId) return this.last;
    const id = resourceId.toLowerCase();
    const out: InputExemption[] = [];
    // Those made at the management groups above the resource's subscription first (root first), then
    // down its id: outermost first.
    if (this.ancestry !== undefined && id.startsWith('/subscriptions/')) {
      const end = id.indexOf('/', '/subscriptions/'.length);
      for (const g of this.ancestry.get(end === -1 ? id : id.slice(0, end)) ?? []) if (this.lengths.has(g.length)) this.collect(g, out);
    }
    for (let at = id.indexOf('/', 1); at !== -1; at = id.indexOf('/', at + 1)) {
      if (this.lengths.has(at)) this.collect(id.slice(0, at), out);
    }
    if (this.lengths.has(id.length)) this.collect(id, out);
    this.lastId = resourceId;
    this.last = out;
    return out;
  }

  private collect(scope: string, out: InputExemption[]): void {
    const code = this.scopes.find(scope);
    if (code >= 0) this.byScope.forEach(code, (h) => void out.push(JSON.parse(this.texts.get(h)) as InputExemption));
  }
}

/** An ExemptionIndex made one exemption at a time (ExemptionInputs.read). */
class ExemptionIndexBuilder {
  private readonly scopes: IdTable;
  private readonly texts: StringLog;
  private readonly pairs: MultiIndexBuilder;
  private readonly lengths = new Set<number>();
  private size = 0;
  private groups = false;

  constructor(store: Store) {
    this.scopes = store.ids();
    this.texts = store.strings();
    this.pairs = store.multi();
  }

  add(e: InputExemption): void {
    this.pairs.add(this.scopes.intern(e.scope), this.texts.add(JSON.stringify(e)));
    this.lengths.add(e.scope.length);
    if (e.scope.startsWith(GROUP_SCOPE)) this.groups = true;
    this.size++;
  }

  parts(ancestry?: GroupAncestry): ExemptionIndexParts {
    return { byScope: this.pairs.freeze(), scopes: this.scopes, texts: this.texts, lengths: this.lengths, size: this.size, groups: this.groups, ...(ancestry !== undefined ? { ancestry } : {}) };
  }

  freeze(ancestry?: GroupAncestry): ExemptionIndex {
    return new ExemptionIndex(this.parts(ancestry));
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
