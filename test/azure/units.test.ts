import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArmClient, onEndpoint, quotaWaitMs, retryAfterMs } from '../../src/azure/arm.js';
import { diagnosticNeeds, needsDiagnostics } from '../../src/azure/diagnostics.js';
import { compareStates, StateComparison } from '../../src/azure/policy-states.js';
import { allows, judgeSubscription, regionKey } from '../../src/azure/preflight.js';
import { auditQueries, kqlString, toResource } from '../../src/azure/resource-graph.js';
import type { CheckResult } from '../../src/core/verdict.js';
import { progressLine } from '../../src/cli/commands/audit.js';
import { fileStore } from '../../src/cli/file-store.js';
import type { CliIO } from '../../src/cli/io.js';
import type { PolicyAssignment } from '../../src/policy/index.js';

describe('retry timing', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');
  it.each([
    [{ 'retry-after': '7' }, 7000],
    [{ 'retry-after': 'Sun, 06 Dec 2026 10:00:30 GMT' }, 30_000],
    [{ 'x-ms-retry-after-ms': '250', 'retry-after': '7' }, 250],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('Retry-After %j waits %s ms', (headers, ms) => {
    expect(retryAfterMs(headers as Record<string, string>, now)).toBe(ms);
  });
  it.each([
    [{ 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:03' }, 3000],
    [{ 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '01:02:03.5' }, 3_723_000],
    [{ 'x-ms-user-quota-remaining': '4', 'x-ms-user-quota-resets-after': '00:00:03' }, undefined],
    [{ 'x-ms-user-quota-remaining': '0' }, undefined],
  ])('Resource Graph quota %j waits %s ms', (headers, ms) => {
    expect(quotaWaitMs(headers as Record<string, string>)).toBe(ms);
  });
});

describe('next links on the endpoint', () => {
  const arm = 'https://management.usgovcloudapi.net';
  it("are followed when ARM writes them with https's default port or another case of the host", () => {
    // ARM's own spelling of some next links (Azure/azure-sdk-for-java RestProxy test doesNotChangeEncodedPath).
    expect(onEndpoint('https://management.usgovcloudapi.net:443/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v/virtualMachines?api-version=2021-11-01&$skiptoken=Mzk', arm)).toBe(true);
    expect(onEndpoint('https://MANAGEMENT.usgovcloudapi.net/subscriptions/0/providers?api-version=2021-04-01&$skiptoken=a', arm)).toBe(true);
    expect(onEndpoint('https://management.usgovcloudapi.net/subscriptions/0', arm)).toBe(true);
    expect(onEndpoint('https://127.0.0.1:8443/base/subscriptions/0', 'https://127.0.0.1:8443/base')).toBe(true);
    // The client follows such a link (no request is sent: url() only resolves it).
    const client = new ArmClient({ endpoint: arm, scope: `${arm}/.default`, credential: { getToken: () => Promise.resolve(null) } });
    const next = 'https://management.usgovcloudapi.net:443/subscriptions/0/providers?api-version=2021-04-01&$skiptoken=a';
    expect(client.url(next)).toBe(next);
    expect(() => client.url('https://management.azure.com:443/subscriptions/0')).toThrow(/IL5|next link outside/);
  });
  it('are refused off the endpoint: another host, port, scheme, a look-alike host, a user name, a path beside the base', () => {
    for (const u of [
      'https://management.azure.com/subscriptions/0',
      'https://management.usgovcloudapi.net:8443/subscriptions/0',
      'http://management.usgovcloudapi.net/subscriptions/0',
      'https://management.usgovcloudapi.net.example.com/subscriptions/0',
      'https://user@management.usgovcloudapi.net/subscriptions/0',
      'not a url',
    ]) expect(onEndpoint(u, arm), u).toBe(false);
    expect(onEndpoint('https://127.0.0.1:8443/other/subscriptions/0', 'https://127.0.0.1:8443/base')).toBe(false);
    expect(onEndpoint('https://127.0.0.1:8443/basement/x', 'https://127.0.0.1:8443/base')).toBe(false);
  });
});

describe('Resource Graph rows', () => {
  it('become resources as ARM returns them: container types in ARM spelling, empty columns absent', () => {
    expect(toResource({ id: '/subscriptions/s/resourceGroups/rg', name: 'rg', type: 'microsoft.resources/subscriptions/resourcegroups', location: 'usgovvirginia', kind: '', sku: null, tags: {}, subscriptionId: 's', resourceGroup: 'rg' })).toEqual({
      id: '/subscriptions/s/resourceGroups/rg',
      name: 'rg',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'usgovvirginia',
      tags: {},
    });
    expect(toResource({ id: '/x', type: 'microsoft.keyvault/vaults', name: 'kv', location: '', zones: null, properties: { a: 1 } })).toEqual({ id: '/x', type: 'microsoft.keyvault/vaults', name: 'kv', properties: { a: 1 } });
    expect(toResource({ name: 'no id', type: 't' })).toBeUndefined();
  });
  it('quotes KQL strings so that a resource group name cannot change the query', () => {
    expect(kqlString("a'b\\c")).toBe("'a\\'b\\\\c'");
    expect(auditQueries({ subscriptions: ['s'], resourceGroup: "x' or 1==1 //" })[0]?.query).toContain("resourceGroup =~ 'x\\' or 1==1 //'");
  });
});

describe('which resources need their diagnostic settings', () => {
  const a = (effect: string, detailsType: string | undefined, types: string[] | undefined) =>
    ({ effect, details: detailsType ? { type: detailsType, subscriptionScope: false } : undefined, condition: { types: types ? new Set(types) : undefined } }) as unknown as PolicyAssignment;
  it.each([
    [[a('auditIfNotExists', 'Microsoft.Insights/diagnosticSettings', ['microsoft.keyvault/vaults'])], false, 'microsoft.keyvault/vaults', true],
    [[a('auditIfNotExists', 'Microsoft.Insights/diagnosticSettings', ['microsoft.keyvault/vaults'])], false, 'microsoft.storage/storageaccounts', false],
    [[a('audit', undefined, ['microsoft.storage/storageaccounts'])], false, 'microsoft.storage/storageaccounts', false],
    [[a('deployIfNotExists', 'Microsoft.Insights/diagnosticSettings', undefined)], false, 'microsoft.network/virtualnetworks', true],
    [[a('deployIfNotExists', 'Microsoft.Insights/diagnosticSettings', undefined)], false, 'Microsoft.Resources/resourceGroups', false],
    [[a('auditIfNotExists', 'Microsoft.Insights/diagnosticSettings', ['microsoft.resources/subscriptions'])], false, 'Microsoft.Resources/subscriptions', true],
    [[], true, 'Microsoft.KeyVault/vaults', true],
    [[], false, 'Microsoft.KeyVault/vaults', false],
  ])('%#: %s', (assignments, baseline, type, expected) => {
    expect(needsDiagnostics(diagnosticNeeds(assignments, baseline), { id: '/x', type, name: 'x' })).toBe(expected);
  });
});

describe("the subscription's state (learn.microsoft.com/azure/cost-management-billing/manage/subscription-states)", () => {
  it.each([
    ['Enabled', 'ok'],
    ['Disabled', 'fail'],
    ['Expired', 'fail'],
    ['Deleted', 'fail'],
    ['disabled', 'fail'],
    ['PastDue', 'warn'],
    ['Warned', 'warn'],
    ['Frozen', 'warn'],
    [undefined, 'warn'],
  ])('%s -> %s', (state, status) => {
    expect(judgeSubscription('s1', state).status).toBe(status);
  });
});

describe('role assignment permission', () => {
  it.each([
    [[{ actions: ['*'] }], true],
    [[{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write'] }], false],
    [[{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write'] }, { actions: ['Microsoft.Authorization/roleAssignments/*'] }], true],
    [[{ actions: ['*/read'] }], false],
    [[], false],
  ])('%j allows roleAssignments/write: %s', (perms, expected) => {
    expect(allows(perms, 'Microsoft.Authorization/roleAssignments/write')).toBe(expected);
  });
  it('compares regions by name without spaces or case', () => {
    expect(regionKey('USGov Virginia')).toBe(regionKey('usgovvirginia'));
  });
});

describe('compareStates', () => {
  const r = (resourceId: string, compliance: CheckResult['compliance'], ref = 'purge'): CheckResult =>
    ({ policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/D1', policySetDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/S', policyDefinitionReferenceId: ref, resourceId, resourceType: 't', compliance, effect: 'audit', reason: 'why' }) as CheckResult;
  const s = (resourceId: string, complianceState: string, ref = 'purge', policyAssignmentId = '/subscriptions/x/providers/Microsoft.Authorization/policyAssignments/il5') => ({ resourceId: resourceId.toLowerCase(), policyAssignmentId, policyDefinitionName: 'd1', policySetDefinitionName: 's', policyDefinitionReferenceId: ref, complianceState, timestamp: 't0' });
  it('counts agreement, lists disagreement, and counts pairs one side lacks', () => {
    const c = compareStates([r('/A', 'Compliant'), r('/B', 'NonCompliant'), r('/C', 'Compliant'), r('/D', 'Unknown'), { ...r('/E', 'NonCompliant'), ruleId: 'IL5-KV-001' }], [s('/A', 'Compliant'), s('/B', 'Compliant'), s('/D', 'NonCompliant'), s('/F', 'NonCompliant')]);
    expect(c).toMatchObject({ compared: 2, agree: 1, onlyIl5ml: 1, onlyAzure: 1 });
    expect(c.disagreements).toEqual([expect.objectContaining({ resourceId: '/B', il5ml: 'NonCompliant', azure: 'Compliant', azureEvaluatedAt: 't0' })]);
  });
  it('compares each assignment Azure judged a pair under (a management group and a subscription assigning the same set)', () => {
    const mg = '/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/policyAssignments/il5';
    const sub = '/subscriptions/x/providers/Microsoft.Authorization/policyAssignments/il5-strict';
    const c = compareStates([r('/A', 'NonCompliant')], [s('/A', 'NonCompliant', 'purge', mg), s('/A', 'Compliant', 'purge', sub)]);
    expect(c).toMatchObject({ compared: 2, agree: 1, onlyIl5ml: 0, onlyAzure: 0 });
    expect(c.disagreements).toEqual([expect.objectContaining({ resourceId: '/A', azure: 'Compliant', azureAssignmentId: sub })]);
  });
  it('gives the same comparison whether Azure\'s states come in one page or one at a time', () => {
    const results = [r('/A', 'Compliant'), r('/B', 'NonCompliant'), r('/C', 'Compliant')];
    const states = [s('/A', 'Compliant'), s('/B', 'Compliant'), s('/F', 'NonCompliant'), s('/B', 'NonCompliant', 'purge', 'other')];
    const paged = new StateComparison(results);
    for (const st of states) paged.add([st]);
    expect(paged.result()).toEqual(compareStates(results, states));
  });
  /** The comparison as it was before it kept numbers (session 8): every verdict in a Map, first one wins. */
  function oracle(results: readonly CheckResult[], states: readonly ReturnType<typeof s>[]): unknown {
    const k = (id: string, def: string, ref: string): string => `${id.toLowerCase()}|${def.toLowerCase()}|${ref.toLowerCase()}`;
    const decided = (c: string): boolean => ['compliant', 'noncompliant', 'exempt'].includes(c.toLowerCase());
    const il5ml = new Map<string, CheckResult>();
    for (const x of results) if (x.ruleId === undefined) {
      const key = k(x.resourceId, (x.policyDefinitionId.split('/').pop() ?? '').toLowerCase(), x.policyDefinitionReferenceId ?? '');
      if (!il5ml.has(key)) il5ml.set(key, x);
    }
    const named = new Set<string>();
    const out = { compared: 0, agree: 0, disagreements: [] as unknown[], onlyAzure: 0, onlyIl5ml: 0 };
    for (const st of states) {
      const key = k(st.resourceId, st.policyDefinitionName, st.policyDefinitionReferenceId);
      const x = il5ml.get(key);
      if (!x) {
        out.onlyAzure++;
        continue;
      }
      named.add(key);
      if (!decided(st.complianceState) || !decided(x.compliance)) continue;
      out.compared++;
      if (st.complianceState.toLowerCase() === x.compliance.toLowerCase()) out.agree++;
      else out.disagreements.push({ resourceId: x.resourceId, policyDefinitionId: x.policyDefinitionId, ...(x.policyDefinitionReferenceId !== undefined ? { policyDefinitionReferenceId: x.policyDefinitionReferenceId } : {}), il5ml: x.compliance, azure: st.complianceState, azureEvaluatedAt: st.timestamp, azureAssignmentId: st.policyAssignmentId, il5mlReason: x.reason });
    }
    for (const [key, x] of il5ml) if (!named.has(key) && decided(x.compliance)) out.onlyIl5ml++;
    type D = { resourceId: string; policyDefinitionId: string; azureAssignmentId: string };
    (out.disagreements as D[]).sort((a, b) => a.resourceId.toLowerCase().localeCompare(b.resourceId.toLowerCase()) || a.policyDefinitionId.localeCompare(b.policyDefinitionId) || a.azureAssignmentId.localeCompare(b.azureAssignmentId));
    return out;
  }

  it('keeps numbers in a store, on disk past its pages, and compares what the whole-Map comparison did, whatever order the verdicts come in (fast-check)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-compare-test-'));
    try {
      const compliance = fc.constantFrom<CheckResult['compliance']>('Compliant', 'NonCompliant', 'Unknown', 'Exempt', 'NotApplicable');
      const id = fc.constantFrom('/A', '/a', '/B', '/C/ü');
      const ref = fc.constantFrom('purge', 'PURGE', 'logs', undefined);
      const result = fc.record({ id, compliance, ref, baseline: fc.boolean(), reason: fc.constantFrom('why', 'because') }).map(({ id: rid, compliance: c, ref: rf, baseline, reason }) => {
        const x = { ...r(rid, c), reason, ...(baseline ? { ruleId: 'IL5-KV-001' } : {}) } as CheckResult;
        if (rf === undefined) delete (x as { policyDefinitionReferenceId?: string }).policyDefinitionReferenceId;
        else x.policyDefinitionReferenceId = rf;
        return x;
      });
      const state = fc.record({ id, c: fc.constantFrom('Compliant', 'NonCompliant', 'Unknown', 'exempt'), ref: fc.constantFrom('purge', 'logs', ''), a: fc.constantFrom('a1', 'a2') }).map(({ id: sid, c, ref: rf, a }) => s(sid, c, rf, a));
      fc.assert(
        fc.property(fc.array(result, { maxLength: 20 }), fc.array(state, { maxLength: 20 }), fc.integer(), (results, states, seed) => {
          const want = oracle(results, states);
          const store = fileStore(dir, { budgetBytes: 2 * 256, pageBytes: 256 });
          try {
            // The verdicts in another order, each with its place in input order (as worker threads give them).
            const shuffled = results.map((x, i) => ({ x, i, k: (Math.imul(i + 1, 2654435761) ^ seed) >>> 0 })).sort((p, q) => p.k - q.k);
            const c = new StateComparison([], store);
            for (const { x, i } of shuffled) c.verdict(x, i);
            for (const st of states) c.add([st]);
            expect(c.result()).toEqual(want);
          } finally {
            store.close();
          }
          expect(compareStates(results, states)).toEqual(want);
        }),
        { numRuns: 200 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the audit progress line (stderr on a terminal only)', () => {
  const io = (tty: boolean | undefined, out: string[]): CliIO => ({ stdout: () => undefined, stderr: (t) => void out.push(t), cwd: '/', env: {}, isTTY: false, ...(tty !== undefined ? { stderrIsTTY: tty } : {}) });
  const p = (pages: number, resources: number) => ({ pages, resources, diagnosticReads: 0, phase: 'resources' });

  it.each([false, undefined])('is silent when stderr is not a terminal (stderrIsTTY %s)', (tty) => {
    const out: string[] = [];
    const line = progressLine(io(tty, out), () => 1000);
    line.update(p(1, 1000));
    line.done();
    expect(out).toEqual([]);
  });

  it('shows pages, resources and the rate, at most five times a second, and clears itself', () => {
    const out: string[] = [];
    let t = 1_000_000;
    const line = progressLine(io(true, out), () => t);
    t += 2000;
    line.update(p(2, 2000));
    t += 100;
    line.update(p(3, 3000)); // 0.1 s later: not shown
    t += 400;
    line.update(p(4, 4000));
    line.done();
    expect(out).toEqual([
      '\r\x1b[2Kresources: 2 pages, 2000 resources (1000/s), 0 diagnostic reads',
      '\r\x1b[2Kresources: 4 pages, 4000 resources (1600/s), 0 diagnostic reads',
      '\r\x1b[2K',
    ]);
  });
});
