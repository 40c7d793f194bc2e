/**
 * An audit's reading of the live estate: the scope checked first (every subscription readable, the
 * management group found), then Resource Graph page by page, then the diagnostic settings the loaded
 * definitions need. Any failure is thrown: a partial estate never reaches the evaluator.
 */
import type { AzureResource } from '../core/resource.js';
import type { ArmClient } from './arm.js';
import { statusError } from './arm.js';
import { needsDiagnostics, pool, readDiagnosticSettings } from './diagnostics.js';
import { AzureError } from './errors.js';
import { auditQueries, queryPages, toResource, type GraphScope } from './resource-graph.js';

export const SUBSCRIPTIONS_API = '2022-12-01';
export const MANAGEMENT_GROUPS_API = '2021-04-01';

export interface Progress {
  pages: number;
  resources: number;
  diagnosticReads: number;
  /** What is being read now. */
  phase: string;
}

export interface CollectOptions {
  diagnostics: { all: boolean; types: Set<string> };
  concurrency: number;
  pageSize?: number;
  onProgress?: (p: Progress) => void;
}

/**
 * Each subscription must be readable: Resource Graph leaves out the subscriptions the caller cannot read
 * without saying so, which would make a partial estate look whole. Every unreadable one is named at once.
 */
export async function checkScope(client: ArmClient, scope: GraphScope): Promise<void> {
  if (scope.managementGroup !== undefined) {
    const res = await client.send('GET', `/providers/Microsoft.Management/managementGroups/${encodeURIComponent(scope.managementGroup)}?api-version=${MANAGEMENT_GROUPS_API}`);
    if (res.status !== 200) throw statusError(res, `management group ${scope.managementGroup}`);
    return;
  }
  const unreadable: string[] = [];
  for (const id of scope.subscriptions) {
    const res = await client.send('GET', `/subscriptions/${encodeURIComponent(id)}?api-version=${SUBSCRIPTIONS_API}`);
    if (res.status === 200) continue;
    if (res.status === 403 || res.status === 404) {
      unreadable.push(`${id} (${res.status === 403 ? 'no access' : 'not found'})`);
      continue;
    }
    throw statusError(res, `subscription ${id}`);
  }
  if (unreadable.length) {
    throw new AzureError(
      'IL5-AZURE-SUBSCRIPTION',
      `cannot read subscription${unreadable.length === 1 ? '' : 's'} ${unreadable.join(', ')}: an audit without ${unreadable.length === 1 ? 'it' : 'them'} would look complete and not be`,
      'ask for the Reader role on each (az role assignment list --assignee <you> --scope /subscriptions/<id>), check the id (az account list --output table), or leave it out of --subscription',
      403,
    );
  }
}

/** Reads the estate. `onPage` sees each page's resources as they arrive (export, progress). */
export async function collectEstate(client: ArmClient, scope: GraphScope, options: CollectOptions): Promise<AzureResource[]> {
  const progress: Progress = { pages: 0, resources: 0, diagnosticReads: 0, phase: 'checking the scope' };
  options.onProgress?.(progress);
  await checkScope(client, scope);
  const resources: AzureResource[] = [];
  const seen = new Set<string>();
  for (const q of auditQueries(scope)) {
    progress.phase = q.name;
    for await (const page of queryPages(client, scope, q.query, options.pageSize)) {
      for (const row of page.rows) {
        const r = toResource(row);
        if (!r) continue;
        // A resource is listed once even if two queries or two pages give it.
        const key = r.id.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        resources.push(r);
      }
      progress.pages++;
      progress.resources = resources.length;
      options.onProgress?.(progress);
    }
  }
  const targets = resources.filter((r) => needsDiagnostics(options.diagnostics, r));
  progress.phase = `diagnostic settings of ${targets.length} resources`;
  options.onProgress?.(progress);
  const found = new Map<AzureResource, AzureResource[]>();
  await pool(targets, options.concurrency, async (r) => {
    found.set(r, await readDiagnosticSettings(client, r.id));
    progress.diagnosticReads++;
    options.onProgress?.(progress);
  });
  // In the order of their targets, so that the estate does not depend on which answer came first.
  for (const r of targets) for (const d of found.get(r) ?? []) if (!seen.has(d.id.toLowerCase())) {
    seen.add(d.id.toLowerCase());
    resources.push(d);
  }
  return resources;
}
