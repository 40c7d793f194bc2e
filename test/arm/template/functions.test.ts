import { describe, expect, it } from 'vitest';
import { evalOutput, expand, MG_SCHEMA, SUB_SCHEMA, TENANT_SCHEMA } from './helpers.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const RG = 'il5ml-rg';
const DOCS = 'https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-';

// Each case: expression, template fields (schema, parameters…), expected output, source of the expectation.
const cases: { expr: string; template?: Record<string, unknown>; want: unknown; source: string }[] = [
  {
    expr: "[resourceId('Microsoft.SQL/servers/databases', 'sqlserver', 'db1')]",
    want: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.SQL/servers/sqlserver/databases/db1`,
    source: `${DOCS}resource#resourceid (return value, child type with two names)`,
  },
  {
    expr: "[resourceId('otherResourceGroup', 'Microsoft.Storage/storageAccounts', 'examplestorage')]",
    want: `/subscriptions/${SUB}/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage`,
    source: `${DOCS}resource#resourceid-example (sameSubDiffRG)`,
  },
  {
    expr: "[resourceId('11111111-1111-1111-1111-111111111111', 'otherResourceGroup', 'Microsoft.Storage/storageAccounts', 'examplestorage')]",
    want: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage',
    source: `${DOCS}resource#resourceid-example (differentSubAndRG)`,
  },
  {
    expr: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet1', 'sn1')]",
    template: { $schema: SUB_SCHEMA },
    want: `/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/sn1`,
    source: `${DOCS}resource#resourceid (subscription-level deployment: /subscriptions/{id}/providers/…)`,
  },
  {
    expr: "[resourceId('Microsoft.Authorization/policyDefinitions', 'p1')]",
    template: { $schema: TENANT_SCHEMA },
    want: '/providers/Microsoft.Authorization/policyDefinitions/p1',
    source: `${DOCS}resource#resourceid (tenant-level deployment: /providers/…)`,
  },
  {
    expr: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]",
    want: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
    source: `${DOCS}resource#subscriptionresourceid`,
  },
  {
    expr: "[tenantResourceId('Microsoft.Authorization/policyDefinitions', '0a914e76-4921-4c19-b460-a2d36003525a')]",
    want: '/providers/Microsoft.Authorization/policyDefinitions/0a914e76-4921-4c19-b460-a2d36003525a',
    source: `${DOCS}resource#tenantresourceid`,
  },
  {
    expr: "[extensionResourceId(managementGroup().id, 'Microsoft.Authorization/policyDefinitions', 'locationpolicy')]",
    template: { $schema: MG_SCHEMA },
    want: `/providers/Microsoft.Management/managementGroups/${SUB}/providers/Microsoft.Authorization/policyDefinitions/locationpolicy`,
    source: `${DOCS}resource#extensionresourceid (management group example; the default group is the tenant root)`,
  },
  {
    expr: "[managementGroupResourceId('mg1', 'Microsoft.Authorization/policyDefinitions', 'p1')]",
    want: '/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Authorization/policyDefinitions/p1',
    source: `${DOCS}resource#managementgroupresourceid`,
  },
  {
    expr: '[subscription()]',
    want: { id: `/subscriptions/${SUB}`, subscriptionId: SUB, tenantId: SUB, displayName: { $unknown: `the display name of subscription ${SUB} is read from Azure` } },
    source: `${DOCS}scope#subscription (id, subscriptionId, tenantId, displayName)`,
  },
  {
    expr: '[resourceGroup().id]',
    want: `/subscriptions/${SUB}/resourceGroups/${RG}`,
    source: `${DOCS}scope#resourcegroup`,
  },
  {
    expr: '[resourceGroup().location]',
    want: 'usgovvirginia',
    source: 'docs/expand.md: --location default',
  },
  {
    expr: '[tenant().id]',
    want: `/tenants/${SUB}`,
    source: `${DOCS}scope#tenant`,
  },
  {
    expr: '[environment().suffixes.storage]',
    want: 'core.usgovcloudapi.net',
    source: 'az cloud show --name AzureUSGovernment (storageEndpoint)',
  },
  {
    expr: '[environment().suffixes.keyvaultDns]',
    want: '.vault.usgovcloudapi.net',
    source: 'az cloud show --name AzureUSGovernment (keyvaultDns)',
  },
  {
    expr: '[environment().suffixes.acrLoginServer]',
    want: '.azurecr.us',
    source: 'az cloud show --name AzureUSGovernment (acrLoginServerEndpoint)',
  },
  {
    expr: '[environment().authentication.loginEndpoint]',
    want: 'https://login.microsoftonline.us/',
    source: 'az cloud show --name AzureUSGovernment (activeDirectory)',
  },
  {
    expr: '[environment().resourceManager]',
    want: 'https://management.usgovcloudapi.net/',
    source: 'az cloud show --name AzureUSGovernment (resourceManager)',
  },
  {
    expr: '[environment().name]',
    want: 'AzureUSGovernment',
    source: `${DOCS}deployment#environment`,
  },
  {
    expr: '[deployment().name]',
    want: 'main',
    source: 'az deployment group create names the deployment after the template file',
  },
  {
    expr: '[deployment().properties.templateHash]',
    want: { $unknown: 'deployment().properties.templateHash is known only once the deployment runs' },
    source: 'docs/expand.md: fields of deployment() computed by Azure are Unknown',
  },
  {
    expr: "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st1'), '2023-01-01').keys[0].value]",
    want: {
      $unknown: `listkeys() of /subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/st1 returns keys or runtime data read from Azure at deployment (.keys) [0] (.value)`,
    },
    source: `${DOCS}resource#list (keys exist only in Azure)`,
  },
  {
    expr: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'notdeclared'), '2023-04-01').addressSpace]",
    want: {
      $unknown: `reference('/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/notdeclared'): not declared in this deployment; its state exists only in Azure (.addressSpace)`,
    },
    source: 'issue 4: reference() to something outside the template is Unknown',
  },
  {
    expr: "[pickZones('Microsoft.Compute', 'virtualMachines', 'usgovvirginia')]",
    want: { $unknown: 'pickZones(): which availability zones Microsoft.Compute/virtualMachines offers in usgovvirginia is read from Azure at deployment' },
    source: 'docs/expand.md: pickZones is Unknown',
  },
];

