/**
 * references('collection', ['Full' | 'Properties']): the states of a languageVersion 2.0 resource loop,
 * as reference() gives each one (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#references).
 * Templates are written as a user (or Bicep, which emits references() for a resource collection) writes them.
 */
import { describe, expect, it } from 'vitest';
import { expand } from './helpers.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const RGID = `/subscriptions/${SUB}/resourceGroups/il5ml-rg`;
const DOCS = 'https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#references';
const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;
const errors = (r: ReturnType<typeof expand>): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.location?.line}:${d.location?.column} ${d.message}`);

/** The documentation's example, shortened: `workers` copies of a container group, a controller reading them. */
function workers(count: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    copy: { name: 'containerWorkers', count },
    type: 'Microsoft.ContainerInstance/containerGroups',
    apiVersion: '2022-09-01',
    name: "[format('worker-{0}', copyIndex())]",
    location: 'usgovvirginia',
    properties: { osType: 'Linux', containers: [{ name: "[format('worker-container-{0}', copyIndex())]", properties: { image: 'mcr.microsoft.com/azuredocs/aci-helloworld' } }] },
    ...extra,
  };
}

function template(outputs: Record<string, string>, resources: Record<string, unknown> = { containerWorkers: workers(3) }, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    languageVersion: '2.0',
    resources,
    outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { type: 'array', value: v }])),
    ...more,
  };
}

const id = (n: number): string => `${RGID}/providers/Microsoft.ContainerInstance/containerGroups/worker-${n}`;

describe('references()', () => {
  it.each<[string, Record<string, unknown>, unknown, string]>([
    [
      "[map(references('containerWorkers'), lambda('w', lambdaVariables('w').containers[0].name))]",
      { containerWorkers: workers(3) },
      ['worker-container-0', 'worker-container-1', 'worker-container-2'],
      `${DOCS}: the properties objects, in copy index order`,
    ],
    [
      "[map(references('containerWorkers', 'Full'), lambda('w', lambdaVariables('w').id))]",
      { containerWorkers: workers(3) },
      [id(0), id(1), id(2)],
      `${DOCS}: 'Full' gives the full resource objects`,
    ],
    [
      "[map(references('CONTAINERWORKERS', 'full'), lambda('w', lambdaVariables('w').location))]",
      { containerWorkers: workers(2) },
      ['usgovvirginia', 'usgovvirginia'],
      'symbolic names and the option compare case-insensitively, as reference() names do',
    ],
    [
      "[map(references('containerWorkers', 'Properties'), lambda('w', lambdaVariables('w').osType))]",
      { containerWorkers: workers(2) },
      ['Linux', 'Linux'],
      `${DOCS}: 'Properties' is the default`,
    ],
    [
      "[map(references('containerWorkers', 'full'), lambda('w', lambdaVariables('w').name))]",
      { containerWorkers: workers(4, { condition: '[not(equals(copyIndex(), 1))]' }) },
      ['worker-0', 'worker-2', 'worker-3'],
      `${DOCS}: a copy whose condition is false is left out (worker-0, worker-2, …)`,
    ],
    ["[references('containerWorkers')]", { containerWorkers: workers(2, { condition: false }) }, [], `${DOCS}: if all of the resources are omitted, an empty array`],
    ["[references('containerWorkers')]", { containerWorkers: workers(0) }, [], 'a copy count of 0 deploys nothing: an empty array'],
  ])('%s', (expr, resources, want) => {
    const r = expand(template({ o: expr }, resources));
    expect(errors(r)).toEqual([]);
    expect(json(r.outputs.o?.value)).toEqual(want);
  });

  it('feeds a resource property, as the documentation example does (implicit dependency: evaluated first)', () => {
    const r = expand(
      template({}, {
        containerController: {
          type: 'Microsoft.ContainerInstance/containerGroups',
          apiVersion: '2022-09-01',
          name: 'controller',
          location: 'usgovvirginia',
          properties: { containers: [{ name: 'controller-container', properties: { command: ['echo', "[format('Workers are {0}', join(map(references('containerWorkers', 'full'), lambda('w', lambdaVariables('w').name)), ','))]"] } }] },
        },
        containerWorkers: workers(3),
      }),
    );
    expect(errors(r)).toEqual([]);
    const controller = r.resources.find((x) => x.name === 'controller');
    expect(json(controller?.properties)).toMatchObject({ containers: [{ properties: { command: ['echo', 'Workers are worker-0,worker-1,worker-2'] } }] });
  });

  it('keeps what exists only after deployment Unknown, element by element', () => {
    const r = expand(template({ o: "[map(references('containerWorkers'), lambda('w', lambdaVariables('w').ipAddress.ip))]" }, { containerWorkers: workers(2) }));
    expect(errors(r)).toEqual([]);
    expect(json(r.outputs.o?.value)).toEqual([0, 1].map((n) => ({ $unknown: `properties.ipAddress of ${id(n)} is not declared in the template; it exists only after deployment (.ip)` })));
  });

  it('is Unknown, never a shorter array, when which copies exist is unknown before deployment', () => {
    const byCount = expand(template({ o: "[references('containerWorkers')]" }, { containerWorkers: workers('[length(reference(resourceId(\'Microsoft.Web/sites\', \'x\')).hostNames)]') }));
    expect(json(byCount.outputs.o?.value)).toEqual({ $unknown: expect.stringMatching(/^references\('containerWorkers'\): its copy count is unknown before deployment/) });
    const byCondition = expand(template({ o: "[references('containerWorkers')]" }, { containerWorkers: workers(2, { condition: "[equals(reference(resourceId('Microsoft.Web/sites', 'x')).state, 'Running')]" }) }));
    expect(json(byCondition.outputs.o?.value)).toEqual({ $unknown: expect.stringMatching(new RegExp(`^references\\('containerWorkers'\\): whether ${id(0).replace(/[/.]/g, '\\$&')} is deployed is unknown before deployment`)) });
  });

  it('gives existing resources as reference() does: Unknown states read from Azure', () => {
    const r = expand(template({ o: "[references('containerWorkers')]" }, { containerWorkers: workers(2, { existing: true }) }));
    expect(errors(r)).toEqual([]);
    expect(json(r.outputs.o?.value)).toEqual([
      { $unknown: "references('containerWorkers')[0]: an existing resource; its properties are read from Azure at deployment" },
      { $unknown: "references('containerWorkers')[1]: an existing resource; its properties are read from Azure at deployment" },
    ]);
  });

  it.each<[string, Record<string, unknown>, RegExp, string]>([
    [
      'a collection that is not declared',
      template({ o: "[references('nope')]" }),
      /references\('nope'\): no resource collection has the symbolic name 'nope' in this template; references\(\) reads only resources declared in the current template/,
      `${DOCS}: "does not support referencing resources external to the current template"`,
    ],
    [
      'a single resource, not a collection',
      template({ o: "[references('one')]" }, { one: { type: 'Microsoft.ContainerInstance/containerGroups', apiVersion: '2022-09-01', name: 'one', location: 'usgovvirginia', properties: {} } }),
      /references\('one'\): 'one' is a single resource, not a resource collection \(it has no copy loop\); use reference\('one'\)/,
      `${DOCS}: the argument is the symbolic name of a resource collection`,
    ],
    [
      'a template whose resources are an array (no symbolic names)',
      { resources: [workers(2)], outputs: { o: { type: 'array', value: "[references('containerWorkers')]" } } },
      /needs "languageVersion": "2.0" and "resources" as an object/,
      `${DOCS}: requires symbolic names`,
    ],
    [
      'an option other than Full or Properties',
      template({ o: "[references('containerWorkers', 'All')]" }),
      /references\(\): the second argument must be 'Full' or 'Properties', not "All"/,
      `${DOCS}: 'Full', 'Properties'`,
    ],
    [
      "use within a resource's copy loop",
      template({}, { containerWorkers: workers(2), more: { ...workers(2), copy: { name: 'more', count: 2 }, name: "[format('more-{0}', copyIndex())]", properties: { x: "[length(references('containerWorkers'))]" } } }),
      /The template function 'references' is not expected at this location \(it is inside the copy loop 'more'; references\(\) cannot be used within copy loops/,
      `${DOCS}: "can't be used within resource copy loops"`,
    ],
    [
      'use within an output copy loop',
      { languageVersion: '2.0', resources: { containerWorkers: workers(2) }, outputs: { o: { type: 'array', copy: { count: 2, input: "[length(references('containerWorkers'))]" } } } },
      /The template function 'references' is not expected at this location \(it is inside the copy loop/,
      'Azure/bicep DirectResourceCollectionTests.cs: BCP144 in output loops',
    ],
    [
      'use in a variable',
      template({ o: "[variables('ips')]" }, { containerWorkers: workers(2) }, { variables: { ips: "[references('containerWorkers')]" } }),
      /The template function 'references' is not expected at this location \(variable 'ips'; the reference functions read deployed resources, which variables cannot\)\. Please see https:\/\/aka\.ms\/arm-template-expressions/,
      'https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#variables: no reference function in variables',
    ],
    [
      'use in a user-defined function',
      template({ o: "[fns.all()]" }, { containerWorkers: workers(2) }, { functions: [{ namespace: 'fns', members: { all: { parameters: [], output: { type: 'array', value: "[references('containerWorkers')]" } } } }] }),
      /The template function 'references' is not expected at this location \(user-defined functions cannot use the reference functions\)/,
      'https://learn.microsoft.com/azure/azure-resource-manager/templates/user-defined-functions#limitations',
    ],
  ])('refuses %s, with the position', (_what, t, message) => {
    const r = expand(t);
    const errs = errors(r);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^\d+:\d+ /);
    expect(errs[0]).toMatch(message);
  });
});

describe('references() in a nested deployment', () => {
  it("reads the collection of the nested template itself (inner scope), not the parent's", () => {
    const inner = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      languageVersion: '2.0',
      resources: { containerWorkers: workers(2) },
      outputs: { names: { type: 'array', value: "[map(references('containerWorkers', 'full'), lambda('w', lambdaVariables('w').name))]" }, parent: { type: 'array', value: "[references('outerOnly')]" } },
    };
    const r = expand({
      languageVersion: '2.0',
      resources: {
        outerOnly: { ...workers(1), name: "[format('outer-{0}', copyIndex())]" },
        nested: { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'nested', properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, template: inner } },
      },
      outputs: { names: { type: 'array', value: "[reference('nested').outputs.names.value]" } },
    });
    expect(json(r.outputs.names?.value)).toEqual(['worker-0', 'worker-1']);
    expect(errors(r)).toEqual([expect.stringMatching(/references\('outerOnly'\): no resource collection has the symbolic name 'outerOnly' in this template/)]);
  });
});
