/**
 * union(), shallowMerge() and intersection() of what reference() reads. reference() "returns an object
 * representing a resource's runtime state", with properties Azure adds to what the template declares
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#reference,
 * read 2026-12-08). union(): "For objects, property names and values from the first parameter are added to
 * the result. For later parameters, any new names are added to the result. If a later parameter has a
 * property with the same name, that value overwrites the existing value", merging nested objects
 * recursively; intersection(): "a single array or object with the common elements"
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-object#union and
 * #intersection, read 2026-12-08). So the keys of such a result are known only after deployment, and a
 * value a later reference() may overwrite is Unknown; what the declared keys decide stays known.
 */
import { describe, expect, it } from 'vitest';
import { expand, innerDeployment } from './helpers.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const VNET = `/subscriptions/${SUB}/resourceGroups/il5ml-rg/providers/Microsoft.Network/virtualNetworks/v`;
const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;
const ADDS = 'are known only after deployment: Azure adds properties the template does not declare';

const vnet = {
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2023-04-01',
  name: 'v',
  location: 'usgovvirginia',
  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, enableDdosProtection: false },
};

function outputs(exprs: Record<string, string>, resources: unknown[] = [vnet]): Record<string, unknown> {
  const r = expand({ resources, outputs: Object.fromEntries(Object.entries(exprs).map(([k, v]) => [k, { type: 'object', value: v }])) });
  return Object.fromEntries(Object.entries(json(r.outputs) as Record<string, { value: unknown }>).map(([k, o]) => [k, o.value]));
}

describe('union() and shallowMerge() of a reference() view', () => {
  it.each<[string, string]>([
    ["union(reference('v'), createObject('extra', 1))", 'union'],
    ["union(createObject('extra', 1), reference('v'))", 'union'],
    ["shallowMerge(createArray(reference('v'), createObject('extra', 1)))", 'shallowMerge'],
    ["shallowMerge(createArray(createObject('extra', 1), reference('v')))", 'shallowMerge'],
  ])('%s has the keys Azure adds: length() and objectKeys() of it are Unknown', (merged, fn) => {
    void fn;
    expect(outputs({ n: `[createObject('n', length(${merged}))]`, k: `[createObject('k', objectKeys(${merged}))]` })).toEqual({
      n: { n: { $unknown: `length(): the keys of properties of ${VNET} ${ADDS}` } },
      k: { k: { $unknown: `objectKeys(): the keys of properties of ${VNET} ${ADDS}` } },
    });
  });

  it('reads a key the result cannot lack as it is, and one Azure may add as Unknown', () => {
    expect(
      outputs({
        later: "[createObject('v', union(reference('v'), createObject('extra', 1)).extra)]",
        declared: "[createObject('v', union(reference('v'), createObject('extra', 1)).enableDdosProtection)]",
        added: "[createObject('v', union(reference('v'), createObject('extra', 1)).provisioningState)]",
        shallowAdded: "[createObject('v', shallowMerge(createArray(reference('v'), createObject('extra', 1))).provisioningState)]",
      }),
    ).toEqual({
      later: { v: 1 },
      declared: { v: false },
      added: { v: { $unknown: `properties.provisioningState of ${VNET} is not declared in the template; it exists only after deployment` } },
      shallowAdded: { v: { $unknown: `properties.provisioningState of ${VNET} is not declared in the template; it exists only after deployment` } },
    });
  });

  it('makes a value Unknown where a later reference() may overwrite it with a property Azure adds', () => {
    expect(
      outputs({
        u: "[createObject('v', union(createObject('provisioningState', 'mine'), reference('v')).provisioningState)]",
        s: "[createObject('v', shallowMerge(createArray(createObject('provisioningState', 'mine'), reference('v'))).provisioningState)]",
        kept: "[createObject('v', union(createObject('enableDdosProtection', true), reference('v')).enableDdosProtection)]",
      }),
    ).toEqual({
      u: { v: { $unknown: expect.stringContaining('union(): properties.provisioningState') as unknown } },
      s: { v: { $unknown: expect.stringContaining('shallowMerge(): properties.provisioningState') as unknown } },
      kept: { v: false },
    });
  });

  it('merges nested objects of a view and keeps their partiality', () => {
    expect(
      outputs({
        n: "[createObject('n', length(union(reference('v'), createObject('addressSpace', createObject('x', 1))).addressSpace))]",
        x: "[createObject('x', union(reference('v'), createObject('addressSpace', createObject('x', 1))).addressSpace.x)]",
        p: "[union(reference('v'), createObject('addressSpace', createObject('x', 1))).addressSpace.addressPrefixes]",
      }),
    ).toEqual({
      n: { n: { $unknown: `length(): the keys of properties.addressSpace of ${VNET} ${ADDS}` } },
      x: { x: 1 },
      p: ['10.0.0.0/16'],
    });
  });

  it('keeps the partiality of a view nested in plain objects that union() merges', () => {
    const nested = "union(createObject('a', reference('v')), createObject('a', createObject('x', 1))).a";
    expect(outputs({ n: `[createObject('n', length(${nested}))]`, x: `[createObject('x', ${nested}.x)]` })).toEqual({
      n: { n: { $unknown: `length(): the keys of properties of ${VNET} ${ADDS}` } },
      x: { x: 1 },
    });
  });

  it("does not take a key a nested deployment's outputs lack (they are all declared) as one that may overwrite", () => {
    const child = innerDeployment('child', { contentVersion: '1.0.0.0', resources: [], outputs: { b: { type: 'string', value: 'x' } } });
    const merged = "union(reference('v'), createObject('a', 1), reference('child').outputs)";
    expect(outputs({ a: `[createObject('a', ${merged}.a)]` }, [vnet, child])).toEqual({ a: { a: 1 } });
  });

  it('leaves union() and shallowMerge() of plain objects as they were', () => {
    expect(outputs({ u: "[union(createObject('a', 1), createObject('b', 2))]", s: "[shallowMerge(createArray(createObject('a', 1), createObject('b', 2)))]" })).toEqual({
      u: { a: 1, b: 2 },
      s: { a: 1, b: 2 },
    });
  });
});