describe('deployment, scope and resource functions', () => {
  it.each(cases)('$expr = $want ($source)', ({ expr, template, want }) => {
    expect(evalOutput(expr, template ?? {})).toEqual(want);
  });

  it('takes the context from the flags', () => {
    const ctx = { subscriptionId: '11111111-1111-1111-1111-111111111111', resourceGroup: 'rg-x', location: 'usgovtexas', deploymentName: 'd1' };
    expect(evalOutput("[createArray(resourceGroup().id, resourceGroup().location, deployment().name, subscription().subscriptionId)]", {}, { context: ctx })).toEqual([
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-x',
      'usgovtexas',
      'd1',
      '11111111-1111-1111-1111-111111111111',
    ]);
  });

  it('reports a resourceId() with too few names, with the position and the function', () => {
    expect(() => evalOutput("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet1')]")).toThrow(/2 type segment\(s\) but 1 name segment/);
  });

  it('refuses resourceGroup() in a subscription deployment', () => {
    expect(() => evalOutput('[resourceGroup().name]', { $schema: SUB_SCHEMA })).toThrow(/resourceGroup\(\) is not available in a subscription deployment/);
  });
});

/**
 * A resource group's ID from the resource ID functions: `/subscriptions/<sub>/resourceGroups/<name>`, the ID
 * the group has, not `/subscriptions/<sub>/providers/Microsoft.Resources/resourceGroups/<name>`. Source: an
 * ARM PM's answer that `subscriptionResourceId('Microsoft.Resources/resourceGroups', name)` is "the ARM Id of a
 * resource group" (https://github.com/Azure/azure-quickstart-templates/pull/8576, read 2026-12-07), and
 * Microsoft's Mission Landing Zone (mlz.json), whose resource group module reads
 * reference(subscriptionResourceId('Microsoft.Resources/resourceGroups', name), '2019-05-01', 'full').location
 * of the group it declares.
 */
