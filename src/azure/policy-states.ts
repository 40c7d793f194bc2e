/**
 * `--compare-azure`: Azure Policy's own latest compliance states for the scope, and where they and il5ml
 * disagree. `POST {scope}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults`, paged by
 * `@odata.nextLink`.
 * REST: https://learn.microsoft.com/rest/api/policyinsights/policy-states/list-query-results-for-subscription
 * Spec: Azure/azure-rest-api-specs specification/policyinsights/resource-manager/Microsoft.PolicyInsights/stable/2019-10-01/policyStates.json
 */
import { memoryStore } from '../core/store/memory.js';
import type { FloatColumn, IdTable, IntColumn, Store, StringLog } from '../core/store/types.js';
import type { CheckResult } from '../core/verdict.js';
import type { ArmClient } from './arm.js';
import { AzureError } from './errors.js';
import type { GraphScope } from './resource-graph.js';

export const POLICY_STATES_API = '2019-10-01';

export interface AzureState {
  resourceId: string;
  /** The assignment Azure evaluated: one resource and definition may be judged under several (a group's and a subscription's). */
  policyAssignmentId: string;
  policyDefinitionName: string;
  policySetDefinitionName: string;
  policyDefinitionReferenceId: string;
  complianceState: string;
  timestamp: string;
}

interface StatesPage {
  value?: unknown;
  '@odata.nextLink'?: unknown;
}

function scopePaths(scope: GraphScope): string[] {
  if (scope.managementGroup !== undefined) return [`/providers/Microsoft.Management/managementGroups/${encodeURIComponent(scope.managementGroup)}`];
  return scope.subscriptions.map((s) => `/subscriptions/${encodeURIComponent(s)}${scope.resourceGroup !== undefined ? `/resourceGroups/${encodeURIComponent(scope.resourceGroup)}` : ''}`);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The latest states of the scope for the given policy sets (by name, the GUID of a built-in set; all states
 * when none), handed to `onPage` a page at a time: a management group's states are as many as its
 * resources times its definitions, never held whole.
 */
export async function readPolicyStates(client: ArmClient, scope: GraphScope, setNames: readonly string[], onPage: (states: AzureState[]) => void): Promise<void> {
  const filter = setNames.length ? `&$filter=${encodeURIComponent(setNames.map((n) => `policySetDefinitionName eq '${n.replace(/'/g, "''")}'`).join(' or '))}` : '';
  for (const path of scopePaths(scope)) {
    let url: string | undefined = `${path}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=${POLICY_STATES_API}${filter}`;
    const read = new Set<string>();
    while (url !== undefined) {
      read.add(url);
      const page: StatesPage = await client.json<StatesPage>('POST', url, `Azure Policy states of ${path}`);
      const out: AzureState[] = [];
      for (const v of Array.isArray(page.value) ? page.value : []) {
        if (v === null || typeof v !== 'object') continue;
        const o = v as Record<string, unknown>;
        out.push({
          resourceId: str(o.resourceId),
          policyAssignmentId: str(o.policyAssignmentId),
          policyDefinitionName: str(o.policyDefinitionName),
          policySetDefinitionName: str(o.policySetDefinitionName),
          policyDefinitionReferenceId: str(o.policyDefinitionReferenceId),
          complianceState: str(o.complianceState),
          timestamp: str(o.timestamp),
        });
      }
      onPage(out);
      const next = page['@odata.nextLink'];
      // A next link to a page already read would read pages for ever: an endless audit, not a slow one.
      if (typeof next === 'string' && read.has(next)) {
        throw new AzureError('IL5-AZURE-RESPONSE', `Azure Policy states of ${path}: a next link to a page already read: paging would not end`, 'try again later; if it persists, check --arm-endpoint and any proxy (HTTPS_PROXY) between you and Azure');
      }
      url = typeof next === 'string' && next !== '' ? next : undefined;
    }
  }
}

export interface Disagreement {
  resourceId: string;
  policyDefinitionId: string;
  policyDefinitionReferenceId?: string;
  il5ml: string;
  azure: string;
  /** When Azure last evaluated the pair. */
  azureEvaluatedAt: string;
  /** The assignment under which Azure judged it. */
  azureAssignmentId: string;
  il5mlReason: string;
}

export interface Comparison {
  /** Azure states compared with an il5ml verdict (one pair may count once per assignment Azure judged it under). */
  compared: number;
  agree: number;
  disagreements: Disagreement[];
  /** Pairs only one side judged (Azure had not scanned a new resource yet; il5ml's Unknown verdicts). */
  onlyAzure: number;
  onlyIl5ml: number;
}

const DECIDED = new Set(['compliant', 'noncompliant', 'exempt']);
const definitionName = (id: string): string => (id.split('/').pop() ?? '').toLowerCase();
const key = (resourceId: string, definition: string, ref: string): string => `${resourceId.toLowerCase()}|${definition.toLowerCase()}|${ref.toLowerCase()}`;

/** What a disagreement reports of il5ml's verdict, kept as JSON in the store until Azure names its pair. */
type Kept = [resourceId: string, policyDefinitionId: string, policyDefinitionReferenceId: string | null, compliance: string, reason: string];

