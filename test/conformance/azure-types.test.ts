import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTypeIndex, countFindings, formatFindings, validateResource, validateTemplate } from '../../src/azuretypes/index.js';
import type { TypeIndex } from '../../src/azuretypes/index.js';
import { ruleCollectionGroupTemplate } from '../../src/emit/firewall.js';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec, loadSpec } from '../../src/spec/load.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { sharedPath } from './shared.js';

/** Every types.json under ../shared/azure-types (the edge reads the files; the core indexes them). */
function loadSharedTypes(): TypeIndex {
  const root = sharedPath('azure-types');
  const files = (readdirSync(root, { recursive: true }) as string[])
    .map((p) => p.replace(/\\/g, '/'))
    .filter((p) => p.endsWith('/types.json'))
    .sort()
    .map((p) => ({ path: p, json: JSON.parse(readFileSync(join(root, p), 'utf8')) as unknown }));
  return buildTypeIndex(files);
}

const index = loadSharedTypes();

describe('the official type definitions load', () => {
  it('every file is an array of type nodes, and the resource types the plan uses are there', () => {
    expect(index.diagnostics).toEqual([]);
    expect(index.size).toBeGreaterThan(700);
    for (const t of [
      'Microsoft.KeyVault/vaults@2024-11-01',
      'Microsoft.KeyVault/vaults/keys@2024-11-01',
      'Microsoft.Storage/storageAccounts@2025-01-01',
      'Microsoft.MachineLearningServices/workspaces@2025-04-01',
      'Microsoft.Network/privateEndpoints@2025-01-01',
      'Microsoft.Authorization/roleAssignments@2022-04-01',
      'Microsoft.Insights/diagnosticSettings@2021-05-01-preview',
    ]) {
      const [type, api] = t.split('@') as [string, string];
      expect(index.lookup(type, api), t).toBeDefined();
    }
  });
});

// (a) Hand-written resources of the real types: a correct one validates clean, and each wrong variant
// gives exactly the finding the official definition implies (expected texts quote ../shared/azure-types).
const KV = 'Microsoft.KeyVault/vaults@2024-11-01 kv-il5';
function keyVault(): Record<string, unknown> {
  return {
    type: 'Microsoft.KeyVault/vaults',
    apiVersion: '2024-11-01',
    name: 'kv-il5',
    location: 'usgovvirginia',
    tags: { environment: 'il5' },
    properties: {
      tenantId: '[subscription().tenantId]',
      sku: { family: 'A', name: 'premium' },
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      enableRbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
    },
  };
}

const SA = 'Microsoft.Storage/storageAccounts@2025-01-01 stil5data';
function storage(): Record<string, unknown> {
  return {
    type: 'Microsoft.Storage/storageAccounts',
    apiVersion: '2025-01-01',
    name: 'stil5data',
    location: 'usgovvirginia',
    kind: 'StorageV2',
    sku: { name: 'Standard_GRS' },
    identity: { type: 'UserAssigned', userAssignedIdentities: { "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-il5')]": {} } },
    properties: {
      supportsHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
      encryption: {
        requireInfrastructureEncryption: true,
        keySource: 'Microsoft.Keyvault',
        keyvaultproperties: { keyname: 'cmk', keyvaulturi: "[reference(resourceId('Microsoft.KeyVault/vaults', 'kv-il5')).vaultUri]" },
        identity: { userAssignedIdentity: "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-il5')]" },
        services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
      },
    },
  };
}

const WS = 'Microsoft.MachineLearningServices/workspaces@2025-04-01 mlw-il5';
function workspace(): Record<string, unknown> {
  return {
    type: 'Microsoft.MachineLearningServices/workspaces',
    apiVersion: '2025-04-01',
    name: 'mlw-il5',
    location: 'usgovvirginia',
    sku: { name: 'Basic', tier: 'Basic' },
    identity: { type: 'SystemAssigned' },
    properties: {
      friendlyName: 'IL5 workspace',
      storageAccount: "[resourceId('Microsoft.Storage/storageAccounts', 'stil5data')]",
      keyVault: "[resourceId('Microsoft.KeyVault/vaults', 'kv-il5')]",
      applicationInsights: "[resourceId('Microsoft.Insights/components', 'appi-il5')]",
      containerRegistry: "[resourceId('Microsoft.ContainerRegistry/registries', 'cril5')]",
      publicNetworkAccess: 'Disabled',
      hbiWorkspace: true,
      imageBuildCompute: 'cpu-cluster',
      encryption: {
        status: 'Enabled',
        keyVaultProperties: {
          keyVaultArmId: "[resourceId('Microsoft.KeyVault/vaults', 'kv-il5')]",
          keyIdentifier: "[reference(resourceId('Microsoft.KeyVault/vaults/keys', 'kv-il5', 'cmk')).keyUriWithVersion]",
        },
      },
    },
  };
}

