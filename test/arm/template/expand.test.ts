import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../../src/arm/template/index.js';
import { expand, innerDeployment, MG_SCHEMA, RG_SCHEMA, SUB_SCHEMA, TENANT_SCHEMA } from './helpers.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const RGID = `/subscriptions/${SUB}/resourceGroups/il5ml-rg`;
const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;
const errors = (r: ReturnType<typeof expand>): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`);
const vnet = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2023-04-01',
  name,
  location: '[resourceGroup().location]',
  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
  ...extra,
});

describe('parameters', () => {
  it('evaluates defaultValue expressions that read other parameters, and takes file values first', () => {
    const r = expand(
      {
        parameters: { prefix: { type: 'string', defaultValue: 'dev' }, name: { type: 'string', defaultValue: "[format('{0}-vnet', parameters('prefix'))]" } },
        resources: [vnet("[parameters('name')]")],
      },
      { params: { prefix: 'prod' } },
    );
    expect(errors(r)).toEqual([]);
    expect(r.resources.map((x) => x.name)).toEqual(['prod-vnet']);
  });

  it('reads a name written in any casing, the same expression text in templates that declare it in other casings', () => {
    // One parsed tree serves every template (the text is the cache key) and keeps the name's lower case:
    // each template still finds its own parameter and variable, whatever casing it declares them in.
    const read = "[format('{0}-{1}', parameters('SiteName'), variables('Suffix'))]";
    for (const [param, variable, value] of [
      ['siteName', 'suffix', 'a'],
      ['SITENAME', 'SUFFIX', 'b'],
      ['SiteName', 'Suffix', 'c'],
    ] as const) {
      const r = expand({ parameters: { [param]: { type: 'string', defaultValue: value } }, variables: { [variable]: `${value}x` }, resources: [vnet(read)] });
      expect(errors(r)).toEqual([]);
      expect(r.resources.map((x) => x.name)).toEqual([`${value}-${value}x`]);
    }
  });

  it('takes parameter values given as data, over the parameters file', () => {
    const r = expand(
      { parameters: { name: { type: 'string' } }, resources: [vnet("[parameters('name')]")] },
      { params: { name: 'from-file' }, parameterValues: { NAME: 'from-data' } },
    );
    expect(r.resources.map((x) => x.name)).toEqual(['from-data']);
  });

  it('reports every bad parameter at once, each with file:line:column', () => {
    const r = expand(
      {
        parameters: {
          sku: { type: 'string', allowedValues: ['Standard', 'Premium'] },
          count: { type: 'int', maxValue: 3 },
          required: { type: 'string' },
        },
        resources: [],
      },
      { params: { sku: 'Basic', count: 5, extra: true } },
    );
    expect(r.diagnostics.map((d) => [d.code, d.location?.file, d.location?.line])).toEqual([
      ['IL5-ARM-PARAM-ALLOWED', 'main.parameters.json', 3],
      ['IL5-ARM-PARAM-LIMIT', 'main.parameters.json', 6],
      ['IL5-ARM-PARAM-MISSING', 'main.json', 16],
      ['IL5-ARM-PARAM-UNDECLARED', 'main.parameters.json', 9],
    ]);
  });

  it('makes a secure parameter without value and a Key Vault reference Unknown, never an invented value', () => {
    const r = expandTemplate({
      file: 'main.json',
      text: JSON.stringify({
        $schema: RG_SCHEMA,
        parameters: { pw: { type: 'securestring' }, kv: { type: 'securestring' } },
        resources: [],
        outputs: { a: { type: 'string', value: "[parameters('pw')]" }, b: { type: 'string', value: "[parameters('kv')]" } },
      }),
      parametersText: JSON.stringify({ parameters: { kv: { reference: { keyVault: { id: '/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/v' }, secretName: 'admin' } } } }),
    });
    expect(json(r.outputs)).toEqual({
      a: { type: 'string', value: { $unknown: 'secure parameter pw has no value' } },
      b: { type: 'string', value: { $unknown: "parameter kv is Key Vault secret 'admin', read at deployment" } },
    });
  });
});

describe('variables', () => {
  it('lets a variable refer to a later one, and loops variables with copy', () => {
    const r = expand({
      variables: { a: "[concat(variables('b'), '-a')]", b: 'x', copy: [{ name: 'names', count: 3, input: "[format('sn{0}', copyIndex('names', 1))]" }] },
      resources: [],
      outputs: { a: { type: 'string', value: "[variables('a')]" }, n: { type: 'array', value: "[variables('names')]" } },
    });
    expect(json(r.outputs)).toEqual({ a: { type: 'string', value: 'x-a' }, n: { type: 'array', value: ['sn1', 'sn2', 'sn3'] } });
  });

  it('reports a cycle where it happens and keeps going', () => {
    const r = expand({ variables: { a: "[variables('b')]", b: "[variables('a')]" }, resources: [vnet('v1')], outputs: { o: { type: 'string', value: "[variables('a')]" } } });
    expect(errors(r).some((e) => e.includes("variable 'b' refers to itself") || e.includes("variable 'a' refers to itself"))).toBe(true);
    expect(r.resources).toHaveLength(1);
  });
});

describe('resources', () => {
  it('expands copy loops (with copyIndex offsets) and keeps mode and batchSize out of the resource', () => {
    const r = expand({ resources: [vnet("[format('vnet{0}', copyIndex(1))]", { copy: { name: 'vnets', count: 3, mode: 'serial', batchSize: 1 } })] });
    expect(r.resources.map((x) => x.id)).toEqual([1, 2, 3].map((i) => `${RGID}/providers/Microsoft.Network/virtualNetworks/vnet${i}`));
    expect(r.resources[0]).not.toHaveProperty('copy');
  });

  it('reports a bad copy mode, batch size or count at its position', () => {
    const r = expand({
      resources: [vnet("[concat('a', copyIndex())]", { copy: { name: 'l1', count: 2, mode: 'sideways' } }), vnet('b', { copy: { name: 'l2', count: 1, mode: 'serial', batchSize: 0 } }), vnet('c', { copy: { name: 'l3', count: 801 } })],
    });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['IL5-ARM-COPY', "copy mode of resources[0] must be 'serial' or 'parallel', not \"sideways\""],
      ['IL5-ARM-COPY', 'copy batchSize of resources[1] must be a positive integer, not 0'],
      ['IL5-ARM-COPY', 'copy count must be an integer from 0 to 800, but it is 801'],
    ]);
  });

  it('lists a zero-count loop and a false condition in skipped with why, so nothing disappears silently', () => {
    const r = expand({
      parameters: { deploy: { type: 'bool', defaultValue: false } },
      resources: [vnet('a', { copy: { name: 'none', count: 0 } }), vnet('b', { condition: "[parameters('deploy')]" })],
    });
    expect(r.resources).toEqual([]);
    expect(r.skipped.map((s) => [s.declaration, s.reason, s.source.line])).toEqual([
      ['resources[0]', 'its copy count is 0', 11],
      ['resources[1]', "its condition is false: [parameters('deploy')]", 28],
    ]);
  });

  it('expands property loops inside properties', () => {
    const r = expand({
      resources: [
        vnet('v', {
          properties: { subnets: [], copy: [{ name: 'subnets', count: 2, input: { name: "[format('sn{0}', copyIndex('subnets'))]", properties: { addressPrefix: "[format('10.0.{0}.0/24', copyIndex('subnets'))]" } } }] },
        }),
      ],
    });
    expect(json(r.resources[0]?.properties)).toEqual({
      subnets: [
        { name: 'sn0', properties: { addressPrefix: '10.0.0.0/24' } },
        { name: 'sn1', properties: { addressPrefix: '10.0.1.0/24' } },
      ],
    });
  });

  it('composes child resources nested in resources: full type, parent/child name, ID', () => {
    const r = expand({ resources: [vnet('v', { resources: [{ type: 'subnets', apiVersion: '2023-04-01', name: 'sn1', dependsOn: ['v'], properties: { addressPrefix: '10.0.0.0/24' } }] })] });
    expect(r.resources.map((x) => [x.type, x.name, x.id, x.dependsOn])).toEqual([
      ['Microsoft.Network/virtualNetworks', 'v', `${RGID}/providers/Microsoft.Network/virtualNetworks/v`, undefined],
      ['Microsoft.Network/virtualNetworks/subnets', 'v/sn1', `${RGID}/providers/Microsoft.Network/virtualNetworks/v/subnets/sn1`, [`${RGID}/providers/Microsoft.Network/virtualNetworks/v`]],
    ]);
  });

  it('gives extension resources (scope) the ID <target>/providers/<type>/<name>, for full and Bicep-relative scopes', () => {
    const r = expand({
      resources: [
        vnet('v'),
        { type: 'Microsoft.Authorization/locks', apiVersion: '2020-05-01', name: 'nodelete', scope: "[resourceId('Microsoft.Network/virtualNetworks', 'v')]", properties: { level: 'CanNotDelete' } },
        { type: 'Microsoft.Insights/diagnosticSettings', apiVersion: '2021-05-01-preview', name: 'diag', scope: "[format('Microsoft.Network/virtualNetworks/{0}', 'v')]", properties: {} },
      ],
    });
    const target = `${RGID}/providers/Microsoft.Network/virtualNetworks/v`;
    expect(r.resources.slice(1).map((x) => [x.id, x.scope])).toEqual([
      [`${target}/providers/Microsoft.Authorization/locks/nodelete`, target],
      [`${target}/providers/Microsoft.Insights/diagnosticSettings/diag`, target],
    ]);
  });

  it('reads the older nested form of extension resources (type …/providers/…, name parent/Ns/name)', () => {
    const r = expand({
      resources: [
        {
          type: 'Microsoft.Network/networkSecurityGroups/providers/diagnosticSettings',
          apiVersion: '2021-05-01-preview',
          name: 'nsg1/Microsoft.Insights/to-law',
          properties: {},
        },
      ],
    });
    const target = `${RGID}/providers/Microsoft.Network/networkSecurityGroups/nsg1`;
    expect(r.resources.map((x) => [x.type, x.name, x.id, x.scope])).toEqual([
      ['Microsoft.Insights/diagnosticSettings', 'to-law', `${target}/providers/Microsoft.Insights/diagnosticSettings/to-law`, target],
    ]);
  });

  it('resolves dependsOn names, copy loop names and IDs to resource IDs', () => {
    const r = expand({
      resources: [vnet("[format('v{0}', copyIndex())]", { copy: { name: 'vnets', count: 2 } }), vnet('w', { dependsOn: ['vnets', "[resourceId('Microsoft.Network/virtualNetworks', 'v0')]"] })],
    });
    expect(r.resources[2]?.dependsOn).toEqual([0, 1].map((i) => `${RGID}/providers/Microsoft.Network/virtualNetworks/v${i}`));
  });
});

describe('Unknown decisions', () => {
  it('keeps a resource whose condition is unknown before deployment, marked with the Unknown condition', () => {
    const r = expand({ resources: [vnet('v', { condition: "[equals(reference(resourceId('Microsoft.Web/sites', 'x')).state, 'Running')]" })] });
    expect(r.resources).toHaveLength(1);
    expect(json(r.resources[0]?.condition)).toEqual({
      $unknown: `equals(): reference('${RGID}/providers/Microsoft.Web/sites/x'): not declared in this deployment; its state exists only in Azure (.state)`,
    });
  });

  it('reports a resource that reads itself through reference() as a circular reference', () => {
    const r = expand({ resources: [vnet('v', { properties: { x: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'v')).addressSpace]" } })] });
    expect(errors(r)).toEqual([expect.stringContaining('circular reference')]);
  });
});

describe('reference()', () => {
  it('returns the declared properties of a declared resource; undeclared runtime ones are Unknown', () => {
    const r = expand({
      resources: [
        { type: 'Microsoft.ManagedIdentity/userAssignedIdentities', apiVersion: '2023-01-31', name: 'id1', location: 'usgovvirginia' },
        vnet('v'),
      ],
      outputs: {
        prefixes: { type: 'array', value: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'v'), '2023-04-01').addressSpace.addressPrefixes]" },
        principal: { type: 'string', value: "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id1'), '2023-01-31').principalId]" },
        full: { type: 'string', value: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'v'), '2023-04-01', 'Full').location]" },
      },
    });
    expect(json(r.outputs)).toEqual({
      prefixes: { type: 'array', value: ['10.0.0.0/16'] },
      principal: {
        type: 'string',
        value: { $unknown: `properties.principalId of ${RGID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1 is not declared in the template; it exists only after deployment` },
      },
      full: { type: 'string', value: 'usgovvirginia' },
    });
  });

  it('derives the IDs of child resources declared inline (subnets) and nothing else about them', () => {
    const r = expand({
      resources: [vnet('v', { properties: { subnets: [{ name: 'sn1', properties: { addressPrefix: '10.0.0.0/24' } }] } })],
      outputs: {
        id: { type: 'string', value: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'v')).subnets[0].id]" },
        state: { type: 'string', value: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'v')).subnets[0].properties.provisioningState]" },
      },
    });
    expect(json(r.outputs)).toEqual({
      id: { type: 'string', value: `${RGID}/providers/Microsoft.Network/virtualNetworks/v/subnets/sn1` },
      state: {
        type: 'string',
        value: { $unknown: `properties.subnets[0].properties.provisioningState of ${RGID}/providers/Microsoft.Network/virtualNetworks/v is not declared in the template; it exists only after deployment` },
      },
    });
  });

  it('finds a resource by name or type/name in any casing, "İ" (lowered to two characters) included, and not by a name two resources share', () => {
    const r = expand({
      resources: [
        vnet('Hub-VNet', { properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } }),
        vnet('İx', { properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] } } }),
        vnet('twin'),
        { type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2023-04-01', name: 'twin', location: 'usgovvirginia', properties: {} },
      ],
      outputs: {
        byName: { type: 'array', value: "[reference('hub-vnet').addressSpace.addressPrefixes]" },
        byTypeName: { type: 'array', value: "[reference('MICROSOFT.NETWORK/VIRTUALNETWORKS/HUB-VNET').addressSpace.addressPrefixes]" },
        dotted: { type: 'array', value: "[reference('i\u0307x').addressSpace.addressPrefixes]" },
        twin: { type: 'object', value: "[reference('twin')]" },
      },
    });
    expect(r.outputs.byName?.value).toEqual(['10.0.0.0/16']);
    expect(r.outputs.byTypeName?.value).toEqual(['10.0.0.0/16']);
    expect(r.outputs.dotted?.value).toEqual(['10.1.0.0/16']);
    expect((r.outputs.twin?.value as { reason?: string }).reason).toBe("reference('twin'): not declared in this deployment; its state exists only in Azure");
  });

  it('returns plain data: a declared-properties view copied into a resource answers `in` and keys like JSON', () => {
    const r = expand({ resources: [vnet('v'), vnet('w', { properties: "[reference('v')]" })] });
    const props = r.resources[1]?.properties as Record<string, unknown>;
    expect(Object.keys(props)).toEqual(['addressSpace']);
    expect('principalId' in props).toBe(false);
    expect(props.principalId).toBeUndefined();
  });

  it('reads nested deployment outputs through reference(<deployment>).outputs, evaluating it first', () => {
    const r = expand({
      resources: [
        vnet("[reference('inner').outputs.name.value]", { dependsOn: ['inner'] }),
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'inner',
          properties: {
            mode: 'Incremental',
            expressionEvaluationOptions: { scope: 'inner' },
            parameters: { n: { value: 'from-parent' } },
            template: {
              $schema: RG_SCHEMA,
              parameters: { n: { type: 'string' } },
              resources: [],
              outputs: { name: { type: 'string', value: "[concat(parameters('n'), '-vnet')]" }, later: { type: 'string', value: "[reference(resourceId('Microsoft.Web/sites', 'x')).state]" } },
            },
          },
        },
      ],
    });
    expect(errors(r)).toEqual([]);
    expect(r.resources.map((x) => x.name)).toEqual(['from-parent-vnet', 'inner']);
    expect(r.resources[0]?.dependsOn).toEqual([`${RGID}/providers/Microsoft.Resources/deployments/inner`]);
  });
});

describe('declarations that read a deployment declared further down', () => {
  const deployment = (name: string, outputs: Record<string, string>): Record<string, unknown> =>
    innerDeployment(name, { resources: [], outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { type: 'string', value: v }])) });

  it('are retried, in rounds while each makes progress, and their instances come out in declaration order', () => {
    const r = expand({
      resources: [
        vnet('a'),
        // Needs d2's name, which needs d3: deferred in the first round and in the second.
        vnet("[reference('dd').outputs.name.value]"),
        vnet("[format('c{0}', copyIndex())]", { copy: { name: 'cs', count: 2 } }),
        deployment('d1', { name: 'x1' }),
        vnet("[reference('d1').outputs.name.value]"),
        deployment("[reference('d3').outputs.n.value]", { name: 'x2' }),
        deployment('d3', { n: 'dd' }),
      ],
    });
    expect(errors(r)).toEqual([]);
    expect(r.resources.map((x) => x.name)).toEqual(['a', 'x2', 'c0', 'c1', 'd1', 'x1', 'dd', 'd3']);
    expect(r.resources.map((x) => x.declaration)).toEqual(['resources[0]', 'resources[1]', 'resources[2]', 'resources[2]', 'resources[3]', 'resources[4]', 'resources[5]', 'resources[6]']);
  });
});

describe('nested deployments', () => {
  const nested = (scope: 'inner' | 'outer', extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name: 'nested',
    ...extra,
    properties: {
      mode: 'Incremental',
      expressionEvaluationOptions: { scope },
      template: {
        $schema: RG_SCHEMA,
        variables: { where: 'inner-var' },
        resources: [vnet("[concat(resourceGroup().name, '-', variables('where'))]")],
        outputs: { rg: { type: 'string', value: '[resourceGroup().id]' } },
      },
    },
  });

  it('inner scope: resourceGroup()/subscription() are the deployment target; its own variables apply', () => {
    const r = expand({ $schema: SUB_SCHEMA, resources: [nested('inner', { subscriptionId: '11111111-1111-1111-1111-111111111111', resourceGroup: 'rg-b' })] });
    expect(errors(r)).toEqual([]);
    expect(r.resources.map((x) => x.id)).toEqual([
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-b/providers/Microsoft.Resources/deployments/nested',
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-b/providers/Microsoft.Network/virtualNetworks/rg-b-inner-var',
    ]);
    expect(r.resources[1]?.deployment).toBe(r.resources[0]?.id);
  });

  it("outer scope: expressions read the parent's variables and resource group; resources land in the target", () => {
    const r = expand({ variables: { where: 'outer-var' }, resources: [nested('outer', { resourceGroup: 'rg-b' })] });
    expect(r.resources[1]?.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-b/providers/Microsoft.Network/virtualNetworks/il5ml-rg-outer-var`);
  });

  it('uses the location of a resource group the template declares for resourceGroup().location', () => {
    const r = expand({
      $schema: SUB_SCHEMA,
      resources: [
        { type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: 'rg-b', location: 'usgovarizona' },
        nested('inner', { resourceGroup: 'rg-b', dependsOn: ["[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg-b')]"] }),
      ],
    });
    expect(r.resources.map((x) => [x.type, x.location])).toEqual([
      ['Microsoft.Resources/resourceGroups', 'usgovarizona'],
      ['Microsoft.Resources/deployments', undefined],
      ['Microsoft.Network/virtualNetworks', 'usgovarizona'],
    ]);
  });

  it('places tenant -> management group -> subscription deployments by their scope and subscriptionId', () => {
    const inner = (schema: string, resources: unknown[], outputs: Record<string, unknown> = {}): Record<string, unknown> => ({
      mode: 'Incremental',
      expressionEvaluationOptions: { scope: 'inner' },
      template: { $schema: schema, resources, outputs },
    });
    const r = expand({
      $schema: TENANT_SCHEMA,
      resources: [
        { type: 'Microsoft.Management/managementGroups', apiVersion: '2021-04-01', name: 'mg1', properties: {} },
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'to-mg',
          location: 'usgovvirginia',
          scope: "[format('Microsoft.Management/managementGroups/{0}', 'mg1')]",
          properties: inner(
            MG_SCHEMA,
            [
              { type: 'Microsoft.Authorization/policyAssignments', apiVersion: '2022-06-01', name: "[format('{0}-audit', managementGroup().name)]", properties: {} },
              {
                type: 'Microsoft.Resources/deployments',
                apiVersion: '2022-09-01',
                name: 'to-sub',
                location: 'usgovvirginia',
                subscriptionId: '22222222-2222-2222-2222-222222222222',
                properties: inner(SUB_SCHEMA, [{ type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: '[format(\'rg-{0}\', subscription().subscriptionId)]', location: '[deployment().location]' }]),
              },
            ],
          ),
        },
      ],
    });
    expect(errors(r)).toEqual([]);
    expect(r.resources.map((x) => x.id)).toEqual([
      '/providers/Microsoft.Management/managementGroups/mg1',
      '/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Resources/deployments/to-mg',
      '/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Authorization/policyAssignments/mg1-audit',
      '/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.Resources/deployments/to-sub',
      '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-22222222-2222-2222-2222-222222222222',
    ]);
  });

  it('skips every declaration inside a deployment whose condition is false', () => {
    const r = expand({ resources: [nested('inner', { condition: false })] });
    expect(r.skipped.map((s) => [s.declaration, s.reason])).toEqual([
      ['resources[0]', 'its condition is false: false'],
      ['resources[0].properties.template.resources[0]', 'resources[0] is not deployed: its condition is false: false'],
    ]);
  });

  it('skips, without an error, a deployment or extension resource whose placement is known only at deployment, as one whose name is', () => {
    // A resource group, subscription or scope read from reference() is a valid template: ARM resolves it
    // when it deploys. It was an IL5-ARM-RESOURCE error (exit 2, nothing written) with a fix about name segments.
    const later = "[reference(resourceId('Microsoft.Storage/storageAccounts', 'sa1')).primaryEndpoints.blob]";
    const sa = { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'sa1', location: 'usgovvirginia', properties: {} };
    const lock = { type: 'Microsoft.Authorization/locks', apiVersion: '2020-05-01', name: 'lock', scope: later, properties: { level: 'CanNotDelete' } };
    for (const [declaration, key] of [
      [nested('inner', { resourceGroup: later }), 'resourceGroup'],
      [nested('inner', { subscriptionId: later }), 'subscriptionId'],
      [nested('inner', { scope: later }), 'scope'],
      [lock, 'scope'],
    ] as const) {
      const r = expand({ resources: [sa, declaration] });
      expect(errors(r)).toEqual([]);
      expect(r.resources.map((x) => x.name)).toEqual(['sa1']);
      expect(r.skipped[0]?.declaration).toBe('resources[1]');
      expect(r.skipped[0]?.reason).toMatch(new RegExp(`^its ${key} is unknown before deployment: properties.primaryEndpoints of .*sa1 is not declared in the template`));
    }
  });

  it('places an error in a placement value at its key, with a fix for that key', () => {
    const r = expand({ resources: [nested('inner', { resourceGroup: 5 }), nested('inner', { scope: 'nowhere/at/all' })] });
    expect(errors(r)).toEqual([
      expect.stringMatching(/^\d+:\d+ IL5-ARM-RESOURCE resources\[0\]: the resourceGroup of a nested deployment must be a string, but it is 5$/),
      expect.stringMatching(/^\d+:\d+ IL5-ARM-RESOURCE resources\[1\]: the scope 'nowhere\/at\/all' of a nested deployment is not a tenant/),
    ]);
    const text = JSON.stringify({ $schema: RG_SCHEMA, contentVersion: '1.0.0.0', resources: [nested('inner', { resourceGroup: 5 }), nested('inner', { scope: 'nowhere/at/all' })] }, null, 2).split('\n');
    const lineOf = (needle: string): number => text.findIndex((l) => l.includes(needle)) + 1;
    expect(r.diagnostics.map((d) => d.location?.line)).toEqual([lineOf('"resourceGroup": 5'), lineOf('"scope": "nowhere/at/all"')]);
    expect(r.diagnostics.map((d) => d.fix)).toEqual(['make the resourceGroup a string naming one', expect.stringContaining('make the scope a resource ID')]);
  });

  it('stops a cycle of linked templates with an error instead of expanding forever', () => {
    const self = JSON.stringify({
      $schema: RG_SCHEMA,
      resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'again', properties: { mode: 'Incremental', templateLink: { relativePath: 'loop.json' } } }],
    });
    const r = expand(
      { resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'first', properties: { mode: 'Incremental', templateLink: { relativePath: 'loop.json' } } }] },
      { loadLinked: () => ({ file: 'loop.json', text: self }) },
    );
    expect(errors(r)).toEqual([expect.stringContaining('a cycle of linked templates')]);
    expect(r.resources.map((x) => x.name)).toEqual(['first', 'again']);
  });

  it('reads a linked template by relativePath through the loader, and reports a remote one without fetching', () => {
    const linked = JSON.stringify({ $schema: RG_SCHEMA, resources: [vnet('linked-vnet')] });
    const r = expand(
      {
        resources: [
          { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'l1', properties: { mode: 'Incremental', templateLink: { relativePath: 'modules/net.json' } } },
          { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'l2', properties: { mode: 'Incremental', templateLink: { uri: 'https://example.com/t.json' } } },
        ],
      },
      { loadLinked: (rel, from) => (rel === 'modules/net.json' && from === 'main.json' ? { file: 'modules/net.json', text: linked } : undefined) },
    );
    expect(r.resources.map((x) => [x.name, x.declaration, x.notExpanded])).toEqual([
      ['l1', 'resources[0]', undefined],
      ['linked-vnet', 'modules/net.json#resources[0]', undefined],
      ['l2', 'resources[1]', 'not expanded: its template is at https://example.com/t.json, which il5ml does not fetch'],
    ]);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'IL5-ARM-LINK']]);
  });
});

