import type { Source } from '../core/fact.js';
import type { Deviation } from '../emit/types.js';

/**
 * Every outbound dependency of Azure Machine Learning compute (cluster, instance) and of the jump box
 * in **Azure Government**, as today's Microsoft Learn guidance lists it, with why each is needed and
 * where the fact comes from. `il5ml egress` (the change request), the Azure Firewall policy and the
 * NSG rules are all generated from this one table, so they cannot drift apart.
 *
 * Placeholders in destinations: `{region}` is the lowercase region (`usgovvirginia`), `{Region}` its
 * spelling in service tag names (`USGovVirginia`).
 */

export type EgressProtocol = 'TCP' | 'UDP' | 'Any';

/** Optional public package sources, switched on one by one in the spec (firewall.packageSources). */
export type PackageSourceKey = 'pypi' | 'conda' | 'cran' | 'pytorch' | 'tensorflow' | 'vscode';

/**
 * When an entry applies:
 * - always
 * - hbiWorkspace: workspace.highBusinessImpact (Azure Batch's key vault for the hbi_workspace flag)
 * - noMonitorPrivateLink: monitoring.privateLinkScope is off (Azure Monitor reached publicly)
 * - storageThroughFirewall: a firewall sits between compute and the storage private endpoints; never in
 *   this plan (the endpoints are in the compute's own VNet), kept so the change request can explain it
 * - a package source key: that source is switched on
 */
export type EgressCondition = 'always' | 'hbiWorkspace' | 'noMonitorPrivateLink' | 'storageThroughFirewall' | PackageSourceKey;

export interface EgressEntry {
  /** Stable id; rule names in the firewall policy derive from it. */
  id: string;
  destinationType: 'ServiceTag' | 'Fqdn';
  /** Tag or FQDN, with `{region}`/`{Region}` placeholders. */
  destination: string;
  /**
   * The tag Azure Firewall must use instead, when `destination` is a tag the Government service tags
   * file does not mark usable in Azure Firewall (networkFeatures without FW).
   */
  firewallDestination?: string;
  protocol: EgressProtocol;
  ports: string[];
  required: boolean;
  when: EgressCondition;
  /** Why: the feature that needs it. */
  why: string;
  /** Where it is enforced: the firewall (leaves the VNet) or the subnet NSG (stays inside the VNet). */
  enforcedBy: 'firewall' | 'nsg';
  /** When another entry already carries this traffic for Azure Firewall (e.g. non-HTTP ports of a wildcard FQDN). */
  coveredBy?: string;
  source: Source;
}

const READ = '2026-11-25';

/** Configure inbound and outbound network traffic (how-to-access-azureml-behind-firewall), ms.date 03/19/2026. */
export const FIREWALL_PAGE: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall',
  read: READ,
  note: 'Basic configuration: outbound service tags',
};
const FIREWALL_GOV_HOSTS: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall?tabs=gov#microsoft-hosts',
  read: READ,
  note: 'Microsoft hosts, Azure Government tab',
};
const FIREWALL_RECOMMENDED: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#recommended-configuration-for-training-and-deploying-models',
  read: READ,
  note: 'Recommended configuration for training and deploying models; Python package hosts',
};
const FIREWALL_SCENARIOS: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#scenario-firewall-between-azure-machine-learning-and-azure-storage-endpoints',
  read: READ,
  note: 'Scenarios: storage behind a firewall (445), RStudio/CRAN, Visual Studio Code',
};
const FIREWALL_HBI: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#scenario-workspace-created-with-the-hbi_workspace-flag-enabled',
  read: READ,
  note: 'Scenario: workspace created with the hbi_workspace flag enabled (Keyvault.<region>)',
};
const TRAINING_NO_PUBLIC_IP: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet#compute-instancecluster-or-serverless-compute-with-no-public-ip',
  read: READ,
  note: 'Outbound for compute instance/cluster with no public IP',
};
export const SERVICE_TAGS_FILE_SOURCE: Source = {
  url: 'https://www.microsoft.com/download/details.aspx?id=57063',
  read: READ,
  note: 'ServiceTags_AzureGovernment_20260720.json: tag names and networkFeatures',
};

