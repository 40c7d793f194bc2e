/**
 * length(), objectKeys(), items(), empty() and mapValues() of what reference() and deployment() read.
 * reference() "returns an object representing a resource's runtime state", and every resource type returns
 * its own properties (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#reference,
 * read 2026-12-08): Azure adds properties the template does not declare (provisioningState, principalId…),
 * so the keys of such an object are known only after deployment. deployment() has templateHash and
 * provisioningState besides what the template gives (template-functions-deployment#deployment, read 2026-12-08).
 * A nested deployment's outputs are the ones its template declares: their keys are known.
 */
import { describe, expect, it } from 'vitest';
import { expand, innerDeployment } from './helpers.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const RGID = `/subscriptions/${SUB}/resourceGroups/il5ml-rg`;
const VNET = `${RGID}/providers/Microsoft.Network/virtualNetworks/v`;
const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

const vnet = {
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2023-04-01',
  name: 'v',
  location: 'usgovvirginia',
  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'sn1', properties: { addressPrefix: '10.0.0.0/24' } }] },
};

function outputs(exprs: Record<string, string>, resources: unknown[] = [vnet]): Record<string, unknown> {
  const r = expand({ resources, outputs: Object.fromEntries(Object.entries(exprs).map(([k, v]) => [k, { type: 'object', value: v }])) });
  return Object.fromEntries(Object.entries(json(r.outputs) as Record<string, { value: unknown }>).map(([k, o]) => [k, o.value]));
}

describe('the keys of a reference() view', () => {
  it.each<[string, string, string]>([
    ["length(reference('v'))", 'length', 'properties'],
    ["empty(reference('v'))", 'empty', 'properties'],
    ["objectKeys(reference('v'))", 'objectKeys', 'properties'],
    ["items(reference('v'))", 'items', 'properties'],
    ["mapValues(reference('v'), lambda('x', 1))", 'mapValues', 'properties'],
    // Nested objects too: Azure adds provisioningState to a subnet's properties.
    ["length(reference('v').subnets[0].properties)", 'length', 'properties.subnets[0].properties'],
    ["objectKeys(reference('v').addressSpace)", 'objectKeys', 'properties.addressSpace'],
  ])('%s is Unknown: Azure adds properties the template does not declare', (expr, fn, path) => {
    expect(outputs({ o: `[${expr}]` }).o).toEqual({
      $unknown: `${fn}(): the keys of ${path} of ${VNET} are known only after deployment: Azure adds properties the template does not declare`,
    });
  });

  it("is Unknown for the 'Full' object, whose envelope Azure fills in too", () => {
    expect(outputs({ o: "[length(reference('v', '2023-04-01', 'Full'))]" }).o).toEqual({
      $unknown: `length(): the keys of ${VNET} are known only after deployment: Azure adds properties the template does not declare`,
    });
  });

  it('leaves what does not count keys as it was: declared values, arrays, contains() of a declared key', () => {
    expect(
      outputs({
        prefixes: "[createObject('n', length(reference('v').addressSpace.addressPrefixes))]",
        subnets: "[createObject('n', length(reference('v').subnets))]",
        declared: "[createObject('c', contains(reference('v'), 'addressSpace'))]",
      }),
    ).toEqual({ prefixes: { n: 1 }, subnets: { n: 1 }, declared: { c: true } });
  });

  it("counts the outputs of a nested deployment, which are the ones its template declares, and finds no other", () => {
    const child = innerDeployment('child', {
      contentVersion: '1.0.0.0',
      resources: [],
      outputs: { a: { type: 'string', value: 'x' }, b: { type: 'object', value: { k: 1, l: 2 } } },
    });
    expect(
      outputs(
        {
          n: "[createObject('n', length(reference('child').outputs))]",
          keys: "[createObject('k', objectKeys(reference('child').outputs))]",
          value: "[createObject('n', length(reference('child').outputs.b.value))]",
          missing: "[createObject('c', contains(reference('child').outputs, 'zzz'))]",
          text: "[string(reference('child').outputs.b.value)]",
          top: "[length(reference('child'))]",
        },
        [child],
      ),
    ).toEqual({
      n: { n: 2 },
      keys: { k: ['a', 'b'] },
      value: { n: 2 },
      missing: { c: false },
      text: '{"k":1,"l":2}',
      top: { $unknown: expect.stringMatching(/^length\(\): the keys of properties of .*\/deployments\/child are known only after deployment/) as unknown },
    });
  });

  it('string() and format() of such an object are Unknown: Azure writes the keys it adds too', () => {
    const why = `the keys of properties.addressSpace of ${VNET} are known only after deployment: Azure adds properties the template does not declare`;
    expect(outputs({ s: "[string(reference('v').addressSpace)]", f: "[format('x{0}', reference('v').addressSpace)]" })).toEqual({
      s: { $unknown: `string(): ${why}` },
      f: { $unknown: `format(): ${why}` },
    });
  });

  it('equals() of such an object is false on a declared difference, otherwise Unknown', () => {
    expect(
      outputs({
        same: "[createObject('e', equals(reference('v').addressSpace, createObject('addressPrefixes', createArray('10.0.0.0/16'))))]",
        differs: "[createObject('e', equals(reference('v').addressSpace, createObject('addressPrefixes', createArray('10.9.0.0/16'))))]",
        lacks: "[createObject('e', equals(createObject('other', 1), reference('v').addressSpace))]",
        inArray: "[createObject('i', indexOf(createArray(createObject('addressPrefixes', createArray('10.9.0.0/16'))), reference('v').addressSpace))]",
      }),
    ).toEqual({
      same: { e: { $unknown: `equals(): the keys of properties.addressSpace of ${VNET} are known only after deployment: Azure adds properties the template does not declare` } },
      differs: { e: false },
      lacks: { e: false },
      inArray: { i: -1 },
    });
  });

  it('is Unknown for deployment(), which has templateHash and provisioningState besides', () => {
    expect(outputs({ a: '[length(deployment())]', b: '[objectKeys(deployment().properties)]' }, [])).toEqual({
      a: { $unknown: 'length(): the keys of deployment() are known only once the deployment runs' },
      b: { $unknown: 'objectKeys(): the keys of deployment().properties are known only once the deployment runs' },
    });
  });
});
