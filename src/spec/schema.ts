import { z } from 'zod';
import { REPORT_FORMATS, type ReportFormat } from '../report/options.js';
import { META } from './schema-meta.js';
import { withSubnetLayout } from './subnet-layout.js';

/**
 * The il5ml spec: one file that describes the runbook's whole environment. The schema gives shape and
 * JSON types only; every rule about values (regions, CIDRs, names, key sizes…) lives in src/validate/,
 * one rule a file, so that all errors come back at once with a position and a fix.
 *
 * Defaults are the runbook's values (../shared/seeds/000_3d730467459d448a.txt), corrected where it is
 * wrong; src/spec/default.ts holds the same values as the commented YAML that `il5ml init` writes.
 * The JSON Schema in schema/il5ml.spec.schema.json is generated from this file (`npm run gen:schema`).
 */

const cidr = z.string().meta(META.cidr).describe('An IPv4 CIDR block, e.g. 172.16.0.0/24');
/** ISO 8601 duration as Key Vault rotation policies and Azure ML take them, e.g. P90D, PT30M. */
const isoDuration = z.string().meta(META.duration).describe('An ISO 8601 duration, e.g. P90D or PT15M');

export const SubnetsSchema = z
  .strictObject({
    training: cidr
      .optional()
      .describe('Training subnet: compute cluster and compute instance (runbook step A). Left out: the /24 at offset x.x.0.0 of network.addressSpace (172.16.0.0/24 by default), or the first free /24 when that one is taken.'),
    scoring: cidr
      .optional()
      .describe('Scoring subnet: inference resources (runbook step A). Left out: the /24 at offset x.x.1.0 of network.addressSpace (172.16.1.0/24 by default), or the first free /24.'),
    bastion: cidr
      .optional()
      .describe(
        "AzureBastionSubnet: /26 or larger (the runbook's /27 is refused by Azure). Left out: the /26 at offset x.x.2.0 of network.addressSpace (172.16.2.0/26 by default), or the first free /26; in a spoke (network.hub) none is created (the hub's Bastion serves). No Bastion without a jump box.",
      ),
    firewall: cidr
      .optional()
      .describe('AzureFirewallSubnet, used when firewall.mode is azureFirewall: /26 or larger. Left out: the /26 at offset x.x.3.0 of network.addressSpace (172.16.3.0/26 by default), or the first free /26.'),
    jumpBox: cidr
      .optional()
      .describe('JumpBox subnet: the jump box alone, with its own NSG and egress rules (when jumpBox.enabled). Left out: the /27 at offset x.x.4.0 of network.addressSpace (172.16.4.0/27 by default), or the first free /27.'),
    privateEndpoints: cidr
      .optional()
      .describe('PrivateEndpoints subnet: every private endpoint of the plan, apart from compute (concept-plan-network-isolation). Left out: the /24 at offset x.x.5.0 of network.addressSpace (172.16.5.0/24 by default), or the first free /24.'),
  })
  .describe('Subnet address ranges, each inside network.addressSpace. A range left out is placed inside the address space, clear of the others (src/spec/subnet-layout.ts).');

export const HubSchema = z
  .strictObject({
    virtualNetworkId: z
      .string()
      .describe('Resource ID of the hub virtual network (e.g. a Mission Landing Zone hub): /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<hub>.'),
  })
  .describe('Deploy as a spoke of this hub: peerings both ways (hub side as a nested deployment in the hub\'s resource group).');

export const NetworkSchema = z.strictObject({
  addressSpace: cidr.default('172.16.0.0/16').describe('The virtual network address space (runbook step A).'),
  subnets: SubnetsSchema.prefault({}),
  hub: HubSchema.optional(),
  dnsServers: z
    .array(z.string())
    .optional()
    .describe('DNS servers of the VNet (dhcpOptions). Default: the firewall\'s private IP when it proxies DNS (Azure Firewall with dnsProxy, or firewall.mode existing in a spoke).'),
  serviceEndpointPolicy: z
    .boolean()
    .default(false)
    .describe('Data exfiltration mitigation: a Microsoft.Storage service endpoint and a service endpoint policy on the compute subnets that admits only this plan\'s storage account and Azure ML\'s own storage (how-to-prevent-data-loss-exfiltration).'),
});

export const KeyRotationSchema = z.strictObject({
  rotateAfter: isoDuration.default('P90D').describe('Rotate the key this long after it was created.'),
  expiresAfter: isoDuration.default('P1Y').describe('Each key version expires this long after it was created.'),
  notifyBefore: isoDuration.default('P30D').describe('Notify (Event Grid) this long before expiry.'),
});

