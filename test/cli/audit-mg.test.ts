/**
 * `il5ml audit --management-group ID` against the local ARM server (test/helpers/arm-server.ts): the group
 * read first (Management Groups - Get), then Resource Graph with `managementGroups: [ID]` in the body.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeAz, runLive, startArmServer, type ArmServer } from '../helpers/arm-server.js';
import { estateOf, smallEstate, SUB_A, SUB_B } from '../azure/estates.js';
import { defLogs, defPurge, set } from '../helpers/test-initiative.js';

const MG_BOTH = 'mg-il5';
const MG_A = 'mg-il5-a';
const MG_DENIED = 'mg-secret';

interface Result {
  policyDefinitionId: string;
  resourceId: string;
  compliance: string;
  reason: string;
  policySetDefinitionId?: string;
  policyDefinitionReferenceId?: string;
}

function verdicts(json: string): string[] {
  const doc = JSON.parse(json) as { results: Result[] };
  return doc.results.map((r) => `${r.resourceId}|${r.policyDefinitionId}|${r.policySetDefinitionId ?? ''}|${r.policyDefinitionReferenceId ?? ''}|${r.compliance}|${r.reason}`).sort();
}

let dir = '';
let server: ArmServer;
let az = '';
const arm = (): string[] => ['--arm-endpoint', server.url, '--auth', 'cli'];
const run = (args: string[]) => runLive(args, server, { cwd: dir, azDir: az });
const graphBodies = () =>
  server.log.filter((l) => l.path.startsWith('/providers/Microsoft.ResourceGraph/resources')).map((l) => JSON.parse(l.body) as { subscriptions?: string[]; managementGroups?: string[] });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-audit-mg-'));
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
  server.estate.forbidden.clear();
  server.log.length = 0;
});

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
});