describe('languageVersion 2.0 and Bicep output', () => {
  it('reads resources keyed by symbolic name, lists existing ones apart, and calls user-defined functions', () => {
    const r = expand({
      languageVersion: '2.0',
      functions: [{ namespace: 'naming', members: { vnet: { parameters: [{ name: 'env', type: 'string' }], output: { type: 'string', value: "[format('{0}-vnet', parameters('env'))]" } } } }],
      definitions: { envType: { type: 'string', allowedValues: ['dev', 'prod'] } },
      parameters: { env: { $ref: '#/definitions/envType', defaultValue: 'dev' } },
      variables: { '$fxv#0': 'literal' },
      resources: {
        hub: { existing: true, type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-04-01', name: 'hub' },
        other: { existing: true, type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-04-01', name: 'far', resourceGroup: 'rg-far' },
        spoke: vnet("[naming.vnet(parameters('env'))]", { dependsOn: ['hub'] }),
      },
      outputs: {
        hubSpace: { type: 'object', value: "[reference('hub').addressSpace]" },
        fxv: { type: 'string', value: "[variables('$fxv#0')]" },
        info: { type: 'object', value: "[resourceInfo('spoke')]" },
      },
    });
    expect(errors(r)).toEqual([]);
    expect(r.resources.map((x) => [x.name, x.declaration, x.dependsOn])).toEqual([['dev-vnet', 'resources.spoke', [`${RGID}/providers/Microsoft.Network/virtualNetworks/hub`]]]);
    expect(r.existing.map((x) => [x.declaration, x.id])).toEqual([
      ['resources.hub', `${RGID}/providers/Microsoft.Network/virtualNetworks/hub`],
      ['resources.other', `/subscriptions/${SUB}/resourceGroups/rg-far/providers/Microsoft.Network/virtualNetworks/far`],
    ]);
    expect(json(r.outputs)).toEqual({
      hubSpace: { type: 'object', value: { $unknown: "reference('hub'): an existing resource; its properties are read from Azure at deployment (.addressSpace)" } },
      fxv: { type: 'string', value: 'literal' },
      info: {
        type: 'object',
        value: { id: `${RGID}/providers/Microsoft.Network/virtualNetworks/dev-vnet`, name: 'dev-vnet', type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-04-01' },
      },
    });
  });
});

describe("'resources': an array at every languageVersion, an object keyed by symbolic name only from 2.0", () => {
  const sa = (name: string): Record<string, unknown> => ({ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name, location: 'usgovvirginia' });
  /** Line and column of the value of "resources" in expand()'s text (JSON.stringify with 2 spaces). */
  const at = (template: Record<string, unknown>): string => {
    const text = JSON.stringify({ $schema: RG_SCHEMA, contentVersion: '1.0.0.0', ...template }, null, 2);
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.startsWith('  "resources": '));
    return `${i + 1}:${'  "resources": '.length + 1}`;
  };
  const OBJECT_FIX = 'make "resources" an array of resource declarations ([{"type": …, "apiVersion": …, "name": …}, …]), or add "languageVersion": "2.0" to the template to keep them keyed by symbolic name';

  it('an object without languageVersion 2.0 is refused at "resources", saying why and how to fix it; nothing of it is expanded', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ resources: { a: 1 } }, 'has no languageVersion'],
      [{ resources: { st: sa('st1') } }, 'has no languageVersion'],
      [{ languageVersion: '1.0', resources: { st: sa('st1') } }, 'has languageVersion string "1.0"'],
      [{ languageVersion: 'latest', resources: { st: sa('st1') } }, 'has languageVersion string "latest"'],
    ];
    for (const [template, why] of cases) {
      const r = expand(template);
      expect(errors(r)).toEqual([
        `${at(template)} IL5-ARM-TEMPLATE 'resources' is an object, which ARM reads only with "languageVersion": "2.0" (declarations keyed by symbolic name); this template ${why}, so 'resources' must be an array`,
      ]);
      expect(r.diagnostics[0]?.fix).toBe(OBJECT_FIX);
      expect(r.resources).toEqual([]);
    }
  });

  it('an object with languageVersion 2.0 or later (Bicep\'s experimental versions too, the key in any case) is read by symbolic name', () => {
    for (const template of [{ languageVersion: '2.0', resources: { st: sa('st1') } }, { languageVersion: '2.1-experimental', resources: { st: sa('st1') } }, { LanguageVersion: '2.0', resources: { st: sa('st1') } }]) {
      const r = expand(template);
      expect(errors(r)).toEqual([]);
      expect(r.resources.map((x) => [x.name, x.declaration])).toEqual([['st1', 'resources.st']]);
    }
  });

  it('an array is read at every languageVersion, 2.0 included (the syntax keeps it; the declarations then have no symbolic names)', () => {
    for (const languageVersion of [undefined, '1.0', '2.0']) {
      const r = expand({ ...(languageVersion ? { languageVersion } : {}), resources: [sa('st1'), sa('st2')] });
      expect(errors(r)).toEqual([]);
      expect(r.resources.map((x) => [x.name, x.declaration])).toEqual([
        ['st1', 'resources[0]'],
        ['st2', 'resources[1]'],
      ]);
    }
  });

  it('anything else is refused at "resources", naming the object form only where it is allowed', () => {
    const r = expand({ resources: 'x' });
    expect(errors(r)).toEqual([`${at({ resources: 'x' })} IL5-ARM-TEMPLATE 'resources' must be an array of resource declarations, but it is string "x"`]);
    const v2 = { languageVersion: '2.0', resources: 7 };
    const r2 = expand(v2);
    expect(errors(r2)).toEqual([`${at(v2)} IL5-ARM-TEMPLATE 'resources' must be an array of resource declarations or (languageVersion 2.0) an object keyed by symbolic name, but it is number 7`]);
    expect(r2.diagnostics[0]?.fix).toBe('write "resources": {"name": {"type": …, "apiVersion": …, "name": …}, …}');
  });

  it('a declaration that is not an object is named, with what it is', () => {
    const r = expand({ languageVersion: '2.0', resources: { a: 1 } });
    expect(errors(r).map((e) => e.replace(/^\d+:\d+ /, ''))).toEqual(['IL5-ARM-RESOURCE resource declaration resources.a must be an object, but it is number 1']);
    const arr = expand({ resources: [null] });
    expect(errors(arr).map((e) => e.replace(/^\d+:\d+ /, ''))).toEqual(['IL5-ARM-RESOURCE resource declaration resources[0] must be an object, but it is null']);
  });
});