export const KeyVaultSchema = z.strictObject({
  softDeleteRetentionDays: z.int().meta(META.softDeleteRetentionDays).default(90).describe('Soft-delete retention, 7 to 90 days.'),
  key: z
    .strictObject({
      name: z.string().default('il5ml-cmk').describe('Name of the customer-managed key.'),
      size: z.int().meta(META.keySize).default(3072).describe('RSA key size: 2048, 3072 or 4096.'),
      rotation: KeyRotationSchema.prefault({}),
    })
    .prefault({}),
});

export const StorageSchema = z.strictObject({
  sku: z
    .enum(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_GZRS', 'Standard_RAGZRS'])
    .default('Standard_GRS')
    .describe(
      'Storage account redundancy. Geo-redundant (GRS, RAGRS, GZRS, RAGZRS) satisfies the IL5 initiative; zone-redundant kinds exist in usgovvirginia only.',
    ),
  queueAndTablePrivateEndpoints: z
    .boolean()
    .default(true)
    .describe(
      'Private endpoints for the storage account\'s queue and table sub-resources, registered in privatelink.queue.core.usgovcloudapi.net and privatelink.table.core.usgovcloudapi.net. Batch endpoints, batch deployments and ParallelRunStep need blob, file, queue and table private endpoints on the workspace storage (how-to-secure-batch-endpoint: "Batch deployments require all the 4 to properly work"); with public access off they fail without them. Off: no batch inference.',
    ),
});

export const WorkspaceSchema = z.strictObject({
  friendlyName: z.string().default('IL5 secure workspace'),
  description: z.string().default('Azure Machine Learning workspace for DoD IL5 workloads, deployed by il5ml.'),
  highBusinessImpact: z
    .boolean()
    .default(true)
    .describe('hbi_workspace: reduces the diagnostic data Microsoft collects and encrypts local scratch disks.'),
});

export const ComputeIsolationSchema = z
  .enum(['shared', 'isolatedSize'])
  .describe('shared: any size (the default, a recorded risk decision in plan.md). isolatedSize: cluster and instance must use an isolated VM size (one tenant per physical host).');

export const ComputeClusterSchema = z.strictObject({
  name: z.string().default('cpu-cluster'),
  vmSize: z.string().default('Standard_DS3_v2'),
  minNodes: z.int().meta(META.minNodes).default(0).describe('Keep 0 so that the cluster costs nothing when idle (runbook step C).'),
  maxNodes: z.int().meta(META.maxNodes).default(4),
  idleBeforeScaleDown: isoDuration.default('PT30M').describe('Idle time before nodes are released.'),
});

export const ComputeInstanceSchema = z.strictObject({
  name: z
    .string()
    .optional()
    .describe('Compute instance name: unique in the whole region across all customers, 3-24 characters. Leave it out to get <prefix>-ci<uniqueString(resourceGroup().id)>, unique per resource group.'),
  vmSize: z.string().default('Standard_DS3_v2'),
  idleShutdownAfter: isoDuration.default('PT60M').describe('Shut the instance down after this much idle time (15 minutes to 3 days).'),
  assignedUser: z
    .strictObject({
      objectId: z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/).describe("The data scientist's Entra ID object ID."),
      tenantId: z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/).describe('Their tenant ID.'),
    })
    .optional()
    .describe('Create the instance on behalf of this user (only they can use it). Leave it out and the identity that runs deploy.sh owns the instance.'),
});

export const JumpBoxSchema = z.strictObject({
  enabled: z.boolean().default(true),
  vmSize: z.string().default('Standard_D4s_v5'),
  adminUsername: z.string().default('il5admin').describe('The password is a securestring deployment parameter, never in the spec.'),
  isolation: z
    .enum(['dedicatedHost', 'isolatedSize'])
    .default('dedicatedHost')
    .describe('IL5 in Azure Government: virtual machines run on Azure Dedicated Host or an isolated VM size.'),
  dedicatedHostSku: z.string().default('Dsv5-Type1').describe('Dedicated host SKU; its family must match vmSize.'),
  image: z
    .strictObject({
      publisher: z.string().default('MicrosoftWindowsServer'),
      offer: z.string().default('WindowsServer'),
      sku: z.string().default('2022-datacenter-g2'),
      version: z.string().default('latest'),
    })
    .prefault({}),
  trustedLaunch: z
    .boolean()
    .default(true)
    .describe('Trusted Launch (secure boot, vTPM) when the image is Gen2; set false only if the dedicated host SKU does not support it.'),
  stateless: z
    .boolean()
    .default(true)
    .describe(
      'The jump box holds no data and is rebuilt from the template: the plan exempts it (category Mitigated) from the IL5 initiative\'s VM backup and disaster recovery definitions. Set false to be judged by them.',
    ),
  autoShutdown: z
    .strictObject({
      enabled: z.boolean().default(true),
      time: z.string().meta(META.shutdownTime).default('1900').describe('Daily shutdown time, HHmm.'),
      timeZone: z
        .string()
        .meta(META.timeZone)
        .default('Eastern Standard Time')
        .describe('Windows time zone ID, e.g. "Eastern Standard Time", "Central Standard Time", "UTC" (not EST or America/New_York): the jump box shutdown and the compute instance daily stop take only these.'),
    })
    .prefault({}),
});

