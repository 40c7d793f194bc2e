/**
 * A real HTTPS server on 127.0.0.1 that answers like Azure Resource Manager, Resource Graph and Microsoft
 * Graph, for the live commands' tests. Its certificate is made by `openssl` for each run (valid two days,
 * so nothing committed expires) and trusted by the spawned CLI through NODE_EXTRA_CA_CERTS. Nothing here
 * sends a packet anywhere but 127.0.0.1.
 *
 * Response bodies follow the x-ms-examples of Azure/azure-rest-api-specs (paths in each handler).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_RESPONSE_BYTES } from '../../src/azure/arm.js';
import { BIN, REPO_ROOT, type CliRun } from './cli.js';

export interface Row {
  [key: string]: unknown;
}

/** What the server holds: the Resource Graph tables, per-resource diagnostic settings, and the rest. */
export interface Estate {
  resources: Row[];
  containers: Row[];
  policy: Row[];
  /** Diagnostic settings by lower-cased resource id. */
  diagnostics: Map<string, Row[]>;
  /** Azure Policy states (policyStates/latest/queryResults `value` rows). */
  policyStates: Row[];
  /** Subscriptions and management groups that answer 403. */
  forbidden: Set<string>;
  /** Management groups by id, each with the subscriptions under it (at any depth). */
  managementGroups?: Record<string, string[]>;
  /** The subscriptions' `state` (Subscriptions - Get); Enabled when absent. */
  subscriptionState?: string;
  /** Preflight answers. */
  providers?: Row[];
  skus?: Row[];
  usages?: Row[];
  takenNames?: Set<string>;
  deletedVaults?: Set<string>;
  permissions?: Row[];
  /** Resource groups that do not exist (yet): every request under one answers 404 ResourceGroupNotFound. */
  missingGroups?: Set<string>;
  cosmosPrincipal?: string | 'forbidden';
}

/** `quota`: answered normally, with Resource Graph's quota used up (`x-ms-user-quota-remaining: 0`). */
/**
 * `huge`: a 200 whose body never ends before `bytes` (default: 1 MiB past the client's MAX_RESPONSE_BYTES);
 * `trickle`: a 200 whose headers come at once and whose body comes a space every 200 ms, never ending;
 * `samepage`: an empty page whose way on asks for it again (Resource Graph: the same `$skipToken`; policy
 * states: an `@odata.nextLink` to the request itself), so paging never ends;
 * `unregistered`: 409 MissingSubscriptionRegistration for the path's last provider namespace (ARM's words,
 * https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider).
 */
export type Fault = 'drop' | 'slow' | 'quota' | 'huge' | 'trickle' | 'unregistered' | 'samepage' | 500 | 503 | 401 | 429;

