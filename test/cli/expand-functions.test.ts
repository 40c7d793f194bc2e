/**
 * `il5ml expand` as a user types it, on templates that use format() with objects and arrays and
 * references() over a resource collection (issue 13 §5).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/cli.js';

function templateFile(doc: Record<string, unknown>): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-expand-fn-'));
  writeFileSync(join(dir, 'main.json'), JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', ...doc }, null, 2));
  return { dir, file: 'main.json' };
}

const workers = {
  copy: { name: 'workers', count: 3 },
  condition: '[not(equals(copyIndex(), 1))]',
  type: 'Microsoft.Network/networkSecurityGroups',
  apiVersion: '2023-04-01',
  name: "[format('nsg-{0}', copyIndex())]",
  location: 'usgovvirginia',
  properties: { securityRules: [] },
};

describe('il5ml expand: format() and references()', () => {
  it('writes format() object and array arguments as single-quoted compact JSON and lists a collection with references()', () => {
    const { dir, file } = templateFile({
      languageVersion: '2.0',
      variables: { tags: { env: 'prod', owner: "it's me" } },
      resources: {
        workers,
        summary: {
          type: 'Microsoft.Resources/tags',
          apiVersion: '2022-09-01',
          name: 'default',
          properties: { tags: { note: "[format('tags {0} on {1}', variables('tags'), map(references('workers', 'full'), lambda('w', lambdaVariables('w').name)))]" } },
        },
      },
      outputs: {
        ids: { type: 'array', value: "[map(references('workers', 'Full'), lambda('w', lambdaVariables('w').id))]" },
        text: { type: 'string', value: "[format('{0}|{1}', createArray(true, 1, 'x'), string(createObject('a', 'b')))]" },
      },
    });
    const r = runBin(['expand', file], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { resources: { name: string; properties?: { tags?: { note?: string } } }[]; outputs: Record<string, { value: unknown }> };
    expect(out.resources.find((x) => x.name === 'default')?.properties?.tags?.note).toBe("tags {'env':'prod','owner':'it\\'s me'} on ['nsg-0','nsg-2']");
    const rg = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/il5ml-rg';
    expect(out.outputs.ids?.value).toEqual([`${rg}/providers/Microsoft.Network/networkSecurityGroups/nsg-0`, `${rg}/providers/Microsoft.Network/networkSecurityGroups/nsg-2`]);
    expect(out.outputs.text?.value).toBe("[true,1,'x']|{\"a\":\"b\"}");
  });

  it('exits 2 with file:line:column and Azure\'s wording for references() in a variable', () => {
    const { dir, file } = templateFile({
      languageVersion: '2.0',
      variables: { names: "[references('workers')]" },
      resources: { workers },
      outputs: { n: { type: 'array', value: "[variables('names')]" } },
    });
    const r = runBin(['expand', file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/main\.json:\d+:\d+: error IL5-ARM-EXPR: The template function 'references' is not expected at this location \(variable 'names'/);
  });
});
