import type { Spec } from './schema.js';

/**
 * Every resource name of the plan, derived from the spec (prefix, plus the names the spec gives
 * directly: key, compute cluster, and the compute instance when the spec names it). The naming rules each must meet are in
 * src/catalog/naming.ts and checked by src/validate/rules/names.ts.
 *
 * Globally unique names (storage account, key vault, container registry) are ARM expressions that add
 * `uniqueString(resourceGroup().id)`: a 13-character lowercase base-32 hash, so two deployments in two
 * resource groups never collide on a DNS name, and a redeployment to the same group keeps the same
 * name. With the longest prefix the spec allows (8 characters) plus a 2-letter type tag, the name is
 * 8 + 2 + 13 = 23 characters: inside key vault's and storage's 24-character limit.
 */
export interface ResourceNames {
  vnet: string;
  nsgTraining: string;
  nsgScoring: string;
  nsgBastion: string;
  nsgJumpBox: string;
  nsgPrivateEndpoints: string;
  /** Spoke-to-hub peering (in this VNet) and hub-to-spoke peering (in the hub VNet), network.hub. */
  peeringToHub: string;
  peeringFromHub: string;
  /** The nested deployment in the hub's resource group that creates the hub-to-spoke peering. */
  hubPeeringDeployment: string;
  serviceEndpointPolicy: string;
  peStorageDfs: string;
  bastion: string;
  bastionPublicIp: string;
  logAnalytics: string;
  appInsights: string;
  identity: string;
  keyVault: string;
  key: string;
  storage: string;
  registry: string;
  workspace: string;
  peKeyVault: string;
  peStorageBlob: string;
  peStorageFile: string;
  /** storage.queueAndTablePrivateEndpoints: the queue and table endpoints batch endpoints need. */
  peStorageQueue: string;
  peStorageTable: string;
  peRegistry: string;
  peWorkspace: string;
  jumpBox: string;
  jumpBoxComputerName: string;
  jumpBoxNic: string;
  jumpBoxOsDisk: string;
  diskEncryptionSet: string;
  hostGroup: string;
  dedicatedHost: string;
  /** "shutdown-computevm-<vm>": DevTest Labs global schedules for a VM must carry this exact name. */
  jumpBoxShutdown: string;
  cluster: string;
  instance: string;
  firewall: string;
  firewallPublicIp: string;
  firewallManagementPublicIp: string;
  firewallPolicy: string;
  routeTable: string;
}

/** The longest prefix the spec accepts (src/validate/rules/names.ts); the unique-name sizing relies on it. */
export const MAX_PREFIX_LENGTH = 8;
/** Length of uniqueString()'s result (ARM template string functions: "13 characters long"). */
export const UNIQUE_STRING_LENGTH = 13;

/** How a globally unique name is built: prefix + tag + uniqueString(resourceGroup().id). */
export interface UniqueNameParts {
  prefix: string;
  tag: string;
}

/** The type tags of the three globally unique names, so validation can compute their worst-case length. */
export const UNIQUE_NAME_TAGS = { keyVault: 'kv', storage: 'st', registry: 'cr' } as const;

/**
 * The tag of the default compute instance name, `<prefix>-ci<uniqueString>`. Instance names are unique
 * across the whole region (they become host names under instances.ml.azure.us), so a fixed default
 * would fail for the second team deploying it. No hyphen before the hash: uniqueString may start with
 * digits and could even be all digits, and the service refuses digits right after a final hyphen.
 * 8 (longest prefix) + 3 + 13 = 24 characters: exactly the instance limit, so no take() is needed.
 */
export const INSTANCE_UNIQUE_TAG = '-ci';

function armString(s: string): string {
  // ARM string literals inside expressions escape a single quote by doubling it.
  return `'${s.replace(/'/g, "''")}'`;
}

/** `[format('{0}kv{1}', 'il5ml', uniqueString(resourceGroup().id))]` */
export function uniqueNameExpression(parts: UniqueNameParts): string {
  return `[format('{0}${parts.tag}{1}', ${armString(parts.prefix)}, uniqueString(resourceGroup().id))]`;
}

export function resourceNames(spec: Spec): ResourceNames {
  const p = spec.prefix;
  const vm = `${p}-jumpbox`;
  return {
    vnet: `${p}-vnet`,
    nsgTraining: `${p}-nsg-training`,
    nsgScoring: `${p}-nsg-scoring`,
    nsgBastion: `${p}-nsg-bastion`,
    nsgJumpBox: `${p}-nsg-jumpbox`,
    nsgPrivateEndpoints: `${p}-nsg-pe`,
    peeringToHub: `${p}-vnet-to-hub`,
    peeringFromHub: `hub-to-${p}-vnet`,
    hubPeeringDeployment: `${p}-hub-peering`,
    serviceEndpointPolicy: `${p}-sep-storage`,
    peStorageDfs: `${p}-pe-st-dfs`,
    bastion: `${p}-bastion`,
    bastionPublicIp: `${p}-pip-bastion`,
    logAnalytics: `${p}-log`,
    appInsights: `${p}-appi`,
    identity: `${p}-id-workspace`,
    keyVault: uniqueNameExpression({ prefix: p, tag: UNIQUE_NAME_TAGS.keyVault }),
    key: spec.keyVault.key.name,
    storage: uniqueNameExpression({ prefix: p, tag: UNIQUE_NAME_TAGS.storage }),
    registry: uniqueNameExpression({ prefix: p, tag: UNIQUE_NAME_TAGS.registry }),
    workspace: `${p}-mlw`,
    peKeyVault: `${p}-pe-kv`,
    peStorageBlob: `${p}-pe-st-blob`,
    peStorageFile: `${p}-pe-st-file`,
    peStorageQueue: `${p}-pe-st-queue`,
    peStorageTable: `${p}-pe-st-table`,
    peRegistry: `${p}-pe-cr`,
    peWorkspace: `${p}-pe-mlw`,
    jumpBox: vm,
    // Windows computer names are at most 15 characters: 8 (prefix) + 5 = 13.
    jumpBoxComputerName: `${p}-jump`,
    jumpBoxNic: `${vm}-nic`,
    jumpBoxOsDisk: `${vm}-osdisk`,
    // Underscore, not hyphen: older Compute API versions accept only letters, digits and _ here.
    diskEncryptionSet: `${p}_des`,
    hostGroup: `${p}-hostgroup`,
    dedicatedHost: `${p}-host01`,
    jumpBoxShutdown: `shutdown-computevm-${vm}`,
    cluster: spec.compute.cluster.name,
    instance: spec.compute.instance.name ?? uniqueNameExpression({ prefix: p, tag: INSTANCE_UNIQUE_TAG }),
    firewall: `${p}-fw`,
    firewallPublicIp: `${p}-pip-fw`,
    firewallManagementPublicIp: `${p}-pip-fw-mgmt`,
    firewallPolicy: `${p}-fwpolicy`,
    routeTable: `${p}-rt`,
  };
}
