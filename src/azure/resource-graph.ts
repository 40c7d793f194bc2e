/**
 * Azure Resource Graph: every resource of the scope, paged. `POST {arm}/providers/Microsoft.ResourceGraph/resources`
 * with `options.resultFormat: objectArray` and `$top`/`$skipToken` paging.
 * REST: https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources
 * Paging: https://learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data#paging-results and
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results (read 2026-12-06: pages
 * are consistent only when sorted on a unique column — every query ends `| order by id asc`).
 * Spec: Azure/azure-rest-api-specs specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2022-10-01/resourcegraph.json
 */
import type { AzureResource } from '../core/resource.js';
import type { ArmClient } from './arm.js';
import { AzureError } from './errors.js';

export const RESOURCE_GRAPH_API = '2022-10-01';
/** Resource Graph returns at most 1,000 rows a page. */
export const PAGE_SIZE = 1000;

export interface GraphScope {
  subscriptions: string[];
  managementGroup?: string;
  resourceGroup?: string;
}

interface QueryResponse {
  totalRecords?: number;
  count?: number;
  resultTruncated?: string;
  $skipToken?: string;
  data?: unknown;
}

/** A KQL string literal: single quotes, with backslash and quote escaped. */
export function kqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const COLUMNS = 'id, name, type, location, kind, sku, identity, tags, zones, properties, managedBy, plan, extendedLocation, subscriptionId, resourceGroup';

/** A unique sort, so that pages neither repeat nor skip a row of an unchanged estate. */
const BY_ID = ' | order by id asc';

/**
 * The queries of an audit: the resources; the subscriptions and resource groups (policies evaluate them,
 * and resourceGroup() reads their tags and location); the policy assignments and exemptions (so that an
 * exemption in Azure exempts here too).
 */
export function auditQueries(scope: GraphScope): { name: string; query: string; authorizationScopeFilter?: AuthorizationScopeFilter }[] {
  const rg = scope.resourceGroup !== undefined ? ` | where resourceGroup =~ ${kqlString(scope.resourceGroup)}` : '';
  const rgContainers =
    scope.resourceGroup !== undefined
      ? ` | where type =~ 'microsoft.resources/subscriptions' or (type =~ 'microsoft.resources/subscriptions/resourcegroups' and resourceGroup =~ ${kqlString(scope.resourceGroup)})`
      : '';
  return [
    { name: 'resources', query: `resources${rg} | project ${COLUMNS}${BY_ID}` },
    {
      name: 'resource containers',
      query: `resourcecontainers | where type in~ ('microsoft.resources/subscriptions', 'microsoft.resources/subscriptions/resourcegroups')${rgContainers} | project id, name, type, location, tags, properties, managedBy, subscriptionId, resourceGroup${BY_ID}`,
    },
    {
      name: 'policy assignments and exemptions',
      query: `policyresources | where type in~ ('microsoft.authorization/policyassignments', 'microsoft.authorization/policyexemptions') | project id, name, type, location, identity, properties, subscriptionId, resourceGroup${BY_ID}`,
      // Those of the management groups above the scope too: an exemption or an assignment there covers the
      // scope's resources, and by default Resource Graph returns only what is at the scope and below.
      authorizationScopeFilter: 'AtScopeAboveAndBelow',
    },
  ];
}

export interface Page {
  rows: Record<string, unknown>[];
  totalRecords: number | undefined;
}

/**
 * Which authorization resources (policyresources, authorizationresources) a query returns relative to its
 * scope: `AtScopeAndBelow` by default; `AtScopeAboveAndBelow` adds those of the management groups above
 * (REST: QueryRequestOptions.authorizationScopeFilter, specification/resourcegraph/resource-manager/
 * Microsoft.ResourceGraph/stable/2022-10-01/resourcegraph.json, read 2026-12-07).
 */
export type AuthorizationScopeFilter = 'AtScopeAndBelow' | 'AtScopeAndAbove' | 'AtScopeExact' | 'AtScopeAboveAndBelow';

