/**
 * `il5ml audit` end to end, as a user types it, against a real HTTPS server on 127.0.0.1
 * (test/helpers/arm-server.ts) with a stand-in `az` for `--auth cli`. No packet leaves 127.0.0.1.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeAz, runLive, startArmServer, type ArmServer } from '../helpers/arm-server.js';
import { MAX_RESPONSE_BYTES } from '../../src/azure/arm.js';
import { estateOf, planEstate, smallEstate, SUB_A, SUB_B } from '../azure/estates.js';
import { defLogs, defPurge, set } from '../helpers/test-initiative.js';

// The initiative of test/cli/check.test.ts: purge protection, and key vault logs through a diagnostic
// setting (auditIfNotExists: the setting is read per vault).
const SET_NAME = set.name;

interface Result {
  policyDefinitionId: string;
  resourceId: string;
  compliance: string;
  reason: string;
  policySetDefinitionId?: string;
  policyDefinitionReferenceId?: string;
}

/** The verdicts, without the positions (which name the file read). */
function verdicts(json: string): string[] {
  const doc = JSON.parse(json) as { results: Result[] };
  return doc.results.map((r) => `${r.resourceId}|${r.policyDefinitionId}|${r.policySetDefinitionId ?? ''}|${r.policyDefinitionReferenceId ?? ''}|${r.compliance}|${r.reason}`).sort();
}

// Management groups of the local server (test/helpers/arm-server.ts) and the subscriptions under each.
const MG_BOTH = 'mg-il5';
const MG_A = 'mg-il5-a';
const MG_DENIED = 'mg-secret';

/**
 * A policyStates/latest/queryResults row, shaped as in Azure/azure-rest-api-specs
 * specification/policyinsights/resource-manager/Microsoft.PolicyInsights/stable/2019-10-01/examples/PolicyStates_QueryManagementGroupScope.json.
 */