const tag = (
  id: string,
  destination: string,
  protocol: EgressProtocol,
  ports: string[],
  why: string,
  extra: Partial<EgressEntry> = {},
): EgressEntry => ({
  id,
  destinationType: 'ServiceTag',
  destination,
  protocol,
  ports,
  required: true,
  when: 'always',
  why,
  enforcedBy: 'firewall',
  source: FIREWALL_PAGE,
  ...extra,
});

const fqdn = (
  id: string,
  destination: string,
  ports: string[],
  why: string,
  extra: Partial<EgressEntry> = {},
): EgressEntry => ({
  id,
  destinationType: 'Fqdn',
  destination,
  protocol: 'TCP',
  ports,
  required: true,
  when: 'always',
  why,
  enforcedBy: 'firewall',
  source: FIREWALL_GOV_HOSTS,
  ...extra,
});

export const EGRESS_CATALOG: readonly EgressEntry[] = [
  // Service tags: the network rules.
  tag('aad', 'AzureActiveDirectory', 'TCP', ['80', '443'], 'Authentication with Microsoft Entra ID (step D).'),
  tag('aml', 'AzureMachineLearning', 'TCP', ['443', '8787', '18881'], 'Azure Machine Learning service; 8787 RStudio and 18881 notebook language server on compute instances (step D).'),
  tag('aml-udp', 'AzureMachineLearning', 'UDP', ['5831'], 'Management of compute instances and clusters without a public IP (step E).', {
    source: TRAINING_NO_PUBLIC_IP,
  }),
  tag('batch', 'BatchNodeManagement.{Region}', 'Any', ['443'], 'Azure Batch, which runs compute instances and clusters (step E).', {
    // The Government file marks BatchNodeManagement.<region> usable for API and NSG only, not FW.
    firewallDestination: 'BatchNodeManagement',
    source: TRAINING_NO_PUBLIC_IP,
  }),
  tag('arm', 'AzureResourceManager', 'TCP', ['443'], 'Creation of Azure resources by Azure Machine Learning (step D).'),
  tag('storage', 'Storage.{Region}', 'TCP', ['443'], 'Storage used by Azure Batch for compute instances and clusters (step D). Can exfiltrate data: a service endpoint policy narrows it.'),
  tag('storage-smb', 'Storage.{Region}', 'TCP', ['445'], 'SMB to file shares, only when a firewall sits between compute and the storage private endpoints; here they share the VNet.', {
    required: false,
    when: 'storageThroughFirewall',
    source: FIREWALL_SCENARIOS,
  }),
  tag('frontdoor', 'AzureFrontDoor.Frontend', 'TCP', ['443'], 'Azure Machine Learning studio entry point, from the jump box (step F).'),
  tag('mcr', 'MicrosoftContainerRegistry', 'TCP', ['443'], 'Docker images Microsoft provides for training and inference (step D).'),
  tag('acr', 'AzureContainerRegistry.{Region}', 'TCP', ['443'], 'Container registries other than the workspace\'s own (which has a private endpoint): custom images (step D).', {
    required: false,
  }),
  tag('keyvault', 'AzureKeyVault.{Region}', 'TCP', ['443'], 'Key vault of the back-end Azure Batch service for an hbi_workspace (step D).', {
    when: 'hbiWorkspace',
    source: FIREWALL_HBI,
  }),
  tag('monitor', 'AzureMonitor', 'TCP', ['443'], 'Metrics and logs to Azure Monitor and Application Insights, and support diagnostics (step D); not needed with a private link scope.', {
    when: 'noMonitorPrivateLink',
  }),
  tag('vnet', 'VirtualNetwork', 'TCP', ['443'], 'Private endpoints in this or peered virtual networks; stays inside the VNet, so it is an NSG rule, not a firewall rule (step A).', {
    enforcedBy: 'nsg',
  }),

  // FQDNs: the application rules (Azure Government hosts only).
  fqdn('login', 'login.microsoftonline.us', ['80', '443'], 'Microsoft Entra ID sign-in (step D).'),
  fqdn('portal', 'management.azure.us', ['443'], 'Azure portal (step D).'),
  fqdn('arm-host', 'management.usgovcloudapi.net', ['443'], 'Azure Resource Manager (step D).'),
  fqdn('studio', 'ml.azure.us', ['443'], 'Azure Machine Learning studio (step F).'),
  fqdn('api', '*.ml.azure.us', ['443'], 'Azure Machine Learning API (step C).'),
  fqdn('modelmanagement', '*.modelmanagement.azureml.us', ['443'], 'Model management (step C).'),
  fqdn('notebooks', '*.notebooks.usgovcloudapi.net', ['443'], 'Integrated notebooks (step F).'),
  fqdn('blob', '*.blob.core.usgovcloudapi.net', ['443'], 'Microsoft storage used by compute instances and clusters (step D).'),
  fqdn('file', '*.file.core.usgovcloudapi.net', ['443'], 'Integrated notebooks: file share of the workspace storage (step F).'),
  fqdn('dfs', '*.dfs.core.usgovcloudapi.net', ['443'], 'Integrated notebooks: Data Lake endpoint of the workspace storage (step F).'),
  fqdn('queue', '*.queue.core.usgovcloudapi.net', ['443'], 'Microsoft storage used by compute instances and clusters (step D).'),
  fqdn('table', '*.table.core.usgovcloudapi.net', ['443'], 'Microsoft storage used by compute instances and clusters (step D).'),
  fqdn('graph', 'graph.microsoft.us', ['443'], 'Microsoft Graph for integrated notebooks and compute (step D).'),
  fqdn('aznbcontent', '*.aznbcontent.net', ['443'], 'Integrated notebook content (step F).'),
  fqdn('instances', '*.instances.azureml.us', ['443', '8787', '18881'], 'Compute instance: Jupyter (websockets), RStudio, language server (step C).', {
    coveredBy: 'aml',
  }),
  fqdn('tundra', '{region}.tundra.azureml.us', ['5831'], 'Compute instance management over UDP (step E).', { protocol: 'UDP', coveredBy: 'aml-udp' }),
  fqdn('vault', '*.vault.usgovcloudapi.net', ['443'], 'Azure Key Vault for an hbi_workspace (step B).', { when: 'hbiWorkspace' }),
  fqdn('acr-host', '*.azurecr.us', ['443'], 'Azure Container Registry, including <registry>.<region>.data.azurecr.us data endpoints (step C).'),
  fqdn('mcr-host', 'mcr.microsoft.com', ['443'], 'Microsoft Container Registry (step D).', { source: FIREWALL_GOV_HOSTS }),
  fqdn('mcr-data', '*.data.mcr.microsoft.com', ['443'], 'Microsoft Container Registry content delivery (step D).'),

  // Optional package sources (firewall.packageSources).
  fqdn('pypi', 'pypi.org', ['443'], 'Python packages: the default index (step D).', { required: false, when: 'pypi', source: FIREWALL_RECOMMENDED }),
  fqdn('pythonhosted', '*.pythonhosted.org', ['443'], 'Python package files served for pypi.org (step D).', { required: false, when: 'pypi', source: FIREWALL_RECOMMENDED }),
  fqdn('anaconda', 'anaconda.com', ['443'], 'conda default packages (step D).', { required: false, when: 'conda', source: FIREWALL_RECOMMENDED }),
  fqdn('anaconda-sub', '*.anaconda.com', ['443'], 'conda default packages (step D).', { required: false, when: 'conda', source: FIREWALL_RECOMMENDED }),
  fqdn('anaconda-org', '*.anaconda.org', ['443'], 'conda repository data (step D).', { required: false, when: 'conda', source: FIREWALL_RECOMMENDED }),
  fqdn('cran', 'cloud.r-project.org', ['443'], 'CRAN packages for R (step D).', { required: false, when: 'cran', source: FIREWALL_SCENARIOS }),
  fqdn('pytorch', 'pytorch.org', ['443'], 'PyTorch examples and wheels (step D).', { required: false, when: 'pytorch', source: FIREWALL_RECOMMENDED }),
  fqdn('pytorch-sub', '*.pytorch.org', ['443'], 'PyTorch examples and wheels (step D).', { required: false, when: 'pytorch', source: FIREWALL_RECOMMENDED }),
  fqdn('tensorflow', '*.tensorflow.org', ['443'], 'TensorFlow examples (step D).', { required: false, when: 'tensorflow', source: FIREWALL_RECOMMENDED }),
  // Left out of the VS Code hosts today's page lists: vscode.blob.core.windows.net (a commercial-cloud
  // storage host, never allowed here) and the github.com/raw.githubusercontent.com paths of the websocket
  // server (a URL path, not a host; only for interactive jobs): allow them by hand if a team needs them.
  fqdn('vscode-update', 'update.code.visualstudio.com', ['443'], 'VS Code server bits installed on compute instances (step D).', { required: false, when: 'vscode', source: FIREWALL_SCENARIOS }),
  fqdn('vscode-cdn', '*.vo.msecnd.net', ['443'], 'VS Code server bits (step D).', { required: false, when: 'vscode', source: FIREWALL_SCENARIOS }),
  fqdn('vscode-download', 'vscode.download.prss.microsoft.com', ['443'], 'VS Code download CDN (step D).', { required: false, when: 'vscode', source: FIREWALL_SCENARIOS }),
  fqdn('vscode-marketplace', 'marketplace.visualstudio.com', ['443'], 'VS Code extensions, incl. Azure Machine Learning (step D).', { required: false, when: 'vscode', source: FIREWALL_SCENARIOS }),
  fqdn('vscode-gallery', '*.gallerycdn.vsassets.io', ['443'], 'VS Code extension downloads (step D).', { required: false, when: 'vscode', source: FIREWALL_SCENARIOS }),
];

