import { describe, expect, it } from 'vitest';
import { apiVersionFact } from '../../src/catalog/api-versions.js';
import { ALL_DNS_ZONES, commercialSuffixesIn, WORKLOAD_DNS_ZONES, workloadDnsZones } from '../../src/catalog/dns-zones.js';
import { UserInputError } from '../../src/core/diagnostic.js';
import { buildPlan, FILE_NAMES, STEP_ORDER, withoutArmSchemaUrls } from '../../src/emit/plan.js';
import { DEPLOYMENTS_API } from '../../src/emit/spoke.js';
import type { ArmResourceDecl } from '../../src/emit/types.js';
import { defaultSpec } from '../../src/spec/load.js';
import { resourceNames } from '../../src/spec/names.js';
import { expectGolden } from '../helpers/golden.js';
import { HUB, VARIANTS, specFrom } from './specs.js';

function ofType(resources: readonly ArmResourceDecl[], type: string): ArmResourceDecl[] {
  return resources.filter((r) => r.type === type);
}

function one(resources: readonly ArmResourceDecl[], type: string, name?: string): ArmResourceDecl {
  const found = ofType(resources, type).filter((r) => name === undefined || r.name === name);
  expect(found, `${type} ${name ?? ''}`).toHaveLength(1);
  return found[0] as ArmResourceDecl;
}

function props(r: ArmResourceDecl): Record<string, unknown> {
  return (r.properties ?? {}) as Record<string, unknown>;
}

describe('golden plans (issue 2 section 4): `npm run golden:update` rewrites them', () => {
  for (const v of VARIANTS) {
    it(`${v.name}: the four files match test/golden/plan/${v.name}/`, () => {
      const files = buildPlan(v.spec()).files();
      expect([...files.keys()]).toEqual([FILE_NAMES.template, FILE_NAMES.parameters, FILE_NAMES.deploySh, FILE_NAMES.planMd]);
      for (const [name, text] of files) expectGolden(`plan/${v.name}/${name}`, text);
    });

    it(`${v.name}: byte-identical across runs, each file ending in one newline`, () => {
      const a = buildPlan(v.spec()).files();
      const b = buildPlan(v.spec()).files();
      expect(b).toEqual(a);
      for (const text of a.values()) expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
    });

    it(`${v.name}: no commercial-cloud zone or host in any file`, () => {
      for (const [name, file] of buildPlan(v.spec()).files()) {
        const text = withoutArmSchemaUrls(file);
        expect(commercialSuffixesIn(text), `${name} contains a commercial-cloud suffix`).toEqual([]);
        for (const z of workloadDnsZones(true)) expect(text.includes(z.commercialZone), `${name} contains ${z.commercialZone}`).toBe(false);
      }
    });
  }
});

describe('golden: monitoring.privateLinkScope true (issue 3 section 2; test/golden/plan/private-link-scope/)', () => {
  const spec = () => specFrom('monitoring:\n  privateLinkScope: true\n');
  it('the four files match, byte-identical across runs', () => {
    const files = buildPlan(spec()).files();
    expect(buildPlan(spec()).files()).toEqual(files);
    for (const [name, text] of files) expectGolden(`plan/private-link-scope/${name}`, text);
  });
  it('no commercial-cloud zone or host in any file', () => {
    for (const [name, file] of buildPlan(spec()).files()) {
      const text = withoutArmSchemaUrls(file);
      expect(commercialSuffixesIn(text), `${name} contains a commercial-cloud suffix`).toEqual([]);
      for (const z of ALL_DNS_ZONES) expect(text.includes(z.commercialZone), `${name} contains ${z.commercialZone}`).toBe(false);
    }
  });
});

