import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, type CliRun } from '../helpers/cli.js';

// As a user types it (bin/il5ml.cjs, after npm run build): `il5ml plan` in a folder with il5ml.yaml, then
// `il5ml check out/azuredeploy.json` in the same folder (the same spec found there). Plan matched an
// exemption's `resource` by name and check by ID only, so check found the spec's name patterns unused and
// the workspace NonCompliant (docs/exemptions.md, "What a resource pattern names").

/** Line numbers below are of this text: keep them in step. */
const SPEC = [
  'posture:', //                                              1
  '  publicNetworkAccess: true', //                           2
  'policy:', //                                               3
  '  exemptions:', //                                         4
  '    - rule: IL5-MLW-003', //                               5  the exact name
  '      resource: il5ml-mlw', //                             6
  '      justification: AO waiver W-9', //                    7
  '      expiresOn: 2099-06-30', //                           8
  '    - rule: IL5-ACR-002', //                               9  a name pattern in other case
  '      resource: "IL5MLCR*"', //                            10
  '      justification: AO waiver W-10', //                   11
  '      expiresOn: 2099-06-30', //                           12
  '    - rule: IL5-KV-003', //                                13 the docs' example
  '      resource: "il5mlkv*"', //                            14
  '      justification: AO waiver W-12', //                   15
  '      expiresOn: 2099-06-30', //                           16
  '    - policyDefinitionId: IL5-ST-003', //                  17 an ID pattern, Azure's key names
  '      resourceId: "*/storageAccounts/il5mlst*"', //        18
  '      justification: AO waiver W-13', //                  19
  '      expiresOn: 2099-06-30', //                           20
  '    - rule: IL5-ST-004', //                                21
  '      resource: "il5mlst*"', //                            22
  '      justification: AO waiver W-14', //                  23
  '      expiresOn: 2099-06-30', //                           24
  '    - rule: IL5-KV-001', //                                25 names nothing of the plan
  '      resource: kv-missing', //                            26
  '      justification: wrong name', //                      27
  '      expiresOn: 2099-06-30', //                           28
  '    - rule: IL5-ST-007', //                                29 expired
  '      resource: "il5mlst*"', //                            30
  '      justification: old waiver', //                      31
  '      expiresOn: 2020-01-01', //                           32
  '    - rule: IL5-KV-001', //                                33 a mirror rule the vault meets
  '      resource: "il5mlkv*"', //                            34
  '      justification: needless W-15', //                    35
  '      expiresOn: 2099-06-30', //                           36
  '    - rule: IL5-ST-010', //                                37 a baseline-only rule the account meets
  '      justification: needless W-16', //                    38
  '      expiresOn: 2099-06-30', //                           39
  '',
].join('\n');

const RULES = ['IL5-ACR-002', 'IL5-KV-003', 'IL5-MLW-003', 'IL5-ST-003', 'IL5-ST-004'];
/** Exempt too, though they meet their rule without it: Azure reports a resource an exemption covers as Exempt. */
const NEEDLESS = ['IL5-KV-001', 'IL5-ST-010'];

let cwd = '';
let plan: CliRun;
let check: CliRun;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'il5ml-exempt-e2e-'));
  writeFileSync(join(cwd, 'il5ml.yaml'), SPEC);
  plan = runBin(['plan', '--out', 'out'], { cwd });
  check = runBin(['check', 'out/azuredeploy.json', '--format', 'json'], { cwd });
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

type Report = { results: { ruleId?: string; resourceId: string; compliance: string; exemption?: { justification: string } }[] };

