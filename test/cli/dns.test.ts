import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

describe('il5ml dns', () => {
  it.each(['table', 'md', 'json'])('default spec, --format %s (golden)', async (format) => {
    const r = await runMain(['dns', '--format', format]);
    expect(r.stderr).toMatch(/^il5ml: spec <built-in default> \(no il5ml\.yaml, il5ml\.yml, il5ml\.json in .*\n$/);
    expect(r.code).toBe(0);
    expectGolden(`dns/default.${format === 'table' ? 'txt' : format}`, r.stdout);
  });

  it('json holds zones, records, forwarders, hosts and the placeholders legend', async () => {
    const r = await runMain(['dns', '--format', 'json']);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['zones', 'records', 'forwarders', 'hosts', 'placeholders', 'sources']);
  });

  it('--spec with central DNS and an existing firewall', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-dns-'));
    const hub = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/';
    const zones = [
      'privatelink.api.ml.azure.us',
      'privatelink.notebooks.usgovcloudapi.net',
      'privatelink.vaultcore.usgovcloudapi.net',
      'privatelink.blob.core.usgovcloudapi.net',
      'privatelink.file.core.usgovcloudapi.net',
      'privatelink.azurecr.us',
    ];
    writeFileSync(
      join(dir, 'spec.yaml'),
      `firewall:\n  mode: existing\n  privateIp: 10.0.0.4\ndns:\n  mode: central\n  zoneIds:\n${zones.map((z) => `    ${z}: ${hub}${z}\n`).join('')}`,
    );
    const r = await runMain(['dns', '--spec', 'spec.yaml', '--format', 'md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`| privatelink.azurecr.us | azurecr.us | hub | ${hub}privatelink.azurecr.us | container registry |`);
    // Escaped so that GitHub and Azure DevOps show the placeholder instead of reading an HTML tag.
    expect(r.stdout).toContain('| api.ml.azure.us | &lt;hub-dns-ip> | 168.63.129.16 | the hub\'s DNS (set network.dnsServers) |');
  });

  it('--resource-group goes into the commands that read the deployed records', async () => {
    const r = await runMain(['dns', '--subscription-id', '00000000-0000-0000-0000-000000000000', '--resource-group', 'rg-ml-prod', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { placeholders: Record<string, string> };
    expect(out.placeholders['<ip:NAME>']).toContain('--endpoint-name NAME -g rg-ml-prod ');
  });

  it('csv is not a dns format: exit 2', async () => {
    const r = await runMain(['dns', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'csv' is invalid");
  });

  it('a missing spec file: exit 2 naming it', async () => {
    const r = await runMain(['dns', '--spec', 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/spec .*nope\.yaml does not exist/);
  });
});