const CL = 'Microsoft.MachineLearningServices/workspaces/computes@2025-04-01 mlw-il5/cpu-cluster';
function cluster(): Record<string, unknown> {
  return {
    type: 'Microsoft.MachineLearningServices/workspaces/computes',
    apiVersion: '2025-04-01',
    name: 'mlw-il5/cpu-cluster',
    location: 'usgovvirginia',
    properties: {
      computeType: 'AmlCompute',
      properties: {
        vmSize: 'Standard_DS3_v2',
        vmPriority: 'Dedicated',
        enableNodePublicIp: false,
        remoteLoginPortPublicAccess: 'Disabled',
        scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: 'PT120S' },
        subnet: { id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-il5', 'training')]" },
      },
    },
  };
}

function roleAssignment(): Record<string, unknown> {
  return {
    type: 'Microsoft.Authorization/roleAssignments',
    apiVersion: '2022-04-01',
    name: "[guid(resourceGroup().id, 'kv-crypto')]",
    scope: "[resourceId('Microsoft.KeyVault/vaults', 'kv-il5')]",
    properties: {
      roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'e147488a-f6f5-4113-8e2d-b22465e65bf6')]",
      principalId: "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-il5')).principalId]",
      principalType: 'ServicePrincipal',
    },
  };
}

function diagnostics(): Record<string, unknown> {
  return {
    type: 'Microsoft.Insights/diagnosticSettings',
    apiVersion: '2021-05-01-preview',
    name: 'kv-audit',
    scope: "[resourceId('Microsoft.KeyVault/vaults', 'kv-il5')]",
    properties: {
      workspaceId: "[resourceId('Microsoft.OperationalInsights/workspaces', 'log-il5')]",
      logs: [{ categoryGroup: 'audit', enabled: true }],
    },
  };
}

function set(o: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let cur: Record<string, unknown> = o;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return o;
}