describe('plan and check of the same spec exempt the same verdicts', () => {
  it('plan: the five rules the weak posture breaks are Exempt, and the two needless ones, nothing NonCompliant, exit 0', () => {
    expect(plan.stderr).toContain('il5ml: spec il5ml.yaml (found in');
    expect(plan.stdout).toMatch(/, 0 NonCompliant, 7 Exempt,/);
    expect(plan.code).toBe(0);
  });

  it('check: the same (rule, resource) pairs Exempt, with the spec\'s justifications, nothing NonCompliant, exit 0', () => {
    expect(check.code).toBe(0);
    const results = (JSON.parse(check.stdout) as Report).results;
    expect(results.filter((r) => r.compliance === 'NonCompliant')).toEqual([]);
    const byCheck = results.filter((r) => r.compliance === 'Exempt').map((r) => `${r.ruleId ?? ''} ${r.resourceId.split('/').pop() ?? ''}`);
    const byPlan = [...plan.stdout.matchAll(/^ {2}Exempt (\S+) (\S+) until /gm)].map((m) => `${m[1] ?? ''} ${m[2] ?? ''}`);
    expect(byPlan.map((x) => x.split(' ')[0]).sort()).toEqual([...RULES, ...NEEDLESS].sort());
    expect(byCheck.sort()).toEqual(byPlan.sort());
    // The baseline-only rule (no Azure exemption in the template) is exempted by the spec's name pattern alone.
    expect(results.find((r) => r.ruleId === 'IL5-MLW-003' && r.compliance === 'Exempt')?.exemption?.justification).toBe('AO waiver W-9');
  });

  it('the exemption that names nothing warns in both, at its position in il5ml.yaml; the others are used', () => {
    expect(plan.stderr).toMatch(/^il5ml\.yaml:26:17: warning IL5-PLAN-EXEMPTION: exemption 6 \(IL5-KV-001\) resource 'kv-missing' names no resource/m);
    expect(plan.stderr.match(/names no resource/g)).toHaveLength(1);
    expect(check.stderr).toMatch(/^il5ml\.yaml:25:7: warning IL5-EXEMPT-UNUSED: policy\.exemptions\[5\] \(IL5-KV-001 on kv-missing\) matched no result$/m);
    expect(check.stderr.match(/IL5-EXEMPT-UNUSED/g)).toHaveLength(1);
  });

  it('plan warns of the exemptions whose results meet their rule without them, at the exemption', () => {
    expect(plan.stderr).toMatch(/^il5ml\.yaml:34:17: warning IL5-PLAN-EXEMPTION: exemption 8 \(IL5-KV-001 on il5mlkv\*\) covers 1 result of this plan, and it meets the rule without it: it waives nothing the plan needs/m);
    expect(plan.stderr).toMatch(/^il5ml\.yaml:37:13: warning IL5-PLAN-EXEMPTION: exemption 9 \(IL5-ST-010\) covers 1 result of this plan, and it meets the rule without it/m);
    expect(plan.stderr.match(/waives nothing the plan needs/g)).toHaveLength(2);
    // Check exempts them too (the same pairs above); they are used, so no IL5-EXEMPT-UNUSED for them.
    expect(check.stderr).not.toMatch(/exemptions\[(7|8)\]/);
  });

  it('the expired exemption warns in both at its expiresOn', () => {
    expect(plan.stderr).toMatch(/^il5ml\.yaml:32:18: warning IL5-PLAN-EXEMPTION: exemption 7 \(IL5-ST-007\) expired on 2020-01-01/m);
    expect(check.stderr).toMatch(/^il5ml\.yaml:32:18: warning IL5-EXEMPT-EXPIRED: policy\.exemptions\[6\] for IL5-ST-007 on il5mlst\* expired on 2020-01-01; it no longer exempts$/m);
  });
});

