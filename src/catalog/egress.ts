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

/** Public package sources, on by default and switched off one by one in the spec (firewall.packageSources). */
export type PackageSourceKey = 'pypi' | 'conda' | 'cran' | 'pytorch' | 'tensorflow' | 'vscode';
export const PACKAGE_SOURCE_KEYS: readonly PackageSourceKey[] = ['pypi', 'conda', 'cran', 'pytorch', 'tensorflow', 'vscode'];

/**
 * When an entry applies:
 * - always
 * - hbiWorkspace: workspace.highBusinessImpact (Azure Batch's key vault for the hbi_workspace flag)
 * - noMonitorPrivateLink: monitoring.privateLinkScope is off (Azure Monitor reached publicly)
 * - storageThroughFirewall: a firewall sits between compute and the storage private endpoints; never in
 *   this plan (the endpoints are in the compute's own VNet), kept so the change request can explain it
 * - a package source key: that source is switched on and firewall.packageSources.mode is public
 * - jumpBox: the plan has a jump box (its own subnet and rule collections)
 */
export type EgressCondition = 'always' | 'hbiWorkspace' | 'noMonitorPrivateLink' | 'storageThroughFirewall' | 'jumpBox' | PackageSourceKey;

/** Who sends the traffic: compute (Training and Scoring) or the jump box (its own subnet, own rule collections). */
export type EgressFrom = 'compute' | 'jumpBox';

export interface EgressEntry {
  /** Stable id; rule names in the firewall policy derive from it. */
  id: string;
  /**
   * FqdnTag: an Azure Firewall FQDN tag (e.g. WindowsUpdate), usable only in application rules. Cidr: a
   * published address (`a.b.c.d/32`), a network rule by IP for a non-HTTP service that Microsoft documents by
   * address (a network rule naming FQDNs would depend on the firewall's DNS proxy).
   */
  destinationType: 'ServiceTag' | 'Fqdn' | 'FqdnTag' | 'Cidr';
  /** Tag, FQDN or CIDR, with `{region}`/`{Region}` placeholders. */
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
  /** The sending subnet(s); compute when absent. */
  from?: EgressFrom;
  source: Source;
}

const READ = '2026-11-25';
const READ_JUMPBOX = '2026-12-06';
/** Re-read for the tester's findings on the default plan (citations, jump box sign-in and activation, instances host). */
const READ_FIX = '2026-12-07';

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
/** The same Government tab, re-read for its compute instance rows (ms.date 03/19/2026). */
const FIREWALL_GOV_COMPUTE_HOSTS: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall?tabs=gov#microsoft-hosts',
  read: READ_FIX,
  note: 'Microsoft hosts, Azure Machine Learning compute instance and compute cluster hosts, Azure Government tab: "Compute instance | *.instances.azureml.ms | TCP | 443, 8787, 18881"',
};
/** The same Government tab's *.instances.azureml.us row, re-read for its ports (ms.date 03/19/2026). */
const FIREWALL_GOV_COMPUTE_HOSTS_US: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall?tabs=gov#microsoft-hosts',
  read: READ_FIX,
  note: 'Azure Government tab, compute instance and compute cluster hosts: "Compute instance | *.instances.azureml.us | TCP | 443"; "*.instances.azureml.ms | TCP | 443, 8787, 18881"',
};
const FIREWALL_RECOMMENDED: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#recommended-configuration-for-training-and-deploying-models',
  read: READ,
  note: 'Recommended configuration for training and deploying models; Python package hosts',
};
const FIREWALL_SCENARIOS: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#scenario-firewall-between-azure-machine-learning-and-azure-storage-endpoints',
  read: READ,
  note: 'Scenario: Firewall between Azure Machine Learning and Azure Storage endpoints (Storage.<region> on port 445)',
};
const FIREWALL_RSTUDIO: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#scenario-install-rstudio-on-compute-instance',
  read: READ_FIX,
  note: 'Scenario: Install RStudio on compute instance: AllowRStudioInstall, "Target FQDN: ghcr.io, pkg-containers.githubusercontent.com", "Protocol: Https:443"; "allow outbound traffic to cloud.r-project.org. This host is used for installing CRAN packages."',
};
const FIREWALL_VSCODE: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#scenario-visual-studio-code',
  read: READ_FIX,
  note: 'Scenario: Visual Studio Code, Hosts table: VS Code server bits, extensions, download CDN',
};
/**
 * The same scenario's Ports section (ms.date 03/19/2026; the scenario has no per-cloud tab): "You must allow network
 * traffic to ports 8704 to 8710. The VS Code server dynamically selects the first available port within this
 * range." The maintainers of the Azure Machine Learning VS Code extension give the same range for a client whose
 * connection to the compute instance's host timed out on 8705 (microsoft/vscode-tools-for-ai#2459, 2024-10-30).
 */
