/**
 * `il5ml expand` and `il5ml check` as a user types them, on a template ARM refuses as a whole (issue 13 §4):
 * a dependsOn cycle, a dependsOn naming nothing declared, a resource declared twice and an output of the
 * wrong type, all reported at once with file:line:column and exit 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/cli.js';

const nsg = (name: string, dependsOn?: string[]): Record<string, unknown> => ({
  type: 'Microsoft.Network/networkSecurityGroups',
  apiVersion: '2023-04-01',
  name,
  location: 'usgovvirginia',
  properties: { securityRules: [] },
  ...(dependsOn ? { dependsOn } : {}),
});

function templateFile(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-expand-invalid-'));
  const doc = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [nsg('a', ['b']), nsg('b', ['a', 'ghost']), nsg('b')],
    outputs: { count: { type: 'int', value: 'three' } },
  };
  writeFileSync(join(dir, 'main.json'), JSON.stringify(doc, null, 2));
  return { dir, file: 'main.json' };
}

describe('il5ml expand: templates ARM refuses', () => {
  it('exits 2 with every problem at its position and Azure\'s wording, and prints no expansion', () => {
    const { dir, file } = templateFile();
    const r = runBin(['expand', file], { cwd: dir });
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/main\.json:\d+:\d+: error IL5-ARM-TEMPLATE: Deployment template validation failed: 'Circular dependency detected on resource: '\/subscriptions\/.*\/networkSecurityGroups\/a'\./);
    expect(r.stderr).toMatch(/main\.json:\d+:\d+: error IL5-ARM-TEMPLATE: Deployment template validation failed: 'The resource 'ghost' is not defined in the template\.'/);
    expect(r.stderr).toMatch(/main\.json:\d+:\d+: error IL5-ARM-TEMPLATE: Deployment template validation failed: 'The resource 'Microsoft\.Network\/networkSecurityGroups\/b' at line '\d+' and column '\d+' is defined multiple times in a template\.'/);
    expect(r.stderr).toMatch(/main\.json:\d+:\d+: error IL5-ARM-OUTPUT: the value of output 'count' is the string "three", but the output is declared "type": "int"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('check refuses the same template with exit 2', () => {
    const { dir, file } = templateFile();
    const r = runBin(['check', file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/main\.json:\d+:\d+: error IL5-ARM-TEMPLATE: Deployment template validation failed: 'Circular dependency detected/);
  });
});