export interface Logged {
  method: string;
  path: string;
  authorized: boolean;
  body: string;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

export interface ArmServer {
  url: string;
  caFile: string;
  estate: Estate;
  log: Logged[];
  /** Faults to answer, in order, for requests whose path matches. */
  faults: {
    match: RegExp;
    fault: Fault;
    retryAfter?: string;
    /** `x-ms-user-quota-resets-after` (hh:mm:ss) sent with `x-ms-user-quota-remaining: 0` (with `quota` or 429). */
    quotaResetsAfter?: string;
    /** Matching requests answered normally first. */
    skip?: number;
    /** Answer every matching request (after `skip`) with this fault, not just the next one. */
    forever?: boolean;
    /** `slow`: the answer comes after this many milliseconds (5,000 unless given). */
    delayMs?: number;
    /** `huge`: how many bytes the body has. */
    bytes?: number;
  }[];
  pageSize: number;
  close(): Promise<void>;
}

export function emptyEstate(): Estate {
  return { resources: [], containers: [], policy: [], diagnostics: new Map(), policyStates: [], forbidden: new Set() };
}

function makeCertificate(dir: string): { key: string; cert: string; caFile: string } {
  const keyFile = join(dir, 'key.pem');
  const caFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(caFile, 'utf8'), caFile };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

const armError = (code: string, message: string) => ({ error: { code, message } });
const unregistered = (namespace: string) =>
  armError('MissingSubscriptionRegistration', `The subscription is not registered to use namespace '${namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`);

/** The table a query reads, by its first word. */
function table(estate: Estate, query: string): Row[] {
  const t = query.trim().split(/\s|\|/)[0]?.toLowerCase();
  if (t === 'resources') return estate.resources;
  if (t === 'resourcecontainers') return estate.containers;
  if (t === 'policyresources') return estate.policy;
  return [];
}

/**
 * A table sorted by id, as `| order by id asc` asks (string order, as KQL sorts strings). Kept while the
 * table looks unchanged — same length, same last row (tests push and pop rows) — so that the bench's
 * 100,000 rows are not sorted again for each page.
 */
const sortedTables = new WeakMap<Row[], { length: number; last: Row | undefined; rows: Row[] }>();
function byId(rows: Row[]): Row[] {
  const cached = sortedTables.get(rows);
  if (cached && cached.length === rows.length && cached.last === rows[rows.length - 1]) return cached.rows;
  const sorted = [...rows].sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
  sortedTables.set(rows, { length: rows.length, last: rows[rows.length - 1], rows: sorted });
  return sorted;
}

/**
 * The `where resourceGroup =~ 'x'` the audit adds, applied as Resource Graph would. Kept, as `byId` keeps
 * its sort, for the same table, query and subscriptions while the table looks unchanged: the bench pages
 * through 100,000 rows, and filtering them all again for each page made the server's work grow with the
 * square of the estate (it runs in the bench's process, on the cores the audit it serves runs on).
 */
const filteredTables = new WeakMap<Row[], Map<string, { length: number; last: Row | undefined; rows: Row[] }>>();
function filterRows(rows: Row[], query: string, subs: string[] | undefined, above: ReadonlySet<string> = new Set()): Row[] {
  const key = JSON.stringify([query, subs ?? null, [...above]]);
  const kept = filteredTables.get(rows)?.get(key);
  if (kept && kept.length === rows.length && kept.last === rows[rows.length - 1]) return kept.rows;
  const rg = /resourceGroup =~ '([^']*)'/.exec(query)?.[1]?.toLowerCase();
  const containerRg = /type =~ 'microsoft.resources\/subscriptions' or/.test(query);
  const wanted = subs?.map((s) => s.toLowerCase());
  const out = rows.filter((r) => {
    const sub = String(r.subscriptionId ?? '').toLowerCase();
    // A row made at a management group above the scope (authorizationScopeFilter AtScopeAboveAndBelow).
    const group = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\//i.exec(String(r.id))?.[1]?.toLowerCase();
    if (group !== undefined) return above.has(group);
    if (wanted && !wanted.includes(sub)) return false;
    if (rg === undefined) return true;
    if (containerRg && String(r.type).toLowerCase() === 'microsoft.resources/subscriptions') return true;
    return String(r.resourceGroup ?? '').toLowerCase() === rg;
  });
  let byQuery = filteredTables.get(rows);
  if (byQuery === undefined) filteredTables.set(rows, (byQuery = new Map()));
  byQuery.set(key, { length: rows.length, last: rows[rows.length - 1], rows: out });
  return out;
}

/** A management group the caller cannot read (403, as ARM words it) or that does not exist (404). */
function groupDenied(estate: Estate, id: string): { status: number; body: unknown } | undefined {
  if (estate.forbidden.has(id)) {
    return { status: 403, body: armError('AuthorizationFailed', `The client does not have authorization to perform action 'Microsoft.Management/managementGroups/read' over scope '/providers/Microsoft.Management/managementGroups/${id}' or the scope is invalid.`) };
  }
  if (estate.managementGroups?.[id] === undefined) return { status: 404, body: armError('NotFound', `'/providers/Microsoft.Management/managementGroups/${id}' not found`) };
  return undefined;
}

