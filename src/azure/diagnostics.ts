/**
 * Diagnostic settings are not in Resource Graph; the loaded definitions that look for them
 * (auditIfNotExists/deployIfNotExists on `Microsoft.Insights/diagnosticSettings`) need them. They are read
 * per resource — `GET {resourceId}/providers/Microsoft.Insights/diagnosticSettings` — only for the
 * resources such a definition (or the baseline's IL5-KV-004) applies to by type, a few at a time.
 * REST: https://learn.microsoft.com/rest/api/monitor/diagnostic-settings/list
 * Spec: Azure/azure-rest-api-specs specification/monitor/resource-manager/Microsoft.Insights/preview/2021-05-01-preview/diagnosticsSettings_API.json
 */
import type { AzureResource } from '../core/resource.js';
import type { PolicyAssignment } from '../policy/index.js';
import type { ArmClient } from './arm.js';
import { statusError } from './arm.js';

export const DIAGNOSTIC_SETTINGS_API = '2021-05-01-preview';
const DIAGNOSTIC_TYPE = 'microsoft.insights/diagnosticsettings';

/** The baseline rules that read diagnostic settings, by the type they judge (IL5-KV-004: key vault logs). */
export const BASELINE_DIAGNOSTIC_TYPES: readonly string[] = ['microsoft.keyvault/vaults'];

/**
 * Which resources need their diagnostic settings read: `undefined` types means every resource (a
 * definition whose `if` does not name its types). Only effects that look related resources up count.
 */
export function diagnosticNeeds(assignments: readonly PolicyAssignment[], baseline: boolean): { all: boolean; types: Set<string> } {
  const types = new Set<string>(baseline ? BASELINE_DIAGNOSTIC_TYPES : []);
  let all = false;
  for (const a of assignments) {
    if (a.effect !== 'auditIfNotExists' && a.effect !== 'deployIfNotExists') continue;
    if (a.details?.type.toLowerCase() !== DIAGNOSTIC_TYPE) continue;
    const t = a.condition?.types;
    if (t === undefined) all = true;
    else for (const x of t) types.add(x);
  }
  return { all, types };
}

export function needsDiagnostics(needs: { all: boolean; types: Set<string> }, r: AzureResource): boolean {
  const t = r.type.toLowerCase();
  // Policy objects and resource groups have no diagnostic settings; a subscription's (activity log
  // export) are read only when a definition names the subscription type.
  if (t.startsWith('microsoft.resources/') || t.startsWith('microsoft.authorization/')) return needs.types.has(t) && t === 'microsoft.resources/subscriptions';
  return needs.all || needs.types.has(t);
}

interface ListResponse {
  value?: unknown;
}

/**
 * The diagnostic settings of one resource, as resources (`{id, name, type, properties}`). A resource type
 * without diagnostic settings answers 400/404/405: none. Any other failure stops the audit.
 */
export async function readDiagnosticSettings(client: ArmClient, resourceId: string): Promise<AzureResource[]> {
  const res = await client.send('GET', `${encodeURI(resourceId)}/providers/Microsoft.Insights/diagnosticSettings?api-version=${DIAGNOSTIC_SETTINGS_API}`);
  if (res.status === 400 || res.status === 404 || res.status === 405) return [];
  if (res.status < 200 || res.status >= 300) throw statusError(res, `diagnostic settings of ${resourceId}`);
  let body: ListResponse;
  try {
    body = JSON.parse(res.body) as ListResponse;
  } catch {
    throw statusError({ ...res, status: 502 }, `diagnostic settings of ${resourceId} (not JSON)`);
  }
  const out: AzureResource[] = [];
  for (const v of Array.isArray(body.value) ? body.value : []) {
    if (v === null || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name : '';
    const id = typeof o.id === 'string' && o.id !== '' ? o.id : `${resourceId}/providers/Microsoft.Insights/diagnosticSettings/${name}`;
    out.push({ id, name, type: 'Microsoft.Insights/diagnosticSettings', ...(o.properties !== undefined ? { properties: o.properties } : {}) });
  }
  return out;
}

/** Runs `task` over `items` with at most `limit` at a time; the first failure rejects (the rest stop starting). */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
