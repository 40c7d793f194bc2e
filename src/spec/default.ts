/**
 * The built-in spec as the commented YAML that `il5ml init` writes and that `il5ml plan` uses without
 * --spec. Every value here equals the schema default in src/spec/schema.ts; test/spec/default.test.ts
 * proves it (loadSpec of this text equals SpecSchema.parse({})) and that every schema key appears, so
 * the two cannot drift.
 */

/**
 * Where the `yaml-language-server` line points when no better path is known: the schema inside an npm
 * installation of il5ml, relative to a spec at the project root. A relative path, not a URL, because
 * the users' networks (IL5 enclaves) are often without Internet access and the schema must match the
 * installed version; `il5ml init` replaces it by the path from the written file to the schema it ships.
 */
export const DEFAULT_SCHEMA_REF = './node_modules/il5ml/schema/il5ml.spec.schema.json';

export function defaultSpecYaml(schemaRef: string = DEFAULT_SCHEMA_REF): string {
  return `# yaml-language-server: $schema=${schemaRef}
#
# il5ml spec: a secure Azure Machine Learning environment in Azure Government at DoD Impact Level 5.
# These are the values of the 2022 portal runbook, corrected where Azure refuses them or IL5 needs more.
# Saved as il5ml.yaml, \`il5ml plan\` (and egress, dns, check) run in its folder use it; elsewhere, --spec <this file>.

# Short prefix of every resource name: 2-8 lowercase letters and digits, starting with a letter.
# Key vault and storage names are at most 24 characters and globally unique: the template appends
# uniqueString(resourceGroup().id) (13 characters), so 8 is the longest prefix that still fits.
prefix: il5ml

# Azure Machine Learning in Azure Government is offered in usgovvirginia and usgovarizona only; both
# pair with usgovtexas. The DoD regions (usdodeast, usdodcentral) have no Azure Machine Learning.
region: usgovvirginia

# Every resource: at most 50 tags (49 with a jump box), names (case-insensitive) to 512, values to 256 characters.
tags:
  environment: il5
  managed-by: il5ml

network:
  # Runbook step A. The portal proposed 172.17.0.0/16 in the runbook's screenshot; do not take it:
  # 172.17.0.0/16 is Docker's default bridge, also in Azure Kubernetes Service (the runbook warns).
  # Nor a range your on-premises network uses, if it will be connected.
  addressSpace: 172.16.0.0/16
  # Each inside addressSpace. One left out takes the runbook's place in addressSpace (x.x.0.0/24,
  # x.x.1.0/24, ...), or the first free block of its size when that one is taken: change addressSpace
  # and leave the subnets out, and they follow.
  subnets:
    # Compute cluster and compute instance.
    training: 172.16.0.0/24
    # Inference resources.
    scoring: 172.16.1.0/24
    # AzureBastionSubnet. The runbook says 172.16.2.0/27: Azure refuses it, Bastion needs /26 or larger.
    # Left out: the /26 at x.x.2.0 of addressSpace (172.16.2.0/26 here), except in a spoke (network.hub),
    # where none is created (the hub's Bastion serves). No Bastion without a jump box.
    # bastion: 172.16.2.0/26
    # AzureFirewallSubnet (firewall.mode azureFirewall): /26 or larger, as Azure Firewall requires.
    firewall: 172.16.3.0/26
    # The jump box alone, with its own NSG and firewall rules (patches, sign-in, portal, studio).
    jumpBox: 172.16.4.0/27
    # Every private endpoint (vault, storage blob/file/dfs/queue/table, registry, workspace), apart from compute.
    privateEndpoints: 172.16.5.0/24
  # A spoke of an existing hub (e.g. a Mission Landing Zone hub): peerings both ways, DNS through the hub.
  # hub:
    # virtualNetworkId: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<hub>
  # DNS servers of the VNet; default: the firewall's private IP when it proxies DNS.
  # dnsServers: [10.0.100.4]
  # Exfiltration mitigation: Azure Storage from compute only to this resource group and Azure ML's own
  # storage (a service endpoint policy). Off by default: plan.md records what stays open.
  serviceEndpointPolicy: false

keyVault:
  # Days a deleted vault or key can be recovered: 7 to 90. Purge protection is always on (the runbook
  # requires soft delete and purge protection for customer-managed keys).
  softDeleteRetentionDays: 90
  key:
    # The customer-managed key of the workspace, storage, registry and the jump box's disks.
    name: il5ml-cmk
    # RSA key size: 2048, 3072 or 4096 (what Azure Storage encryption accepts). 3072 by default: 2048 is
    # the minimum and NIST SP 800-57 gives 3072 for protection beyond 2030.
    size: 3072
    # The runbook leaves rotation to you ("Azure Storage does not handle key rotation"): here the key
    # rotates itself. ISO 8601 durations. Key Vault's limits: expiresAfter 28 days or more, rotateAfter
    # 7 days or more and at least 7 days before expiry; notifyBefore shorter than expiresAfter.
    rotation:
      rotateAfter: P90D
      expiresAfter: P1Y
      notifyBefore: P30D

storage:
  # Geo-redundant: a copy in the paired region (usgovtexas), as the IL5 initiative's "Geo-redundant
  # storage should be enabled" asks. Standard_GZRS adds zone redundancy, in usgovvirginia only.
  sku: Standard_GRS
  # Private endpoints for the storage's queue and table too (privatelink.queue/.table.core.usgovcloudapi.net),
  # besides blob, file and dfs: batch endpoints, batch deployments and ParallelRunStep need all of blob, file,
  # queue and table ("Batch deployments require all the 4 to properly work", how-to-secure-batch-endpoint).
  # false: two endpoints fewer, and no batch inference behind the VNet.
  queueAndTablePrivateEndpoints: true

workspace:
  friendlyName: IL5 secure workspace
  description: Azure Machine Learning workspace for DoD IL5 workloads, deployed by il5ml.
  # hbi_workspace: less diagnostic data to Microsoft, local scratch disks encrypted.
  highBusinessImpact: true

compute:
  # Runbook step E: the cluster trains models and builds Docker images (the workspace's
  # imageBuildCompute, since the registry sits behind a private endpoint).
  cluster:
    name: cpu-cluster
    vmSize: Standard_DS3_v2
    # Keep 0: the cluster costs nothing while idle (the runbook's tip).
    minNodes: 0
    maxNodes: 4
    # ISO 8601 duration before idle nodes are released.
    idleBeforeScaleDown: PT30M
  # One compute instance for notebooks. Its name becomes a host name under instances.ml.azure.us and
  # must be unique in the region across all customers, so a fixed default would fail for the second
  # team deploying it. Without a name the template derives <prefix>-ci<uniqueString>, unique per
  # resource group. To choose one (3-24 characters, unique in the region), uncomment:
  instance:
    # name: il5ml-notebooks
    vmSize: Standard_DS3_v2
    # Idle shutdown: 15 minutes to 3 days. The runbook only says to stop it by hand.
    idleShutdownAfter: PT60M
    # Create the instance on behalf of the data scientist who will use it (only they can). Without it,
    # whoever runs deploy.sh owns the instance. Their Entra ID object ID and tenant ID:
    # assignedUser:
    #   objectId: 00000000-0000-0000-0000-000000000000
    #   tenantId: 00000000-0000-0000-0000-000000000000
  # shared: any VM size (a risk decision plan.md records). isolatedSize: cluster and instance on isolated
  # sizes (one customer per server), as IL5 asks of VMs in Government regions.
  isolation: shared

# Runbook: "Create a jump box (VM)", reached through Bastion, with no public IP.
jumpBox:
  enabled: true
  vmSize: Standard_D4s_v5
  # At most 20 characters; Azure refuses admin, administrator, root and the like. The password is a
  # securestring deployment parameter, never written in the spec.
  adminUsername: il5admin
  # IL5 in Azure Government: VMs run on Azure Dedicated Host (dedicatedHost) or an isolated VM size
  # (isolatedSize). The runbook's Data Science VM on shared hosts does not meet IL5.
  isolation: dedicatedHost
  # The host SKU's family must match vmSize (Dsv5-Type1 hosts run Dsv5 VMs).
  dedicatedHostSku: Dsv5-Type1
  # The runbook's Data Science VM (Windows Server 2019, Gen1 only) is replaced by a plain Windows
  # Server 2022 Gen2 image: the jump box only needs a browser, and Gen2 is what Trusted Launch requires.
  image:
    publisher: MicrosoftWindowsServer
    offer: WindowsServer
    sku: 2022-datacenter-g2
    version: latest
  # Trusted Launch (secure boot, vTPM) on the Gen2 image; false only if the host SKU refuses it.
  trustedLaunch: true
  # The jump box keeps no data (work happens in the workspace) and is rebuilt from this template, so
  # backing it up or replicating it would protect nothing: the plan records that as a Mitigated exemption
  # from the IL5 initiative's VM backup and disaster recovery policies. false: be judged by them.
  stateless: true
  # The runbook's optional auto-shutdown, on by default: time is HHmm in the Windows time zone below.
  # It also stops the compute instance daily, with or without a jump box.
  autoShutdown:
    enabled: true
    time: "1900"
    # A Windows time zone ID (Central Standard Time, Pacific Standard Time, UTC...), not EST or
    # America/New_York: Azure takes nothing else here.
    timeZone: Eastern Standard Time

monitoring:
  # Log Analytics retention in days: 30 to 730 (PerGB2018). A year keeps the key vault's audit trail.
  retentionDays: 365
  # An Azure Monitor private link scope (AMPLS), for hub-and-spoke networks that own one.
  privateLinkScope: false
  # An existing Log Analytics workspace (e.g. the hub's): no local one, every diagnostic setting goes there.
  # logAnalyticsWorkspaceId: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>

firewall:
  # Runbook step D, egress. azureFirewall: create Azure Firewall in AzureFirewallSubnet.
  # existing: route to a hub firewall or appliance that already exists; then set privateIp.
  mode: azureFirewall
  # privateIp: 10.0.0.4
  sku: Premium
  # The firewall resolves FQDNs in its network rules and forwards DNS for the VNet.
  dnsProxy: true
  # Package sources compute may reach (the runbook's step D): open by default, as environment builds
  # need them. mode mirror: only the hosts in mirror (a vetted private mirror); mode closed: none.
  packageSources:
    mode: public
    mirror: []
    pypi: true
    conda: true
    cran: true
    pytorch: true
    tensorflow: true
    vscode: true

dns:
  # private: create the Azure Government private DNS zones here (seven, nine with the storage queue and
  # table zones of storage.queueAndTablePrivateEndpoints) and link them to the VNet.
  # central: use the hub's zones listed in zoneIds (zones it lacks are created here), e.g.
  #   privatelink.api.ml.azure.us: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.api.ml.azure.us
  mode: private
  zoneIds: {}

policy:
  # Assign the Azure Government "DoD Impact Level 5" initiative at the resource group.
  assignIl5Initiative: true
  # Waivers of baseline rules or policies, each with its reason and an expiry date, e.g.
  #   - rule: <rule id or policy definition GUID>   (or policyDefinitionId:, as in check --exemptions files)
  #     resource: <name or ID pattern, * wildcard>  (or resourceId:)
  #     justification: <why, and who accepted the risk>
  #     expiresOn: 2027-06-30
  #     category: Waiver
  exemptions: []

posture:
  # true opens the workspace, storage, key vault and registry to public networks: not IL5.
  publicNetworkAccess: false

# Settings of \`il5ml check\` run in this folder (paths relative to this file; flags win), e.g.
# check:
#   policy: [azure-policy/built-in-policies]
#   policyParams: il5-params.json
#   initiative: ["DoD Impact Level 5"]   # the set to evaluate (default: it, when the folder holds several)
#   assignment: [il5-assignment.json]    # az policy assignment show (instead of policyParams)
#   aliases: [storage-aliases.json]      # az provider show --namespace NS --expand resourceTypes/aliases
#   exemptions: more-exemptions.yaml
#   format: sarif
#   out: il5.sarif
#   baseline: default
`;
}