describe('check --exemptions FILE: warnings at the entry\'s file:line:column', () => {
  const estate = JSON.stringify([
    {
      id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kvbad',
      type: 'Microsoft.KeyVault/vaults',
      name: 'kvbad',
      location: 'usgovvirginia',
      properties: { tenantId: '22222222-2222-2222-2222-222222222222', sku: { family: 'A', name: 'standard' }, enableSoftDelete: true, enablePurgeProtection: false },
    },
  ]);
  const yaml = ['exemptions:', '  - rule: IL5-KV-001', '    resource: KVB*', '    justification: AO waiver W-1', '    expiresOn: 2099-12-31', '  - rule: IL5-KV-002', '    resource: kvgood', '    justification: x', '  - rule: IL5-KV-003', '    resource: kvbad', '    justification: old', '    expiresOn: 2020-01-01', ''].join('\n');
  const json = ['{"exemptions": [', '  {"policyDefinitionId": "IL5-KV-001", "resourceId": "kvbad", "justification": "AO waiver W-1"},', '  {"policyDefinitionId": "IL5-KV-002", "resourceId": "kvgood", "justification": "x"},', '  {"policyDefinitionId": "IL5-KV-003", "resourceId": "kvbad", "justification": "old", "expiresOn": "2020-01-01"}', ']}', ''].join('\n');

  it.each([
    ['ex.yaml', yaml, 'ex.yaml:6:5', 'ex.yaml:12:16'],
    ['ex.json', json, 'ex.json:3:3', 'ex.json:4:87'],
  ])('%s: a name pattern exempts; unused and expired are placed', (name, text, unused, expired) => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-exempt-file-'));
    try {
      writeFileSync(join(dir, 'estate.json'), estate);
      writeFileSync(join(dir, name), text);
      const r = runBin(['check', 'estate.json', '--exemptions', name, '--format', 'json'], { cwd: dir });
      const results = (JSON.parse(r.stdout) as Report).results;
      expect(results.find((x) => x.ruleId === 'IL5-KV-001')?.compliance).toBe('Exempt');
      expect(r.stderr).toContain(`${unused}: warning IL5-EXEMPT-UNUSED: exemptions[1] (IL5-KV-002 on kvgood) matched no result`);
      expect(r.stderr).toContain(`${expired}: warning IL5-EXEMPT-EXPIRED: exemptions[2] for IL5-KV-003 on kvbad expired on 2020-01-01`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a YAML merge key shares fields between entries (<<: *anchor), as in the spec; the entries stay placed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-exempt-file-'));
    try {
      writeFileSync(join(dir, 'estate.json'), estate);
      const merged = ['waiver: &w', '  justification: AO waiver W-7', '  expiresOn: 2099-12-31', 'exemptions:', '  - <<: *w', '    rule: IL5-KV-001', '    resource: kvbad', '  - <<: *w', '    rule: IL5-KV-002', '    resource: kvgood', ''].join('\n');
      writeFileSync(join(dir, 'ex.yaml'), merged);
      const r = runBin(['check', 'estate.json', '--exemptions', 'ex.yaml', '--format', 'json'], { cwd: dir });
      expect(r.stderr).not.toContain('IL5-EXEMPT-YAML');
      const results = (JSON.parse(r.stdout) as Report).results;
      expect(results.find((x) => x.ruleId === 'IL5-KV-001')).toMatchObject({ compliance: 'Exempt', exemption: { justification: 'AO waiver W-7' } });
      expect(r.stderr).toContain('ex.yaml:8:5: warning IL5-EXEMPT-UNUSED: exemptions[1] (IL5-KV-002 on kvgood) matched no result');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['bad.yaml', 'exemptions:\n  - rule: x\n   bad: [\n', /^bad\.yaml:3:\d+: error IL5-EXEMPT-YAML: bad\.yaml is not valid YAML: /m],
    ['bad.json', '{"exemptions": [\n  {"rule": "IL5-KV-001",}\n]}\n', /^bad\.json:2:\d+: error IL5-EXEMPT-JSON: bad\.json is not valid JSON: /m],
  ])('%s: a syntax error is placed too (exit 2)', (name, text, want) => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-exempt-file-'));
    try {
      writeFileSync(join(dir, 'estate.json'), estate);
      writeFileSync(join(dir, name), text);
      const r = runBin(['check', 'estate.json', '--exemptions', name], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(want);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
