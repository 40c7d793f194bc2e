import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleTags, egressRules } from '../../src/net/egress-rules.js';
import { defaultSpec } from '../../src/spec/load.js';
import { runBin, runMain } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { tagsFile } from '../net/tags-fixture.js';

let dir = '';

/** A small service tags file holding every tag the default rules use, plus the route tags. */
function smallTags(shift: number): string {
  const names = [...ruleTags(egressRules(defaultSpec())), 'AzureMachineLearning.USGovVirginia', 'AzureMachineLearning.USGovTexas'];
  return tagsFile(
    names.map((name, i) => ({
      name,
      // Two halves of one /24 (aggregate to one block), a shifted /28, one IPv6 block.
      prefixes: [`20.${i}.0.0/25`, `20.${i}.0.128/25`, `20.${i}.${shift}.16/28`, `2001:db8:${i.toString(16)}::/48`],
    })),
    100 + shift,
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-egress-'));
  writeFileSync(join(dir, 'old.json'), smallTags(1));
  writeFileSync(join(dir, 'new.json'), smallTags(2));
  writeFileSync(join(dir, 'broken.json'), '{"changeNumber": 1, "values": [');
  writeFileSync(join(dir, 'spec.yaml'), 'firewall:\n  packageSources:\n    mode: closed\n');
  writeFileSync(join(dir, 'bad-spec.yaml'), 'firewall:\n  mode: nope\n');
});