/**
 * Tags that exist in every virtual network without being in the service tags file: Azure resolves them
 * itself (VirtualNetwork = the VNet's address space and peered/connected ranges, AzureLoadBalancer =
 * 168.63.129.16, Internet = outside). No prefixes are published for them.
 */
export const VIRTUAL_TAGS: readonly string[] = ['VirtualNetwork', 'AzureLoadBalancer', 'Internet'];

/** Service tag spelling of a region: the Government file writes `BatchNodeManagement.USGovVirginia`. */
export const REGION_TAG_NAMES: Readonly<Record<string, string>> = {
  usgovvirginia: 'USGovVirginia',
  usgovarizona: 'USGovArizona',
  usgovtexas: 'USGovTexas',
};

/** Azure's limit on routes in one route table (networking limits, Azure Resource Manager). */
export const MAX_ROUTES_PER_TABLE = 400;
export const ROUTE_LIMIT_SOURCE: Source = {
  url: 'https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#azure-resource-manager-virtual-networking-limits',
  read: READ,
  note: 'Routes per route table: 400',
};

/**
 * The inbound routes for compute **with** a public IP: Azure Machine Learning reaches the compute's
 * load balancer from these prefixes, and the reply must not go through the firewall (next hop
 * Internet). Compute without a public IP, as this plan creates it, needs none of them.
 */