/** One query, page after page, until Resource Graph gives no $skipToken. */
export async function* queryPages(client: ArmClient, scope: GraphScope, query: string, pageSize = PAGE_SIZE, authorizationScopeFilter?: AuthorizationScopeFilter): AsyncGenerator<Page> {
  let skipToken: string | undefined;
  /** The tokens asked with so far (one a page: a few hundred for the largest estates). */
  const asked = new Set<string>();
  const where = scope.managementGroup !== undefined ? { managementGroups: [scope.managementGroup] } : { subscriptions: scope.subscriptions };
  for (;;) {
    const body = {
      ...where,
      query,
      options: { resultFormat: 'objectArray', $top: pageSize, ...(authorizationScopeFilter !== undefined ? { authorizationScopeFilter } : {}), ...(skipToken !== undefined ? { $skipToken: skipToken } : {}) },
    };
    const res = await client.json<QueryResponse>('POST', `/providers/Microsoft.ResourceGraph/resources?api-version=${RESOURCE_GRAPH_API}`, 'Resource Graph query', body);
    if (!Array.isArray(res.data)) {
      throw new AzureError('IL5-AZURE-RESPONSE', 'Resource Graph answered without a data array (objectArray)', 'check --arm-endpoint: it must be the Azure Resource Manager URL of your cloud');
    }
    const rows = res.data.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x));
    yield { rows, totalRecords: typeof res.totalRecords === 'number' ? res.totalRecords : undefined };
    const next = typeof res.$skipToken === 'string' && res.$skipToken !== '' ? res.$skipToken : undefined;
    if (next === undefined) {
      // Truncated without a way to the rest: a report from it would look complete and not be.
      if (String(res.resultTruncated).toLowerCase() === 'true') {
        throw new AzureError('IL5-AZURE-TRUNCATED', 'Resource Graph truncated the result and gave no $skipToken to read the rest', 'narrow the scope (--subscription, --resource-group) and audit each part');
      }
      return;
    }
    // A token given before would ask for pages already read, for ever: an endless audit, not a slow one.
    if (asked.has(next)) {
      throw new AzureError('IL5-AZURE-RESPONSE', 'Resource Graph answered with a $skipToken it had given before: paging would not end', 'try again later; if it persists, check --arm-endpoint and any proxy (HTTPS_PROXY) between you and Azure');
    }
    skipToken = next;
    asked.add(next);
  }
}

/**
 * Resource Graph spells the two container types its own way and lower-cases every type; ARM (and
 * Azure Policy) know them as `Microsoft.Resources/subscriptions` and `Microsoft.Resources/resourceGroups`.
 */
const CONTAINER_TYPES: Record<string, string> = {
  'microsoft.resources/subscriptions': 'Microsoft.Resources/subscriptions',
  'microsoft.resources/subscriptions/resourcegroups': 'Microsoft.Resources/resourceGroups',
};

/**
 * A Resource Graph row as the resource ARM returns: its empty columns (`kind: ""`, `sku: null`, `zones:
 * null`) are absent, as ARM leaves them out, so that `exists` conditions read them as Azure Policy does;
 * the query's own columns (subscriptionId, resourceGroup) are dropped.
 */
export function toResource(row: Record<string, unknown>): AzureResource | undefined {
  const { id, name, type } = row;
  if (typeof id !== 'string' || typeof type !== 'string' || id === '') return undefined;
  const r: AzureResource = { id, type: CONTAINER_TYPES[type.toLowerCase()] ?? type, name: typeof name === 'string' ? name : (id.split('/').pop() ?? '') };
  for (const k of ['location', 'kind', 'managedBy'] as const) {
    const v = row[k];
    if (typeof v === 'string' && v !== '') r[k] = v;
  }
  for (const k of ['sku', 'identity', 'plan', 'zones', 'extendedLocation', 'properties'] as const) {
    const v = row[k];
    if (v !== null && v !== undefined) r[k] = v;
  }
  const tags = row.tags;
  if (tags !== null && typeof tags === 'object' && !Array.isArray(tags)) r.tags = tags as Record<string, unknown>;
  return r;
}