describe('il5ml egress', () => {
  it.each(['table', 'csv', 'md', 'json'])('default spec, --format %s (golden)', async (format) => {
    const r = await runMain(['egress', '--format', format]);
    expect(r.stderr).toMatch(/^il5ml: spec <built-in default> \(no il5ml\.yaml, il5ml\.yml, il5ml\.json in .*\n$/);
    expect(r.code).toBe(0);
    expectGolden(`egress/default.${format === 'table' ? 'txt' : format}`, r.stdout);
  });

  it('json: exactly the change-request fields, one row a rule, empty prefixes without --service-tags', async () => {
    const r = await runMain(['egress', '--format', 'json']);
    const out = JSON.parse(r.stdout) as { rules: Record<string, unknown>[]; prefixes: Record<string, string[]> };
    // 34 for compute, 17 package sources (on by default; VS Code with its server ports 8704-8710), 34 for the jump box (issue 9; the portal safelist; KMS).
    expect(out.rules).toHaveLength(85);
    expect(Object.keys(out.rules[0] ?? {})).toEqual(['id', 'source', 'destination', 'destinationType', 'protocol', 'ports', 'required', 'why', 'reference']);
    expect(out.prefixes).toEqual({});
  });

  it('md: placeholders such as <registry>.<region>.data.azurecr.us are escaped, or GitHub and Azure DevOps drop them as HTML tags', async () => {
    for (const args of [['egress', '--format', 'md'], ['egress', '--routes', '--format', 'md'], ['egress', 'diff', 'old.json', 'new.json', '--format', 'md']]) {
      const r = await runMain(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(0);
      // No `<` opens a tag or an autolink (il5ml writes no <br> in these tables).
      expect(r.stdout, args.join(' ')).not.toMatch(/<[A-Za-z/!?]/);
    }
    const md = (await runMain(['egress', '--format', 'md'])).stdout;
    expect(md).toContain('including &lt;registry>.&lt;region>.data.azurecr.us data endpoints');
  });

  it('names the tag Azure Firewall takes where the Government file does not mark the rule\'s usable in FW (BatchNodeManagement.<Region>)', async () => {
    const j = JSON.parse((await runMain(['egress', '--format', 'json'])).stdout) as { rules: Record<string, unknown>[] };
    const swapped = j.rules.filter((x) => 'firewallDestination' in x);
    expect(swapped.map((x) => [x.id, x.destination, x.firewallDestination])).toEqual([['batch', 'BatchNodeManagement.USGovVirginia', 'BatchNodeManagement']]);
    for (const format of ['table', 'md']) {
      const t = await runMain(['egress', '--format', format]);
      expect(t.stdout).toContain('BatchNodeManagement.USGovVirginia: Azure Firewall takes BatchNodeManagement in its place');
    }
  });

  it('--spec closes the package sources (on by default)', async () => {
    const base = (JSON.parse((await runMain(['egress', '--format', 'json'])).stdout) as { rules: { destination: string }[] }).rules.map((x) => x.destination);
    expect(base).toEqual(expect.arrayContaining(['pypi.org', '*.pythonhosted.org', 'cloud.r-project.org']));
    const r = await runMain(['egress', '--spec', 'spec.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const dests = (JSON.parse(r.stdout) as { rules: { destination: string }[] }).rules.map((x) => x.destination);
    for (const d of ['pypi.org', '*.pythonhosted.org', 'cloud.r-project.org']) expect(dests).not.toContain(d);
  });

  it('--service-tags fills prefixes, aggregated, for the tags the rules use', async () => {
    const r = await runMain(['egress', '--service-tags', 'old.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { prefixes: Record<string, string[]> };
    expect(Object.keys(out.prefixes)).toEqual(ruleTags(egressRules(defaultSpec())));
    expect(out.prefixes.AzureActiveDirectory).toEqual(['20.0.0.0/24', '20.0.1.16/28', '2001:db8::/48']);
    expectGolden('egress/service-tags.json', r.stdout);
  });

  it('--service-tags in table and md adds the prefixes section; csv has one row per prefix, IPv4 and IPv6 apart', async () => {
    const t = await runMain(['egress', '--service-tags', 'old.json'], { cwd: dir });
    expect(t.stdout).toContain('Aggregated prefixes (old.json, changeNumber 101)');
    const md = await runMain(['egress', '--service-tags', 'old.json', '--format', 'md'], { cwd: dir });
    expect(md.stdout).toContain('## Aggregated prefixes (old.json, changeNumber 101)');
    const csv = await runMain(['egress', '--service-tags', 'old.json', '--format', 'csv'], { cwd: dir });
    const rows = csv.stdout.split('\r\n').filter(Boolean).map((l) => l.split(','));
    expect(rows[0]?.slice(0, 6)).toEqual(['ruleId', 'source', 'destination', 'destinationType', 'family', 'serviceTag']);
    const aad = rows.filter((r) => r[5] === 'AzureActiveDirectory');
    // Compute and the jump box each have a rule to the tag (issue 9): every such rule lists every prefix once.
    const ruleIds = [...new Set(aad.map((r) => r[0]))];
    expect(ruleIds.length).toBeGreaterThan(0);
    for (const id of ruleIds) {
      expect(aad.filter((r) => r[0] === id).map((r) => [r[2], r[4]])).toEqual([
        ['20.0.0.0/24', 'IPv4'],
        ['20.0.1.16/28', 'IPv4'],
        ['2001:db8::/48', 'IPv6'],
      ]);
    }
    // The same stable rule id without --service-tags.
    const plain = await runMain(['egress', '--format', 'csv'], { cwd: dir });
    expect(plain.stdout).toContain(`\r\n${aad[0]?.[0] ?? '?'},`);
  });

  it('csv quotes fields with commas and quotes (RFC 4180); md escapes |', async () => {
    const csv = await runMain(['egress', '--format', 'csv']);
    // Every why holding a comma is quoted, and every line has the same number of fields.
    const lines = csv.stdout.split('\r\n').filter(Boolean);
    const fields = (l: string): number => (l.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).filter((x) => x !== '').length;
    expect(new Set(lines.map((l) => fields(`${l},`)))).toEqual(new Set([12]));
    expect(csv.stdout).toContain(',"Metrics and logs to Azure Monitor and Application Insights, and support diagnostics (step D); not needed with a private link scope.",');
    const md = await runMain(['egress', '--format', 'md']);
    const table = md.stdout.trim().split('\n').filter((l) => l.startsWith('|'));
    expect(table.length).toBeGreaterThan(30);
    for (const line of table) expect(line.split(/(?<!\\)\|/).length).toBe(10);
    // The wildcard FQDN rows are said to need URL/SNI filtering on a non-Azure firewall.
    expect(md.stdout).toMatch(/\*\.\S+.*: a non-Azure firewall needs URL\/SNI \(TLS server name\) filtering for these wildcard FQDNs/);
  });

  it('--routes: only the default route to the firewall; nothing bypasses it', async () => {
    for (const args of [['egress', '--routes'], ['egress', '--routes', '--service-tags', 'old.json']]) {
      const r = await runMain([...args, '--format', 'json'], { cwd: dir });
      expect(r.code).toBe(0);
      const routes = (JSON.parse(r.stdout) as { routes: { addressPrefix: string; nextHopType: string }[] }).routes;
      expect(routes).toEqual([expect.objectContaining({ name: 'default-to-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '172.16.3.4' })]);
    }
  });

  it('--routes --public-ip-compute-routes: the Internet routes, behind the explicit flag, with a warning', async () => {
    const r = await runMain(['egress', '--routes', '--public-ip-compute-routes', '--service-tags', 'old.json', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toContain('bypasses the firewall');
    expect(r.code).toBe(0);
    const routes = (JSON.parse(r.stdout) as { routes: { addressPrefix: string; nextHopType: string }[] }).routes;
    expect(routes[0]).toMatchObject({ addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance' });
    expect(routes.slice(1).every((x) => x.nextHopType === 'Internet' && !x.addressPrefix.includes(':'))).toBe(true);
    expectGolden('egress/routes.txt', (await runMain(['egress', '--routes', '--public-ip-compute-routes', '--service-tags', 'old.json'], { cwd: dir })).stdout);
  });

  it('--format arm with firewall.mode existing: the rule collection group as an ARM template for the hub\'s Azure Firewall policy (golden)', async () => {
    writeFileSync(join(dir, 'existing.yaml'), 'firewall:\n  mode: existing\n  privateIp: 10.0.100.4\n');
    const r = await runMain(['egress', '--spec', 'existing.yaml', '--format', 'arm'], { cwd: dir });
    expect(r.code).toBe(0);
    // The note for non-Azure firewalls (service tags need prefixes) is not for this form: Azure Firewall takes tags by name.
    expect(r.stderr).not.toContain('note:');
    const t = JSON.parse(r.stdout) as { $schema: string; resources: { type: string; properties: { ruleCollections: { rules: { sourceAddresses: string[] }[] }[] } }[] };
    expect(t.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    expect(t.resources.map((x) => x.type)).toEqual(['Microsoft.Network/firewallPolicies/ruleCollectionGroups']);
    const sources = new Set(t.resources[0]?.properties.ruleCollections.flatMap((c) => c.rules.flatMap((x) => x.sourceAddresses)));
    expect([...sources].sort()).toEqual(['172.16.0.0/24', '172.16.1.0/24', '172.16.4.0/27']);
    expectGolden('egress/existing-arm.json', r.stdout);
    // It deploys as written: `il5ml expand` with the policy's name gives the one group, priority 400.
    writeFileSync(join(dir, 'rcg.json'), r.stdout);
    const x = await runMain(['expand', 'rcg.json', '--parameters', 'firewallPolicyName=hub-fw-policy'], { cwd: dir });
    expect(x.code).toBe(0);
    const expanded = JSON.parse(x.stdout) as { resources: { name: string; properties: { priority: number } }[] };
    expect(expanded.resources.map((e) => [e.name, e.properties.priority])).toEqual([['hub-fw-policy/aml-egress', 400]]);
  });

  it('--public-ip-compute-routes without --service-tags: exit 2 saying what to add', async () => {
    const r = await runMain(['egress', '--routes', '--public-ip-compute-routes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--public-ip-compute-routes needs the prefixes behind the service tags');
    expect(r.stderr).toContain('fix: add --service-tags');
  });

  it.each([
    [['egress', '--service-tags', 'missing.json'], /service tags file .*missing\.json does not exist/],
    [['egress', '--service-tags', 'broken.json'], /broken\.json:1:\d+: error IL5-TAGS-JSON: broken\.json is not valid JSON/],
    [['egress', '--spec', 'bad-spec.yaml'], /bad-spec\.yaml:2:\d+: error/],
    [['egress', '--format', 'xml'], /argument 'xml' is invalid/],
    [['egress', '--routes', '--format', 'arm'], /--routes has no arm form/],
  ])('bad input %j: exit 2 with the file and the reason', async (args, pattern) => {
    const r = await runMain(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stdout).toBe('');
  });
});

describe('il5ml egress diff', () => {
  it('lists added and removed aggregated prefixes per used tag (table golden, json)', async () => {
    const t = await runMain(['egress', 'diff', 'old.json', 'new.json'], { cwd: dir });
    expect(t.code).toBe(0);
    expectGolden('egress/diff.txt', t.stdout);
    const j = await runMain(['egress', 'diff', 'old.json', 'new.json', '--format', 'json'], { cwd: dir });
    const out = JSON.parse(j.stdout) as { old: { changeNumber: number }; new: { changeNumber: number }; tags: { tag: string; added: string[]; removed: string[] }[] };
    expect(out.old.changeNumber).toBe(101);
    expect(out.new.changeNumber).toBe(102);
    expect(out.tags[0]).toMatchObject({ tag: 'AzureActiveDirectory', added: ['20.0.2.16/28'], removed: ['20.0.1.16/28'] });
  });

  it('reads releases saved by Windows PowerShell (UTF-8 and UTF-16LE with a byte-order mark) as the files themselves', async () => {
    // "In Windows PowerShell, any Unicode encoding, except UTF7, always creates a BOM" (about_Character_Encoding,
    // https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding, read 2026-12-07).
    writeFileSync(join(dir, 'old-bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(smallTags(1))]));
    writeFileSync(join(dir, 'new-utf16.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(smallTags(2), 'utf16le')]));
    const plain = await runMain(['egress', 'diff', 'old.json', 'new.json', '--format', 'json'], { cwd: dir });
    const bom = await runMain(['egress', 'diff', 'old-bom.json', 'new-utf16.json', '--format', 'json'], { cwd: dir });
    expect(bom.stderr).not.toContain('error');
    expect(bom.code).toBe(0);
    const tagsOf = (s: string): unknown => (JSON.parse(s) as { tags: unknown }).tags;
    expect(tagsOf(bom.stdout)).toEqual(tagsOf(plain.stdout));
    const csv = await runMain(['egress', '--service-tags', 'old-bom.json', '--format', 'csv'], { cwd: dir });
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe((await runMain(['egress', '--service-tags', 'old.json', '--format', 'csv'], { cwd: dir })).stdout);
  });

  it('reports problems in both files at once', async () => {
    const r = await runMain(['egress', 'diff', 'broken.json', 'nope.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.json is not valid JSON');
    expect(r.stderr).toContain('nope.json does not exist');
  });
});

describe('as a user types it (bin/il5ml.cjs, after npm run build)', () => {
  it('il5ml egress --format csv; il5ml egress diff; il5ml dns --format md', () => {
    const csv = runBin(['egress', '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe('ruleId,source,destination,destinationType,family,serviceTag,protocol,ports,required,why,reference,note');
    const diff = runBin(['egress', 'diff', 'old.json', 'new.json', '--format', 'json'], { cwd: dir });
    expect(diff.code).toBe(0);
    expect((JSON.parse(diff.stdout) as { tags: unknown[] }).tags.length).toBeGreaterThan(5);
    const dns = runBin(['dns', '--format', 'md']);
    expect(dns.code).toBe(0);
    expect(dns.stdout).toContain('## Conditional forwarders for on-premises DNS');
    const bad = runBin(['egress', '--service-tags', 'broken.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain('    at ');
  });
});
