/**
 * `--compare-azure`: Azure Policy's own latest compliance states for the scope, and where they and il5ml
 * disagree. `POST {scope}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults`, paged by
 * `@odata.nextLink`.
 * REST: https://learn.microsoft.com/rest/api/policyinsights/policy-states/list-query-results-for-subscription
 * Spec: Azure/azure-rest-api-specs specification/policyinsights/resource-manager/Microsoft.PolicyInsights/stable/2019-10-01/policyStates.json
 */
import type { CheckResult } from '../core/verdict.js';
import type { ArmClient } from './arm.js';
import type { GraphScope } from './resource-graph.js';

export const POLICY_STATES_API = '2019-10-01';

export interface AzureState {
  resourceId: string;
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

/** The latest states of the scope for the given policy sets (by name, the GUID of a built-in set); all states when none. */
export async function readPolicyStates(client: ArmClient, scope: GraphScope, setNames: readonly string[]): Promise<AzureState[]> {
  const filter = setNames.length ? `&$filter=${encodeURIComponent(setNames.map((n) => `policySetDefinitionName eq '${n.replace(/'/g, "''")}'`).join(' or '))}` : '';
  const out: AzureState[] = [];
  for (const path of scopePaths(scope)) {
    let url: string | undefined = `${path}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=${POLICY_STATES_API}${filter}`;
    while (url !== undefined) {
      const page: StatesPage = await client.json<StatesPage>('POST', url, `Azure Policy states of ${path}`);
      for (const v of Array.isArray(page.value) ? page.value : []) {
        if (v === null || typeof v !== 'object') continue;
        const o = v as Record<string, unknown>;
        out.push({
          resourceId: str(o.resourceId),
          policyDefinitionName: str(o.policyDefinitionName),
          policySetDefinitionName: str(o.policySetDefinitionName),
          policyDefinitionReferenceId: str(o.policyDefinitionReferenceId),
          complianceState: str(o.complianceState),
          timestamp: str(o.timestamp),
        });
      }
      const next = page['@odata.nextLink'];
      url = typeof next === 'string' && next !== '' ? next : undefined;
    }
  }
  return out;
}

export interface Disagreement {
  resourceId: string;
  policyDefinitionId: string;
  policyDefinitionReferenceId?: string;
  il5ml: string;
  azure: string;
  /** When Azure last evaluated the pair. */
  azureEvaluatedAt: string;
  il5mlReason: string;
}

export interface Comparison {
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

/** il5ml's policy verdicts (not the baseline's) against Azure's, pair by pair. */
export function compareStates(results: readonly CheckResult[], states: readonly AzureState[]): Comparison {
  const azure = new Map<string, AzureState>();
  for (const s of states) azure.set(key(s.resourceId, s.policyDefinitionName, s.policyDefinitionReferenceId), s);
  const c: Comparison = { compared: 0, agree: 0, disagreements: [], onlyAzure: 0, onlyIl5ml: 0 };
  const matched = new Set<string>();
  for (const r of results) {
    if (r.ruleId !== undefined) continue;
    const k = key(r.resourceId, definitionName(r.policyDefinitionId), r.policyDefinitionReferenceId ?? '');
    const s = azure.get(k);
    if (!s || !DECIDED.has(s.complianceState.toLowerCase()) || !DECIDED.has(r.compliance.toLowerCase())) {
      if (!s && DECIDED.has(r.compliance.toLowerCase())) c.onlyIl5ml++;
      if (s) matched.add(k);
      continue;
    }
    matched.add(k);
    c.compared++;
    if (s.complianceState.toLowerCase() === r.compliance.toLowerCase()) {
      c.agree++;
      continue;
    }
    c.disagreements.push({
      resourceId: r.resourceId,
      policyDefinitionId: r.policyDefinitionId,
      ...(r.policyDefinitionReferenceId !== undefined ? { policyDefinitionReferenceId: r.policyDefinitionReferenceId } : {}),
      il5ml: r.compliance,
      azure: s.complianceState,
      azureEvaluatedAt: s.timestamp,
      il5mlReason: r.reason,
    });
  }
  for (const k of azure.keys()) if (!matched.has(k)) c.onlyAzure++;
  c.disagreements.sort((a, b) => a.resourceId.toLowerCase().localeCompare(b.resourceId.toLowerCase()) || a.policyDefinitionId.localeCompare(b.policyDefinitionId));
  return c;
}

export function formatComparison(c: Comparison): string {
  const lines = [
    `Azure Policy comparison: ${c.compared} pairs judged by both, ${c.agree} agree, ${c.disagreements.length} disagree; ${c.onlyIl5ml} judged only by il5ml, ${c.onlyAzure} only by Azure.`,
  ];
  for (const d of c.disagreements) {
    lines.push(`  ${d.resourceId}`, `    ${d.policyDefinitionId}${d.policyDefinitionReferenceId ? ` (${d.policyDefinitionReferenceId})` : ''}: il5ml ${d.il5ml}, Azure ${d.azure} (evaluated ${d.azureEvaluatedAt || 'at an unknown time'})`, `    il5ml: ${d.il5mlReason}`);
  }
  return `${lines.join('\n')}\n`;
}