describe('(a) hand-written resources against the real definitions', () => {
  it.each([
    ['Key Vault', keyVault()],
    ['storage account', storage()],
    ['Azure ML workspace', workspace()],
    ['compute cluster', cluster()],
    ['role assignment (extension resource)', roleAssignment()],
    ['diagnostic settings (extension resource)', diagnostics()],
  ])('a correct %s has no findings', (_n, r) => {
    expect(formatFindings(validateResource(index, r))).toEqual([]);
  });

  const wrong: [string, Record<string, unknown>, string[]][] = [
    ['Key Vault without tenantId (Required in VaultProperties)', set(keyVault(), 'properties.tenantId', undefined), [
      `${KV}: properties.tenantId: required property tenantId is missing`,
    ]],
    ['Key Vault sku name outside standard|premium', set(keyVault(), 'properties.sku.name', 'gold'), [
      `${KV}: properties.sku.name: 'gold' is not allowed; expected 'standard' | 'premium'`,
    ]],
    ['Key Vault setting privateEndpointConnections (ReadOnly)', set(keyVault(), 'properties.privateEndpointConnections', []), [
      `${KV}: properties.privateEndpointConnections: privateEndpointConnections is read-only: Azure sets it; remove it from the template`,
    ]],
    ['Key Vault with a misspelled property', set(keyVault(), 'properties.enablePurgeProtecton', true), [
      `${KV}: properties.enablePurgeProtecton: VaultProperties has no property enablePurgeProtecton; did you mean enablePurgeProtection?`,
    ]],
    ['Key Vault with a string for a boolean', set(keyVault(), 'properties.enableSoftDelete', 'true'), [
      `${KV}: properties.enableSoftDelete: expected bool, found string 'true'`,
    ]],
    ['Key Vault tenantId not a GUID (pattern)', set(keyVault(), 'properties.tenantId', 'contoso'), [
      `${KV}: properties.tenantId: is 7 characters long; at least 36 required`,
      `${KV}: properties.tenantId: does not match the pattern ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$`,
    ].sort()],
    ['storage minimumTlsVersion in another case', set(storage(), 'properties.minimumTlsVersion', 'tls1_2'), [
      `${SA}: properties.minimumTlsVersion: 'tls1_2' differs only in case from the allowed 'TLS1_2'`,
    ]],
    ['storage name against the account name pattern', set(storage(), 'name', 'St-Il5'), [
      'Microsoft.Storage/storageAccounts@2025-01-01 St-Il5: name: does not match the pattern ^[a-z0-9]+$',
    ]],
    ['storage without kind and sku (Required)', set(set(storage(), 'kind', undefined), 'sku', undefined), [
      `${SA}: kind: required property kind is missing`,
      `${SA}: sku: required property sku is missing`,
    ]],
    ['workspace with an unknown top-level key', set(workspace(), 'zones', ['1']), [
      `${WS}: zones: Microsoft.MachineLearningServices/workspaces has no property zones`,
    ]],
    ['compute cluster with an unknown computeType', set(cluster(), 'properties.computeType', 'Spark'), [
      `${CL}: properties.computeType: 'Spark' names no variant of Compute`,
    ]],
    ['compute cluster with a misplaced property in the AmlCompute variant', set(cluster(), 'properties.properties.idleTimeBeforeShutdown', 'PT30M'), [
      `${CL}: properties.properties.idleTimeBeforeShutdown: AmlComputeProperties has no property idleTimeBeforeShutdown`,
    ]],
    ['compute cluster with a negative minimum', set(cluster(), 'properties.properties.scaleSettings.minNodeCount', 'zero'), [
      `${CL}: properties.properties.scaleSettings.minNodeCount: expected int, found string 'zero'`,
    ]],
    ['role assignment with a location (the type has none)', set(roleAssignment(), 'location', 'usgovvirginia'), [
      "Microsoft.Authorization/roleAssignments@2022-04-01 [guid(resourceGroup().id, 'kv-crypto')]: location: Microsoft.Authorization/roleAssignments has no property location",
    ]],
    ['an apiVersion the definitions do not have', set(keyVault(), 'apiVersion', '2019-09-01'), [
      'Microsoft.KeyVault/vaults@2019-09-01 kv-il5: apiVersion: Microsoft.KeyVault/vaults has no apiVersion 2019-09-01; known: 2023-07-01, 2024-11-01',
    ]],
    ['a key named without its vault (vaults/keys names have 2 segments)', {
      type: 'Microsoft.KeyVault/vaults/keys',
      apiVersion: '2024-11-01',
      name: 'cmk',
      properties: { kty: 'RSA', keySize: 3072 },
    }, [
      'Microsoft.KeyVault/vaults/keys@2024-11-01 cmk: name: a Microsoft.KeyVault/vaults/keys name has 2 segments (vaults/keys), found 1',
    ]],
    ['a key whose vault segment breaks the vault name pattern', {
      type: 'Microsoft.KeyVault/vaults/keys',
      apiVersion: '2024-11-01',
      name: 'kv_il5/cmk',
      properties: { kty: 'RSA', keySize: 3072 },
    }, [
      "Microsoft.KeyVault/vaults/keys@2024-11-01 kv_il5/cmk: name: parent Microsoft.KeyVault/vaults name 'kv_il5': does not match the pattern ^[a-zA-Z0-9-]{3,24}$",
    ]],
    ['a key version (Azure creates versions; writableScopes 0)', {
      type: 'Microsoft.KeyVault/vaults/keys/versions',
      apiVersion: '2024-11-01',
      name: 'kv-il5/cmk/v1',
      properties: {},
    }, [
      'Microsoft.KeyVault/vaults/keys/versions@2024-11-01 kv-il5/cmk/v1: Microsoft.KeyVault/vaults/keys/versions@2024-11-01 is read-only: Azure creates it, a template cannot',
    ]],
  ];

  it.each(wrong)('%s', (_n, r, expected) => {
    expect(formatFindings(validateResource(index, r))).toEqual(expected);
  });
});

