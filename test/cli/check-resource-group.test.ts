import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';

// `check --resource-group X` names the resource group a template deploys into (az deployment group create
// --resource-group); az deployment sub / mg / tenant create take none (signatures of
// deploy_arm_template_at_subscription_scope… in Azure/azure-cli src/azure-cli/azure/cli/command_modules/
// resource/custom.py, read 2026-12-08; src/cli/scope-flags.ts). Before, check accepted the flag silently with
// a subscription-scope template, and with a whole subscription's resource list, whose verdicts the user read
// as the group's.
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';
const kv = (group: string, name: string) => ({ id: `${SUB}/resourceGroups/${group}/providers/Microsoft.KeyVault/vaults/${name}`, type: 'Microsoft.KeyVault/vaults', name, location: 'usgovvirginia', properties: {} });

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'il5ml-rg-'));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}

describe('check --resource-group with an input of another scope', () => {
  it('a subscription-scope template: exit 2 at its $schema, as expand refuses it', async () => {
    const sub = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [] }, null, 2);
    const r = await runMain(['check', 'sub.json', '--resource-group', 'rg-ml'], { cwd: dir({ 'sub.json': sub }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sub.json:2:3: error IL5-CLI-FLAG: --resource-group: sub.json is a subscription deployment template');
  });

  it.each([
    ['a streamed list (az resource list of the subscription)', 'all.json', (t: string) => t],
    ['a list read whole (with a comment)', 'all.jsonc', (t: string) => `// az resource list\n${t}`],
  ])('%s with resources of other groups: exit 2 at the first, with how to list the group alone', async (_what, file, wrap) => {
    const text = wrap(JSON.stringify([kv('rg-ml', 'kv1'), kv('rg-hub', 'kv2'), { id: SUB, type: 'Microsoft.Resources/subscriptions', name: '11111111-1111-1111-1111-111111111111' }], null, 2));
    const r = await runMain(['check', file, '--resource-group', 'rg-ml'], { cwd: dir({ [file]: text }) });
    expect(r.code).toBe(2);
    const line = text.split('\n').findIndex((l) => l.includes('"id"') && l.includes('rg-hub'));
    expect(r.stderr).toContain(`${file}:${line}:3: error IL5-CLI-FLAG: --resource-group rg-ml: ${file} holds resources outside resource group 'rg-ml' (${SUB}/resourceGroups/rg-hub/providers/Microsoft.KeyVault/vaults/kv2 and 1 more)`);
    expect(r.stderr).toContain("az resource list --resource-group rg-ml");
  });

  it('a list of the group alone (its own resource too, the name in another case): checked', async () => {
    const text = JSON.stringify([{ id: `${SUB}/resourceGroups/RG-ML`, type: 'Microsoft.Resources/resourceGroups', name: 'RG-ML', location: 'usgovvirginia' }, kv('rg-ml', 'kv1')]);
    const r = await runMain(['check', 'rg.json', '--resource-group', 'rg-ml', '--baseline', 'none', '--policy', 'p.json'], {
      cwd: dir({ 'rg.json': text, 'p.json': JSON.stringify({ name: 'aaaaaaaa-0000-0000-0000-000000000001', properties: { displayName: 'd', mode: 'All', policyRule: { if: { field: 'type', equals: 'Microsoft.KeyVault/vaults' }, then: { effect: 'audit' } } } }) }),
    });
    expect(r.code, r.stderr).toBe(1);
  });

  it('a resource-group template: checked', async () => {
    const t = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [] });
    const r = await runMain(['check', 't.json', '--resource-group', 'rg-ml', '--subscription-id', '11111111-1111-1111-1111-111111111111'], { cwd: dir({ 't.json': t }) });
    expect(r.code, r.stderr).toBe(0);
  });
});
