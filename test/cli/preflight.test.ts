/**
 * `il5ml preflight` end to end against the HTTPS server on 127.0.0.1 (test/helpers/arm-server.ts), the
 * way deploy.sh runs it: `il5ml preflight --spec FILE --subscription ID [--resource-group NAME]`.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { preflightPlan } from '../../src/azure/preflight-plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import { runBin } from '../helpers/cli.js';
import { emptyEstate, fakeAz, runLive, startArmServer, type ArmServer, type Estate, type Row } from '../helpers/arm-server.js';

const SUB = '55555555-5555-5555-5555-555555555555';
const COSMOS_OBJECT_ID = '66666666-6666-6666-6666-666666666666';

/** Providers - List as Azure answers it (GetProviders.json): every type the plan deploys, offered in US Gov Virginia. */
function providers(): Row[] {
  const plan = preflightPlan(defaultSpec(), SUB, 'il5ml-rg');
  const byNs = new Map<string, Map<string, Set<string>>>();
  for (const r of plan.resources) {
    const [ns = '', ...rest] = r.type.split('/');
    const types = byNs.get(ns) ?? new Map<string, Set<string>>();
    types.set(rest.join('/'), new Set([...(types.get(rest.join('/')) ?? []), r.apiVersion, '2015-01-01']));
    byNs.set(ns, types);
  }
  return [...byNs].map(([namespace, types]) => ({
    id: `/subscriptions/${SUB}/providers/${namespace}`,
    namespace,
    registrationState: namespace === 'Microsoft.DevTestLab' ? 'NotRegistered' : 'Registered',
    resourceTypes: [...types].map(([resourceType, versions]) => ({ resourceType, locations: ['USGov Virginia', 'USGov Arizona'], apiVersions: [...versions] })),
  }));
}

const sku = (resourceType: string, name: string, family: string, vcpus: number, restrictions: Row[] = []): Row => ({
  resourceType,
  name,
  tier: 'Standard',
  family,
  locations: ['usgovvirginia'],
  capabilities: [{ name: 'vCPUs', value: String(vcpus) }],
  restrictions,
});
const usage = (value: string, current: number, limit: number): Row => ({ unit: 'Count', currentValue: current, limit, name: { value, localizedValue: `${value} vCPUs` } });

function estate(): Estate {
  return {
    ...emptyEstate(),
    providers: providers(),
    skus: [sku('virtualMachines', 'Standard_DS3_v2', 'standardDSv2Family', 4), sku('virtualMachines', 'Standard_D4s_v5', 'standardDSv5Family', 4), sku('hostGroups/hosts', 'DSv5-Type1', 'standardDSv5Family', 96)],
    usages: [usage('cores', 10, 350), usage('standardDSv2Family', 0, 100), usage('standardDSv5Family', 0, 100)],
    takenNames: new Set(),
    deletedVaults: new Set(),
    permissions: [{ actions: ['*'], notActions: [] }],
    cosmosPrincipal: COSMOS_OBJECT_ID,
  };
}

let server: ArmServer;
let dir = '';
let az = '';
beforeAll(async () => {
  server = await startArmServer(estate());
  dir = mkdtempSync(join(tmpdir(), 'il5ml-preflight-'));
  writeFileSync(join(dir, 'il5ml.yaml'), 'prefix: il5ml\nregion: usgovvirginia\n');
  az = fakeAz();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.estate = estate();
  server.log.length = 0;
  server.faults.length = 0;
});

const run = (...args: string[]) => runLive(['preflight', '--spec', 'il5ml.yaml', '--subscription', SUB, '--arm-endpoint', server.url, '--graph-endpoint', server.url, '--auth', 'cli', ...args], server, { cwd: dir, azDir: az });

interface Check {
  check: string;
  subject: string;
  status: string;
  detail: string;
  specKey?: string;
  fix?: string;
}