function state(resourceId: string, def: string, ref: string, complianceState: string, assignedAt = `/subscriptions/${SUB_A}`, setName = SET_NAME) {
  const sub = /^\/subscriptions\/([^/]+)/.exec(resourceId)?.[1] ?? '';
  return {
    timestamp: '2026-12-05T04:00:00Z',
    resourceId,
    policyAssignmentId: `${assignedAt}/providers/Microsoft.Authorization/policyAssignments/il5`,
    policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${def}`,
    effectiveParameters: null,
    isCompliant: complianceState === 'Compliant',
    subscriptionId: sub,
    resourceType: '/Microsoft.KeyVault/vaults',
    resourceLocation: 'usgovvirginia',
    resourceGroup: 'rg-il5',
    policyAssignmentName: 'il5',
    policyAssignmentScope: assignedAt,
    policyDefinitionName: def,
    policyDefinitionAction: 'audit',
    policySetDefinitionId: `/providers/Microsoft.Authorization/policySetDefinitions/${setName}`,
    policySetDefinitionName: setName,
    managementGroupIds: MG_BOTH,
    policyDefinitionReferenceId: ref,
    complianceState,
    policyDefinitionGroupNames: ['DoD_IL5_R4_CP-9'],
  };
}
const vault = (sub: string, name: string) => `/subscriptions/${sub}/resourceGroups/rg-il5/providers/Microsoft.KeyVault/vaults/${name}`;

const hasScript = spawnSync('script', ['--version']).status === 0;

let dir = '';
let server: ArmServer;
let az = '';
const arm = (): string[] => ['--arm-endpoint', server.url, '--auth', 'cli'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-audit-'));
  mkdirSync(join(dir, 'policies'), { recursive: true });
  writeFileSync(join(dir, 'policies', 'set.json'), JSON.stringify(set));
  writeFileSync(join(dir, 'policies', 'purge.json'), JSON.stringify(defPurge));
  writeFileSync(join(dir, 'policies', 'logs.json'), JSON.stringify(defLogs));
  const estate = estateOf(smallEstate(), [SUB_A, SUB_B]);
  estate.managementGroups = { [MG_BOTH]: [SUB_A, SUB_B], [MG_A]: [SUB_A], [MG_DENIED]: [SUB_B] };
  server = await startArmServer(estate);
  az = fakeAz();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.faults.length = 0;
  server.estate.forbidden.clear();
  server.log.length = 0;
  server.pageSize = 3;
  server.estate.policyStates = [];
});

const run = (args: string[], env: Record<string, string> = {}, azDir = az) => runLive(args, server, { cwd: dir, azDir, env });
/** A TMPDIR of the test's own, and the audit spools in it (src/cli/spool.ts). */
const freshTmp = (): string => mkdtempSync(join(tmpdir(), 'il5ml-audit-tmpdir-'));
const spools = (tmp: string): string[] => readdirSync(tmp).filter((n) => n.startsWith('il5ml-audit-'));
const graphBodies = () =>
  server.log.filter((l) => l.path.startsWith('/providers/Microsoft.ResourceGraph/resources')).map((l) => JSON.parse(l.body) as { subscriptions?: string[]; managementGroups?: string[]; query: string });

describe('il5ml audit against Resource Graph on 127.0.0.1', () => {
  it('gives the verdicts `il5ml check` gives on its export: small estate, policies and baseline', async () => {
    const a = await run(['audit', '--subscription', SUB_A, '--subscription', SUB_B, '--policy', 'policies', '--format', 'json', '--out', 'audit.json', '--export', 'export.json', ...arm()]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(1);
    const c = await run(['check', 'export.json', '--policy', 'policies', '--format', 'json']);
    expect(c.code).toBe(1);
    const audited = verdicts(readFileSync(join(dir, 'audit.json'), 'utf8'));
    expect(audited).toEqual(verdicts(c.stdout));
    // The report itself is the same bytes: positions point into the export either way.
    expect(readFileSync(join(dir, 'audit.json'), 'utf8')).toBe(c.stdout);
    // The vault with a diagnostic setting passes the logs definition; the one without fails it.
    expect(audited.some((v) => v.includes('/vaults/kv-good|') && v.includes('aaaaaaaa-0000-0000-0000-000000000002') && v.includes('|Compliant|'))).toBe(true);
    expect(audited.some((v) => v.includes('/vaults/kv-bad|') && v.includes('aaaaaaaa-0000-0000-0000-000000000002') && v.includes('|NonCompliant|'))).toBe(true);
    // Both subscriptions were read.
    expect(audited.some((v) => v.includes(`/subscriptions/${SUB_B}/`))).toBe(true);
  });

  it('writes its table and markdown from the result spool as the in-memory formatters write them for `check` of the export', async () => {
    for (const format of ['table', 'md']) {
      const a = await run(['audit', '--subscription', SUB_A, '--subscription', SUB_B, '--policy', 'policies', '--format', format, '--out', `audit.${format}`, '--export', 'export.json', ...arm()]);
      expect(a.code).toBe(1);
      // --out-dir holds the results and formats them in memory (check-output.ts).
      const c = await run(['check', 'export.json', '--policy', 'policies', '--format', format, '--out-dir', `held-${format}`], { SOURCE_DATE_EPOCH: '1796601600' });
      expect(c.code).toBe(1);
      const held = readFileSync(join(dir, `held-${format}`, `export.${format === 'table' ? 'txt' : 'md'}`), 'utf8');
      const audited = readFileSync(join(dir, `audit.${format}`), 'utf8');
      expect(audited).toContain('NonCompliant');
      // The audit's markdown says what it read (scope, date: test/cli/audit-report.test.ts), and its Unknown
      // verdicts are undecided from what it read of Azure, not before deployment: its sections are the same rows.
      const unknown = (t: string): string => t.replace('## Unknown: cannot be decided from what il5ml reads of the deployed resources', '## Unknown: cannot be decided before deployment');
      if (format === 'table') expect(audited).toBe(held);
      else expect(unknown(audited.slice(audited.indexOf('## NonCompliant')))).toBe(held.slice(held.indexOf('## NonCompliant')));
    }
  });

  it('pages with $skipToken, reads diagnostic settings only for the resources the definitions need, always with the token', async () => {
    server.pageSize = 2;
    const a = await run(['audit', '--subscription', SUB_A, '--policy', 'policies', '--baseline', 'none', '--format', 'json', ...arm()]);
    expect(a.code).toBe(1);
    const graph = server.log.filter((l) => l.path.startsWith('/providers/Microsoft.ResourceGraph/resources'));
    const bodies = graph.map((l) => JSON.parse(l.body) as { options: { $skipToken?: string; $top: number } });
    expect(bodies.filter((b) => b.options.$skipToken !== undefined).length).toBeGreaterThanOrEqual(2);
    expect(bodies.every((b) => b.options.$top === 1000)).toBe(true);
    const diag = server.log.filter((l) => /diagnosticSettings/i.test(l.path));
    expect(diag.map((l) => l.path.split('?')[0]).sort()).toEqual([
      `/subscriptions/${SUB_A}/resourceGroups/rg-il5/providers/Microsoft.KeyVault/vaults/kv-bad/providers/Microsoft.Insights/diagnosticSettings`,
      `/subscriptions/${SUB_A}/resourceGroups/rg-il5/providers/Microsoft.KeyVault/vaults/kv-good/providers/Microsoft.Insights/diagnosticSettings`,
    ]);
    expect(server.log.every((l) => l.authorized)).toBe(true);
  });

  it('gives the same verdicts as check on the export for the deployed default plan (baseline)', async () => {
    const plan = await startArmServer(estateOf(planEstate()));
    try {
      const a = await runLive(['audit', '--subscription', SUB_A, '--format', 'json', '--export', 'plan-export.json', '--arm-endpoint', plan.url, '--auth', 'cli'], plan, { cwd: dir, azDir: az });
      expect([0, 1]).toContain(a.code);
      const c = await run(['check', 'plan-export.json', '--format', 'json']);
      expect(verdicts(a.stdout)).toEqual(verdicts(c.stdout));
      expect(verdicts(a.stdout).length).toBeGreaterThan(20);
    } finally {
      await plan.close();
    }
  });

  it('--resource-group narrows every query to that group', async () => {
    const a = await run(['audit', '--subscription', SUB_A, '--resource-group', 'rg-other', '--format', 'json', ...arm()]);
    const ids = (JSON.parse(a.stdout) as { results: Result[] }).results.map((r) => r.resourceId);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => /rg-other/i.test(id) || id === `/subscriptions/${SUB_A}`)).toBe(true);
  });

  it('waits out 429 + Retry-After, retries 503 and a dropped connection, and still completes', async () => {
    server.faults.push({ match: /ResourceGraph/, fault: 429, retryAfter: '1' }, { match: /ResourceGraph/, fault: 503 }, { match: /diagnosticSettings/, fault: 'drop' });
    const a = await run(['audit', '--subscription', SUB_A, '--policy', 'policies', '--format', 'json', ...arm()]);
    expect(a.code).toBe(1);
    expect(server.faults).toEqual([]);
    // The 429's retry waited its Retry-After (1 s), not the first backoff (0.5 s); the 503's retry the
    // second backoff (1 s). Lower bounds: the waits happened, whatever the machine's speed.
    const at = server.log.filter((l) => l.path.includes('ResourceGraph')).map((l) => l.at);
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(900);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(900);
    const c = await run(['audit', '--subscription', SUB_A, '--policy', 'policies', '--format', 'json', ...arm()]);
    expect(verdicts(a.stdout)).toEqual(verdicts(c.stdout));
  });

  it('retries an answer slower than --timeout, and gives up with exit 2 when retries run out', async () => {
    server.faults.push({ match: /ResourceGraph/, fault: 'slow' });
    const ok = await run(['audit', '--subscription', SUB_A, '--format', 'json', '--timeout', '1', ...arm()]);
    expect([0, 1]).toContain(ok.code);
    server.faults.push({ match: /ResourceGraph/, fault: 'slow' });
    const bad = await run(['audit', '--subscription', SUB_A, '--timeout', '1', '--max-retries', '0', '--out', 'slow.txt', ...arm()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/IL5-AZURE-RETRIES: .*no answer within 1 s/);
    expect(existsSync(join(dir, 'slow.txt'))).toBe(false);
  });

  it('a body that keeps coming after its headers (a trickle) is cut at --timeout and retried like a late answer, not reported as an unreachable endpoint', async () => {
    server.faults.push({ match: /ResourceGraph/, fault: 'trickle' }, { match: /ResourceGraph/, fault: 'trickle' });
    const a = await run(['audit', '--subscription', SUB_A, '--timeout', '1', '--max-retries', '1', '--out', 'trickle.txt', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/IL5-AZURE-RETRIES: POST .*ResourceGraph\/resources failed 2 times; last: no answer within 1 s/);
    expect(a.stderr).not.toMatch(/UNREACHABLE|\n\s+at /);
    expect(server.log.filter((l) => l.path.includes('ResourceGraph')).length).toBe(2);
    expect(existsSync(join(dir, 'trickle.txt'))).toBe(false);
    // Past --max-total, the same body is cut at the total and named by it.
    server.faults.push({ match: /ResourceGraph/, fault: 'trickle', forever: true });
    const t = await run(['audit', '--subscription', SUB_A, '--timeout', '30', '--max-total', '2', ...arm()]);
    // What was left of the 2 s when the attempt began: 2 s, or 1.9–2.0 s when the start took a few ms (a loaded CI).
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/IL5-AZURE-RETRIES: POST .*ResourceGraph\/resources: gave up after .*--max-total.*no answer in the (?:2|2\.0|1\.\d) s left/);
  });

  it(`an answer larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB is refused while it arrives: exit 2 naming the request and the bound, no stack trace, nothing written`, async () => {
    server.faults.push({ match: /ResourceGraph/, fault: 'huge' });
    const a = await run(['audit', '--subscription', SUB_A, '--out', 'huge.txt', '--export', 'huge-export.json', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/IL5-AZURE-RESPONSE: POST .*ResourceGraph\/resources: the answer is larger than 256 MiB, the most il5ml reads of one answer/);
    expect(a.stderr).toMatch(/fix: check --arm-endpoint and any proxy/);
    expect(a.stderr).not.toMatch(/\n\s+at |FATAL|heap/i);
    // Refused, not retried: one query.
    expect(server.log.filter((l) => l.path.includes('ResourceGraph')).length).toBe(1);
    expect(existsSync(join(dir, 'huge.txt'))).toBe(false);
    expect(existsSync(join(dir, 'huge-export.json'))).toBe(false);
  });

  it('a subscription not registered for Microsoft.Insights (409 MissingSubscriptionRegistration on diagnostic settings): exit 2 naming the namespace and az provider register, nothing written', async () => {
    server.faults.push({ match: /diagnosticSettings/, fault: 'unregistered' });
    const a = await run(['audit', '--subscription', SUB_A, '--out', 'unregistered.txt', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/IL5-AZURE-NOT-REGISTERED: diagnostic settings of \/subscriptions\/.*: the subscription is not registered for Microsoft.Insights \(409: MissingSubscriptionRegistration/);
    expect(a.stderr).toContain('az provider register --namespace Microsoft.Insights --wait');
    expect(existsSync(join(dir, 'unregistered.txt'))).toBe(false);
  });

  it("waits out Resource Graph's quota (x-ms-user-quota-remaining: 0) before the next query, and a 429 that gives only the quota headers", async () => {
    server.pageSize = 2;
    server.faults.push({ match: /ResourceGraph/, fault: 'quota', quotaResetsAfter: '00:00:02' }, { match: /ResourceGraph/, fault: 429, quotaResetsAfter: '00:00:02', skip: 1 });
    const a = await run(['audit', '--subscription', SUB_A, '--format', 'json', ...arm()]);
    expect([0, 1]).toContain(a.code);
    expect(server.faults).toEqual([]);
    const at = server.log.filter((l) => l.path.includes('ResourceGraph')).map((l) => l.at);
    // 1st query: quota used up, resets in 2 s → the 2nd waits. 3rd: 429 with the same headers, no
    // Retry-After → its retry (the 4th) waits the reset time, not the 0.5 s backoff.
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(1900);
    expect((at[3] ?? 0) - (at[2] ?? 0)).toBeGreaterThanOrEqual(1900);
    const c = await run(['audit', '--subscription', SUB_A, '--format', 'json', ...arm()]);
    expect(verdicts(a.stdout)).toEqual(verdicts(c.stdout));
  });

  it("a Resource Graph quota that resets later than --max-wait is an error at once (IL5-AZURE-THROTTLED), not a wait bounded only by --max-total", async () => {
    server.faults.push({ match: /ResourceGraph/, fault: 'quota', quotaResetsAfter: '00:00:30' });
    const t0 = Date.now();
    const a = await run(['audit', '--subscription', SUB_A, '--max-wait', '2', '--max-total', '120', '--out', 'quota-long.json', ...arm()]);
    expect(a.code, a.stderr).toBe(2);
    expect(a.stderr).toMatch(/IL5-AZURE-THROTTLED: POST \S+\/providers\/Microsoft\.ResourceGraph\/resources: Resource Graph's quota is used up \(x-ms-user-quota-remaining: 0\) for (29|30) s more, longer than the 2 s il5ml waits \(--max-wait\)/);
    expect(a.stderr).toContain('raise --max-wait');
    expect(a.stderr).not.toMatch(/\n\s+at /);
    // One query answered (with the quota used up); the next was not sent, and nothing waited 30 s.
    expect(server.log.filter((l) => l.path.includes('ResourceGraph')).length).toBe(1);
    expect(Date.now() - t0).toBeLessThan(25_000);
    expect(existsSync(join(dir, 'quota-long.json'))).toBe(false);
  });

  it("Resource Graph's quota holds back its queries only: the diagnostic-settings reads after the last query do not wait for it", async () => {
    const base = await run(['audit', '--subscription', SUB_A, '--format', 'json', ...arm()]);
    expect([0, 1]).toContain(base.code);
    const queries = server.log.filter((l) => l.path.includes('ResourceGraph')).length;
    expect(server.log.some((l) => /diagnosticSettings/i.test(l.path))).toBe(true);
    server.log.length = 0;
    // The last query answers with the quota used up for 4 s (--max-wait allows it).
    server.faults.push({ match: /ResourceGraph/, fault: 'quota', quotaResetsAfter: '00:00:04', skip: queries - 1 });
    const a = await run(['audit', '--subscription', SUB_A, '--format', 'json', '--max-wait', '10', ...arm()]);
    expect([0, 1]).toContain(a.code);
    expect(server.faults).toEqual([]);
    const lastQuery = Math.max(...server.log.filter((l) => l.path.includes('ResourceGraph')).map((l) => l.at));
    const firstDiag = Math.min(...server.log.filter((l) => /diagnosticSettings/i.test(l.path)).map((l) => l.at));
    expect(firstDiag).toBeGreaterThan(lastQuery);
    expect(firstDiag - lastQuery).toBeLessThan(3000);
    expect(verdicts(a.stdout)).toEqual(verdicts(base.stdout));
  });

  it('a connection dropped more often than --max-retries allows: exit 2 naming it, nothing written', async () => {
    server.faults.push({ match: /ResourceGraph/, fault: 'drop' }, { match: /ResourceGraph/, fault: 'drop' });
    const a = await run(['audit', '--subscription', SUB_A, '--max-retries', '1', '--out', 'dropped.json', '--export', 'dropped-export.json', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/IL5-AZURE-RETRIES: POST .*ResourceGraph\/resources failed 2 times; last: connection failed/);
    expect(a.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'dropped.json'))).toBe(false);
    expect(existsSync(join(dir, 'dropped-export.json'))).toBe(false);
  });

  it('refuses a Retry-After longer than --max-wait, with exit 2 and what to do', async () => {
    server.faults.push({ match: /ResourceGraph/, fault: 429, retryAfter: '120' });
    const a = await run(['audit', '--subscription', SUB_A, '--max-wait', '5', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/IL5-AZURE-THROTTLED: .*wait 120 s/);
    expect(a.stderr).toMatch(/fix: try again later/);
  });

  // --max-total: one request's attempts and waits together (src/azure/arm.ts). The server fails the
  // second page for ever, so only the total can end the audit: far fewer attempts than --max-retries
  // allows are made. The test's own timeout (vitest.config.ts) bounds it if the limit did not hold.
  it.each([
    ['429 with Retry-After: 1', { fault: 429 as const, retryAfter: '1' }, 'HTTP 429'],
    ['503 (backoff)', { fault: 503 as const }, 'HTTP 503'],
  ])('a request failing for ever (%s) stops at --max-total: exit 2 naming the request, the limit and the flag; nothing written, spool removed', async (_name, fault, last) => {
    server.pageSize = 1;
    server.faults.push({ match: /ResourceGraph/, ...fault, skip: 1, forever: true });
    const tmp = freshTmp();
    const a = await run(['audit', '--subscription', SUB_A, '--max-retries', '20', '--max-total', '5', '--out', 'total.json', '--export', 'total-export.json', ...arm()], { TMPDIR: tmp });
    expect(a.code).toBe(2);
    const m = /IL5-AZURE-RETRIES: POST \S+\/providers\/Microsoft\.ResourceGraph\/resources: gave up after [\d.]+ s and (\d+) attempts: one request may take 5 s in all, its attempts and waits together \(--max-total\); last: (.*)/.exec(a.stderr);
    expect(m, a.stderr).not.toBeNull();
    expect(m?.[2]).toContain(last);
    expect(a.stderr).toContain('raise --max-total (seconds)');
    expect(a.stderr).toContain('nothing was written');
    expect(a.stderr).not.toMatch(/\n\s+at /);
    // The first page answered; every attempt after it was the second page's, as many as the message says,
    // and fewer than --max-retries allows: the total ended it, not the count.
    const graph = server.log.filter((l) => l.path.includes('ResourceGraph'));
    const attempts = Number(m?.[1]);
    expect(graph.length).toBe(1 + attempts);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThan(21);
    expect(new Set(graph.slice(1).map((l) => l.body)).size).toBe(1);
    expect((JSON.parse(graph[1]?.body ?? '{}') as { options?: { $skipToken?: string } }).options?.$skipToken).toBeDefined();
    // A failure mid-way: no report, no export, and the spool (which held the first page) is gone.
    expect(existsSync(join(dir, 'total.json'))).toBe(false);
    expect(existsSync(join(dir, 'total-export.json'))).toBe(false);
    expect(spools(tmp)).toEqual([]);
  });

  it('an answer that would come within --timeout but after --max-total is cut at the total, not waited for', async () => {
    // The diagnostic settings of the first vault read answer after 4 s. Within --timeout 30 and the
    // default total, the audit waits for it and completes.
    server.faults.push({ match: /diagnosticSettings/, fault: 'slow', delayMs: 4000 });
    const waited = await run(['audit', '--subscription', SUB_A, '--timeout', '30', '--format', 'json', ...arm()]);
    expect(waited.stderr).toBe('');
    expect([0, 1]).toContain(waited.code);
    expect(server.faults).toEqual([]);
    server.log.length = 0;
    // The same answer with --max-total 2: the one attempt is cut at 2 s (no retry: the total is spent).
    server.faults.push({ match: /diagnosticSettings/, fault: 'slow', delayMs: 4000 });
    const tmp = freshTmp();
    const cut = await run(['audit', '--subscription', SUB_A, '--timeout', '30', '--max-total', '2', '--out', 'cut.json', '--export', 'cut-export.json', ...arm()], { TMPDIR: tmp });
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/IL5-AZURE-RETRIES: GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\/\S+\/vaults\/kv-\w+\/providers\/Microsoft\.Insights\/diagnosticSettings: gave up after [\d.]+ s and 1 attempt: one request may take 2 s in all, its attempts and waits together \(--max-total\); last: no answer in the (?:2|2\.0|1\.\d) s left/);
    expect(cut.stderr).toContain('raise --max-total (seconds)');
    const slowPath = server.log.find((l) => /diagnosticSettings/.test(l.path))?.path;
    expect(server.log.filter((l) => l.path === slowPath).length).toBe(1);
    expect(existsSync(join(dir, 'cut.json'))).toBe(false);
    expect(existsSync(join(dir, 'cut-export.json'))).toBe(false);
    expect(spools(tmp)).toEqual([]);
  });

  it('bad retry bounds (--max-total, --max-wait, --timeout, --max-retries): exit 2 naming every one, before any request', async () => {
    const a = await run(['audit', '--subscription', SUB_A, '--max-total', '0', '--max-wait', '-1', '--timeout', 'NaN', '--max-retries', '21', '--out', 'bounds.json', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--max-total "0" must be a number from 1 to 86400');
    expect(a.stderr).toContain('--max-wait "-1" must be a number from 0 to 3600');
    expect(a.stderr).toContain('--timeout "NaN" must be a number from 0.1 to 600');
    expect(a.stderr).toContain('--max-retries "21" must be a number from 0 to 20\n  fix: e.g. --max-retries 5\n');
    expect(a.stderr).toContain('4 errors; nothing was written.');
    const huge = await run(['audit', '--subscription', SUB_A, '--max-total', '1e400', ...arm()]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain('--max-total "1e400" must be a number from 1 to 86400');
    expect(existsSync(join(dir, 'bounds.json'))).toBe(false);
    expect(server.log).toEqual([]);
  });

  it('names an unreadable subscription (403) and writes nothing', async () => {
    server.estate.forbidden.add(SUB_B);
    const a = await run(['audit', '--subscription', SUB_A, '--subscription', SUB_B, '--out', 'r403.json', '--export', 'e403.json', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(`cannot read subscription ${SUB_B} (no access)`);
    expect(a.stderr).toContain('nothing was written');
    expect(existsSync(join(dir, 'r403.json'))).toBe(false);
    expect(existsSync(join(dir, 'e403.json'))).toBe(false);
    expect(server.log.some((l) => l.path.includes('ResourceGraph'))).toBe(false);
  });

  it('a failure mid-way (500 on every retry of the second page) leaves no report that looks complete', async () => {
    server.pageSize = 1;
    // The first page answers; from the second on, the server fails more often than the retries allow.
    server.faults.push({ match: /ResourceGraph/, fault: 500, skip: 1 }, { match: /ResourceGraph/, fault: 500 });
    const a = await run(['audit', '--subscription', SUB_A, '--max-retries', '1', '--out', 'mid.json', '--export', 'mid-export.json', ...arm()]);
    const graph = server.log.filter((l) => l.path.includes('ResourceGraph')).map((l) => JSON.parse(l.body) as { options: { $skipToken?: string } });
    expect(graph.length).toBe(3);
    expect(graph[1]?.options.$skipToken).toBeDefined();
    // The retry came after the first backoff (0.5 s).
    const at = server.log.filter((l) => l.path.includes('ResourceGraph')).map((l) => l.at);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(450);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/IL5-AZURE-RETRIES: POST .*ResourceGraph\/resources failed 2 times; last: HTTP 500/);
    expect(existsSync(join(dir, 'mid.json'))).toBe(false);
    expect(existsSync(join(dir, 'mid-export.json'))).toBe(false);
  });

  it('a rejected token (401): exit 2 telling to sign in, no stack trace', async () => {
    server.faults.push({ match: /subscriptions/, fault: 401 });
    const a = await run(['audit', '--subscription', SUB_A, ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/IL5-AZURE-SIGNIN: subscription .*token was rejected \(401/);
    expect(a.stderr).toContain('az login');
    expect(a.stderr).not.toMatch(/\n\s+at /);
  });

  it('az not logged in: exit 2 with az login and az cloud set', async () => {
    const a = await run(['audit', '--subscription', SUB_A, ...arm()], {}, fakeAz(true));
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('IL5-AZURE-SIGNIN');
    expect(a.stderr).toContain('az cloud set --name AzureUSGovernment');
    expect(server.log).toEqual([]);
  });

  it('bad ids and endpoints: exit 2 before any request', async () => {
    const notGuid = await run(['audit', '--subscription', 'my-sub', ...arm()]);
    expect(notGuid.code).toBe(2);
    expect(notGuid.stderr).toContain('is not a subscription id (a GUID)');
    const http = await run(['audit', '--subscription', SUB_A, '--arm-endpoint', server.url.replace('https', 'http'), '--auth', 'cli']);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain('must be an https:// URL');
    const none = await run(['audit', ...arm()]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no scope');
    expect(server.log).toEqual([]);
  });

  it('an unknown subscription (404) and an unreachable endpoint: exit 2 with what to do', async () => {
    const missing = await run(['audit', '--subscription', '44444444-4444-4444-4444-444444444444', ...arm()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('44444444-4444-4444-4444-444444444444 (not found)');
    const closed = await startArmServer();
    const url = closed.url;
    await closed.close();
    const gone = await run(['audit', '--subscription', SUB_A, '--arm-endpoint', url, '--auth', 'cli']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/IL5-AZURE-UNREACHABLE: .*ECONNREFUSED/);
  });

  it('an untrusted certificate: exit 2 pointing at NODE_EXTRA_CA_CERTS', async () => {
    const a = await run(['audit', '--subscription', SUB_A, ...arm()], { NODE_EXTRA_CA_CERTS: '/dev/null' });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('IL5-AZURE-TLS');
    expect(a.stderr).toContain('NODE_EXTRA_CA_CERTS');
  });

  it("--compare-azure lists where Azure Policy's latest states disagree, with Azure's evaluation time", async () => {
    const kvBad = `/subscriptions/${SUB_A}/resourceGroups/rg-il5/providers/Microsoft.KeyVault/vaults/kv-bad`;
    const kvGood = `/subscriptions/${SUB_A}/resourceGroups/rg-il5/providers/Microsoft.KeyVault/vaults/kv-good`;
    server.estate.policyStates = [
      state(kvBad, defPurge.name, 'purge', 'NonCompliant'),
      // Azure scanned before the vault's purge protection changed: drift.
      state(kvGood, defPurge.name, 'purge', 'NonCompliant'),
      state(kvGood, defLogs.name, 'logs', 'Compliant'),
    ];
    const a = await run(['audit', '--subscription', SUB_A, '--policy', 'policies', '--baseline', 'none', '--format', 'json', '--compare-azure', 'drift.json', ...arm()]);
    expect(a.code).toBe(1);
    const c = JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')) as { compared: number; agree: number; disagreements: { resourceId: string; il5ml: string; azure: string; azureEvaluatedAt: string }[] };
    expect(c.compared).toBe(3);
    expect(c.agree).toBe(2);
    expect(c.disagreements).toEqual([expect.objectContaining({ resourceId: kvGood, il5ml: 'Compliant', azure: 'NonCompliant', azureEvaluatedAt: '2026-12-05T04:00:00Z' })]);
    const q = server.log.find((l) => l.path.includes('policyStates'));
    expect(q?.path).toContain(`policySetDefinitionName eq '${SET_NAME}'`);
    // Paged by @odata.nextLink.
    expect(server.log.filter((l) => l.path.includes('policyStates')).length).toBe(2);
  });

  it('paging that would never end (Resource Graph giving a $skipToken again; a policy states next link to a page already read) stops with exit 2, nothing written', async () => {
    server.faults.push({ match: /ResourceGraph/, fault: 'samepage', forever: true });
    const a = await run(['audit', '--subscription', SUB_A, '--out', 'loop.txt', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/IL5-AZURE-RESPONSE: Resource Graph answered with a \$skipToken it had given before: paging would not end/);
    expect(server.log.filter((l) => l.path.includes('ResourceGraph')).length).toBe(2);
    expect(existsSync(join(dir, 'loop.txt'))).toBe(false);
    server.faults.length = 0;
    server.log.length = 0;
    server.faults.push({ match: /policyStates/, fault: 'samepage', forever: true });
    const b = await run(['audit', '--subscription', SUB_A, '--policy', 'policies', '--compare-azure', 'loop.json', '--out', 'loop2.txt', ...arm()]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/IL5-AZURE-RESPONSE: Azure Policy states of \/subscriptions\/[^:]+: a next link to a page already read: paging would not end/);
    expect(server.log.filter((l) => l.path.includes('policyStates')).length).toBe(2);
    expect(existsSync(join(dir, 'loop.json'))).toBe(false);
    expect(existsSync(join(dir, 'loop2.txt'))).toBe(false);
  });

  it('a subscription given twice (another case of its GUID) is read and compared once', async () => {
    const kvGood = `/subscriptions/${SUB_A}/resourceGroups/rg-il5/providers/Microsoft.KeyVault/vaults/kv-good`;
    server.estate.policyStates = [state(kvGood, defPurge.name, 'purge', 'NonCompliant'), state(kvGood, defLogs.name, 'logs', 'Compliant')];
    const a = await run(['audit', '--subscription', SUB_A, '--subscription', SUB_A.toUpperCase(), '--policy', 'policies', '--baseline', 'none', '--format', 'json', '--compare-azure', 'twice.json', ...arm()]);
    expect(a.code).toBe(1);
    const c = JSON.parse(readFileSync(join(dir, 'twice.json'), 'utf8')) as { compared: number; agree: number; disagreements: unknown[] };
    expect([c.compared, c.agree, c.disagreements.length]).toEqual([2, 1, 1]);
    expect(server.log.filter((l) => l.path.startsWith(`/subscriptions/`) && !l.path.includes('/providers/')).length).toBe(1);
    expect(graphBodies().every((b) => b.subscriptions?.length === 1)).toBe(true);
  });

  it.runIf(hasScript)('shows progress (pages, resources, rate) on a terminal', async () => {
    const a = await runLive(['audit', '--subscription', SUB_A, ...arm(), 'tty-report.txt'], server, { cwd: dir, azDir: az, tty: true });
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/\r\x1b\[2K(checking the scope|resources|resource containers|policy assignments and exemptions|diagnostic settings of \d+ resources): \d+ pages, \d+ resources \(\d+\/s\)/);
    // The line is cleared at the end, and the report went to stdout alone.
    expect(a.stdout).toMatch(/\r\x1b\[2K$/);
    expect(readFileSync(join(dir, 'tty-report.txt'), 'utf8')).toContain('kv-bad');
  });

  it('an exemption made at a management group above the subscription exempts its resources (Resource Graph asked with AtScopeAboveAndBelow)', async () => {
    // The exemption and the assignment it names live at mg-dod, above SUB_A (its managementGroupAncestorsChain)
    // and not above SUB_B: by default Resource Graph returns neither for a subscription scope.
    const MGP = '/providers/Microsoft.Management/managementGroups/mg-dod/providers/Microsoft.Authorization';
    const before = { policy: [...server.estate.policy], containers: server.estate.containers.map((c) => ({ ...c })) };
    try {
      for (const c of server.estate.containers) {
        if (c.type !== 'microsoft.resources/subscriptions') continue;
        const chain = c.subscriptionId === SUB_A ? ['mg-dod', 'tenant-root'] : ['mg-sandbox', 'tenant-root'];
        c.properties = { ...(c.properties as object), managementGroupAncestorsChain: chain.map((name) => ({ name, displayName: name })) };
      }
      server.estate.policy.push(
        { id: `${MGP}/policyAssignments/il5`, name: 'il5', type: 'microsoft.authorization/policyassignments', location: 'usgovvirginia', identity: null, properties: { policyDefinitionId: set.id, scope: '/providers/Microsoft.Management/managementGroups/mg-dod' }, subscriptionId: '', resourceGroup: '' },
        { id: `${MGP}/policyExemptions/purge-waiver`, name: 'purge-waiver', type: 'microsoft.authorization/policyexemptions', location: '', identity: null, properties: { policyAssignmentId: `${MGP}/policyAssignments/il5`, policyDefinitionReferenceIds: ['purge'], exemptionCategory: 'Waiver', description: 'AO waiver W-1 at the DoD group' }, subscriptionId: '', resourceGroup: '' },
      );
      const a = await run(['audit', '--subscription', SUB_A, '--subscription', SUB_B, '--policy', 'policies', '--format', 'json', '--out', 'audit-mg.json', '--export', 'export-mg.json', ...arm()]);
      expect(a.stderr).toBe('');
      const purge = (name: string): string | undefined =>
        (JSON.parse(readFileSync(join(dir, 'audit-mg.json'), 'utf8')) as { results: Result[] }).results.find((r) => r.resourceId === vault(name.endsWith('-b') ? SUB_B : SUB_A, name) && r.policyDefinitionReferenceId === 'purge')?.compliance;
      expect(purge('kv-bad')).toBe('Exempt');
      expect(purge('kv-b')).toBe('NonCompliant');
      const policyQuery = graphBodies().find((b) => b.query.startsWith('policyresources')) as { options?: { authorizationScopeFilter?: string } } | undefined;
      expect(policyQuery?.options?.authorizationScopeFilter).toBe('AtScopeAboveAndBelow');
      // The export carries what decided it: check of it gives the same verdicts.
      const c = await run(['check', 'export-mg.json', '--policy', 'policies', '--format', 'json']);
      expect(verdicts(c.stdout)).toEqual(verdicts(readFileSync(join(dir, 'audit-mg.json'), 'utf8')));
    } finally {
      server.estate.policy = before.policy;
      server.estate.containers = before.containers;
    }
  });

  it('prints no progress when stderr is not a terminal', async () => {
    const a = await run(['audit', '--subscription', SUB_A, ...arm()]);
    expect([0, 1]).toContain(a.code);
    expect(a.stderr).toBe('');
  });
});

// The management-group scope: the group read first (Management Groups - Get), then Resource Graph with
// `managementGroups: [ID]` in the body.
describe('il5ml audit --management-group', () => {
  it('over two subscriptions gives the verdicts `il5ml check` gives on its export, and the same as naming both subscriptions', async () => {
    const a = await run(['audit', '--management-group', MG_BOTH, '--policy', 'policies', '--format', 'json', '--out', 'mg.json', '--export', 'mg-export.json', ...arm()]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(1);
    // The group was read first, then every Resource Graph query named the group, not subscriptions.
    expect(server.log[0]?.path).toBe(`/providers/Microsoft.Management/managementGroups/${MG_BOTH}?api-version=2021-04-01&$expand=children&$recurse=true`);
    // Then each subscription under it, as for --subscription.
    expect(server.log.slice(1, 3).map((l) => l.path.split('?')[0])).toEqual([`/subscriptions/${SUB_A}`, `/subscriptions/${SUB_B}`]);
    const bodies = graphBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(3);
    expect(bodies.every((b) => b.subscriptions === undefined && JSON.stringify(b.managementGroups) === JSON.stringify([MG_BOTH]))).toBe(true);
    const audited = verdicts(readFileSync(join(dir, 'mg.json'), 'utf8'));
    const c = await run(['check', 'mg-export.json', '--policy', 'policies', '--format', 'json']);
    expect(c.code).toBe(1);
    expect(audited).toEqual(verdicts(c.stdout));
    expect(audited.some((v) => v.includes(`/subscriptions/${SUB_A}/`))).toBe(true);
    expect(audited.some((v) => v.includes(`/subscriptions/${SUB_B}/`))).toBe(true);
    const bySubs = await run(['audit', '--subscription', SUB_A, '--subscription', SUB_B, '--policy', 'policies', '--format', 'json', ...arm()]);
    expect(verdicts(bySubs.stdout)).toEqual(audited);
  });

  it('reads only the subscriptions under the group', async () => {
    const a = await run(['audit', '--management-group', MG_A, '--format', 'json', ...arm()]);
    expect([0, 1]).toContain(a.code);
    const ids = verdicts(a.stdout);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.some((v) => v.includes(`/subscriptions/${SUB_A}`))).toBe(true);
    expect(ids.some((v) => v.includes(SUB_B))).toBe(false);
  });

  it('a management group the caller cannot read (403): exit 2 naming it, nothing written, no Resource Graph query', async () => {
    server.estate.forbidden.add(MG_DENIED);
    const a = await run(['audit', '--management-group', MG_DENIED, '--out', 'mg403.json', '--export', 'mg403-export.json', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(`IL5-AZURE-FORBIDDEN: management group ${MG_DENIED}: not allowed (403`);
    expect(a.stderr).toContain('nothing was written');
    expect(a.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'mg403.json'))).toBe(false);
    expect(existsSync(join(dir, 'mg403-export.json'))).toBe(false);
    expect(graphBodies()).toEqual([]);
  });

  it('a subscription under the group the caller cannot read: exit 2 naming it and the group, nothing written', async () => {
    server.estate.forbidden.add(SUB_B);
    const a = await run(['audit', '--management-group', MG_BOTH, '--out', 'mgsub.json', '--export', 'mgsub-export.json', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(`cannot read subscription ${SUB_B} (no access) under management group ${MG_BOTH}`);
    expect(a.stderr).toContain('nothing was written');
    expect(existsSync(join(dir, 'mgsub.json'))).toBe(false);
    expect(existsSync(join(dir, 'mgsub-export.json'))).toBe(false);
    expect(graphBodies()).toEqual([]);
  });

  it('an unknown management group (404): exit 2 naming it', async () => {
    const a = await run(['audit', '--management-group', 'mg-nowhere', '--out', 'mg404.json', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('management group mg-nowhere: not found (404');
    expect(existsSync(join(dir, 'mg404.json'))).toBe(false);
  });

  it('refuses --management-group with --subscription or --resource-group (exit 2) before any request', async () => {
    const both = await run(['audit', '--management-group', MG_BOTH, '--subscription', SUB_A, '--out', 'both.json', ...arm()]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--subscription and --management-group exclude each other');
    expect(existsSync(join(dir, 'both.json'))).toBe(false);
    const rg = await run(['audit', '--management-group', MG_BOTH, '--resource-group', 'rg-il5', ...arm()]);
    expect(rg.code).toBe(2);
    expect(rg.stderr).toContain('--resource-group needs --subscription');
    expect(server.log).toEqual([]);
  });

  it('refuses a management group ID Azure would not take (exit 2) before any request, naming the flag and the rule', async () => {
    for (const [id, why] of [
      ['IL5 Workloads', 'has a character Azure does not take: space'],
      ['mg-il5/../../subscriptions', "has a character Azure does not take: '/'"],
      ['mg-il5?api-version=1', "has characters Azure does not take: '?', '='"],
    ] as const) {
      const a = await run(['audit', '--management-group', id, '--out', 'badmg.json', ...arm()]);
      expect(a.code).toBe(2);
      expect(a.stderr).toContain(`--management-group: ${JSON.stringify(id)} is not a management group ID: it ${why}`);
      expect(a.stderr).toContain('(an ID is 1 to 90 ASCII letters, digits, - _ ( ) .)');
    }
    expect(existsSync(join(dir, 'badmg.json'))).toBe(false);
    expect(server.log).toEqual([]);
  });

  // Before, any text went to Resource Graph as the resource group (a name Azure cannot have found nothing: exit 0).
  it('refuses a --resource-group Azure would not take (exit 2) before sign-in and any request; takes a Unicode letter', async () => {
    const a = await run(['audit', '--subscription', SUB_A, '--resource-group', 'rg il5.', '--out', 'badrg.json', ...arm()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(`--resource-group: "rg il5." is not a resource group name: it has a character Azure does not take: space`);
    expect(existsSync(join(dir, 'badrg.json'))).toBe(false);
    expect(server.log).toEqual([]);
  });

  it("--compare-azure reads Azure Policy's states at the management group, every page, and compares both subscriptions", async () => {
    const mg = `/providers/Microsoft.Management/managementGroups/${MG_BOTH}`;
    server.estate.policyStates = [
      state(vault(SUB_A, 'kv-bad'), defPurge.name, 'purge', 'NonCompliant', mg),
      // Scanned before purge protection was turned on: drift.
      state(vault(SUB_A, 'kv-good'), defPurge.name, 'purge', 'NonCompliant', mg),
      // Another initiative's state: left out by the $filter.
      state(vault(SUB_B, 'kv-b'), defPurge.name, 'other', 'Compliant', mg, 'another-set'),
      // Azure says compliant where il5ml finds purge protection off.
      state(vault(SUB_B, 'kv-b'), defPurge.name, 'purge', 'Compliant', mg),
      state(vault(SUB_B, 'kv-b'), defLogs.name, 'logs', 'NonCompliant', mg),
      // The same set assigned again at the subscription: Azure judges the pair under each assignment.
      state(vault(SUB_B, 'kv-b'), defPurge.name, 'purge', 'NonCompliant', `/subscriptions/${SUB_B}`),
      // A subscription outside the group: not in the group's states.
      state(vault('55555555-5555-5555-5555-555555555555', 'kv-x'), defPurge.name, 'purge', 'Compliant', '/subscriptions/55555555-5555-5555-5555-555555555555'),
    ];
    const a = await run(['audit', '--management-group', MG_BOTH, '--policy', 'policies', '--baseline', 'none', '--format', 'json', '--compare-azure', 'mg-drift.json', ...arm()]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(1);
    const calls = server.log.filter((l) => l.path.includes('policyStates'));
    // At the group's scope, filtered to the loaded set, then the next link (a $skipToken, no $filter).
    expect(calls.map((l) => `${l.method} ${l.path.split('?')[0] ?? ''}`)).toEqual([
      `POST ${mg}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults`,
      `POST ${mg}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults`,
      `POST ${mg}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults`,
    ]);
    expect(calls[0]?.path).toContain(`api-version=2019-10-01&$filter=policySetDefinitionName eq '${SET_NAME}'`);
    expect(calls[1]?.path).toContain('$skipToken=');
    expect(calls[2]?.path).toContain('$skipToken=');
    const c = JSON.parse(readFileSync(join(dir, 'mg-drift.json'), 'utf8')) as { compared: number; agree: number; onlyAzure: number; onlyIl5ml: number; disagreements: { resourceId: string; policyDefinitionReferenceId?: string; il5ml: string; azure: string; azureEvaluatedAt: string }[] };
    expect(c.compared).toBe(5);
    expect(c.agree).toBe(3);
    expect(c.onlyAzure).toBe(0);
    // The logs verdicts of the two vaults in SUB_A, which Azure's list above lacks.
    expect(c.onlyIl5ml).toBe(2);
    expect(c.disagreements).toEqual([
      expect.objectContaining({ resourceId: vault(SUB_A, 'kv-good'), policyDefinitionReferenceId: 'purge', il5ml: 'Compliant', azure: 'NonCompliant', azureEvaluatedAt: '2026-12-05T04:00:00Z' }),
      expect.objectContaining({ resourceId: vault(SUB_B, 'kv-b'), policyDefinitionReferenceId: 'purge', il5ml: 'NonCompliant', azure: 'Compliant', azureEvaluatedAt: '2026-12-05T04:00:00Z', azureAssignmentId: `${mg}/providers/Microsoft.Authorization/policyAssignments/il5` }),
    ]);
  });

  it('--compare-azure gives the same comparison from the result spool (json, table), from a held report (sarif) and with two threads, and leaves no temporary folder', async () => {
    const mg = `/providers/Microsoft.Management/managementGroups/${MG_BOTH}`;
    server.estate.policyStates = [
      state(vault(SUB_A, 'kv-bad'), defPurge.name, 'purge', 'NonCompliant', mg),
      state(vault(SUB_A, 'kv-good'), defPurge.name, 'purge', 'NonCompliant', mg),
      state(vault(SUB_B, 'kv-b'), defPurge.name, 'purge', 'Compliant', mg),
      state(vault(SUB_B, 'kv-b'), defLogs.name, 'logs', 'NonCompliant', `/subscriptions/${SUB_B}`),
    ];
    const tmp = freshTmp();
    const drift = (args: string[], name: string) => async () => {
      const a = await run(['audit', '--management-group', MG_BOTH, '--policy', 'policies', '--compare-azure', name, '--out', `${name}.report`, ...args, ...arm()], { TMPDIR: tmp });
      // SARIF without --export says its results point at no file (test/cli/audit-report.test.ts); nothing else.
      expect(a.stderr.replace(/^--format: warning IL5-AUDIT-SARIF: [^\n]*\n {2}fix: [^\n]*\n/, '')).toBe('');
      expect(a.code).toBe(1);
      return readFileSync(join(dir, name), 'utf8');
    };
    const want = await drift(['--format', 'json'], 'd-json.json')();
    expect((JSON.parse(want) as { compared: number }).compared).toBe(4);
    for (const [args, name] of [
      [['--format', 'table'], 'd-table.json'],
      [['--format', 'sarif'], 'd-sarif.json'],
      [['--format', 'json', '--jobs', '2'], 'd-jobs.json'],
      [['--format', 'table', '--jobs', '2'], 'd-table-jobs.json'],
    ] as const) expect(await drift([...args], name)()).toBe(want);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('--compare-azure as text on stderr names both subscriptions\' disagreements', async () => {
    const mg = `/providers/Microsoft.Management/managementGroups/${MG_BOTH}`;
    server.estate.policyStates = [state(vault(SUB_B, 'kv-b'), defPurge.name, 'purge', 'Compliant', mg)];
    const a = await run(['audit', '--management-group', MG_BOTH, '--policy', 'policies', '--baseline', 'none', '--format', 'json', '--compare-azure', ...arm()]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('Azure Policy comparison: 1 pairs judged by both, 0 agree, 1 disagree');
    expect(a.stderr).toContain(`${vault(SUB_B, 'kv-b')}\n    ${defPurge.id} (purge): il5ml NonCompliant, Azure Compliant (evaluated 2026-12-05T04:00:00Z under ${mg}/providers/Microsoft.Authorization/policyAssignments/il5)`);
  });
});

// The estate goes to a private file as pages arrive (src/cli/spool.ts), judged from there by check's reader.
describe('il5ml audit spools the estate to a private temporary file', () => {

  it('removes it after a completed audit and after a failure mid-way', async () => {
    const tmp = freshTmp();
    const ok = await run(['audit', '--subscription', SUB_A, '--format', 'json', ...arm()], { TMPDIR: tmp });
    expect([0, 1]).toContain(ok.code);
    expect(spools(tmp)).toEqual([]);
    server.pageSize = 1;
    server.faults.push({ match: /ResourceGraph/, fault: 500, skip: 2 }, { match: /ResourceGraph/, fault: 500 });
    const failed = await run(['audit', '--subscription', SUB_A, '--max-retries', '1', ...arm()], { TMPDIR: tmp });
    expect(failed.code).toBe(2);
    expect(spools(tmp)).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('holds the pages read so far (folder 0700, file 0600) and is removed on %s', async (signal) => {
    const tmp = freshTmp();
    server.pageSize = 1;
    // The first page answers; the second hangs (5 s) while the test looks at the spool and interrupts.
    server.faults.push({ match: /ResourceGraph/, fault: 'slow', skip: 1 });
    let child: ChildProcess | undefined;
    const done = runLive(['audit', '--subscription', SUB_A, '--timeout', '30', '--out', `r-${signal}.txt`, ...arm()], server, { cwd: dir, azDir: az, env: { TMPDIR: tmp }, onChild: (c) => (child = c) });
    let file = '';
    for (let i = 0; i < 200 && file === ''; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const [d] = spools(tmp);
      const f = d !== undefined ? join(tmp, d, 'estate.json') : '';
      if (f && existsSync(f) && readFileSync(f, 'utf8').length > 0) file = f;
    }
    expect(file).not.toBe('');
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The first page is on disk while the second is awaited: one resource, the array still open.
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('[\n{"id":')).toBe(true);
    expect(text.split('\n').length).toBe(2);
    child?.kill(signal);
    const r = await done;
    expect(r.code).not.toBe(0);
    expect(spools(tmp)).toEqual([]);
    expect(existsSync(join(dir, `r-${signal}.txt`))).toBe(false);
  });

  it("a resource nested past check's bound: exit 2 naming the export, not the temporary file; nothing written", async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 300; i++) deep = { d: deep };
    const id = `/subscriptions/${SUB_A}/resourceGroups/rg-il5/providers/Microsoft.Storage/storageAccounts/stdeep`;
    server.estate.resources.push({ id, name: 'stdeep', type: 'microsoft.storage/storageaccounts', location: 'usgovvirginia', properties: deep, subscriptionId: SUB_A, resourceGroup: 'rg-il5' });
    const tmp = freshTmp();
    try {
      const a = await run(['audit', '--subscription', SUB_A, '--out', 'deep.json', '--export', 'deep-export.json', ...arm()], { TMPDIR: tmp });
      expect(a.code).toBe(2);
      expect(a.stderr).toContain('IL5-CHECK-DEPTH');
      expect(a.stderr).toContain('deep-export.json');
      expect(a.stderr).not.toContain(tmp);
      expect(a.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, 'deep.json'))).toBe(false);
      expect(existsSync(join(dir, 'deep-export.json'))).toBe(false);
      expect(spools(tmp)).toEqual([]);
    } finally {
      server.estate.resources.pop();
    }
  });

  it('lists a resource once when Resource Graph gives it again on the next page', async () => {
    const twice = server.estate.resources.find((r) => String(r.name) === 'stopen');
    expect(twice).toBeDefined();
    if (!twice) return;
    server.estate.resources.push({ ...twice });
    server.pageSize = 1;
    try {
      const a = await run(['audit', '--subscription', SUB_A, '--format', 'json', '--export', 'twice.json', ...arm()]);
      expect([0, 1]).toContain(a.code);
      const exported = JSON.parse(readFileSync(join(dir, 'twice.json'), 'utf8')) as { id: string }[];
      expect(exported.filter((r) => r.id === twice.id).length).toBe(1);
      // Ordered by id, as the query asks (`| order by id asc`), so that pages do not repeat or skip.
      expect(graphBodies().every((b) => / \| order by id asc$/.test(b.query))).toBe(true);
    } finally {
      server.estate.resources.pop();
    }
  });
});