describe('every resource', () => {
  for (const v of VARIANTS) {
    const plan = buildPlan(v.spec());
    it(`${v.name}: uses its catalog apiVersion and carries spec.tags where the type takes tags`, () => {
      const spec = v.spec();
      for (const r of plan.template.resources) {
        if (r.type === 'Microsoft.Resources/deployments') {
          expect(r.apiVersion, r.type).toBe(DEPLOYMENTS_API.apiVersion);
          continue;
        }
        const fact = apiVersionFact(r.type);
        expect(r.apiVersion, r.type).toBe(fact.apiVersion);
        // The jump box adds the tag guest configuration needs without an internet path (IL5-VM-004).
        const expected = r.type === 'Microsoft.Compute/virtualMachines' ? { ...spec.tags, EnablePrivateNetworkGC: 'TRUE' } : spec.tags;
        if (fact.taggable) expect(r.tags, `${r.type} ${r.name}`).toEqual(expected);
        else expect(r.tags, `${r.type} ${r.name}`).toBeUndefined();
      }
    });
    it(`${v.name}: is declared once`, () => {
      const keys = plan.template.resources.map((r) => `${r.type}|${r.scope ?? ''}|${r.name}`);
      expect(new Set(keys).size).toBe(keys.length);
    });
  }
});

