/**
 * utcNow() and newGuid() only in a parameter's defaultValue, as ARM allows them: "You can only use this
 * function within an expression for the default value of a parameter. Using this function anywhere else in
 * a template returns an error" (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-date#utcnow
 * and https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#newguid,
 * read 2026-12-07; MicrosoftDocs/azure-docs issue 38984: "you can't use utcNow() in any other way but to put
 * it as a default value for a parameter").
 */
import { describe, expect, it } from 'vitest';
import { expand, innerDeployment } from './helpers.js';

const errors = (r: ReturnType<typeof expand>): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.location?.line ?? '?'}: ${d.message}`);

describe('utcNow() and newGuid() outside a parameter default are refused', () => {
  it.each<[string, Record<string, unknown>]>([
    ['utcNow() in a variable', { variables: { v: '[utcNow()]' }, outputs: { o: { type: 'string', value: "[variables('v')]" } } }],
    ["utcNow('u') in an output", { outputs: { o: { type: 'string', value: "[utcNow('u')]" } } }],
    ['newGuid() in a variable', { variables: { v: '[newGuid()]' }, outputs: { o: { type: 'string', value: "[variables('v')]" } } }],
    [
      'utcNow() in a resource property',
      { resources: [{ type: 'Microsoft.Resources/tags', apiVersion: '2022-09-01', name: 'default', properties: { tags: { created: '[utcNow()]' } } }] },
    ],
    [
      'newGuid() in a resource name',
      { resources: [{ type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01', name: '[newGuid()]', properties: {} }] },
    ],
    [
      "utcNow() in a nested deployment's parameter value (evaluated in the parent, not a default)",
      {
        resources: [
          {
            ...innerDeployment('inner', { parameters: { when: { type: 'string' } }, outputs: { o: { type: 'string', value: "[parameters('when')]" } } }),
            properties: {
              mode: 'Incremental',
              expressionEvaluationOptions: { scope: 'inner' },
              parameters: { when: { value: '[utcNow()]' } },
              template: { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', parameters: { when: { type: 'string' } }, resources: [] },
            },
          },
        ],
      },
    ],
  ])('%s', (_what, template) => {
    const errs = errors(expand(template));
    expect(errs.some((e) => /IL5-ARM-EXPR \d+: The template function '(utcNow|newGuid)' is not expected at this location: it can be used only in the defaultValue of a parameter/.test(e)), errs.join('\n')).toBe(true);
  });
});

describe('utcNow() and newGuid() in a parameter default are allowed', () => {
  it('a default reads the deployment time, and the rest of the template reads it through the parameter', () => {
    const r = expand(
      {
        parameters: { created: { type: 'string', defaultValue: "[utcNow('u')]" }, suffix: { type: 'string', defaultValue: "[concat('x-', utcNow())]" } },
        variables: { tag: "[parameters('created')]" },
        outputs: { tag: { type: 'string', value: "[variables('tag')]" }, suffix: { type: 'string', value: "[parameters('suffix')]" } },
      },
      { context: { utcNow: new Date('2026-12-07T10:20:30Z') } },
    );
    expect(errors(r)).toEqual([]);
    expect(r.outputs.tag?.value).toBe('2026-12-07 10:20:30Z');
    expect(r.outputs.suffix?.value).toBe('x-20261207T102030Z');
  });

  it("newGuid() in a default is Unknown (a new value at each deployment), and so in a nested template's own default", () => {
    const r = expand({
      parameters: { pw: { type: 'string', defaultValue: '[newGuid()]' } },
      resources: [innerDeployment('inner', { parameters: { id: { type: 'string', defaultValue: '[newGuid()]' } }, resources: [], outputs: { id: { type: 'string', value: "[parameters('id')]" } } })],
      outputs: { pw: { type: 'string', value: "[parameters('pw')]" }, inner: { type: 'string', value: "[reference('inner').outputs.id.value]" } },
    });
    expect(errors(r)).toEqual([]);
    expect(JSON.stringify(r.outputs.pw?.value)).toMatch(/\$unknown.*newGuid\(\) returns a new random GUID/);
    expect(JSON.stringify(r.outputs.inner?.value)).toMatch(/\$unknown/);
  });
});

/**
 * reference() and list*() read a resource's runtime state, which does not exist when ARM resolves parameters
 * and variables: "You can't use the reference function or any of the list functions in the parameters section"
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/parameters, read 2026-12-07); "You can't
 * use the reference function in the variables section of the template"
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#variables, read 2026-12-07).
 */
describe('reference() and list*() in a parameter default or a variable are refused', () => {
  const vnetRef = "[reference(resourceId('Microsoft.Network/virtualNetworks', 'vnet'), '2023-04-01')]";
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['reference() in a parameter default', { parameters: { p: { type: 'object', defaultValue: vnetRef } } }, /'reference' is not expected at this location \(a parameter's defaultValue/],
    ["listKeys() in a parameter default", { parameters: { p: { type: 'object', defaultValue: "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2023-01-01')]" } } }, /'listkeys' is not expected at this location \(a parameter's defaultValue/],
    ['reference() in a variable', { variables: { v: vnetRef }, outputs: { o: { type: 'object', value: "[variables('v')]" } } }, /'reference' is not expected at this location \(variable 'v'/],
    [
      'reference() in a variable read by a resource property',
      { variables: { v: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'vnet'), '2023-04-01').subnets]" }, resources: [{ type: 'Microsoft.Resources/tags', apiVersion: '2022-09-01', name: 'default', properties: { tags: { n: "[string(length(variables('v')))]" } } }] },
      /'reference' is not expected at this location \(variable 'v'/,
    ],
  ])('%s', (_what, template, message) => {
    const errs = errors(expand(template));
    expect(errs.some((e) => message.test(e)), errs.join('\n')).toBe(true);
  });

  it('reference() and listKeys() in resource properties and outputs are read, Unknown for what exists only in Azure', () => {
    const r = expand({
      resources: [{ type: 'Microsoft.Resources/tags', apiVersion: '2022-09-01', name: 'default', properties: { tags: { k: "[string(listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2023-01-01'))]" } } }],
      outputs: { o: { type: 'object', value: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'vnet'), '2023-04-01')]" } },
    });
    expect(errors(r)).toEqual([]);
    expect(JSON.stringify(r.outputs.o?.value)).toMatch(/\$unknown/);
  });
});