describe('a real-world template: Mission Landing Zone (../shared/templates/missionlz/mlz.json)', () => {
  const template = JSON.parse(readFileSync(sharedPath('templates', 'missionlz', 'mlz.json'), 'utf8')) as unknown;
  const findings = validateTemplate(index, template);

  it('validates every resource, inline nested deployments included, without failing', () => {
    const counts = countFindings(findings);
    console.log(`azure-types: missionlz/mlz.json: ${JSON.stringify(counts)}`);
    expect(findings.some((f) => (f.templatePath ?? '').includes('.properties.template.resources['))).toBe(true);
  });

  it("finds the VM security type spelled 'trustedLaunch' (the type says 'TrustedLaunch')", () => {
    const lines = formatFindings(findings.filter((f) => f.code === 'enum-case'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/properties\.securityProfile\.securityType: 'trustedLaunch' differs only in case from the allowed 'TrustedLaunch'$/);
  });

  it('reports the apiVersions ../shared/azure-types does not carry, naming the ones it does', () => {
    const f = findings.find((x) => x.code === 'unknown-api-version' && x.resourceType === 'Microsoft.Authorization/roleAssignments');
    expect(f?.message).toMatch(/^Microsoft\.Authorization\/roleAssignments has no apiVersion .+; known: 2022-04-01$/);
  });
});

// (b) The plan: the default plan and every golden plan must have zero findings.
/** Every azuredeploy.json among the golden files (each golden plan variant writes one). */
function goldenTemplates(): string[] {
  const root = join(REPO_ROOT, 'test', 'golden');
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true }) as string[])
    .map((p) => p.replace(/\\/g, '/'))
    .filter((p) => p.endsWith('azuredeploy.json'))
    .sort()
    .map((p) => join(root, p));
}

describe('(b) the plan against the real definitions', () => {
  const template = buildPlan(defaultSpec()).template;

  // Every type the plan emits has a definition, the step G policy exemptions (2022-07-01-preview) included.
  it('buildPlan(defaultSpec()) has zero findings', () => {
    const findings = validateTemplate(index, template);
    console.log(`azure-types: default plan: ${template.resources.length} resources, findings ${JSON.stringify(countFindings(findings))}`);
    expect(formatFindings(findings)).toEqual([]);
  });

  it('the zero is not vacuous: a stray key on every plan resource is found on every one', () => {
    const mutated = structuredClone(template);
    for (const r of mutated.resources) (r as Record<string, unknown>).il5mlStray = true;
    const findings = validateTemplate(index, mutated);
    expect(findings.map((f) => `${f.templatePath ?? ''} ${f.code} ${f.path}`)).toEqual(
      mutated.resources.map((_r, i) => `resources[${i}] unknown-property il5mlStray`),
    );
  });

  // `il5ml egress --format arm`: the rule collection group for an existing Azure Firewall policy (a hub's).
  it('the rule collection group of egress --format arm (firewall.mode existing) has zero findings; a stray rule key is found', () => {
    const spec = defaultSpec();
    spec.firewall.mode = 'existing';
    spec.firewall.privateIp = '10.0.100.4';
    const rcg = ruleCollectionGroupTemplate(spec);
    expect(formatFindings(validateTemplate(index, rcg))).toEqual([]);
    const mutated = structuredClone(rcg) as { resources: { properties: { ruleCollections: { rules: Record<string, unknown>[] }[] } }[] };
    const rule = mutated.resources[0]?.properties.ruleCollections[0]?.rules[0];
    if (rule) rule.il5mlStray = true;
    expect(validateTemplate(index, mutated).map((f) => f.code)).toEqual(['unknown-property']);
  });

  // Golden plan variants are validated as their files stand (test/golden/**/azuredeploy.json).
  const goldens = goldenTemplates();
  if (goldens.length > 0) {
    it.each(goldens)('golden %s has zero findings', (file) => {
      const template = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      const findings = validateTemplate(index, template);
      console.log(`azure-types: ${relative(REPO_ROOT, file)}: findings ${JSON.stringify(countFindings(findings))}`);
      expect(formatFindings(findings)).toEqual([]);
    });
  }
});

// (c) A plan with exemptions: Microsoft.Authorization/policyExemptions is validated at 2022-07-01-preview (no GA
// version exists; src/catalog/api-versions.ts says why).