describe('IL5 posture of the default plan', () => {
  const spec = defaultSpec();
  const n = resourceNames(spec);
  const { template } = buildPlan(spec);
  const rs = template.resources;

  it('turns public network access off on workspace, storage and registry', () => {
    for (const type of ['Microsoft.MachineLearningServices/workspaces', 'Microsoft.Storage/storageAccounts', 'Microsoft.ContainerRegistry/registries']) {
      expect(props(one(rs, type)).publicNetworkAccess, type).toBe('Disabled');
    }
  });

  it("closes the CMK vault with its firewall, not publicNetworkAccess: Azure ML's managed Cosmos DB reaches the key over the public endpoint (issue 9, section 1)", () => {
    const kv = props(one(rs, 'Microsoft.KeyVault/vaults'));
    expect(kv.publicNetworkAccess).toBe('Enabled');
    // Deny, except in deploy.sh's first pass (registryCmkBootstrap, default false): the registry's key (below).
    expect(kv.networkAcls).toEqual({ defaultAction: "[if(parameters('registryCmkBootstrap'), 'Allow', 'Deny')]", bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] });
    expect(template.parameters.registryCmkBootstrap).toMatchObject({ type: 'bool', defaultValue: false });
  });

  it("the registry reads its key with its system-assigned identity, which passes the vault's firewall; the user-assigned one only in deploy.sh's first pass", () => {
    const cr = one(rs, 'Microsoft.ContainerRegistry/registries');
    expect(cr.identity).toMatchObject({ type: 'SystemAssigned, UserAssigned' });
    const kvp = (props(cr).encryption as { keyVaultProperties: { identity: string } }).keyVaultProperties;
    expect(kvp.identity).toBe("[if(parameters('registryCmkBootstrap'), reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'il5ml-id-workspace'), '2024-11-30').clientId, 'system')]");
    // Its system-assigned principal holds Key Vault Crypto Service Encryption User on the key.
    const grant = rs.find((r) => r.type === 'Microsoft.Authorization/roleAssignments' && String((r.properties as { principalId?: string }).principalId).includes("Microsoft.ContainerRegistry/registries"));
    expect(grant?.scope).toContain('Microsoft.KeyVault/vaults/keys');
    expect((grant?.properties as { principalId: string; roleDefinitionId: string }).principalId).toMatch(/'full'\)\.identity\.principalId\]$/);
    expect((grant?.properties as { roleDefinitionId: string }).roleDefinitionId).toContain('e147488a-f6f5-4113-8e2d-b22465e65bf6');
  });

  it('the Cosmos DB first-party principal gets Key Vault Crypto Service Encryption User on the key, and the workspace waits for it', () => {
    const grants = rs.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments' && (r.properties as { principalId?: string }).principalId === "[parameters('cosmosDbPrincipalObjectId')]");
    expect(grants).toHaveLength(1);
    const grant = grants[0] as ArmResourceDecl;
    expect(grant.scope).toContain("Microsoft.KeyVault/vaults/keys");
    expect((grant.properties as { roleDefinitionId: string }).roleDefinitionId).toContain('e147488a-f6f5-4113-8e2d-b22465e65bf6');
    expect(template.parameters.cosmosDbPrincipalObjectId?.defaultValue).toBe('');
    const ws = one(rs, 'Microsoft.MachineLearningServices/workspaces');
    expect(ws.dependsOn?.some((d) => d.includes("'57506a73-e302-42a9-b869-6f12d9ec29e9'"))).toBe(true);
  });

  it('the workspace is pinned to one key version: the parameter an existing workspace passes wins over the current version', () => {
    const ws = props(one(rs, 'Microsoft.MachineLearningServices/workspaces')) as { encryption: { keyVaultProperties: { keyIdentifier: string } } };
    expect(ws.encryption.keyVaultProperties.keyIdentifier).toMatch(/^\[if\(empty\(parameters\('workspaceKeyIdentifier'\)\), reference\(.*\)\.keyUriWithVersion, parameters\('workspaceKeyIdentifier'\)\)\]$/);
    expect(template.parameters.workspaceKeyIdentifier?.defaultValue).toBe('');
  });

  it('Key Vault: soft delete, purge protection, RBAC, default deny with AzureServices bypass', () => {
    const kv = props(one(rs, 'Microsoft.KeyVault/vaults'));
    expect(kv).toMatchObject({
      enableSoftDelete: true,
      enablePurgeProtection: true,
      enableRbacAuthorization: true,
      softDeleteRetentionInDays: 90,
      networkAcls: { defaultAction: "[if(parameters('registryCmkBootstrap'), 'Allow', 'Deny')]", bypass: 'AzureServices' },
    });
  });

  it('the key is RSA of the spec size with a rotation policy from the spec', () => {
    const key = props(one(rs, 'Microsoft.KeyVault/vaults/keys'));
    expect(key.kty).toBe('RSA-HSM');
    expect(key.keySize).toBe(spec.keyVault.key.size);
    expect(key.rotationPolicy).toEqual({
      attributes: { expiryTime: 'P1Y' },
      lifetimeActions: [
        { trigger: { timeAfterCreate: 'P90D' }, action: { type: 'rotate' } },
        { trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'notify' } },
      ],
    });
  });

  it('the identity holds Key Vault Crypto Service Encryption User (e147488a-…) on the key, per Learn built-in roles', () => {
    const ra = ofType(rs, 'Microsoft.Authorization/roleAssignments').find((r) => String(r.scope).includes("'Microsoft.KeyVault/vaults/keys'"));
    expect(ra).toBeDefined();
    expect(String(props(ra as ArmResourceDecl).roleDefinitionId)).toContain('e147488a-f6f5-4113-8e2d-b22465e65bf6');
  });

  it('Key Vault audit logs go to Log Analytics', () => {
    const diag = ofType(rs, 'Microsoft.Insights/diagnosticSettings').find((r) => String(r.scope).includes("'Microsoft.KeyVault/vaults'"));
    if (!diag) throw new Error('no diagnostic settings on the key vault');
    expect(props(diag).logs).toEqual([{ categoryGroup: 'audit', enabled: true }]);
  });

  it('storage: HTTPS, TLS 1.2, no anonymous access, infrastructure encryption, CMK via the identity, default deny', () => {
    const st = props(one(rs, 'Microsoft.Storage/storageAccounts'));
    expect(st).toMatchObject({
      supportsHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      networkAcls: { defaultAction: 'Deny' },
      encryption: { requireInfrastructureEncryption: true, keySource: 'Microsoft.Keyvault', keyvaultproperties: { keyname: n.key } },
    });
  });

  it('registry: Premium, admin user off, CMK', () => {
    const cr = one(rs, 'Microsoft.ContainerRegistry/registries');
    expect(cr.sku).toEqual({ name: 'Premium' });
    expect(props(cr)).toMatchObject({ adminUserEnabled: false, encryption: { status: 'enabled' } });
  });

  it('workspace: CMK with the identity, HBI, image builds on the cluster, workspace-based App Insights', () => {
    const ws = props(one(rs, 'Microsoft.MachineLearningServices/workspaces'));
    expect(ws).toMatchObject({ hbiWorkspace: true, imageBuildCompute: n.cluster, encryption: { status: 'Enabled' } });
    expect(props(one(rs, 'Microsoft.Insights/components')).WorkspaceResourceId).toContain(n.logAnalytics);
  });

  it('cluster and instance: no public IP, Training subnet, cluster min 0', () => {
    const computes = ofType(rs, 'Microsoft.MachineLearningServices/workspaces/computes');
    expect(computes).toHaveLength(2);
    for (const c of computes) {
      const inner = (props(c).properties ?? {}) as Record<string, unknown>;
      expect(inner.enableNodePublicIp).toBe(false);
      expect(JSON.stringify(inner.subnet)).toContain("'Training'");
    }
    const cluster = computes.find((c) => props(c).computeType === 'AmlCompute');
    expect(JSON.stringify(cluster)).toContain('"minNodeCount":0');
  });

  it('drops the inbound 29876-29877 and 44224 rules', () => {
    const text = JSON.stringify(template);
    for (const port of ['29876', '29877', '44224']) expect(text.includes(port), port).toBe(false);
  });

  it('jump box: no public IP, encryption at host, CMK disk set, on the dedicated host, managed boot diagnostics', () => {
    // The only public IPs are Bastion's and the firewall's; the jump box's NIC has none.
    expect(ofType(rs, 'Microsoft.Network/publicIPAddresses').map((r) => r.name).sort()).toEqual([n.bastionPublicIp, n.firewallPublicIp].sort());
    expect(JSON.stringify(one(rs, 'Microsoft.Network/networkInterfaces'))).not.toContain('publicIPAddress');
    const vm = props(one(rs, 'Microsoft.Compute/virtualMachines'));
    expect(vm).toMatchObject({
      securityProfile: { encryptionAtHost: true },
      diagnosticsProfile: { bootDiagnostics: { enabled: true } },
      osProfile: { adminPassword: "[parameters('jumpBoxAdminPassword')]" },
    });
    expect(JSON.stringify(vm.host)).toContain('Microsoft.Compute/hostGroups/hosts');
    expect(JSON.stringify(vm.storageProfile)).toContain('Microsoft.Compute/diskEncryptionSets');
    expect(one(rs, 'Microsoft.DevTestLab/schedules').name).toBe(`shutdown-computevm-${n.jumpBox}`);
  });

  it('the admin password is a securestring parameter with no default, absent from the parameters file', () => {
    const plan = buildPlan(spec);
    expect(plan.template.parameters.jumpBoxAdminPassword).toMatchObject({ type: 'securestring' });
    expect(plan.template.parameters.jumpBoxAdminPassword?.defaultValue).toBeUndefined();
    expect(Object.keys(plan.parameters.parameters)).not.toContain('jumpBoxAdminPassword');
  });

  it('a private DNS zone group on every private endpoint; the workspace one names both Azure ML zones', () => {
    const pes = ofType(rs, 'Microsoft.Network/privateEndpoints');
    // blob, file, queue, table (storage.queueAndTablePrivateEndpoints), dfs, vault, registry, workspace.
    expect(pes).toHaveLength(8);
    const groups = ofType(rs, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups');
    expect(groups.map((g) => g.name).sort()).toEqual(pes.map((p) => `${p.name}/default`).sort());
    const ws = one(rs, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups', `${n.peWorkspace}/default`);
    const text = JSON.stringify(ws);
    expect(text).toContain('privatelink.api.ml.azure.us');
    expect(text).toContain('privatelink.notebooks.usgovcloudapi.net');
  });

  it('nine private DNS zones (queue and table with storage.queueAndTablePrivateEndpoints), each linked to the VNet', () => {
    expect(ofType(rs, 'Microsoft.Network/privateDnsZones').map((z) => z.name)).toEqual(workloadDnsZones(true).map((z) => z.zone));
    expect(ofType(rs, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks')).toHaveLength(workloadDnsZones(true).length);
    expect(WORKLOAD_DNS_ZONES).toHaveLength(7);
  });

  it('plan.md covers steps A to G and the departures the issue names', () => {
    const md = buildPlan(spec).planMd;
    for (const step of ['Step A.', 'Step B.', 'Step C.', 'Step D.', 'Step E.', 'Step F.', 'Step G.']) expect(md).toContain(step);
    for (const needle of ['azurecr.us', '/26', 'adminUserEnabled false', '29876', '45e05259-1eb5-4f70-9574-baf73e9d219b', 'Dedicated Host', 'RBAC', 'enableNodePublicIp false']) {
      expect(md).toContain(needle);
    }
    expect(md).toContain('## Departures from the runbook');
  });

  it('fragments come in step order', () => {
    const steps = buildPlan(spec).fragments.map((f) => STEP_ORDER.indexOf(f.step));
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });
});

describe('deploy.sh', () => {
  const sh = buildPlan(defaultSpec()).deploySh;
  it('is strict bash for Azure Government: set -euo pipefail, cloud set before anything else touches Azure', () => {
    expect(sh.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(sh).toContain('set -euo pipefail\n');
    const cloud = sh.indexOf('az cloud set --name AzureUSGovernment');
    expect(cloud).toBeGreaterThan(0);
    for (const cmd of ['az group create', 'az deployment group what-if', 'az deployment group create']) expect(sh.indexOf(cmd)).toBeGreaterThan(cloud);
  });
  it('runs what-if before create and never uses Complete mode', () => {
    expect(sh.indexOf('az deployment group what-if')).toBeLessThan(sh.indexOf('az deployment group create'));
    expect(sh).not.toMatch(/--mode\s+Complete/);
    expect(sh).toContain('--mode Incremental');
  });
  it('checks the password variable is set and never prints or passes it on a command line', () => {
    expect(sh).toContain('if [ -z "${IL5ML_JUMPBOX_ADMIN_PASSWORD:-}" ]; then');
    for (const line of sh.split('\n')) {
      if (/^\s*(echo|printf)\b/.test(line)) expect(line, line).not.toMatch(/\$\{?IL5ML_JUMPBOX_ADMIN_PASSWORD/);
      if (/^\s*az\b/.test(line)) expect(line, line).not.toMatch(/password/i);
    }
    expect(sh).toContain('umask 077');
    expect(sh).not.toContain('set -x');
  });
  it('without a jump box asks for no password', () => {
    const noJump = buildPlan(specFrom('jumpBox:\n  enabled: false\n')).deploySh;
    expect(noJump).not.toContain('IL5ML_JUMPBOX_ADMIN_PASSWORD');
    expect(noJump).not.toContain('EncryptionAtHost');
  });
});

describe('without a jump box, plan.md describes only what the plan creates', () => {
  const variants = [
    { name: 'jumpBox.enabled false', yaml: 'jumpBox:\n  enabled: false\n' },
    { name: 'with the Azure Monitor private link scope', yaml: 'jumpBox:\n  enabled: false\nmonitoring:\n  privateLinkScope: true\n' },
  ];
  for (const v of variants) {
    it(`${v.name}: no disk encryption set in the template, none in plan.md; no jump box disk, subnet or telemetry`, () => {
      const plan = buildPlan(specFrom(v.yaml));
      expect(ofType(plan.template.resources, 'Microsoft.Compute/diskEncryptionSets')).toHaveLength(0);
      const md = plan.planMd;
      expect(md).not.toMatch(/disk encryption set/i);
      expect(md).not.toContain('jump box disk');
      expect(md).not.toContain('JumpBox the jump box alone');
      expect(md).not.toContain('compute and the jump box');
      expect(md).not.toContain('(the jump box');
      expect(md).toContain('Key rotation: storage account and container registry follow new key versions');
      expect(md).toContain('Storage and registry follow the versionless key');
      // The firewall subnet is still created: its reason stays, Bastion's goes.
      expect(md).toContain('Firewall needs its own named subnet.');
    });
  }

  it('with a jump box (the default): the disk encryption set follows the key, and plan.md says so', () => {
    const plan = buildPlan(defaultSpec());
    expect(ofType(plan.template.resources, 'Microsoft.Compute/diskEncryptionSets')).toHaveLength(1);
    expect(plan.planMd).toContain('Key rotation: storage account, container registry and disk encryption set (jump box disks) follow new key versions');
    expect(plan.planMd).toContain('Storage, registry and the disk encryption set follow the versionless key');
  });
});

describe('spec variants', () => {
  it('a compute instance named in the spec is used as written, in the template, its output and plan.md', () => {
    const spec = specFrom('compute:\n  instance:\n    name: team7-notebooks\n');
    const plan = buildPlan(spec);
    const names = ofType(plan.template.resources, 'Microsoft.MachineLearningServices/workspaces/computes').map((r) => r.name);
    expect(names).toEqual(['il5ml-mlw/cpu-cluster', 'il5ml-mlw/team7-notebooks']);
    expect(plan.template.outputs.computeInstanceName).toEqual({ type: 'string', value: 'team7-notebooks' });
    expect(plan.planMd).toContain('Compute instance team7-notebooks (');
  });

  it('isolatedSize: no host group, the VM has no host reference', () => {
    const spec = specFrom('jumpBox:\n  isolation: isolatedSize\n  vmSize: Standard_E104i_v5\n');
    const rs = buildPlan(spec).template.resources;
    expect(ofType(rs, 'Microsoft.Compute/hostGroups')).toHaveLength(0);
    expect(ofType(rs, 'Microsoft.Compute/hostGroups/hosts')).toHaveLength(0);
    expect(props(one(rs, 'Microsoft.Compute/virtualMachines')).host).toBeUndefined();
    expect(buildPlan(spec).planMd).toContain('isolated VM size Standard_E104i_v5');
  });

  it('dns central with every zone given: no zones or links; zone groups point at dns.zoneIds', () => {
    const spec = VARIANTS.find((v) => v.name === 'central-dns')?.spec();
    const rs = buildPlan(spec ?? defaultSpec()).template.resources;
    expect(ofType(rs, 'Microsoft.Network/privateDnsZones')).toHaveLength(0);
    expect(ofType(rs, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks')).toHaveLength(0);
    const groups = ofType(rs, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups');
    expect(groups).toHaveLength(8);
    expect(JSON.stringify(groups)).toContain(`${HUB}/privatelink.azurecr.us`);
  });

  it('dns central with only the registry zone given: the other zones are created here and linked, never an error (issue 9)', () => {
    const spec = defaultSpec();
    spec.dns = { mode: 'central', zoneIds: { 'privatelink.azurecr.us': `${HUB}/privatelink.azurecr.us` } };
    const rs = buildPlan(spec).template.resources;
    const zones = ofType(rs, 'Microsoft.Network/privateDnsZones').map((z) => z.name);
    expect(zones).toEqual(workloadDnsZones(true).map((z) => z.zone).filter((z) => z !== 'privatelink.azurecr.us'));
    expect(ofType(rs, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks')).toHaveLength(zones.length);
    expect(JSON.stringify(one(rs, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups', `${resourceNames(spec).peRegistry}/default`))).toContain(`${HUB}/privatelink.azurecr.us`);
  });

  it('firewall.mode existing: no AzureFirewallSubnet', () => {
    const rs = buildPlan(specFrom('firewall:\n  mode: existing\n  privateIp: 10.0.0.4\n')).template.resources;
    expect(JSON.stringify(one(rs, 'Microsoft.Network/virtualNetworks'))).not.toContain('AzureFirewallSubnet');
  });

  it('posture.publicNetworkAccess true opens workspace, key vault, storage and registry (and plan.md says so)', () => {
    const plan = buildPlan(specFrom('posture:\n  publicNetworkAccess: true\n'));
    const rs = plan.template.resources;
    for (const type of ['Microsoft.MachineLearningServices/workspaces', 'Microsoft.KeyVault/vaults', 'Microsoft.Storage/storageAccounts', 'Microsoft.ContainerRegistry/registries']) {
      expect(props(one(rs, type)).publicNetworkAccess, type).toBe('Enabled');
    }
    // Enabled with a default action of Deny and no IP rules would still refuse every public caller.
    expect(props(one(rs, 'Microsoft.KeyVault/vaults')).networkAcls).toMatchObject({ defaultAction: 'Allow' });
    expect(props(one(rs, 'Microsoft.Storage/storageAccounts')).networkAcls).toMatchObject({ defaultAction: 'Allow' });
    expect(props(one(rs, 'Microsoft.ContainerRegistry/registries')).networkRuleSet).toMatchObject({ defaultAction: 'Allow' });
    expect(plan.planMd).toContain('ENABLED');
  });

  it('tags from the spec, sorted, on every taggable resource', () => {
    const plan = buildPlan(specFrom('tags:\n  zeta: "1"\n  alpha: "2"\n'));
    const vnet = one(plan.template.resources, 'Microsoft.Network/virtualNetworks');
    expect(Object.keys(vnet.tags as object)).toEqual(['alpha', 'zeta']);
  });
});

describe('the plan checked with the built-in baseline (issue 6, wired into plan)', () => {
  const ids = (results: readonly { ruleId?: string }[]): string[] => [...new Set(results.map((r) => r.ruleId ?? ''))].sort();

  it('default plan: zero NonCompliant from at least 25 rules, and plan.md shows the same counts', () => {
    const plan = buildPlan(defaultSpec());
    const c = plan.compliance;
    expect(c.expansion).toEqual([]);
    expect(c.summary.byCompliance.NonCompliant).toBe(0);
    expect(c.summary.byCompliance.Unknown).toBe(0);
    expect(c.rules.applied).toBeGreaterThanOrEqual(25);
    expect(c.resources).toBe(plan.template.resources.length);
    expect(plan.planMd).toContain('## Compliance (built-in baseline)');
    expect(plan.planMd).toContain(`| Compliant | ${c.summary.byCompliance.Compliant} |`);
    expect(plan.planMd).toContain('| NonCompliant | 0 |');
    expect(plan.planMd).toContain('None: every rule applies.');
    // No exemptions, so no date: the file is the same on every day.
    expect(plan.planMd).not.toContain('Judged on');
  });

  // Expected: the rules whose remediation names posture.publicNetworkAccess and that judge what it opens
  // (src/baseline/rules: MLW-003 workspace, KV-003 vault, ST-003/ST-004 storage firewall, ACR-002 registry).
  const WEAKENED = ['IL5-ACR-002', 'IL5-KV-003', 'IL5-MLW-003', 'IL5-ST-003', 'IL5-ST-004'];

  it('posture.publicNetworkAccess true: NonCompliant from exactly the network rules, each fix naming the spec key', () => {
    const c = buildPlan(specFrom('posture:\n  publicNetworkAccess: true\n')).compliance;
    const bad = c.results.filter((r) => r.compliance === 'NonCompliant');
    expect(ids(bad)).toEqual(WEAKENED);
    for (const r of bad) expect(r.remediation, r.ruleId).toMatch(/^\[spec posture\.publicNetworkAccess\] /);
  });

  it.each([
    // Spec keys that weaken the posture, the rule that reports each, and the fix it names.
    ['storage:\n  sku: Standard_LRS\n', 'IL5-ST-007', 'storage.sku'],
  ])('%j: NonCompliant %s naming spec %s', (yaml, rule, key) => {
    const bad = buildPlan(specFrom(yaml)).compliance.results.filter((r) => r.compliance === 'NonCompliant');
    expect(ids(bad)).toEqual([rule]);
    expect(bad[0]?.remediation).toContain(`[spec ${key}]`);
  });

  it('a Docker bridge overlap is no IL5 finding (an operational warning of the spec rules)', () => {
    const c = buildPlan(specFrom('network:\n  addressSpace: 172.16.0.0/12\n')).compliance;
    expect(c.results.filter((r) => r.compliance === 'NonCompliant')).toEqual([]);
  });

  const exemptAll = (expiresOn: string): string =>
    [
      'posture:',
      '  publicNetworkAccess: true',
      'policy:',
      '  exemptions:',
      ...WEAKENED.flatMap((rule) => [`    - rule: ${rule}`, `      justification: approved by the AO, ticket SEC-${rule.slice(4)}`, `      expiresOn: ${expiresOn}`]),
      '',
    ].join('\n');

  it('the same spec with an unexpired exemption per rule: Exempt, no NonCompliant, an Azure exemption for each mirrored one', () => {
    const plan = buildPlan(specFrom(exemptAll('2027-03-31')), undefined, { today: '2026-11-25' });
    const c = plan.compliance;
    expect(c.summary.byCompliance.NonCompliant).toBe(0);
    expect(ids(c.results.filter((r) => r.compliance === 'Exempt'))).toEqual(WEAKENED);
    expect(c.findings).toEqual([]);
    // MLW-003 mirrors no Microsoft definition: four Azure exemptions, not five.
    expect(ofType(plan.template.resources, 'Microsoft.Authorization/policyExemptions').filter((r) => !r.name.endsWith('-jumpbox-stateless'))).toHaveLength(4);
    expect(plan.planMd).toContain('Judged on 2026-11-25');
    expect(plan.planMd).toContain('| Exempt | 5 |');
  });

  it('expired exemptions (expiresOn <= today) no longer exempt: NonCompliant again, a finding each, no Azure exemption', () => {
    const plan = buildPlan(specFrom(exemptAll('2026-11-25')), undefined, { today: '2026-11-25' });
    const c = plan.compliance;
    expect(ids(c.results.filter((r) => r.compliance === 'NonCompliant'))).toEqual(WEAKENED);
    expect(c.expired).toEqual([0, 1, 2, 3, 4]);
    expect(c.findings.map((f) => `${f.index} ${f.field}`)).toEqual(['0 expiresOn', '1 expiresOn', '2 expiresOn', '3 expiresOn', '4 expiresOn']);
    expect(ofType(plan.template.resources, 'Microsoft.Authorization/policyExemptions').filter((r) => !r.name.endsWith('-jumpbox-stateless'))).toHaveLength(0);
    expect(plan.planMd).toContain('EXPIRED: exempts nothing');
  });

  it('a spec with exemptions needs the date (core code reads no clock)', () => {
    expect(() => buildPlan(specFrom(exemptAll('2027-03-31')))).toThrow(/today/);
  });

  it('golden: a weakened spec with exemptions, judged on a fixed date (test/golden/plan/exemptions/)', () => {
    const yaml = exemptAll('2027-03-31').replace('  exemptions:\n', '  exemptions:\n    - rule: IL5-ST-003\n      resource: il5mlst*\n      justification: scoped to the account\n      expiresOn: 2027-01-15\n      category: Mitigated\n');
    const files = buildPlan(specFrom(yaml), undefined, { today: '2026-11-25' }).files();
    for (const [name, text] of files) expectGolden(`plan/exemptions/${name}`, text);
  });
});