export const INBOUND_ROUTE_TAG = 'AzureMachineLearning';
export const INBOUND_ROUTES_SOURCE: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#scenario-using-compute-cluster-or-compute-instance-with-a-public-ip',
  read: READ,
  note: 'IP address routes (primary and secondary region, next hop Internet) or a service tag route',
};

/** Where today's guidance differs from the 2022 runbook's step D and E; plan.md lists these. */
export const EGRESS_DEVIATIONS: readonly Deviation[] = [
  {
    step: 'D',
    runbook: 'Application rule for graph.windows.net (Azure AD Graph) for compute.',
    plan: 'graph.microsoft.us (Microsoft Graph, Azure Government).',
    reason:
      'Azure AD Graph is retired (Microsoft Entra: "Migrate from Azure AD Graph APIs to Microsoft Graph") and graph.windows.net is a commercial host; the Government tab lists graph.microsoft.us for notebooks.',
    source: FIREWALL_GOV_HOSTS,
  },
  {
    step: 'D',
    runbook: 'MicrosoftContainerRegistry.region, which "has a dependency on AzureFrontDoor.FirstParty".',
    plan: 'MicrosoftContainerRegistry (cloud-wide tag) and no AzureFrontDoor.FirstParty rule.',
    reason:
      'Today\'s page lists the cloud-wide MicrosoftContainerRegistry tag; the Azure Government service tags file has no AzureFrontDoor.FirstParty (nor Frontdoor.FirstParty) tag, so a rule naming it cannot be created.',
    source: SERVICE_TAGS_FILE_SOURCE,
  },
  {
    step: 'D',
    runbook: 'Application rule for viennaglobal.azurecr.io (pre-built images).',
    plan: 'No such rule; Microsoft images come from mcr.microsoft.com and *.data.mcr.microsoft.com.',
    reason: 'viennaglobal.azurecr.io is a commercial-cloud registry and today\'s page no longer lists it.',
    source: FIREWALL_GOV_HOSTS,
  },
  {
    step: 'D',
    runbook: 'dc.applicationinsights.azure.com, dc.applicationinsights.microsoft.com, dc.services.visualstudio.com, *.in.applicationinsights.azure.com.',
    plan: 'AzureMonitor service tag (or no rule at all with monitoring.privateLinkScope).',
    reason: 'Those hosts are the commercial cloud\'s Application Insights endpoints; in Azure Government the AzureMonitor tag covers the service.',
    source: FIREWALL_PAGE,
  },
  {
    step: 'D',
    runbook: 'Inbound BatchNodeManagement 29876-29877 and AzureMachineLearning 44224 (NSG), with UDRs next hop Internet for both tags.',
    plan: 'No inbound rule and no Internet route: compute is created without a public IP.',
    reason:
      'Compute without a public IP needs no inbound traffic from Azure Batch or Azure Machine Learning, and an Internet route would let compute reach those prefixes around the firewall.',
    source: TRAINING_NO_PUBLIC_IP,
  },
  {
    step: 'D',
    runbook: 'Inbound TCP 29876-29877 from BatchNodeManagement to compute nodes.',
    plan: 'None: outbound TCP 443 to BatchNodeManagement.<region> only.',
    reason:
      'Those ports served Azure Batch\'s classic node communication mode, retired on 2026-03-31; the simplified mode (available in US Gov Arizona and US Gov Virginia) needs only outbound 443 and no inbound port.',
    source: {
      url: 'https://learn.microsoft.com/azure/batch/simplified-compute-node-communication',
      read: READ,
      note: 'Warning: classic compute node communication retires 31 March 2026; supported regions',
    },
  },
  {
    step: 'E',
    runbook: 'No-public-IP clusters: inbound VirtualNetwork->VirtualNetwork 29876-29877 and AzureLoadBalancer->VirtualNetwork 44224.',
    plan: 'Outbound AzureMachineLearning (TCP 443, 8787, 18881; UDP 5831), BatchNodeManagement.<region> 443 and Storage.<region> 443; no inbound rule.',
    reason: 'The no-public-IP requirements changed at general availability (January 2023): two outbound rules replace the inbound ones.',
    source: TRAINING_NO_PUBLIC_IP,
  },
  {
    step: 'D',
    runbook: 'BatchNodeManagement.region in the firewall\'s network rules.',
    plan: 'BatchNodeManagement.<Region> in the NSG and change request; the cloud-wide BatchNodeManagement tag in Azure Firewall.',
    reason: 'The Government service tags file marks BatchNodeManagement.<region> usable for API and NSG only (no FW network feature).',
    source: SERVICE_TAGS_FILE_SOURCE,
  },
  {
    step: 'D',
    runbook: 'Host table lists *.instances.azureml.ms (443, 8787, 18881) beside *.instances.azureml.us.',
    plan: '*.instances.azureml.us only.',
    reason: 'azureml.ms is a commercial-cloud domain; Azure Government compute instances are under instances.azureml.us (custom DNS page: <instance>.<region>.instances.ml.azure.us).',
    source: FIREWALL_GOV_HOSTS,
  },
];