describe('(c) a plan with exemptions: the policy exemptions are validated like every other resource', () => {
  const spec = loadSpec(
    [
      'posture:',
      '  publicNetworkAccess: true',
      'policy:',
      '  exemptions:',
      '    - rule: IL5-KV-003',
      '      resource: il5mlkv*',
      '      justification: conformance fixture',
      '      expiresOn: 2027-03-31',
      '    - rule: IL5-ST-003',
      '      justification: conformance fixture',
      '      expiresOn: 2027-03-31',
      '',
    ].join('\n'),
    'exemptions.yaml',
  ).spec;
  const template = buildPlan(spec, undefined, { today: '2026-11-25' }).template;
  const EXEMPTION = 'Microsoft.Authorization/policyExemptions';

  it('../shared/azure-types has the type at the version the plan uses', () => {
    expect(index.apiVersions(EXEMPTION)).toContain('2022-07-01-preview');
  });

  it('has exemptions, and no finding at all', () => {
    expect(template.resources.filter((r) => r.type === EXEMPTION).length).toBeGreaterThan(1);
    expect(formatFindings(validateTemplate(index, template))).toEqual([]);
  });

  it('the zero is not vacuous: a boolean for exemptionCategory and a number for policyAssignmentId are found', () => {
    const mutated = structuredClone(template);
    const exemptions = mutated.resources.filter((r) => r.type === EXEMPTION);
    for (const r of exemptions) {
      const p = r.properties as Record<string, unknown>;
      // The category's enum is open (Waiver | Mitigated | any string), so the wrong kind is what must be found.
      p.exemptionCategory = true;
      p.policyAssignmentId = 7;
    }
    const bad = formatFindings(validateTemplate(index, mutated));
    expect(bad).toHaveLength(2 * exemptions.length);
    expect(bad.filter((l) => /properties\.exemptionCategory/.test(l))).toHaveLength(exemptions.length);
    expect(bad.filter((l) => /policyAssignmentId/.test(l))).toHaveLength(exemptions.length);
  });
});

// (d) A plan with the Azure Monitor private link scope: the scope and its scoped resources at GA 2021-09-01.

describe('(d) a plan with monitoring.privateLinkScope: the scope types are validated at GA 2021-09-01', () => {
  const spec = loadSpec('monitoring:\n  privateLinkScope: true\n', 'private-link-scope.yaml').spec;
  const template = buildPlan(spec).template;
  const scopeTypes = ['Microsoft.Insights/privateLinkScopes', 'Microsoft.Insights/privateLinkScopes/scopedResources'];

  it('declares the scope and its two scoped resources at 2021-09-01, and the plan has no finding', () => {
    const declared = template.resources.filter((r) => scopeTypes.includes(r.type));
    expect(declared.map((r) => `${r.type}@${r.apiVersion}`)).toEqual([
      'Microsoft.Insights/privateLinkScopes@2021-09-01',
      'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01',
      'Microsoft.Insights/privateLinkScopes/scopedResources@2021-09-01',
    ]);
    for (const t of scopeTypes) expect(index.apiVersions(t)).toContain('2021-09-01');
    const findings = validateTemplate(index, template);
    console.log(`azure-types: plan with a private link scope: ${template.resources.length} resources, findings ${JSON.stringify(countFindings(findings))}`);
    expect(formatFindings(findings)).toEqual([]);
  });

  it('the scope body is validated, not skipped: a number for an access mode and for linkedResourceId', () => {
    const mutated = structuredClone(template);
    for (const r of mutated.resources) {
      if (r.type === scopeTypes[0]) ((r.properties as Record<string, Record<string, unknown>>).accessModeSettings ?? {}).queryAccessMode = 7;
      if (r.type === scopeTypes[1]) (r.properties as Record<string, unknown>).linkedResourceId = 7;
    }
    const bad = formatFindings(validateTemplate(index, mutated));
    expect(bad.filter((l) => /accessModeSettings\.queryAccessMode/.test(l))).toHaveLength(1);
    expect(bad.filter((l) => /linkedResourceId/.test(l))).toHaveLength(2);
    expect(bad).toHaveLength(3);
  });

  it('the closed ingestion and query of Log Analytics and Application Insights are validated, not skipped', () => {
    const mutated = structuredClone(template);
    for (const r of mutated.resources) {
      if (r.type === 'Microsoft.OperationalInsights/workspaces' || r.type === 'Microsoft.Insights/components') {
        // A boolean where the definitions want a string: the enum there is open (it also admits any string).
        (r.properties as Record<string, unknown>).publicNetworkAccessForQuery = false;
      }
    }
    const bad = formatFindings(validateTemplate(index, mutated));
    expect(bad).toHaveLength(2);
    for (const line of bad) expect(line).toMatch(/properties\.publicNetworkAccessForQuery: .*bool/);
  });
});
