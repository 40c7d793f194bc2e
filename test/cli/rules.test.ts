import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineRules } from '../../src/baseline/index.js';
import { REPO_ROOT, runBin, runMain } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

describe('il5ml rules', () => {
  it('lists every rule as a table by default', async () => {
    const r = await runMain(['rules']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const rule of baselineRules) expect(r.stdout).toContain(rule.id);
    expectGolden('rules/table.txt', r.stdout);
  });

  it('writes a Markdown table with --format md', async () => {
    const r = await runMain(['rules', '--format', 'md']);
    expect(r.code).toBe(0);
    expectGolden('rules/rules.md', r.stdout);
  });

  it('writes JSON metadata with --format json, mirrors carrying the definition id', async () => {
    const r = await runMain(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout) as { id: string; policyDefinitionId?: string; doc: string; remediation: { text: string } }[];
    expect(rules.map((x) => x.id)).toEqual(baselineRules.map((x) => x.id));
    expect(rules.find((x) => x.id === 'IL5-MLW-002')?.policyDefinitionId).toBe(
      '/providers/Microsoft.Authorization/policyDefinitions/45e05259-1eb5-4f70-9574-baf73e9d219b',
    );
    expect(rules.every((x) => x.doc === `docs/rules/${x.id}.md` && x.remediation.text.length > 0)).toBe(true);
  });

  it('narrows to the rules named by id, name or GUID', async () => {
    const r = await runMain(['rules', 'IL5-KV-001', 'IL5.Dns.GovernmentZones', 'ba769a63-b8cc-4b2d-abf6-ac33c7204be8', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id)).toEqual(['IL5-DNS-001', 'IL5-KV-001', 'IL5-MLW-001']);
  });

  it('refuses --doc with --format json (exit 2, nothing on stdout): it printed Markdown where JSON was asked', async () => {
    const r = await runMain(['rules', 'IL5-NET-002', '--doc', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("error IL5-CLI-FLAG: --doc prints each rule's documentation as Markdown; --format json cannot apply to it");
    expect((await runMain(['rules', 'IL5-NET-002', '--doc', '--format', 'md'])).code).toBe(0);
  });

  it("prints a rule's whole doc with --doc, the same text as docs/rules/<id>.md", async () => {
    const r = await runMain(['rules', 'IL5-NET-002', '--doc']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# IL5-NET-002: IL5.Network.BastionSubnetSize\n')).toBe(true);
    expect(r.stdout).toBe(readFileSync(resolve(REPO_ROOT, 'docs', 'rules', 'IL5-NET-002.md'), 'utf8'));
  });

  it('refuses an unknown rule with exit 2 and names it', async () => {
    const r = await runMain(['rules', 'IL5-XX-999']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("error IL5-BASELINE-RULE: no baseline rule is called 'IL5-XX-999'");
  });

  it('refuses an unknown format with exit 2', async () => {
    const r = await runMain(['rules', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('xml');
  });

  it('runs from the installed bin as a user types it', () => {
    const r = runBin(['rules', 'IL5-ACR-004', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { name: string }[]).map((x) => x.name)).toEqual(['IL5.ContainerRegistry.AdminUserDisabled']);
  });
});