export const PackageSourcesSchema = z
  .strictObject({
    mode: z
      .enum(['public', 'mirror', 'closed'])
      .default('public')
      .describe('public: the sources switched on below (the runbook\'s step D). mirror: only the hosts in mirror (a private package mirror). closed: none.'),
    mirror: z.array(z.string()).default([]).describe('With mode mirror: the FQDNs of the private mirror (HTTPS), e.g. artifacts.example.mil.'),
    pypi: z.boolean().default(true),
    conda: z.boolean().default(true),
    cran: z.boolean().default(true).describe('R on compute instances: CRAN packages (cloud.r-project.org) and the RStudio image (ghcr.io, pkg-containers.githubusercontent.com).'),
    pytorch: z.boolean().default(true),
    tensorflow: z.boolean().default(true),
    vscode: z.boolean().default(true),
  })
  .describe('Public package sources the firewall allows (runbook step D): on by default, as in the runbook; environment builds fail without them.');

export const FirewallSchema = z.strictObject({
  mode: z
    .enum(['azureFirewall', 'existing'])
    .default('azureFirewall')
    .describe('azureFirewall: create Azure Firewall in AzureFirewallSubnet. existing: route to an appliance that already exists.'),
  privateIp: z.string().optional().describe('With mode existing: the private IP of the hub firewall or appliance.'),
  sku: z.enum(['Standard', 'Premium']).default('Premium'),
  dnsProxy: z.boolean().default(true),
  packageSources: PackageSourcesSchema.prefault({}),
});

export const DnsSchema = z.strictObject({
  mode: z
    .enum(['private', 'central'])
    .default('private')
    .describe('private: create the private DNS zones here. central: use the hub\'s zones given in zoneIds.'),
  zoneIds: z
    .record(z.string(), z.string())
    .meta(META.zoneNames)
    .default({})
    .describe('With mode central: private DNS zone name -> its resource ID in the hub.'),
});

export const MonitoringSchema = z.strictObject({
  retentionDays: z.int().meta(META.retentionDays).default(365).describe('Log Analytics retention in days.'),
  privateLinkScope: z.boolean().default(false).describe('Create an Azure Monitor private link scope (AMPLS).'),
  logAnalyticsWorkspaceId: z
    .string()
    .optional()
    .describe('Resource ID of an existing Log Analytics workspace (e.g. the hub\'s): no local workspace is created and every diagnostic setting sends there.'),
});

/**
 * One exemption shape for the spec and `il5ml check --exemptions` (docs/exemptions.md): `rule` or its
 * alias `policyDefinitionId`, `resource` or its alias `resourceId`, as Azure Policy exemption exports
 * name them. After parsing only `rule` and `resource` remain.
 */
export const ExemptionSchema = z
  .strictObject({
    rule: z.string().optional().describe('Baseline rule id (IL5-KV-001), rule name, or Azure Policy definition GUID or ID that this exemption waives; a baseline rule and the definition it mirrors are exempted together. Required, or policyDefinitionId.'),
    policyDefinitionId: z.string().optional().describe('Same as rule (the key il5ml check --exemptions files and Azure use); give one of the two.'),
    resource: z.string().optional().describe('Resource name or ID pattern (* wildcard); all resources when absent.'),
    resourceId: z.string().optional().describe('Same as resource; give one of the two.'),
    justification: z.string(),
    expiresOn: z.string().meta(META.date).describe('Expiry date, YYYY-MM-DD. An expired exemption no longer exempts.'),
    category: z.enum(['Waiver', 'Mitigated']).default('Waiver'),
  })
  .meta(META.exemptionKeys)
  .superRefine((e, ctx) => {
    for (const [a, b] of [['rule', 'policyDefinitionId'], ['resource', 'resourceId']] as const) {
      if (e[a] !== undefined && e[b] !== undefined) ctx.addIssue({ code: 'custom', path: [b], message: `give ${a} or ${b}, not both (they are the same key)` });
    }
  })
  .transform(({ rule, policyDefinitionId, resource, resourceId, ...rest }) => {
    const target = resource ?? resourceId;
    return { rule: rule ?? policyDefinitionId ?? '', ...(target !== undefined ? { resource: target } : {}), ...rest };
  });