/**
 * il5ml's policy verdicts (not the baseline's) against Azure's, state by state as Azure's pages arrive.
 * What it keeps grows with the estate, so it is numbers in a store (src/core/store/; the CLI gives a file
 * store, whose pages past a fixed budget wait on disk: issue 10): each pair's key (resource id, definition
 * name, reference id, lower case) a code of an id table; per code, the verdict a disagreement reports (JSON),
 * its input order, whether it is decided and whether Azure named the pair. The disagreements themselves
 * are the comparison's output and are held.
 *
 * A pair judged more than once (an initiative assigned at two scopes) is compared with the verdict first in
 * input order (`order`: a result's place as one thread makes them; the order of `verdict` calls by default),
 * so that worker threads, which give results in another order, compare the same verdict.
 */
export class StateComparison {
  private readonly keys: IdTable;
  private readonly kept: StringLog;
  /** By code: the handle of the verdict kept in `kept`. */
  private readonly keptAt: IntColumn;
  /** By code: the input order of that verdict. */
  private readonly orderAt: FloatColumn;
  /** By code: 1 when the verdict is decided (Compliant, NonCompliant, Exempt). */
  private readonly decided: IntColumn;
  /** By code: 1 once Azure named the pair. */
  private readonly named: IntColumn;
  private added = 0;
  private readonly c: Comparison = { compared: 0, agree: 0, disagreements: [], onlyAzure: 0, onlyIl5ml: 0 };

  constructor(results: Iterable<CheckResult> = [], store: Store = memoryStore()) {
    this.keys = store.ids();
    this.kept = store.strings();
    this.keptAt = store.ints();
    this.orderAt = store.floats();
    this.decided = store.ints();
    this.named = store.ints();
    for (const r of results) this.verdict(r);
  }

  /** One of il5ml's results (the baseline's are not compared); `order`: its place in input order. */
  verdict(r: CheckResult, order: number = this.added): void {
    this.added++;
    if (r.ruleId !== undefined) return;
    const k = key(r.resourceId, definitionName(r.policyDefinitionId), r.policyDefinitionReferenceId ?? '');
    const known = this.keys.find(k);
    if (known >= 0 && this.orderAt.get(known) <= order) return;
    const handle = this.kept.add(JSON.stringify([r.resourceId, r.policyDefinitionId, r.policyDefinitionReferenceId ?? null, r.compliance, r.reason] satisfies Kept));
    const decided = DECIDED.has(r.compliance.toLowerCase()) ? 1 : 0;
    if (known >= 0) {
      this.keptAt.set(known, handle);
      this.orderAt.set(known, order);
      this.decided.set(known, decided);
      return;
    }
    this.keys.intern(k);
    this.keptAt.push(handle);
    this.orderAt.push(order);
    this.decided.push(decided);
    this.named.push(0);
  }

  add(states: readonly AzureState[]): void {
    for (const s of states) {
      const code = this.keys.find(key(s.resourceId, s.policyDefinitionName, s.policyDefinitionReferenceId));
      if (code < 0) {
        this.c.onlyAzure++;
        continue;
      }
      this.named.set(code, 1);
      if (!DECIDED.has(s.complianceState.toLowerCase()) || this.decided.get(code) === 0) continue;
      const [resourceId, policyDefinitionId, ref, compliance, reason] = JSON.parse(this.kept.get(this.keptAt.get(code))) as Kept;
      this.c.compared++;
      if (s.complianceState.toLowerCase() === compliance.toLowerCase()) {
        this.c.agree++;
        continue;
      }
      this.c.disagreements.push({
        resourceId,
        policyDefinitionId,
        ...(ref !== null ? { policyDefinitionReferenceId: ref } : {}),
        il5ml: compliance,
        azure: s.complianceState,
        azureEvaluatedAt: s.timestamp,
        azureAssignmentId: s.policyAssignmentId,
        il5mlReason: reason,
      });
    }
  }

  result(): Comparison {
    let onlyIl5ml = 0;
    for (let code = 0; code < this.named.length; code++) if (this.named.get(code) === 0 && this.decided.get(code) === 1) onlyIl5ml++;
    const disagreements = [...this.c.disagreements].sort(
      (a, b) => a.resourceId.toLowerCase().localeCompare(b.resourceId.toLowerCase()) || a.policyDefinitionId.localeCompare(b.policyDefinitionId) || a.azureAssignmentId.localeCompare(b.azureAssignmentId),
    );
    return { ...this.c, disagreements, onlyIl5ml };
  }
}

/** The comparison of il5ml's verdicts with a list of Azure's states. */
export function compareStates(results: readonly CheckResult[], states: readonly AzureState[]): Comparison {
  const c = new StateComparison(results);
  c.add(states);
  return c.result();
}

export function formatComparison(c: Comparison): string {
  const lines = [
    `Azure Policy comparison: ${c.compared} pairs judged by both, ${c.agree} agree, ${c.disagreements.length} disagree; ${c.onlyIl5ml} judged only by il5ml, ${c.onlyAzure} only by Azure.`,
  ];
  for (const d of c.disagreements) {
    lines.push(
      `  ${d.resourceId}`,
      `    ${d.policyDefinitionId}${d.policyDefinitionReferenceId ? ` (${d.policyDefinitionReferenceId})` : ''}: il5ml ${d.il5ml}, Azure ${d.azure} (evaluated ${d.azureEvaluatedAt || 'at an unknown time'}${d.azureAssignmentId ? ` under ${d.azureAssignmentId}` : ''})`,
      `    il5ml: ${d.il5mlReason}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