describe('errors', () => {
  it('reports each bad expression with file:line:column, the expression and the function, and keeps expanding', () => {
    const text = [
      '{',
      `  "$schema": "${RG_SCHEMA}",`,
      '  // comments are allowed',
      '  "resources": [',
      '    { "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-04-01", "name": "[concat(\'a\',]", "location": "x" },',
      '    { "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-04-01", "name": "b", "location": "[noSuchFn()]" },',
      '    { "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-04-01", "name": "c", "properties": { "x": "[parameters(\'nope\')]" } },',
      '  ],',
      '}',
    ].join('\n');
    const r = expandTemplate({ text, file: 'bad.jsonc' });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.location?.file}:${d.location?.line}:${d.location?.column}`)).toEqual([
      'bad.jsonc:5:88',
      'bad.jsonc:6:105',
      'bad.jsonc:7:114',
    ]);
    expect(r.diagnostics[1]?.message).toContain('noSuchFn');
    expect(r.diagnostics[2]?.message).toContain("parameters('nope')");
    expect(r.resources.map((x) => x.name)).toEqual(['b', 'c']);
  });

  it('reports invalid JSON at its position', () => {
    const r = expandTemplate({ text: '{\n  "resources": [\n    { "type": }\n  ]\n}', file: 't.json' });
    expect(r.diagnostics[0]).toMatchObject({ code: 'IL5-ARM-JSON', location: { file: 't.json', line: 3, column: 15 } });
  });
});
