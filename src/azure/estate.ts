/**
 * An audit's reading of the live estate: the scope checked first (every subscription readable, the
 * management group found), then Resource Graph page by page, then the diagnostic settings the loaded
 * definitions need. Any failure is thrown: a partial estate never reaches the evaluator.
 */
import type { AzureResource } from '../core/resource.js';
import type { ArmClient } from './arm.js';
import { parseJson, statusError } from './arm.js';
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
 * The subscriptions under a management group at any depth, from Management Groups - Get with
 * `$expand=children&$recurse=true` (children of type `/subscriptions`; Azure/azure-rest-api-specs
 * specification/managementgroups/resource-manager/Microsoft.Management/stable/2021-04-01/examples/GetManagementGroupWithExpand.json).
 * Walked without recursion, so a hostile answer cannot overflow the stack.
 */
export function subscriptionsUnder(group: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [group];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === null || typeof node !== 'object') continue;
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.toLowerCase() === '/subscriptions' && typeof o.name === 'string') out.push(o.name);
    const props = o.properties;
    const children = props !== null && typeof props === 'object' ? (props as Record<string, unknown>).children : o.children;
    if (Array.isArray(children)) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return [...new Set(out)];
}

/**
 * Each subscription must be readable: Resource Graph leaves out the subscriptions the caller cannot read
 * without saying so, which would make a partial estate look whole. Every unreadable one is named at once.
 * For a management group, the group must be readable, and so must every subscription under it.
 */
export async function checkScope(client: ArmClient, scope: GraphScope): Promise<void> {
  let subscriptions = scope.subscriptions;
  if (scope.managementGroup !== undefined) {
    const what = `management group ${scope.managementGroup}`;
    const res = await client.send('GET', `/providers/Microsoft.Management/managementGroups/${encodeURIComponent(scope.managementGroup)}?api-version=${MANAGEMENT_GROUPS_API}&$expand=children&$recurse=true`);
    if (res.status !== 200) throw statusError(res, what);
    subscriptions = subscriptionsUnder(parseJson<unknown>(res.body, what));
  }
  const unreadable: string[] = [];
  for (const id of subscriptions) {
    const res = await client.send('GET', `/subscriptions/${encodeURIComponent(id)}?api-version=${SUBSCRIPTIONS_API}`);
    if (res.status === 200) continue;
    if (res.status === 403 || res.status === 404) {
      unreadable.push(`${id} (${res.status === 403 ? 'no access' : 'not found'})`);
      continue;
    }
    throw statusError(res, `subscription ${id}`);
  }
  if (unreadable.length) {
    const under = scope.managementGroup !== undefined ? ` under management group ${scope.managementGroup}` : '';
    throw new AzureError(
      'IL5-AZURE-SUBSCRIPTION',
      `cannot read subscription${unreadable.length === 1 ? '' : 's'} ${unreadable.join(', ')}${under}: an audit without ${unreadable.length === 1 ? 'it' : 'them'} would look complete and not be`,
      scope.managementGroup !== undefined
        ? 'ask for the Reader role on each (az role assignment list --assignee <you> --scope /subscriptions/<id>), or audit the readable ones with --subscription'
        : 'ask for the Reader role on each (az role assignment list --assignee <you> --scope /subscriptions/<id>), check the id (az account list --output table), or leave it out of --subscription',
      403,
    );
  }
}

/** Diagnostic-settings reads waiting at once for their answers to be written in order: concurrency × this. */
const DIAGNOSTIC_WINDOW = 32;

/**
 * Reads the estate and hands it to `sink` a page at a time, as it arrives: nothing estate-sized is held
 * here but the ids of the resources whose diagnostic settings are read afterwards. Each query is ordered
 * by id (Resource Graph pages consistently only over a unique sort), so a resource given twice across a
 * page boundary (the estate changed between two pages) comes twice in a row and is listed once.
 * Diagnostic settings follow, in the order of their resources, read `concurrency` at a time.
 */
export async function collectEstate(client: ArmClient, scope: GraphScope, options: CollectOptions, sink: (page: readonly AzureResource[]) => Promise<void>): Promise<{ resources: number }> {
  const progress: Progress = { pages: 0, resources: 0, diagnosticReads: 0, phase: 'checking the scope' };
  options.onProgress?.(progress);
  await checkScope(client, scope);
  const targets: string[] = [];
  for (const q of auditQueries(scope)) {
    progress.phase = q.name;
    let last = '';
    for await (const page of queryPages(client, scope, q.query, options.pageSize, q.authorizationScopeFilter)) {
      const out: AzureResource[] = [];
      for (const row of page.rows) {
        const r = toResource(row);
        if (!r) continue;
        const key = r.id.toLowerCase();
        if (key === last) continue;
        last = key;
        out.push(r);
        if (needsDiagnostics(options.diagnostics, r)) targets.push(r.id);
      }
      await sink(out);
      progress.pages++;
      progress.resources += out.length;
      options.onProgress?.(progress);
    }
  }
  progress.phase = `diagnostic settings of ${targets.length} resources`;
  options.onProgress?.(progress);
  const window = options.concurrency * DIAGNOSTIC_WINDOW;
  for (let start = 0; start < targets.length; start += window) {
    const ids = targets.slice(start, start + window);
    const found: AzureResource[][] = ids.map(() => []);
    await pool(
      ids.map((id, i) => ({ id, i })),
      options.concurrency,
      async ({ id, i }) => {
        found[i] = await readDiagnosticSettings(client, id);
        progress.diagnosticReads++;
        options.onProgress?.(progress);
      },
    );
    const settings = found.flat();
    await sink(settings);
    progress.resources += settings.length;
  }
  return { resources: progress.resources };
}
