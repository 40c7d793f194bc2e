/**
 * One copy of a languageVersion 2.0 resource loop named `<symbolic>[<index>]`, as Bicep compiles an indexed
 * reference to a loop: dependsOn `"[format('firstSet[{0}]', …)]"`, `reference(format('storageAccounts[{0}]', i))`
 * and `resourceInfo(format('vnets[{0}]', i))` (Azure/bicep src/Bicep.Core.Samples/Files/baselines/Loops_LF/
 * main.symbolicnames.json and main.sourcemap.bicep, read 2026-12-07). Before, the dependsOn was refused as
 * "not defined in the template", resourceInfo() was an error and reference() was Unknown.
 */
import { describe, expect, it } from 'vitest';
import { expand } from './helpers.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/il5ml-rg/providers';

function template(extra: { condition?: string; lockDependsOn: string; outputs?: Record<string, unknown> }): Record<string, unknown> {
  return {
    languageVersion: '2.0',
    parameters: { names: { type: 'array', defaultValue: ['a', 'b'] } },
    resources: {
      st: {
        copy: { name: 'st', count: "[length(parameters('names'))]" },
        ...(extra.condition ? { condition: extra.condition } : {}),
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2023-01-01',
        name: "[format('st{0}', parameters('names')[copyIndex()])]",
        location: 'usgovvirginia',
        kind: 'StorageV2',
        sku: { name: 'Standard_LRS' },
        properties: { minimumTlsVersion: "[format('TLS1_{0}', add(copyIndex(), 1))]" },
      },
      lock: {
        type: 'Microsoft.Authorization/locks',
        apiVersion: '2020-05-01',
        name: 'nodelete',
        scope: 'Microsoft.Storage/storageAccounts/sta',
        properties: { level: 'CanNotDelete' },
        dependsOn: [extra.lockDependsOn],
      },
    },
    ...(extra.outputs ? { outputs: extra.outputs } : {}),
  };
}

const errors = (r: ReturnType<typeof expand>): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

describe('<symbolic>[<index>] names one copy of a resource loop', () => {
  it('in dependsOn, reference() and resourceInfo()', () => {
    const r = expand(
      template({
        lockDependsOn: "[format('st[{0}]', 1)]",
        outputs: {
          tls: { type: 'string', value: "[reference(format('st[{0}]', 1)).minimumTlsVersion]" },
          name: { type: 'string', value: "[reference('ST[0]', '2023-01-01', 'Full').name]" },
          id: { type: 'string', value: "[resourceInfo(format('st[{0}]', 1)).id]" },
        },
      }),
    );
    expect(errors(r)).toEqual([]);
    const lock = r.resources.find((x) => x.type === 'Microsoft.Authorization/locks');
    expect(lock?.dependsOn).toEqual([`${RG}/Microsoft.Storage/storageAccounts/stb`]);
    expect(r.outputs.tls?.value).toBe('TLS1_2');
    expect(r.outputs.name?.value).toBe('sta');
    expect(r.outputs.id?.value).toBe(`${RG}/Microsoft.Storage/storageAccounts/stb`);
  });

  it('a dependsOn on a copy whose condition is false is dropped, as ARM drops it, not refused', () => {
    const r = expand(template({ condition: '[not(equals(copyIndex(), 1))]', lockDependsOn: "[format('st[{0}]', 1)]" }));
    expect(errors(r)).toEqual([]);
  });

  it('a copy index outside the loop is still "not defined in the template"', () => {
    const r = expand(template({ lockDependsOn: "[format('st[{0}]', 5)]" }));
    expect(errors(r).join('\n')).toMatch(/The resource 'st\[5\]' is not defined in the template/);
  });

  it('resourceInfo() of the whole loop names the indexed form in its error', () => {
    const r = expand(template({ lockDependsOn: 'st', outputs: { id: { type: 'string', value: "[resourceInfo('st').id]" } } }));
    expect(errors(r).join('\n')).toMatch(/'st' is a loop of 2 resources; name one copy as 'st\[<index>\]'/);
  });
});