describe('intersection() of a reference() view', () => {
  it('is known when an object with all its keys decides it', () => {
    expect(
      outputs({
        none: "[intersection(reference('v'), createObject('enableDdosProtection', true))]",
        lacks: "[intersection(reference('v'), createObject('zzz', true, 'enableDdosProtection', false))]",
      }),
    ).toMatchObject({
      none: {},
    });
    // 'zzz' may be a property Azure adds with the value true: whether it is common is known only then.
    const r = outputs({ n: "[createObject('n', length(intersection(reference('v'), createObject('zzz', true, 'enableDdosProtection', false))))]" });
    expect(r.n).toEqual({ n: { $unknown: `length(): the keys of properties of ${VNET} ${ADDS}` } });
  });

  it('keeps a declared key that every argument has with the same value', () => {
    expect(outputs({ v: "[createObject('v', intersection(reference('v'), createObject('enableDdosProtection', false, 'zzz', 1)).enableDdosProtection)]" })).toEqual({ v: { v: false } });
  });

  it('of views alone has the keys both may add: its keys are Unknown, its common declared keys known', () => {
    const both = "intersection(reference('v').addressSpace, reference('v').addressSpace)";
    expect(outputs({ n: `[createObject('n', length(${both}))]`, p: `[${both}.addressPrefixes]` })).toEqual({
      n: { n: { $unknown: `length(): the keys of properties.addressSpace of ${VNET} ${ADDS}` } },
      p: ['10.0.0.0/16'],
    });
  });

  it('is Unknown when a common key holds an object Azure may extend', () => {
    expect(outputs({ o: "[intersection(reference('v'), reference('v'))]" }).o).toEqual({ $unknown: expect.stringContaining('intersection(): the keys of properties.addressSpace') as unknown });
  });
});
