import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { egressRules, ruleTags } from '../../src/net/egress-rules.js';
import { defaultSpec } from '../../src/spec/load.js';
import { runBin, runMain } from '../helpers/cli.js';
import { tagsFile } from '../net/tags-fixture.js';

/** Issue 14, point 4: change requests an NVA team can import; egress diff for a scheduled job; dns names. */

let dir = '';
const names = ruleTags(egressRules(defaultSpec()));
function tags(shift: number, changeNumber: number): string {
  return tagsFile(
    names.map((name, i) => ({ name, prefixes: [`20.${i}.0.0/25`, `20.${i}.0.128/25`, `20.${i}.${shift}.16/28`, `2001:db8:${i.toString(16)}::/48`] })),
    changeNumber,
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-nva-'));
  writeFileSync(join(dir, 'ServiceTags_AzureGovernment_20261130.json'), tags(1, 300));
  writeFileSync(join(dir, 'ServiceTags_AzureGovernment_20261207.json'), tags(2, 301));
  writeFileSync(join(dir, 'same.json'), tags(1, 300));
  writeFileSync(join(dir, 'existing.yaml'), 'firewall:\n  mode: existing\n  privateIp: 10.0.0.4\n');
});

describe('egress --format edl --out-dir', () => {
  it('one plain-text list per service tag, each with the header and the aggregated prefixes', async () => {
    const r = await runMain(['egress', '--service-tags', 'ServiceTags_AzureGovernment_20261130.json', '--format', 'edl', '--out-dir', 'edl'], { cwd: dir });
    expect(r.code).toBe(0);
    const files = readdirSync(join(dir, 'edl')).sort();
    // One list per tag a rule names (not the stand-in Azure Firewall needs: see the next test).
    const named = [...new Set(egressRules(defaultSpec()).filter((x) => x.destinationType === 'ServiceTag' && x.destination !== 'VirtualNetwork').map((x) => x.destination))];
    expect(files).toEqual(named.map((n) => `${n}.txt`).sort());
    const aad = readFileSync(join(dir, 'edl', 'AzureActiveDirectory.txt'), 'utf8').split('\n');
    expect(aad.slice(0, 7)).toEqual([
      '# il5ml external dynamic list: service tag AzureActiveDirectory',
      '# spec: <built-in default>',
      '# region: usgovvirginia',
      '# next hop (firewall private IP): 172.16.3.4',
      '# service tags release: ServiceTags_AzureGovernment_20261130.json (changeNumber 300); tag changeNumber 1',
      '# rules: aad (TCP 80 443), jb-aad (TCP 443)',
      '# prefixes: 3 (aggregated; IPv4 2, IPv6 1)',
    ]);
    expect(aad.slice(7)).toEqual(['20.0.0.0/24', '20.0.1.16/28', '2001:db8::/48', '']);
    expect(r.stdout).toContain(`${named.length} external dynamic lists`);
    expect(r.stdout).toMatch(/FQDN rules are not in any list \(\d+ wildcard\): a non-Azure firewall needs URL\/SNI filtering/);
    // The jump box's KMS addresses are rules by address, in no service-tag list either.
    expect(r.stdout).toContain('2 address rules are not in any list (jb-kms-1 23.97.0.13/32 TCP 1688, jb-kms-2 52.126.105.2/32 TCP 1688): add them as address objects');
    for (const f of files) expect(readFileSync(join(dir, 'edl', f), 'utf8'), f).not.toContain('23.97.0.13');
  });

  it('the lists hold exactly the prefixes of the csv rows: the regional BatchNodeManagement.USGovVirginia, not every region\'s behind BatchNodeManagement', async () => {
    // BatchNodeManagement.<region> lacks FW in the Government file's networkFeatures, so Azure Firewall's rule
    // names the global tag; a non-Azure firewall takes prefixes and needs only the region's (how-to-secure-training-vnet).
    const r = await runMain(['egress', '--service-tags', 'ServiceTags_AzureGovernment_20261130.json', '--format', 'edl', '--out-dir', 'edl-csv'], { cwd: dir });
    expect(r.code).toBe(0);
    const files = readdirSync(join(dir, 'edl-csv'));
    expect(files).toContain('BatchNodeManagement.USGovVirginia.txt');
    expect(files).not.toContain('BatchNodeManagement.txt');
    const inLists = new Set(files.flatMap((f) => readFileSync(join(dir, 'edl-csv', f), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((p) => `${f.replace(/\.txt$/, '')} ${p}`)));
    const csv = await runMain(['egress', '--service-tags', 'ServiceTags_AzureGovernment_20261130.json', '--format', 'csv'], { cwd: dir });
    const rows = csv.stdout.split('\r\n').slice(1).filter(Boolean).map((l) => l.split(','));
    // ruleId,source,destination,destinationType,family,serviceTag,…: the rows a service tag became.
    const inCsv = new Set(rows.filter((c) => c[3] === 'Cidr' && c[5]).map((c) => `${c[5]} ${c[2]}`));
    expect([...inLists].sort()).toEqual([...inCsv].sort());
  });

  it('csv: the VirtualNetwork row (an NSG rule, a virtual tag no appliance knows) says there is nothing to add on the firewall', async () => {
    const csv = await runMain(['egress', '--service-tags', 'ServiceTags_AzureGovernment_20261130.json', '--format', 'csv'], { cwd: dir });
    const vnet = csv.stdout.split('\r\n').filter((l) => l.startsWith('vnet,'));
    expect(vnet).toHaveLength(1);
    expect(vnet[0]).toMatch(/,NSG rule: the traffic stays inside the virtual network and is allowed by the subnet NSG; nothing to add on the firewall$/);
  });

  it.each([
    [['egress', '--format', 'edl', '--out-dir', 'x'], '--format edl needs the prefixes behind the service tags'],
    [['egress', '--format', 'edl', '--service-tags', 'same.json'], 'add --out-dir DIR'],
    [['egress', '--out-dir', 'x', '--service-tags', 'same.json'], '--out-dir is for --format edl'],
  ])('%j: exit 2, nothing written', async (args, text) => {
    const r = await runMain(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});

describe('firewall.mode existing', () => {
  it('without --service-tags: a note that a non-Azure firewall needs the prefixes; with it, no note', async () => {
    const r = await runMain(['egress', '-s', 'existing.yaml', '--format', 'csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('il5ml: note: firewall.mode is existing: if that firewall is not Azure Firewall, it cannot use Azure service tags by name and needs the prefixes behind them');
    expect(r.stdout.startsWith('ruleId,')).toBe(true);
    const withTags = await runMain(['egress', '-s', 'existing.yaml', '--format', 'csv', '--service-tags', 'same.json'], { cwd: dir });
    expect(withTags.stderr).not.toContain('note:');
    // Wildcard FQDN rows carry the URL/SNI note in the csv.
    const wild = withTags.stdout.split('\r\n').filter((l) => /^[^,]+,[^,]+,\*\./.test(l));
    expect(wild.length).toBeGreaterThan(3);
    for (const l of wild) expect(l).toContain('wildcard FQDN: a non-Azure firewall needs URL/SNI (TLS server name) filtering for it');
  });
});

describe('egress diff', () => {
  it('header naming both releases, per-tag counts, --exit-code 1 when changed and 0 when not', async () => {
    const r = await runMain(['egress', 'diff', 'ServiceTags_AzureGovernment_20261130.json', 'ServiceTags_AzureGovernment_20261207.json', '--exit-code'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('service tags: old ServiceTags_AzureGovernment_20261130.json (changeNumber 300) -> new ServiceTags_AzureGovernment_20261207.json (changeNumber 301)');
    expect(r.stdout).toMatch(/^AzureActiveDirectory +3 +3 +1 +1$/m);
    const same = await runMain(['egress', 'diff', 'ServiceTags_AzureGovernment_20261130.json', 'same.json', '--exit-code'], { cwd: dir });
    expect(same.code).toBe(0);
    const noFlag = await runMain(['egress', 'diff', 'ServiceTags_AzureGovernment_20261130.json', 'ServiceTags_AzureGovernment_20261207.json'], { cwd: dir });
    expect(noFlag.code).toBe(0);
  });

  it('a tag the rules use that neither release has: said once on stderr, and no change for --exit-code (a weekly job is not paged every week)', async () => {
    const without = (cn: number): string => tagsFile(names.filter((n) => n !== 'AzureMonitor').map((name, i) => ({ name, prefixes: [`20.${i}.0.0/24`] })), cn);
    writeFileSync(join(dir, 'no-monitor-1.json'), without(310));
    writeFileSync(join(dir, 'no-monitor-2.json'), without(311));
    const r = await runMain(['egress', 'diff', 'no-monitor-1.json', 'no-monitor-2.json', '--exit-code', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('il5ml: warning: service tag AzureMonitor, which the rules use, is in neither release');
    const out = JSON.parse(r.stdout) as { changed: boolean; tags: { tag: string; missingIn?: string }[] };
    expect(out.changed).toBe(false);
    expect(out.tags.find((t) => t.tag === 'AzureMonitor')?.missingIn).toBe('both');
    const t = await runMain(['egress', 'diff', 'no-monitor-1.json', 'no-monitor-2.json'], { cwd: dir });
    expect(t.stdout).toMatch(/^AzureMonitor +tag in neither release *$/m);
    expect(t.stdout).not.toContain('tag added');
  });

  it('OLD newer than NEW: a warning to swap them', async () => {
    const r = await runMain(['egress', 'diff', 'ServiceTags_AzureGovernment_20261207.json', 'ServiceTags_AzureGovernment_20261130.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('il5ml: warning: OLD ServiceTags_AzureGovernment_20261207.json (changeNumber 301) is newer than NEW ServiceTags_AzureGovernment_20261130.json (changeNumber 300)');
    expect((JSON.parse(r.stdout) as { changed: boolean }).changed).toBe(true);
  });
});

describe('dns --subscription-id --resource-group', () => {
  it('names built from uniqueString are the real ones: the same names expand gives the planned template', async () => {
    const sub = '11111111-2222-3333-4444-555555555555';
    expect((await runMain(['plan', '--out', 'planned'], { cwd: dir })).code).toBe(0);
    const x = await runMain(['expand', 'planned/azuredeploy.json', '--parameters', 'planned/azuredeploy.parameters.json', '--subscription-id', sub, '--resource-group', 'ml-rg'], { cwd: dir });
    expect(x.code).toBe(0);
    const kv = (JSON.parse(x.stdout) as { resources: { type: string; name: string }[] }).resources.find((r) => r.type === 'Microsoft.KeyVault/vaults')?.name;
    expect(kv).toMatch(/^il5mlkv[a-z2-7]{13}$/);
    const d = await runMain(['dns', '--format', 'json', '--subscription-id', sub, '--resource-group', 'ml-rg'], { cwd: dir });
    expect(d.code).toBe(0);
    const out = JSON.parse(d.stdout) as { records: { name: string }[]; placeholders: Record<string, string> };
    expect(out.records.map((r) => r.name)).toContain(kv);
    expect(out.placeholders).not.toHaveProperty('<unique13>');
  });

  it('--subscription-id alone: the default resource group is said "(default)"; --resource-group alone is an error', async () => {
    const d = await runMain(['dns', '--subscription-id', '11111111-2222-3333-4444-555555555555'], { cwd: dir });
    expect(d.code).toBe(0);
    expect(d.stderr).toContain('il5ml: resource group il5ml-rg (default');
    const bad = await runMain(['dns', '--resource-group', 'ml-rg'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('fix: add --subscription-id');
    const notGuid = await runMain(['dns', '--subscription-id', 'nope'], { cwd: dir });
    expect(notGuid.code).toBe(2);
    expect(notGuid.stderr).toContain("--subscription-id: 'nope' is not a GUID");
  });
});

describe('as a user types it', () => {
  it('il5ml egress --service-tags FILE --format edl --out-dir edl; il5ml egress diff OLD NEW --exit-code', () => {
    const r = runBin(['egress', '--service-tags', 'ServiceTags_AzureGovernment_20261130.json', '--format', 'edl', '--out-dir', 'edl-bin'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'edl-bin'))).toContain('AzureMachineLearning.txt');
    const diff = runBin(['egress', 'diff', 'ServiceTags_AzureGovernment_20261130.json', 'ServiceTags_AzureGovernment_20261207.json', '--exit-code', '--format', 'csv'], { cwd: dir });
    expect(diff.code).toBe(1);
    expect(diff.stdout.split('\r\n')[0]).toBe('tag,change,prefix');
    expect(diff.stderr).toContain('service tags: old ServiceTags_AzureGovernment_20261130.json');
  });
});