describe('resource group IDs from the resource ID functions', () => {
  const rgDecl = { type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: 'rg1', location: 'usgovvirginia', tags: { env: 'il5' } };
  it.each<[string, string, Record<string, unknown>]>([
    ["[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg1')]", `/subscriptions/${SUB}/resourceGroups/rg1`, { $schema: SUB_SCHEMA }],
    ["[subscriptionResourceId('11111111-1111-1111-1111-111111111111', 'microsoft.resources/resourcegroups', 'rg1')]", '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1', {}],
    ["[resourceId('Microsoft.Resources/resourceGroups', 'rg1')]", `/subscriptions/${SUB}/resourceGroups/rg1`, { $schema: SUB_SCHEMA }],
    // Other subscription-level types keep the /providers/ form.
    ["[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r1')]", `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/r1`, {}],
  ])('%s = %s', (expr, want, template) => {
    expect(evalOutput(expr, template)).toBe(want);
  });

  it("reference(subscriptionResourceId('Microsoft.Resources/resourceGroups', …), …, 'full') reads the group the template declares", () => {
    expect(
      evalOutput("[reference(subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg1'), '2022-09-01', 'full').tags]", { $schema: SUB_SCHEMA, resources: [rgDecl] }),
    ).toEqual({ env: 'il5' });
  });

  it('a resource group ID with two names is still refused', () => {
    expect(() => evalOutput("[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'a', 'b')]", { $schema: SUB_SCHEMA })).toThrow(/type segment\(s\) but 2 name segment/);
  });
});

/**
 * managementGroup() in the shape of the reference's example output
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-scope#managementgroup,
 * read 2026-12-07): id, name, properties {details, displayName, tenantId}, and type
 * "/providers/Microsoft.Management/managementGroups".
 */
describe('managementGroup()', () => {
  const mg = { $schema: MG_SCHEMA };
  const context = { managementGroup: 'examplemg1', tenantId: '11111111-1111-1111-1111-111111111111' };
  it.each<[string, unknown]>([
    ['[managementGroup().id]', '/providers/Microsoft.Management/managementGroups/examplemg1'],
    ['[managementGroup().name]', 'examplemg1'],
    ['[managementGroup().type]', '/providers/Microsoft.Management/managementGroups'],
    ['[managementGroup().properties.tenantId]', '11111111-1111-1111-1111-111111111111'],
  ])('%s = %j', (expr, want) => {
    expect(evalOutput(expr, mg, { context })).toEqual(want);
  });

  it('displayName and details are read from Azure: Unknown', () => {
    expect(JSON.stringify(evalOutput('[managementGroup().properties.displayName]', mg, { context }))).toMatch(/\$unknown/);
    expect(JSON.stringify(evalOutput('[managementGroup().properties.details.parent.id]', mg, { context }))).toMatch(/\$unknown/);
  });
});

/**
 * copyIndex() without a name inside a property iteration: "when using copyIndex inside a property iteration,
 * you must provide the name of the iteration" (https://learn.microsoft.com/azure/azure-resource-manager/templates/copy-properties,
 * read 2026-12-07); with a resource loop around it, the unnamed form is the resource's index (the page's
 * "resource and property iterations together" example).
 */
describe('copyIndex() in a property iteration', () => {
  const nsg = (extra: Record<string, unknown>, input: string): Record<string, unknown> => ({
    resources: [
      {
        ...extra,
        type: 'Microsoft.Network/networkSecurityGroups',
        apiVersion: '2023-04-01',
        name: extra.copy ? "[concat('nsg', copyIndex())]" : 'nsg',
        location: 'usgovvirginia',
        properties: { copy: [{ name: 'securityRules', count: 2, input: { name: input } }] },
      },
    ],
  });
  const names = (r: ReturnType<typeof expand>): unknown[] => r.resources.map((x) => (x.properties as { securityRules: { name: string }[] }).securityRules.map((s) => s.name));

  it('without a name and without a resource loop is an error naming the iteration', () => {
    const r = expand(nsg({}, "[concat('r', copyIndex())]"));
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('\n')).toMatch(/copyIndex\(\) without a loop name is inside the property iteration 'securityRules'.*copyIndex\('securityRules'\)/);
  });

  it('with the name gives the property index; without it inside a resource loop, the resource index', () => {
    expect(names(expand(nsg({}, "[concat('r', copyIndex('securityRules', 1))]")))).toEqual([['r1', 'r2']]);
    expect(names(expand(nsg({ copy: { name: 'nsgs', count: 2 } }, "[concat('r', copyIndex(), '-', copyIndex('securityRules'))]")))).toEqual([['r0-0', 'r0-1'], ['r1-0', 'r1-1']]);
  });
});