export async function startArmServer(initial: Estate = emptyEstate()): Promise<ArmServer> {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-arm-'));
  const { key, cert, caFile } = makeCertificate(dir);
  const log: Logged[] = [];
  const state: ArmServer = { url: '', caFile, estate: initial, log, faults: [], pageSize: 3, close: async () => undefined };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const estate = state.estate;
    const u = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = decodeURIComponent(u.pathname);
    log.push({ method: req.method ?? '', path: `${path}${decodeURIComponent(u.search)}`, authorized: /^Bearer fake-token-/.test(req.headers.authorization ?? ''), body, at: Date.now() });
    // Resource Graph's per-user quota (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests).
    let quota = { 'x-ms-user-quota-remaining': '14', 'x-ms-user-quota-resets-after': '00:00:05' };
    const fi = state.faults.findIndex((f) => f.match.test(path));
    const pending = state.faults[fi];
    if (pending?.skip) pending.skip--;
    else if (fi >= 0) {
      const f = state.faults[fi];
      if (!f?.forever) state.faults.splice(fi, 1);
      if (f?.fault === 'drop') {
        req.socket.destroy();
        return;
      }
      if (f?.fault === 'huge') {
        // Written as the client reads (backpressure), so the server holds one chunk, whatever the client does.
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.write('{"data": [{"id": "');
        const chunk = Buffer.alloc(1 << 20, 'a');
        let left = f.bytes ?? MAX_RESPONSE_BYTES + chunk.length;
        const more = (): void => {
          while (left > 0 && !res.destroyed) {
            left -= chunk.length;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          if (!res.destroyed) res.end('"}]}');
        };
        more();
        return;
      }
      if (f?.fault === 'trickle') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.write('{"data": [');
        const t = setInterval(() => res.write(' '), 200);
        res.on('close', () => clearInterval(t));
        return;
      }
      if (f?.fault === 'slow') {
        setTimeout(() => send(res, 200, { value: [] }), f.delayMs ?? 5000).unref();
        return;
      }
      const usedUp = f?.quotaResetsAfter !== undefined ? { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': f.quotaResetsAfter } : undefined;
      if (f?.fault === 429) return send(res, 429, armError('RateLimiting', 'Please try again later.'), { ...(f.retryAfter !== undefined ? { 'retry-after': f.retryAfter } : {}), ...usedUp });
      if (f?.fault === 'quota' && usedUp) quota = usedUp;
      if (f?.fault === 'samepage') {
        if (/ResourceGraph/i.test(path)) return send(res, 200, { totalRecords: 5, count: 0, resultTruncated: 'false', facets: [], $skipToken: 'c2FtZQ==', data: [] }, quota);
        // `@odata.nextLink` (policy states) and `nextLink` (ARM lists).
        return send(res, 200, { '@odata.nextLink': `${state.url}${req.url ?? ''}`, nextLink: `${state.url}${req.url ?? ''}`, value: [] });
      }
      if (f?.fault === 'unregistered') return send(res, 409, unregistered([...path.matchAll(/\/providers\/([^/]+)/gi)].pop()?.[1] ?? ''));
      if (f?.fault === 401) return send(res, 401, armError('InvalidAuthenticationToken', 'The access token is invalid.'));
      if (f && typeof f.fault === 'number') return send(res, f.fault, armError('InternalServerError', 'Something went wrong.'));
    }
    if (!/^Bearer fake-token-/.test(req.headers.authorization ?? '')) return send(res, 401, armError('AuthenticationFailed', 'Authentication failed. The Authorization header is missing.'));

    // Subscriptions - Get (specification/subscription/resource-manager/Microsoft.Subscription/stable/2016-06-01/examples/getSubscription.json)
    let m = /^\/subscriptions\/([^/]+)$/i.exec(path);
    if (m && req.method === 'GET') {
      const id = m[1] ?? '';
      if (estate.forbidden.has(id)) return send(res, 403, armError('AuthorizationFailed', `The client does not have authorization to perform action 'Microsoft.Resources/subscriptions/read' over scope '/subscriptions/${id}'.`));
      const known = estate.containers.some((c) => String(c.subscriptionId).toLowerCase() === id.toLowerCase()) || estate.providers !== undefined;
      if (!known) return send(res, 404, armError('SubscriptionNotFound', `The subscription '${id}' could not be found.`));
      return send(res, 200, { id: `/subscriptions/${id}`, subscriptionId: id, displayName: 'il5 test', state: estate.subscriptionState ?? 'Enabled', subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' } });
    }
    // Management Groups - Get (specification/managementgroups/resource-manager/Microsoft.Management/stable/2021-04-01/examples/GetManagementGroup.json)
    m = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(path);
    if (m && req.method === 'GET') {
      const id = m[1] ?? '';
      const denied = groupDenied(estate, id);
      if (denied) return send(res, denied.status, denied.body);
      // With $expand=children (GetManagementGroupWithExpand.json): the subscriptions under it, type `/subscriptions`.
      const children = u.searchParams.get('$expand') === 'children' ? { children: (estate.managementGroups?.[id] ?? []).map((s) => ({ id: `/subscriptions/${s}`, type: '/subscriptions', name: s, displayName: 'il5 test' })) } : {};
      return send(res, 200, { id: `/providers/Microsoft.Management/managementGroups/${id}`, type: 'Microsoft.Management/managementGroups', name: id, properties: { tenantId: '22222222-2222-2222-2222-222222222222', displayName: `il5 ${id}`, details: { version: 1, updatedTime: '2026-12-01T00:00:00.00Z', updatedBy: '16b8ef21-5c9f-420c-bcc9-e4f8c9f30b4b', parent: { id: '/providers/Microsoft.Management/managementGroups/RootGroup', name: 'RootGroup', displayName: 'RootGroup' } }, ...children } });
    }
    // Resource Graph (specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2022-10-01/examples/ResourcesFirstPageQuery.json, ResourcesNextPageQuery.json;
    // a management-group scope, `managementGroups: [id]` in place of `subscriptions`: stable/2021-03-01/examples/ResourcesMgBasicQuery.json)
    if (path === '/providers/Microsoft.ResourceGraph/resources' && req.method === 'POST') {
      const q = JSON.parse(body) as { subscriptions?: string[]; managementGroups?: string[]; query: string; options?: { $skipToken?: string; $top?: number; resultFormat?: string; authorizationScopeFilter?: string } };
      if (q.options?.resultFormat !== 'objectArray') return send(res, 400, armError('BadRequest', 'expected objectArray'));
      let subs = q.subscriptions;
      if (q.managementGroups !== undefined) {
        // The subscriptions under each group, at any depth; a group the caller cannot read is refused whole.
        subs = [];
        for (const g of q.managementGroups) {
          const denied = groupDenied(estate, g);
          if (denied) return send(res, denied.status, denied.body);
          subs.push(...(estate.managementGroups?.[g] ?? []));
        }
      }
      const t = table(estate, q.query);
      // policyresources at the management groups above the scope's subscriptions, when asked for
      // (QueryRequestOptions.authorizationScopeFilter; by default, AtScopeAndBelow, none): from each
      // subscription's properties.managementGroupAncestorsChain, as Resource Graph's resourcecontainers give it.
      const above = new Set<string>();
      if (t === estate.policy && /above/i.test(q.options.authorizationScopeFilter ?? '')) {
        const wanted = new Set((subs ?? estate.containers.map((c) => String(c.subscriptionId))).map((x) => x.toLowerCase()));
        for (const c of estate.containers) {
          if (String(c.type).toLowerCase() !== 'microsoft.resources/subscriptions' || !wanted.has(String(c.subscriptionId).toLowerCase())) continue;
          const chain = (c.properties as { managementGroupAncestorsChain?: { name: string }[] } | undefined)?.managementGroupAncestorsChain ?? [];
          for (const g of chain) above.add(g.name.toLowerCase());
        }
        for (const g of q.managementGroups ?? []) above.add(g.toLowerCase());
      }
      const rows = filterRows(/\|\s*order by id asc\s*$/.test(q.query) ? byId(t) : t, q.query, subs, above);
      const start = q.options.$skipToken !== undefined ? Number(Buffer.from(q.options.$skipToken, 'base64').toString('utf8').replace('offset:', '')) : 0;
      const size = Math.min(state.pageSize, q.options.$top ?? 1000);
      const data = rows.slice(start, start + size);
      const next = start + size < rows.length ? Buffer.from(`offset:${start + size}`).toString('base64') : undefined;
      return send(res, 200, { totalRecords: rows.length, count: data.length, resultTruncated: 'false', facets: [], ...(next !== undefined ? { $skipToken: next } : {}), data }, quota);
    }
    // Diagnostic Settings - List (specification/monitor/resource-manager/Microsoft.Insights/preview/2021-05-01-preview/examples/listDiagnosticSettings.json)
    m = /^(.*)\/providers\/Microsoft\.Insights\/diagnosticSettings$/i.exec(path);
    if (m && req.method === 'GET') return send(res, 200, { value: estate.diagnostics.get((m[1] ?? '').toLowerCase()) ?? [] });
    // Policy States - List Query Results For Subscription / For Management Group, paged by @odata.nextLink
    // (specification/policyinsights/resource-manager/Microsoft.PolicyInsights/stable/2019-10-01/examples/
    // PolicyStates_QuerySubscriptionScope.json, PolicyStates_QueryManagementGroupScope.json,
    // PolicyStates_QueryManagementGroupScopeNextLink.json): the next link carries an opaque `$skipToken`
    // and not the `$filter`, which the token stands for.
    m = /^(\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?|\/providers\/Microsoft\.Management\/managementGroups\/([^/]+))\/providers\/Microsoft\.PolicyInsights\/policyStates\/latest\/queryResults$/i.exec(path);
    if (m && req.method === 'POST') {
      const [, scopePath = '', sub, rg, group] = m;
      let subs: string[];
      if (group !== undefined) {
        const denied = groupDenied(estate, group);
        if (denied) return send(res, denied.status, denied.body);
        subs = estate.managementGroups?.[group] ?? [];
      } else subs = [sub ?? ''];
      const token = u.searchParams.get('$skipToken');
      const resumed = token !== null ? (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { filter: string; skip: number }) : { filter: u.searchParams.get('$filter') ?? '', skip: 0 };
      // The filter the audit sends: `policySetDefinitionName eq 'a' or policySetDefinitionName eq 'b'`.
      const sets = [...resumed.filter.matchAll(/policySetDefinitionName eq '((?:[^']|'')*)'/g)].map((x) => (x[1] ?? '').replace(/''/g, "'").toLowerCase());
      const rows = estate.policyStates.filter(
        (r) =>
          subs.some((s) => s.toLowerCase() === String(r.subscriptionId).toLowerCase()) &&
          (rg === undefined || String(r.resourceId).toLowerCase().includes(`/resourcegroups/${rg.toLowerCase()}/`)) &&
          (sets.length === 0 || sets.includes(String(r.policySetDefinitionName).toLowerCase())),
      );
      const page = rows.slice(resumed.skip, resumed.skip + 2);
      const next = resumed.skip + 2 < rows.length ? Buffer.from(JSON.stringify({ filter: resumed.filter, skip: resumed.skip + 2 })).toString('base64') : undefined;
      const context = `${state.url}${scopePath}/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest`;
      return send(res, 200, {
        ...(next !== undefined ? { '@odata.nextLink': `${state.url}${scopePath}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=2019-10-01&$skipToken=${encodeURIComponent(next)}` } : {}),
        '@odata.context': context,
        '@odata.count': page.length,
        value: page.map((r) => ({ '@odata.id': null, '@odata.context': `${context}/$entity`, ...r })),
      });
    }
    // Providers - List (specification/resources/resource-manager/Microsoft.Resources/stable/2021-04-01/examples/GetProviders.json)
    if (/^\/subscriptions\/[^/]+\/providers$/i.test(path) && estate.providers) return send(res, 200, { value: estate.providers });
    // Resource Skus - List (specification/compute/resource-manager/Microsoft.Compute/Skus/stable/2021-07-01/examples/skus/ListAvailableResourceSkusForARegion.json)
    if (/\/providers\/Microsoft\.Compute\/skus$/i.test(path) && estate.skus) return send(res, 200, { value: estate.skus, nextLink: null });
    // Usage - List (specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable/2023-09-01/examples/usageMinimumSet_List.json)
    if (/\/providers\/Microsoft\.Compute\/locations\/[^/]+\/usages$/i.test(path) && estate.usages) return send(res, 200, { value: estate.usages });
    // Check name availability: Storage (StorageAccountCheckNameAvailability.json), Key Vault (checkVaultNameAvailability.json), Container Registry (RegistryCheckNameAvailable.json)
    if (/\/checkNameAvailability$/i.test(path) && req.method === 'POST') {
      // A provider the subscription is not registered for: Microsoft.Storage answers 404 SubscriptionNotFound,
      // others 409 MissingSubscriptionRegistration (https://github.com/Azure/azure-cli/issues/29267,
      // https://github.com/hashicorp/terraform-provider-azurerm/issues/24104).
      const ns = /\/providers\/([^/]+)\/checkNameAvailability$/i.exec(path)?.[1] ?? '';
      const provider = estate.providers?.find((p) => String(p.namespace).toLowerCase() === ns.toLowerCase());
      if (provider !== undefined && String(provider.registrationState).toLowerCase() !== 'registered') {
        if (ns.toLowerCase() === 'microsoft.storage') return send(res, 404, armError('SubscriptionNotFound', `Subscription ${path.split('/')[2] ?? ''} was not found.`));
        return send(res, 409, unregistered(ns));
      }
      const { name } = JSON.parse(body) as { name: string };
      if (estate.takenNames?.has(name)) return send(res, 200, { nameAvailable: false, reason: 'AlreadyExists', message: `The name '${name}' is already in use.` });
      return send(res, 200, { nameAvailable: true });
    }
    // Vaults - Get Deleted (specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2022-07-01/examples/getDeletedVault.json)
    m = /\/providers\/Microsoft\.KeyVault\/locations\/([^/]+)\/deletedVaults\/([^/]+)$/i.exec(path);
    if (m) {
      const name = m[2] ?? '';
      if (estate.deletedVaults?.has(name)) return send(res, 200, { id: path, name, type: 'Microsoft.KeyVault/deletedVaults', properties: { vaultId: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`, location: m[1], deletionDate: '2026-11-30T10:00:00Z', scheduledPurgeDate: '2027-02-28T10:00:00Z', purgeProtectionEnabled: true } });
      return send(res, 404, armError('ResourceNotFound', `The Resource 'Microsoft.KeyVault/deletedVaults/${name}' was not found.`));
    }
    // Permissions - List For Resource Group (specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/examples/GetPermissions.json)
    // Paged by `nextLink` (the operation is x-ms-pageable in authorization-RoleDefinitionsCalls.json): one entry a page here.
    // Only where the spec has it: at a resource group or a resource, never at a subscription (no such operation).
    m = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\//i.exec(path);
    if (m && estate.missingGroups?.has(decodeURIComponent(m[1] ?? ''))) return send(res, 404, armError('ResourceGroupNotFound', `Resource group '${decodeURIComponent(m[1] ?? '')}' could not be found.`));
    if (/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/(?:providers\/[^/]+\/.+\/)?providers\/Microsoft\.Authorization\/permissions$/i.test(path) && estate.permissions) {
      const at = Number(u.searchParams.get('$skiptoken') ?? '0');
      const more = at + 1 < estate.permissions.length;
      return send(res, 200, { value: estate.permissions.slice(at, at + 1), ...(more ? { nextLink: `${state.url}${path}?api-version=${u.searchParams.get('api-version') ?? ''}&$skiptoken=${at + 1}` } : {}) });
    }
    // Microsoft Graph: servicePrincipals(appId='…') (https://learn.microsoft.com/graph/api/serviceprincipal-get)
    m = /^\/v1\.0\/servicePrincipals\(appId='([^']+)'\)$/.exec(path);
    if (m) {
      if (estate.cosmosPrincipal === 'forbidden') return send(res, 403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } });
      if (estate.cosmosPrincipal === undefined) return send(res, 404, { error: { code: 'Request_ResourceNotFound', message: `Resource '${m[1]}' does not exist.` } });
      return send(res, 200, { '@odata.context': 'https://graph.microsoft.us/v1.0/$metadata#servicePrincipals/$entity', id: estate.cosmosPrincipal, appId: m[1], displayName: 'Azure Cosmos DB' });
    }
    send(res, 404, armError('NotFound', `no route for ${req.method} ${path}`));
  };

  const server: Server = createServer({ key, cert }, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `https://127.0.0.1:${port}`;
  // Closing also removes the folder of its certificate (a bench, unlike the tests, runs outside the tests'
  // temporary folder, and left one behind at every run).
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      });
    });
  return state;
}

/**
 * A stand-in `az` on PATH: `az account get-access-token --output json` prints what Azure CLI prints
 * (https://learn.microsoft.com/cli/azure/account#az-account-get-access-token); with `loggedOut` it
 * prints Azure CLI's "Please run 'az login'" error instead.
 */
export function fakeAz(loggedOut = false, argsLog?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-az-'));
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const token = { accessToken: `fake-token-${expires}`, expiresOn: new Date(expires * 1000).toISOString().replace('T', ' ').slice(0, 19) + '.000000', expires_on: expires, subscription: '11111111-1111-1111-1111-111111111111', tenant: '22222222-2222-2222-2222-222222222222', tokenType: 'Bearer' };
  // argsLog: each call's arguments, a line a call (the token's --resource among them).
  const logArgs = argsLog !== undefined ? `echo "$*" >> '${argsLog}'\n` : '';
  const script = loggedOut
    ? `#!/bin/sh\n${logArgs}echo "ERROR: Please run 'az login' to setup account." >&2\nexit 1\n`
    : `#!/bin/sh\n${logArgs}cat <<'EOF'\n${JSON.stringify(token, null, 2)}\nEOF\n`;
  writeFileSync(join(dir, 'az'), script);
  chmodSync(join(dir, 'az'), 0o755);
  return dir;
}

/**
 * Runs `node bin/il5ml.cjs …` asynchronously (the server lives in this process), with the server's CA
 * trusted, the stand-in az first on PATH, and nothing in the environment that could send a request
 * elsewhere (proxies, managed identity endpoints, service principal variables).
 */
export function runLive(args: string[], server: ArmServer, opts: { cwd?: string; azDir?: string; env?: Record<string, string>; tty?: boolean; onChild?: (child: ChildProcess) => void; /** A script to run in place of bin/il5ml.cjs (the benches' probes). */ script?: string } = {}): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(HTTPS?_PROXY|ALL_PROXY|NO_PROXY|AZURE_|IDENTITY_|MSI_|IMDS_)/i.test(k)) continue;
    env[k] = v;
  }
  env.NODE_EXTRA_CA_CERTS = server.caFile;
  env.PATH = `${opts.azDir ?? fakeAz()}:${process.env.PATH ?? ''}`;
  // If anything did try managed identity, it would go here, not to 169.254.169.254.
  env.IDENTITY_ENDPOINT = `${server.url}/msi/token`;
  env.IMDS_ENDPOINT = server.url;
  env.AZURE_POD_IDENTITY_AUTHORITY_HOST = server.url;
  Object.assign(env, opts.env);
  return new Promise((resolve) => {
    // tty: stderr on a pseudo-terminal (util-linux `script`), stdout to the file named by the last argument.
    const quote = (a: string): string => `'${a.replace(/'/g, "'\\''")}'`;
    const child = opts.tty
      ? spawn('script', ['-qec', `${[process.execPath, BIN, ...args.slice(0, -1)].map(quote).join(' ')} > ${quote(args[args.length - 1] ?? '/dev/null')}`, '/dev/null'], { cwd: opts.cwd ?? REPO_ROOT, env })
      : spawn(process.execPath, [opts.script ?? BIN, ...args], { cwd: opts.cwd ?? REPO_ROOT, env });
    opts.onChild?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