export const PolicySchema = z.strictObject({
  assignIl5Initiative: z
    .boolean()
    .default(true)
    .describe('Assign the Azure Government DoD Impact Level 5 initiative at the resource group.'),
  exemptions: z.array(ExemptionSchema).default([]),
});

/**
 * What `il5ml check` reads from the spec when it runs in the spec's folder (or with --spec): the flags it
 * would otherwise need each time. Paths are relative to the spec file. A flag given on the command line
 * wins. Exemptions in policy.exemptions apply to check too.
 */
export const CheckSchema = z
  .strictObject({
    policy: z.array(z.string()).optional().describe('--policy: policy definition and set files or folders (e.g. a clone of Azure/azure-policy, or az policy exports).'),
    policyParams: z.string().optional().describe('--policy-params: values for the policy set\'s parameters.'),
    initiative: z.array(z.string()).optional().describe('--initiative: the policy sets to evaluate among those --policy gives (display name, GUID or id); default: every set given, or the DoD IL5 initiative alone when it is one of several.'),
    assignment: z.array(z.string()).optional().describe('--assignment: policy assignments as `az policy assignment show` prints them (scope, notScopes, resourceSelectors, overrides, parameters).'),
    aliases: z.array(z.string()).optional().describe('--aliases: alias listings as `az provider show --namespace NS --expand resourceTypes/aliases` prints them (per-API-version paths).'),
    exemptions: z.string().optional().describe('--exemptions: a further exemptions file (JSON or YAML, the same shape as policy.exemptions).'),
    format: z.enum(REPORT_FORMATS as readonly [ReportFormat, ...ReportFormat[]]).optional().describe('--format of the report.'),
    out: z.string().optional().describe('--out: write the report to this file instead of stdout.'),
    baseline: z.enum(['default', 'none']).optional().describe('--baseline: the built-in baseline, or none.'),
  })
  .describe('Settings of `il5ml check`, read when it uses this spec; flags on the command line win.');

/** Deliberate weakening of the IL5 posture; each is reported by the baseline and needs an exemption. */
export const PostureSchema = z.strictObject({
  publicNetworkAccess: z
    .boolean()
    .default(false)
    .describe('Turn public network access on for workspace, storage, key vault and registry. Weakens IL5 posture.'),
});

export const SpecSchema = z
  .strictObject({
    $schema: z.string().optional(),
    prefix: z
      .string()
      .meta(META.prefix)
      .default('il5ml')
      .describe('Short name prefix for every resource: 2-8 lowercase letters and digits, starting with a letter.'),
    region: z.string().meta(META.region).default('usgovvirginia').describe('usgovvirginia or usgovarizona: the Azure Government regions with Azure Machine Learning.'),
    tags: z
      .record(z.string().meta(META.tagName), z.string().meta(META.tagValue))
      .meta(META.tags)
      .default({ environment: 'il5', 'managed-by': 'il5ml' })
      .describe('Tags of every resource: at most 50 (49 with the jump box, which also carries EnablePrivateNetworkGC); names up to 512 characters without < > % & \\ ? / and case-insensitive in Azure; values up to 256.'),
    network: NetworkSchema.prefault({}),
    keyVault: KeyVaultSchema.prefault({}),
    storage: StorageSchema.prefault({}),
    workspace: WorkspaceSchema.prefault({}),
    compute: z
      .strictObject({
        cluster: ComputeClusterSchema.prefault({}),
        instance: ComputeInstanceSchema.prefault({}),
        isolation: ComputeIsolationSchema.default('shared'),
      })
      .prefault({}),
    jumpBox: JumpBoxSchema.prefault({}),
    monitoring: MonitoringSchema.prefault({}),
    firewall: FirewallSchema.prefault({}),
    dns: DnsSchema.prefault({}),
    policy: PolicySchema.prefault({}),
    posture: PostureSchema.prefault({}),
    check: CheckSchema.optional(),
  })
  .describe('il5ml spec: a secure Azure Machine Learning environment for Azure Government at DoD IL5.')
  // Subnets left out are placed inside network.addressSpace, clear of the others: which ones the plan
  // creates depends on jumpBox, firewall and network.hub, so the layout is decided here, over the whole spec.
  .transform(withSubnetLayout);

/** The spec after defaults are applied: what validation and the emitters see. */
export type Spec = z.output<typeof SpecSchema>;
/** The spec as a user writes it: every key optional where it has a default. */
export type SpecInput = z.input<typeof SpecSchema>;