describe('il5ml preflight against ARM on 127.0.0.1', () => {
  it('passes a subscription that accepts the plan, with the Cosmos DB object id and the whole host in the quota', async () => {
    const r = await run('--format', 'json');
    expect(r.stderr).toBe('il5ml: spec il5ml.yaml (--spec)\n');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; resourceGroup: string; checks: Check[] };
    expect(doc.ok).toBe(true);
    expect(doc.resourceGroup).toBe('il5ml-rg');
    expect(doc.checks.find((c) => c.check === 'principal')?.detail).toBe(`object id ${COSMOS_OBJECT_ID}`);
    // The cluster at 4 nodes of 4 vCPUs plus the instance: 20 in DSv2; the host's 96 in DSv5 (the jump box on it adds none).
    expect(doc.checks.find((c) => c.subject === 'standardDSv2Family vCPUs')?.detail).toMatch(/^needs 20,/);
    expect(doc.checks.find((c) => c.subject === 'standardDSv5Family vCPUs')?.detail).toMatch(/^needs 96,/);
    expect(doc.checks.find((c) => c.subject === 'cores vCPUs')?.detail).toMatch(/^needs 116, 340 free/);
    // A provider not yet registered is registerable: a warning.
    expect(doc.checks.find((c) => c.subject === 'Microsoft.DevTestLab')?.status).toBe('warn');
    expect(server.log.every((l) => l.authorized)).toBe(true);
    // The Cosmos DB principal is looked up by the Azure Government app id.
    expect(server.log.some((l) => l.path.includes("servicePrincipals(appId='57506a73-e302-42a9-b869-6f12d9ec29e9')"))).toBe(true);
  });

  it('fails with exit 1 naming the spec key: taken name, soft-deleted vault, restricted size, short quota, no role assignment right', async () => {
    const plan = preflightPlan(defaultSpec(), SUB, 'il5ml-rg');
    const storage = plan.names.find((n) => n.kind === 'storage')?.name ?? '';
    const vault = plan.names.find((n) => n.kind === 'keyVault')?.name ?? '';
    server.estate.takenNames = new Set([storage]);
    server.estate.deletedVaults = new Set([vault]);
    server.estate.skus = [
      sku('virtualMachines', 'Standard_DS3_v2', 'standardDSv2Family', 4, [{ type: 'Location', values: ['usgovvirginia'], restrictionInfo: { locations: ['usgovvirginia'] }, reasonCode: 'NotAvailableForSubscription' }]),
      sku('virtualMachines', 'Standard_D4s_v5', 'standardDSv5Family', 4),
      sku('hostGroups/hosts', 'DSv5-Type1', 'standardDSv5Family', 96),
    ];
    server.estate.usages = [usage('cores', 10, 350), usage('standardDSv2Family', 0, 100), usage('standardDSv5Family', 40, 100)];
    server.estate.permissions = [{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete'] }];
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL  name          storage account ${storage}: AlreadyExists`);
    expect(r.stdout).toContain(`key vault ${vault}: a soft-deleted vault has this name`);
    expect(r.stdout).toMatch(/VM size Standard_DS3_v2: restricted for this subscription in usgovvirginia \(NotAvailableForSubscription\)\n\s+spec key: compute.cluster.vmSize/);
    expect(r.stdout).toMatch(/standardDSv5Family vCPUs: needs 96, only 60 free \(40 of 100 used\)\n\s+spec key: jumpBox.dedicatedHostSku/);
    expect(r.stdout).toContain('FAIL  permission    Microsoft.Authorization/roleAssignments/write');
    expect(r.stdout).toMatch(/spec key: prefix/);
  });

  it('an apiVersion the cloud does not offer and a type not in the region fail', async () => {
    const p = server.estate.providers ?? [];
    for (const prov of p) {
      if (prov.namespace !== 'Microsoft.MachineLearningServices') continue;
      for (const t of prov.resourceTypes as { resourceType: string; apiVersions: string[]; locations: string[] }[]) {
        if (t.resourceType === 'workspaces') t.apiVersions = ['2015-01-01'];
        if (t.resourceType === 'workspaces/computes') t.locations = ['USGov Arizona'];
      }
    }
    const r = await run('--format', 'json');
    expect(r.code).toBe(1);
    const checks = (JSON.parse(r.stdout) as { checks: Check[] }).checks.filter((c) => c.status === 'fail');
    expect(checks.map((c) => [c.check, c.subject.split('@')[0], c.specKey])).toEqual([
      ['apiVersion', 'Microsoft.MachineLearningServices/workspaces', undefined],
      ['location', 'Microsoft.MachineLearningServices/workspaces/computes', 'region'],
    ]);
  });

  it("a Disabled subscription fails (Azure refuses every create in it); a PastDue one warns; an Enabled one is ok", async () => {
    // https://learn.microsoft.com/azure/cost-management-billing/manage/subscription-states (read 2026-12-07).
    const state = async (s: string | undefined): Promise<{ code: number; check: Check | undefined }> => {
      if (s === undefined) delete server.estate.subscriptionState;
      else server.estate.subscriptionState = s;
      const r = await run('--format', 'json');
      return { code: r.code, check: (JSON.parse(r.stdout) as { checks: Check[] }).checks.find((c) => c.check === 'subscription') };
    };
    const disabled = await state('Disabled');
    expect(disabled.code).toBe(1);
    expect(disabled.check).toMatchObject({ status: 'fail', subject: `subscription ${SUB}` });
    expect(disabled.check?.detail).toMatch(/^state Disabled: Azure refuses every create or update \(PUT, PATCH\)/);
    const pastDue = await state('PastDue');
    expect(pastDue.code).toBe(0);
    expect(pastDue.check?.status).toBe('warn');
    expect((await state(undefined)).check).toMatchObject({ status: 'ok', detail: 'state Enabled' });
  });

  it('a tenant without the Cosmos DB principal fails; unreadable Graph warns', async () => {
    server.estate.cosmosPrincipal = undefined;
    const missing = await run();
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('az ad sp create --id 57506a73-e302-42a9-b869-6f12d9ec29e9');
    server.estate.cosmosPrincipal = 'forbidden';
    const hidden = await run('--format', 'json');
    expect(hidden.code).toBe(0);
    expect((JSON.parse(hidden.stdout) as { checks: Check[] }).checks.find((c) => c.check === 'principal')?.status).toBe('warn');
  });

  it('reads every page of the permissions list: the right to assign roles on the second page passes', async () => {
    // Reader first, then Owner's `*` (Permissions - List For Resource Group pages by nextLink).
    server.estate.permissions = [{ actions: ['*/read'], notActions: [] }, { actions: ['*'], notActions: [] }];
    const r = await run('--format', 'json');
    expect(r.code, r.stdout).toBe(0);
    expect((JSON.parse(r.stdout) as { checks: Check[] }).checks.find((c) => c.check === 'permission')?.status).toBe('ok');
    expect(server.log.filter((l) => /Microsoft\.Authorization\/permissions\?/.test(l.path)).length).toBe(2);
  });

  it('a resource group that does not exist yet: the permission warns "not checked" with az group create, and no subscription-level permissions list (no such operation) is asked', async () => {
    // Permissions_ListForResourceGroup and Permissions_ListForResource are the only permission lists
    // (specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json, read 2026-12-08).
    server.estate.missingGroups = new Set(['il5ml-rg']);
    const r = await run('--format', 'json');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const perm = (JSON.parse(r.stdout) as { checks: Check[] }).checks.find((c) => c.check === 'permission');
    expect(perm?.status).toBe('warn');
    expect(perm?.detail).toBe('resource group il5ml-rg does not exist yet, and Azure lists your permissions only on a resource group or a resource: not checked');
    expect(perm?.fix).toContain(`az group create --subscription ${SUB} --name il5ml-rg --location usgovvirginia`);
    const asked = server.log.filter((l) => /Microsoft\.Authorization\/permissions\?/.test(l.path)).map((l) => l.path.split('?')[0]);
    expect(asked).toEqual([`/subscriptions/${SUB}/resourceGroups/il5ml-rg/providers/Microsoft.Authorization/permissions`]);
    // The checks after it still run: the Cosmos DB principal.
    expect((JSON.parse(r.stdout) as { checks: Check[] }).checks.find((c) => c.check === 'principal')?.status).toBe('ok');
    const table = await run();
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/warn\s+permission\s+Microsoft\.Authorization\/roleAssignments\/write/);
  });

  it('a list whose next link leads back to a page already read: exit 2, not endless paging nor a partial list judged', async () => {
    server.faults.push({ match: /^\/subscriptions\/[^/]+\/providers$/, fault: 'samepage', forever: true });
    const r = await run('--out', 'loop.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL5-AZURE-RESPONSE: resource providers: a next link to a page already read: paging would not end/);
    expect(server.log.filter((l) => l.path.startsWith(`/subscriptions/${SUB}/providers?`)).length).toBe(2);
    expect(existsSync(join(dir, 'loop.txt'))).toBe(false);
  });

  // A new subscription: Microsoft.Storage and Microsoft.KeyVault not registered yet. Their name checks
  // cannot be answered (Storage: 404 SubscriptionNotFound, Key Vault: 409 MissingSubscriptionRegistration);
  // they are reported not checked with the registration to do, and the rest of the preflight still runs.
  it('a provider not registered yet: its names are "not checked" warnings with az provider register, not an exit 2 about the subscription id', async () => {
    for (const p of server.estate.providers ?? []) if (p.namespace === 'Microsoft.Storage' || p.namespace === 'Microsoft.KeyVault') p.registrationState = 'NotRegistered';
    const r = await run('--format', 'json');
    expect(r.stderr).toBe('il5ml: spec il5ml.yaml (--spec)\n');
    expect(r.code).toBe(0);
    const checks = (JSON.parse(r.stdout) as { checks: Check[] }).checks;
    const names = checks.filter((c) => c.check === 'name');
    const byLabel = new Map(names.map((c) => [c.subject.split(' ').slice(0, -1).join(' '), c]));
    expect([...byLabel].map(([label, c]) => [label, c.status]).sort()).toEqual([
      ['container registry', 'ok'],
      ['key vault', 'warn'],
      ['storage account', 'warn'],
    ]);
    expect(byLabel.get('storage account')?.fix).toBe('az provider register --namespace Microsoft.Storage --wait, then run preflight again');
    expect(byLabel.get('key vault')?.detail).toMatch(/^not checked: the subscription is not registered for Microsoft.KeyVault \(NotRegistered\)/);
    // Azure was not asked what it cannot answer; the registered provider's name was checked.
    expect(server.log.filter((l) => /checkNameAvailability/.test(l.path)).map((l) => l.path.split('/')[4])).toEqual(['Microsoft.ContainerRegistry']);
    expect(checks.find((c) => c.check === 'principal')?.status).toBe('ok');
  });

  it('MissingSubscriptionRegistration elsewhere names the namespace and az provider register (exit 2), not "try again later"', async () => {
    server.faults.push({ match: /Microsoft\.Compute\/locations\/[^/]+\/usages$/, fault: 'unregistered' });
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL5-AZURE-NOT-REGISTERED: Microsoft.Compute usages: the subscription is not registered for Microsoft.Compute \(409: MissingSubscriptionRegistration: /);
    expect(r.stderr).toContain('fix: someone allowed to register providers (Contributor or Owner) runs: az provider register --namespace Microsoft.Compute --wait; then run the command again');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  // https://learn.microsoft.com/graph/sdks/national-clouds ("Permission scopes", read 2026-12-07): a Graph
  // token's .default scope uses the domain of the Graph root it is for, so a DoD tenant's
  // --graph-endpoint https://dod-graph.microsoft.us needs https://dod-graph.microsoft.us/.default.
  it("asks for the Graph token of --graph-endpoint's own root, and the ARM token of the cloud", async () => {
    const argsLog = join(dir, 'az-args.log');
    const azLogged = fakeAz(false, argsLog);
    const r = await runLive(['preflight', '--spec', 'il5ml.yaml', '--subscription', SUB, '--arm-endpoint', server.url, '--graph-endpoint', `${server.url}/`, '--auth', 'cli', '--format', 'json'], server, { cwd: dir, azDir: azLogged });
    expect(r.code, r.stderr).toBe(0);
    const resources = readFileSync(argsLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => /--resource (\S+)/.exec(line)?.[1]);
    expect(new Set(resources)).toEqual(new Set([server.url, 'https://management.usgovcloudapi.net']));
    expect(server.log.some((l) => l.path.startsWith('/v1.0/servicePrincipals'))).toBe(true);
  });

  // Graph is another service with its own token: when it refuses the token (401), or none can be had for
  // it, the principal is "not checked" (as with no right to read it), pointing at a DoD tenant's Graph root,
  // and the ARM checks are still reported.
  it('Microsoft Graph refusing the token, or no Graph token: the principal warns naming --graph-endpoint; the rest of the preflight stands', async () => {
    server.faults.push({ match: /servicePrincipals/, fault: 401 });
    const refused = await run('--format', 'json');
    expect(refused.code, refused.stderr).toBe(0);
    const p = (JSON.parse(refused.stdout) as { checks: Check[] }).checks.find((c) => c.check === 'principal');
    expect(p?.status).toBe('warn');
    expect(p?.detail).toMatch(/^Microsoft Graph at https:\/\/127\.0\.0\.1:\d+: the token was refused \(401: InvalidAuthenticationToken: .*\): not checked$/);
    expect(p?.fix).toContain('--graph-endpoint https://dod-graph.microsoft.us');
    server.log.length = 0;
    // az gives an ARM token but none for Graph (e.g. a Conditional Access policy on Graph).
    const azDir = mkdtempSync(join(tmpdir(), 'il5ml-az-graph-'));
    writeFileSync(join(azDir, 'az'), `#!/bin/sh\ncase "$*" in *management.usgovcloudapi.net*) exec '${join(az, 'az')}' "$@";; esac\necho "ERROR: AADSTS53003: Access has been blocked by Conditional Access policies." >&2\nexit 1\n`, { mode: 0o755 });
    const noToken = await runLive(['preflight', '--spec', 'il5ml.yaml', '--subscription', SUB, '--arm-endpoint', server.url, '--graph-endpoint', server.url, '--auth', 'cli', '--format', 'json'], server, { cwd: dir, azDir });
    expect(noToken.code, noToken.stderr).toBe(0);
    const q = (JSON.parse(noToken.stdout) as { checks: Check[] }).checks.find((c) => c.check === 'principal');
    expect(q?.status).toBe('warn');
    expect(q?.detail).toMatch(/could not get a token: .*AADSTS53003.*: not checked$/);
    expect(server.log.some((l) => l.path.startsWith('/v1.0/servicePrincipals'))).toBe(false);
  });

  // --max-total, shared with audit (src/cli/azure-flags.ts): the providers list fails for ever, so only
  // the total can end the run; the test's own timeout bounds it if the limit did not hold.
  it('a request failing for ever stops at --max-total: exit 2 naming the request, the limit and the flag; nothing written', async () => {
    server.faults.push({ match: /^\/subscriptions\/[^/]+\/providers$/, fault: 503, forever: true });
    const r = await run('--max-retries', '20', '--max-total', '3', '--out', 'total.txt');
    expect(r.code).toBe(2);
    const m = new RegExp(`IL5-AZURE-RETRIES: GET \\S+/subscriptions/${SUB}/providers: gave up after [\\d.]+ s and (\\d+) attempts: one request may take 3 s in all, its attempts and waits together \\(--max-total\\); last: HTTP 503`).exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(r.stderr).toContain('raise --max-total (seconds)');
    const attempts = Number(m?.[1]);
    expect(server.log.filter((l) => l.path.startsWith(`/subscriptions/${SUB}/providers?`)).length).toBe(attempts);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThan(21);
    expect(existsSync(join(dir, 'total.txt'))).toBe(false);
  });

  it('--max-total is in the help with its default, and a bad value is exit 2 before any request', async () => {
    expect(runBin(['preflight', '--help']).stdout).toMatch(/--max-total <seconds>\s+the longest one request may take, all its attempts\s+and waits together \(default: "300"\)/);
    expect(runBin(['audit', '--help']).stdout).toMatch(/--max-total <seconds>\s+the longest one request may take, all its attempts\s+and waits together \(default: "300"\)/);
    for (const v of ['soon', '0.5', '-3', '86401']) {
      const r = await run('--max-total', v);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--max-total ${JSON.stringify(v)} must be a number from 1 to 86400`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(server.log).toEqual([]);
  });

  it('without --subscription, or with a spec error: exit 2 before any request', async () => {
    const none = await runLive(['preflight', '--arm-endpoint', server.url, '--auth', 'cli'], server, { cwd: dir, azDir: az });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no --subscription');
    writeFileSync(join(dir, 'bad.yaml'), 'region: moon\n');
    const bad = await run('--spec', 'bad.yaml');
    expect(bad.code).toBe(2);
    expect(server.log).toEqual([]);
  });

  it('a --resource-group that is no resource group name: exit 2 before sign-in and any request, as expand says it', async () => {
    const r = await run('--resource-group', 'ml rg/../x');
    expect(r.code).toBe(2);
    // The wording of src/cli/scope-names.ts (session 21), which names the characters; before: "'ml rg/../x' is not
    // a valid resource group name", fix "use 1-90 letters, digits, _ - . ( ), not ending in a period".
    expect(r.stderr).toContain(`--resource-group: error IL5-CLI-FLAG: --resource-group: "ml rg/../x" is not a resource group name: it has characters Azure does not take: space, '/'`);
    expect(r.stderr).toContain('(a name is 1 to 90 letters, digits, _ - . ( ), not ending in a period)');
    expect(server.log).toEqual([]);
  });

  it('a --graph-endpoint that is not https: the example is a Microsoft Graph root (DoD), not the ARM endpoint', async () => {
    for (const bad of ['http://dod-graph.microsoft.us', 'not a url']) {
      const r = await runLive(['preflight', '--spec', 'il5ml.yaml', '--subscription', SUB, '--arm-endpoint', server.url, '--graph-endpoint', bad, '--auth', 'cli'], server, { cwd: dir, azDir: az });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('fix: e.g. --graph-endpoint https://dod-graph.microsoft.us');
      expect(r.stderr).not.toContain('--graph-endpoint https://management.usgovcloudapi.net');
    }
    expect(server.log).toEqual([]);
  });
});