const FIREWALL_VSCODE_PORTS: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#scenario-visual-studio-code',
  read: '2026-12-08',
  note: 'Scenario: Visual Studio Code, Ports: "You must allow network traffic to ports 8704 to 8710. The VS Code server dynamically selects the first available port within this range."',
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
const FIREWALL_FQDN_TAGS: Source = {
  url: 'https://learn.microsoft.com/azure/firewall/fqdn-tags',
  read: READ_JUMPBOX,
  note: 'FQDN tags: WindowsUpdate allows outbound Microsoft Update traffic; application rules only',
};
const DEFENDER_UPDATES: Source = {
  url: 'https://learn.microsoft.com/defender-endpoint/configure-network-connections-microsoft-defender-antivirus',
  read: READ_JUMPBOX,
  note: 'Services and URLs: security intelligence and platform updates (definitionupdates.microsoft.com, *.download.microsoft.com, go.microsoft.com)',
};
const GOV_PORTAL: Source = {
  url: 'https://learn.microsoft.com/azure/azure-government/documentation-government-get-started-connect-with-portal',
  read: READ_JUMPBOX,
  note: 'Azure Government portal: https://portal.azure.us',
};
/** Allow the Azure portal URLs on your firewall or proxy server, U.S. Government Cloud tab (ms.date 12/15/2023). */
export const PORTAL_SAFELIST: Source = {
  url: 'https://learn.microsoft.com/azure/azure-portal/azure-portal-safelist-urls?tabs=us-government-cloud',
  read: READ_FIX,
  note:
    'Azure portal URLs for proxy bypass, U.S. Government Cloud: *.applicationinsights.us, *.azure.us, *.loganalytics.us, *.microsoft.us, *.microsoftonline.us, ' +
    '*.msauth.net, *.msidentity.us, *.usgovcloudapi.net, *.usgovtrafficmanager.net, *.windowsazure.us, graph.microsoftazure.us; ' +
    '"Traffic to these endpoints uses standard TCP ports for HTTP (80) and HTTPS (443)."',
};
/** Windows activation fails in forced tunneling scenario (ms.date 07/17/2024): the Azure KMS servers per cloud. */
const KMS_GOV: Source = {
  url: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/custom-routes-enable-kms-activation#solution',
  read: READ_FIX,
  note:
    'Solution table, Azure US Government: KMS DNS kms.core.usgovcloudapi.net and azkms.core.usgovcloudapi.net, KMS IP 23.97.0.13 and 52.126.105.2 ' +
    '("the two IP addresses for Azure US Government should be added"); activation needs an Azure public IP as source; port 1688 (psping <kms>:1688)',
};
const AZURE_CA: Source = {
  url: 'https://learn.microsoft.com/azure/security/fundamentals/azure-ca-details#certificate-downloads-and-revocation-lists',
  read: READ_JUMPBOX,
  note: 'CRL and OCSP endpoints Azure services\' certificates point at, to be allowed through firewalls (HTTP 80)',
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
  tag('frontdoor', 'AzureFrontDoor.Frontend', 'TCP', ['443'], 'Global entry point for Azure Machine Learning studio; images and environments for AutoML (step D). From compute; the jump box has jb-frontdoor.'),
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
  fqdn('dfs', '*.dfs.core.usgovcloudapi.net', ['443'], 'Integrated notebooks: Data Lake endpoint of storage; the workspace storage\'s own dfs endpoint is reached through its private endpoint (step F).'),
  fqdn('queue', '*.queue.core.usgovcloudapi.net', ['443'], 'Microsoft storage used by compute instances and clusters (step D).'),
  fqdn('table', '*.table.core.usgovcloudapi.net', ['443'], 'Microsoft storage used by compute instances and clusters (step D).'),
  fqdn('graph', 'graph.microsoft.us', ['443'], 'Microsoft Graph for integrated notebooks and compute (step D).'),
  fqdn('graph-aad', 'graph.windows.net', ['443'], 'Compute cluster and instance (the Government tab\'s "Compute cluster/instance" row; the runbook\'s step D too).'),
  fqdn('aznbcontent', '*.aznbcontent.net', ['443'], 'Integrated notebook content (step F).'),
  // The Government tab lists *.instances.azureml.us on TCP 443 only; 8787 and 18881 are on its
  // *.instances.azureml.ms row (EGRESS_DEVIATIONS: the runbook gave them to .us).
  fqdn('instances', '*.instances.azureml.us', ['443'], 'Compute instance: Jupyter and its websockets (step C).', {
    source: FIREWALL_GOV_COMPUTE_HOSTS_US,
  }),
  // Listed on the Government tab too, beside *.instances.azureml.us; 8787 and 18881 (network rules take no
  // wildcard FQDN) ride on the AzureMachineLearning tag rule (TCP 443, 8787, 18881).
  fqdn('instances-ms', '*.instances.azureml.ms', ['443', '8787', '18881'], 'Compute instance: the Azure Government tab lists *.instances.azureml.ms beside *.instances.azureml.us (step C).', {
    coveredBy: 'aml',
    source: FIREWALL_GOV_COMPUTE_HOSTS,
  }),
  fqdn('tundra', '{region}.tundra.azureml.us', ['5831'], 'Compute instance management over UDP (step E).', { protocol: 'UDP', coveredBy: 'aml-udp' }),
  fqdn('vault', '*.vault.usgovcloudapi.net', ['443'], 'Azure Key Vault for an hbi_workspace (step B).', { when: 'hbiWorkspace' }),
  fqdn('acr-host', '*.azurecr.us', ['443'], 'Azure Container Registry, including <registry>.<region>.data.azurecr.us data endpoints (step C).'),
  fqdn('mcr-host', 'mcr.microsoft.com', ['443'], 'Microsoft Container Registry (step D).', { source: FIREWALL_GOV_HOSTS }),
  fqdn('mcr-data', '*.data.mcr.microsoft.com', ['443'], 'Microsoft Container Registry content delivery (step D).'),

  // Package sources (firewall.packageSources): on by default, as the runbook's step D allows them.
  fqdn('pypi', 'pypi.org', ['443'], 'Python packages: the default index (step D).', { required: false, when: 'pypi', source: FIREWALL_RECOMMENDED }),
  fqdn('pythonhosted', '*.pythonhosted.org', ['443'], 'Python package files served for pypi.org (step D).', { required: false, when: 'pypi', source: FIREWALL_RECOMMENDED }),
  fqdn('anaconda', 'anaconda.com', ['443'], 'conda default packages (step D).', { required: false, when: 'conda', source: FIREWALL_RECOMMENDED }),
  fqdn('anaconda-sub', '*.anaconda.com', ['443'], 'conda default packages (step D).', { required: false, when: 'conda', source: FIREWALL_RECOMMENDED }),
  fqdn('anaconda-org', '*.anaconda.org', ['443'], 'conda repository data (step D).', { required: false, when: 'conda', source: FIREWALL_RECOMMENDED }),
  fqdn('cran', 'cloud.r-project.org', ['443'], 'CRAN packages for R (step D).', { required: false, when: 'cran', source: FIREWALL_RSTUDIO }),
  // The page's AllowRStudioInstall rule: the RStudio image a compute instance pulls (R users, as CRAN above).
  fqdn('rstudio-ghcr', 'ghcr.io', ['443'], 'RStudio on compute instances: the Docker image it is pulled from (step D).', { required: false, when: 'cran', source: FIREWALL_RSTUDIO }),
  fqdn('rstudio-ghcr-blobs', 'pkg-containers.githubusercontent.com', ['443'], 'RStudio on compute instances: the image layers behind ghcr.io (step D).', { required: false, when: 'cran', source: FIREWALL_RSTUDIO }),
  fqdn('pytorch', 'pytorch.org', ['443'], 'PyTorch examples and wheels (step D).', { required: false, when: 'pytorch', source: FIREWALL_RECOMMENDED }),
  fqdn('pytorch-sub', '*.pytorch.org', ['443'], 'PyTorch examples and wheels (step D).', { required: false, when: 'pytorch', source: FIREWALL_RECOMMENDED }),
  fqdn('tensorflow', '*.tensorflow.org', ['443'], 'TensorFlow examples (step D).', { required: false, when: 'tensorflow', source: FIREWALL_RECOMMENDED }),
  // Left out of the VS Code hosts today's page lists: vscode.blob.core.windows.net (a commercial-cloud
  // storage host, never allowed here) and the github.com/raw.githubusercontent.com paths of the websocket
  // server (a URL path, not a host; only for interactive jobs): allow them by hand if a team needs them.
  fqdn('vscode-update', 'update.code.visualstudio.com', ['443'], 'VS Code server bits installed on compute instances (step D).', { required: false, when: 'vscode', source: FIREWALL_VSCODE }),
  fqdn('vscode-cdn', '*.vo.msecnd.net', ['443'], 'VS Code server bits (step D).', { required: false, when: 'vscode', source: FIREWALL_VSCODE }),
  fqdn('vscode-download', 'vscode.download.prss.microsoft.com', ['443'], 'VS Code download CDN (step D).', { required: false, when: 'vscode', source: FIREWALL_VSCODE }),
  fqdn('vscode-marketplace', 'marketplace.visualstudio.com', ['443'], 'VS Code extensions, incl. Azure Machine Learning (step D).', { required: false, when: 'vscode', source: FIREWALL_VSCODE }),
  fqdn('vscode-gallery', '*.gallerycdn.vsassets.io', ['443'], 'VS Code extension downloads (step D).', { required: false, when: 'vscode', source: FIREWALL_VSCODE }),
  // The VS Code server on a compute instance listens on the first free port of 8704-8710, reached through the
  // instance's host (*.instances, the workspace's private endpoint) as RStudio's 8787 and the language server's
  // 18881 are; the page puts those two on the AzureMachineLearning tag rule, so this range rides the same tag.
  tag('vscode-ports', 'AzureMachineLearning', 'TCP', ['8704-8710'], 'VS Code remote connections to compute instances: the VS Code server takes the first free port of 8704-8710 (step D).', {
    required: false,
    when: 'vscode',
    source: FIREWALL_VSCODE_PORTS,
  }),

  // The jump box: its own subnet and rule collections, so that what it may reach (patches, sign-in, the
  // portal and studio) is not open to compute, and what compute may reach (package sources) is not open to it.
  jumpBox('jb-windowsupdate', 'FqdnTag', 'WindowsUpdate', ['80', '443'], 'Windows Update for the jump box: the Azure Firewall FQDN tag that follows Microsoft\'s update hosts (step C).', FIREWALL_FQDN_TAGS),
  jumpBox('jb-defender-updates', 'Fqdn', 'definitionupdates.microsoft.com', ['443'], 'Microsoft Defender Antivirus security intelligence updates (step C).', DEFENDER_UPDATES),
  jumpBox('jb-defender-download', 'Fqdn', '*.download.microsoft.com', ['80', '443'], 'Microsoft Defender Antivirus platform and engine updates (step C).', DEFENDER_UPDATES),
  jumpBox('jb-defender-fwlink', 'Fqdn', 'go.microsoft.com', ['443'], 'Redirects Microsoft Defender Antivirus follows to its update packages (step C).', DEFENDER_UPDATES),
  // Windows activation: TCP 1688 to Azure Government's KMS by address, in the jump box's network rules (the
  // page gives both addresses; both are needed). Through Azure Firewall the request leaves from the
  // firewall's public IP, the Azure public address activation requires.
  jumpBox('jb-kms-1', 'Cidr', '23.97.0.13/32', ['1688'], 'Windows activation of the jump box: Azure US Government KMS (kms.core.usgovcloudapi.net, azkms.core.usgovcloudapi.net), first of its two addresses (step C).', KMS_GOV),
  jumpBox('jb-kms-2', 'Cidr', '52.126.105.2/32', ['1688'], 'Windows activation of the jump box: Azure US Government KMS (kms.core.usgovcloudapi.net, azkms.core.usgovcloudapi.net), second of its two addresses (step C).', KMS_GOV),
  jumpBox('jb-login', 'Fqdn', 'login.microsoftonline.us', ['443'], 'Microsoft Entra ID sign-in from the jump box browser (step F).', FIREWALL_GOV_HOSTS),
  jumpBox('jb-aad', 'ServiceTag', 'AzureActiveDirectory', ['443'], 'Microsoft Entra ID token endpoints behind sign-in (step F).', FIREWALL_PAGE),
  jumpBox('jb-portal', 'Fqdn', 'portal.azure.us', ['443'], 'Azure Government portal (step A: the runbook signs in to portal.azure.us).', GOV_PORTAL),
  jumpBox('jb-portal-sub', 'Fqdn', '*.portal.azure.us', ['443'], 'Azure Government portal extensions and content (step A).', GOV_PORTAL),
  jumpBox('jb-management', 'Fqdn', 'management.azure.us', ['443'], 'Azure portal API (step A).', FIREWALL_GOV_HOSTS),
  jumpBox('jb-arm', 'Fqdn', 'management.usgovcloudapi.net', ['443'], 'Azure Resource Manager from the portal and studio (step A).', FIREWALL_GOV_HOSTS),
  jumpBox('jb-studio', 'Fqdn', 'ml.azure.us', ['443'], 'Azure Machine Learning studio (step F).', FIREWALL_GOV_HOSTS),
  jumpBox('jb-api', 'Fqdn', '*.ml.azure.us', ['443'], 'Azure Machine Learning API from studio (step F).', FIREWALL_GOV_HOSTS),
  jumpBox('jb-aznbcontent', 'Fqdn', '*.aznbcontent.net', ['443'], 'Integrated notebook content in studio (step F).', FIREWALL_GOV_HOSTS),
  jumpBox('jb-graph', 'Fqdn', 'graph.microsoft.us', ['443'], 'Microsoft Graph for studio (step F).', FIREWALL_GOV_HOSTS),
  jumpBox('jb-frontdoor', 'ServiceTag', 'AzureFrontDoor.Frontend', ['443'], 'Studio\'s global entry point (runbook step F: "add a rule to a service tag destination of AzureFrontDoor.Frontend").', FIREWALL_PAGE),
  // The Azure portal's own list for the US Government cloud, entry for entry (the page gives no narrower
  // host for them): sign-in and portal pages the jump box's browser loads besides the hosts above, which
  // some of these wildcards also cover.
  jumpBox('jb-portal-appinsights', 'Fqdn', '*.applicationinsights.us', ['80', '443'], 'Azure portal, US Government safelist: Application Insights (step F).', PORTAL_SAFELIST),
  jumpBox('jb-portal-azure', 'Fqdn', '*.azure.us', ['80', '443'], 'Azure portal, US Government safelist: portal and studio hosts under azure.us (step F).', PORTAL_SAFELIST),
  jumpBox('jb-portal-loganalytics', 'Fqdn', '*.loganalytics.us', ['80', '443'], 'Azure portal, US Government safelist: Log Analytics (step F).', PORTAL_SAFELIST),
  jumpBox('jb-portal-microsoft', 'Fqdn', '*.microsoft.us', ['80', '443'], 'Azure portal, US Government safelist: hosts under microsoft.us (step F).', PORTAL_SAFELIST),
  jumpBox('jb-portal-microsoftonline', 'Fqdn', '*.microsoftonline.us', ['80', '443'], 'Azure portal, US Government safelist: Microsoft Entra ID sign-in hosts (step F).', PORTAL_SAFELIST),
  jumpBox('jb-portal-msauth', 'Fqdn', '*.msauth.net', ['80', '443'], 'Azure portal, US Government safelist: sign-in (the page\'s public-cloud tab files *.msauth.net under "Azure portal authentication") (step F).', PORTAL_SAFELIST),
  jumpBox('jb-portal-msidentity', 'Fqdn', '*.msidentity.us', ['80', '443'], 'Azure portal, US Government safelist: hosts under msidentity.us (step F).', PORTAL_SAFELIST),
  jumpBox('jb-portal-usgovcloudapi', 'Fqdn', '*.usgovcloudapi.net', ['80', '443'], 'Azure portal, US Government safelist: service endpoints under usgovcloudapi.net (step F). Broad: it also reaches any tenant\'s public storage endpoints (*.blob.core.usgovcloudapi.net), a path out of the jump box.', PORTAL_SAFELIST),
  jumpBox('jb-portal-trafficmanager', 'Fqdn', '*.usgovtrafficmanager.net', ['80', '443'], 'Azure portal, US Government safelist: Traffic Manager names (step F). Broad: any tenant\'s Traffic Manager profile.', PORTAL_SAFELIST),
  jumpBox('jb-portal-windowsazure', 'Fqdn', '*.windowsazure.us', ['80', '443'], 'Azure portal, US Government safelist: hosts under windowsazure.us (step F).', PORTAL_SAFELIST),
  jumpBox('jb-portal-aadgraph', 'Fqdn', 'graph.microsoftazure.us', ['80', '443'], 'Azure portal, US Government safelist: graph.microsoftazure.us (step F).', PORTAL_SAFELIST),
  jumpBox('jb-crl-microsoft', 'Fqdn', 'crl.microsoft.com', ['80'], 'Certificate revocation lists of Microsoft CAs (TLS to every service above) (step C).', AZURE_CA),
  jumpBox('jb-pkiops', 'Fqdn', 'www.microsoft.com', ['80'], 'CRLs and CA certificates under www.microsoft.com/pkiops (step C).', AZURE_CA),
  jumpBox('jb-ocsp-microsoft', 'Fqdn', 'oneocsp.microsoft.com', ['80'], 'OCSP of Microsoft CAs (step C).', AZURE_CA),
  jumpBox('jb-ocsp-digicert', 'Fqdn', 'ocsp.digicert.com', ['80'], 'OCSP of the DigiCert roots Azure services chain to (step C).', AZURE_CA),
  jumpBox('jb-crl-digicert', 'Fqdn', 'crl3.digicert.com', ['80'], 'CRLs of the DigiCert roots Azure services chain to (step C).', AZURE_CA),
  jumpBox('jb-crl4-digicert', 'Fqdn', 'crl4.digicert.com', ['80'], 'CRLs of the DigiCert roots Azure services chain to (step C).', AZURE_CA),
];

/** Jump box entries: from its own subnet, only when the plan has a jump box. */
function jumpBox(id: string, destinationType: EgressEntry['destinationType'], destination: string, ports: string[], why: string, source: Source): EgressEntry {
  return { id, destinationType, destination, protocol: 'TCP', ports, required: true, when: 'jumpBox', why, enforcedBy: 'firewall', from: 'jumpBox', source };
}

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
    runbook: '*.instances.azureml.us on TCP 443, 8787 and 18881 (a second row beside the one on 443).',
    plan: '*.instances.azureml.us on TCP 443; *.instances.azureml.ms on TCP 443, 8787 and 18881.',
    reason: 'Today\'s Azure Government tab gives 8787 and 18881 to *.instances.azureml.ms and only 443 to *.instances.azureml.us.',
    source: FIREWALL_GOV_COMPUTE_HOSTS_US,
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
];
