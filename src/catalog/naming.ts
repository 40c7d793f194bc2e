import type { Source } from '../core/fact.js';

/**
 * Naming rules of the resource types il5ml creates: length, characters, first and last character,
 * and the scope in which a name must be unique. Checked by src/validate/rules/resource-names.ts
 * against every name src/spec/names.ts derives, so a bad prefix or compute name fails before Azure
 * refuses the deployment halfway through.
 */
export type UniquenessScope =
  | 'global'
  | 'resource group'
  | 'region'
  | 'workspace'
  | 'virtual network'
  | 'key vault'
  | 'virtual machine';

export interface NamingRule {
  /** ARM resource type, or a descriptive id for names that are not resources (the computer name). */
  type: string;
  scope: UniquenessScope;
  min: number;
  max: number;
  /** Every character must match. */
  chars: RegExp;
  charsText: string;
  /** The first character must match. */
  start?: RegExp;
  startText?: string;
  /** The last character must match. */
  end?: RegExp;
  endText?: string;
  noConsecutiveHyphens?: boolean;
  /** Further constraint, as a predicate and the sentence that explains it. */
  extra?: { test: (name: string) => boolean; text: string };
  source: Source;
}

const READ = '2026-11-25';
const NAME_RULES: Source = {
  url: 'https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules',
  read: READ,
  note: 'Naming rules and restrictions for Azure resources',
};
const at = (anchor: string, note?: string): Source => ({ ...NAME_RULES, url: `${NAME_RULES.url}#${anchor}`, ...(note ? { note } : {}) });

const ALNUM = /^[A-Za-z0-9]$/;
const ALNUM_UNDERSCORE = /^[A-Za-z0-9_]$/;
// "Alphanumerics, underscores, periods, and hyphens. Start with alphanumeric. End alphanumeric or
// underscore." — the common rule of most Microsoft.Network and Microsoft.Compute resources.
const networkStyle = (type: string, min: number, max: number, source: Source): NamingRule => ({
  type,
  scope: 'resource group',
  min,
  max,
  chars: /^[A-Za-z0-9_.-]$/,
  charsText: 'letters, digits, underscores, periods and hyphens',
  start: ALNUM,
  startText: 'a letter or digit',
  end: ALNUM_UNDERSCORE,
  endText: 'a letter, digit or underscore',
  source,
});

export const NAMING_RULES = {
  virtualNetwork: networkStyle('Microsoft.Network/virtualNetworks', 2, 64, at('microsoftnetwork')),
  networkSecurityGroup: networkStyle('Microsoft.Network/networkSecurityGroups', 1, 80, at('microsoftnetwork')),
  bastionHost: networkStyle('Microsoft.Network/bastionHosts', 1, 80, at('microsoftnetwork')),
  publicIpAddress: networkStyle('Microsoft.Network/publicIPAddresses', 1, 80, at('microsoftnetwork')),
  networkInterface: networkStyle('Microsoft.Network/networkInterfaces', 1, 80, at('microsoftnetwork')),
  privateEndpoint: networkStyle('Microsoft.Network/privateEndpoints', 2, 64, at('microsoftnetwork')),
  azureFirewall: networkStyle('Microsoft.Network/azureFirewalls', 1, 80, at('microsoftnetwork')),
  firewallPolicy: networkStyle('Microsoft.Network/firewallPolicies', 1, 80, at('microsoftnetwork')),
  routeTable: networkStyle('Microsoft.Network/routeTables', 1, 80, at('microsoftnetwork')),
  virtualNetworkPeering: { ...networkStyle('Microsoft.Network/virtualNetworks/virtualNetworkPeerings', 1, 80, at('microsoftnetwork')) },
  serviceEndpointPolicy: networkStyle('Microsoft.Network/serviceEndpointPolicies', 1, 80, at('microsoftnetwork')),
  deployment: {
    ...networkStyle('Microsoft.Resources/deployments', 1, 64, at('microsoftresources')),
    chars: /^[A-Za-z0-9_.()-]$/,
    charsText: 'letters, digits, underscores, periods, parentheses and hyphens',
  },
  disk: networkStyle('Microsoft.Compute/disks', 1, 80, at('microsoftcompute')),
  hostGroup: networkStyle('Microsoft.Compute/hostGroups', 1, 80, at('microsoftcompute')),
  dedicatedHost: { ...networkStyle('Microsoft.Compute/hostGroups/hosts', 1, 80, at('microsoftcompute')), scope: 'resource group' },
  diskEncryptionSet: {
    type: 'Microsoft.Compute/diskEncryptionSets',
    scope: 'resource group',
    min: 1,
    max: 80,
    // Older API versions (still the ones Azure Government may serve) accept only a-z, A-Z, 0-9 and _.
    chars: /^[A-Za-z0-9_]$/,
    charsText: 'letters, digits and underscores',
    source: at('microsoftcompute', 'diskEncryptionSets: alphanumerics and underscores, 1-80'),
  },
  virtualMachine: {
    type: 'Microsoft.Compute/virtualMachines',
    scope: 'resource group',
    min: 1,
    max: 64,
    chars: /^[^\\/"[\]:|<>+=;,?*@&\s]$/,
    charsText: 'any character except \\ / " [ ] : | < > + = ; , ? * @ & and spaces',
    start: /^[^_]$/,
    startText: 'anything but an underscore',
    end: /^[^.-]$/,
    endText: 'anything but a period or hyphen',
    source: at('microsoftcompute', 'virtualMachines: the resource name may have up to 64 characters'),
  },
  windowsComputerName: {
    type: 'Windows computer name (osProfile.computerName)',
    scope: 'virtual machine',
    min: 1,
    max: 15,
    chars: /^[A-Za-z0-9-]$/,
    charsText: 'letters, digits and hyphens',
    start: /^[A-Za-z0-9]$/,
    startText: 'a letter or digit',
    end: /^[A-Za-z0-9]$/,
    endText: 'a letter or digit',
    extra: { test: (n) => !/^\d+$/.test(n), text: 'must not be all digits' },
    source: at('microsoftcompute', 'virtualMachines: 1-15 characters (Windows host name)'),
  },
  keyVault: {
    type: 'Microsoft.KeyVault/vaults',
    scope: 'global',
    min: 3,
    max: 24,
    chars: /^[A-Za-z0-9-]$/,
    charsText: 'letters, digits and hyphens',
    start: /^[A-Za-z]$/,
    startText: 'a letter',
    end: /^[A-Za-z0-9]$/,
    endText: 'a letter or digit',
    noConsecutiveHyphens: true,
    source: at('microsoftkeyvault'),
  },
  keyVaultKey: {
    type: 'Microsoft.KeyVault/vaults/keys',
    scope: 'key vault',
    min: 1,
    max: 127,
    chars: /^[A-Za-z0-9-]$/,
    charsText: 'letters, digits and hyphens',
    source: at('microsoftkeyvault', 'vaults/keys and vaults/secrets: 1-127, alphanumerics and hyphens'),
  },
  storageAccount: {
    type: 'Microsoft.Storage/storageAccounts',
    scope: 'global',
    min: 3,
    max: 24,
    chars: /^[a-z0-9]$/,
    charsText: 'lowercase letters and digits',
    source: at('microsoftstorage'),
  },
  containerRegistry: {
    type: 'Microsoft.ContainerRegistry/registries',
    scope: 'global',
    min: 5,
    max: 50,
    chars: /^[A-Za-z0-9]$/,
    charsText: 'letters and digits',
    source: at('microsoftcontainerregistry'),
  },
  logAnalyticsWorkspace: {
    type: 'Microsoft.OperationalInsights/workspaces',
    scope: 'resource group',
    min: 4,
    max: 63,
    chars: /^[A-Za-z0-9-]$/,
    charsText: 'letters, digits and hyphens',
    start: ALNUM,
    startText: 'a letter or digit',
    end: ALNUM,
    endText: 'a letter or digit',
    source: at('microsoftoperationalinsights'),
  },
  applicationInsights: {
    type: 'Microsoft.Insights/components',
    scope: 'resource group',
    min: 1,
    max: 260,
    chars: /^[^%&\\?/]$/,
    charsText: 'any character except % & \\ ? /',
    end: /^[^ .]$/,
    endText: 'anything but a space or period',
    source: at('microsoftinsights'),
  },
  userAssignedIdentity: {
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    scope: 'resource group',
    min: 3,
    max: 128,
    chars: /^[A-Za-z0-9_-]$/,
    charsText: 'letters, digits, hyphens and underscores',
    start: ALNUM,
    startText: 'a letter or digit',
    source: at('microsoftmanagedidentity'),
  },
  mlWorkspace: {
    type: 'Microsoft.MachineLearningServices/workspaces',
    scope: 'resource group',
    min: 3,
    max: 33,
    chars: /^[A-Za-z0-9-]$/,
    charsText: 'letters, digits and hyphens',
    start: ALNUM,
    startText: 'a letter or digit',
    source: at('microsoftmachinelearningservices'),
  },
  mlComputeCluster: {
    type: 'Microsoft.MachineLearningServices/workspaces/computes (AmlCompute)',
    scope: 'workspace',
    min: 2,
    max: 16,
    chars: /^[A-Za-z0-9-]$/,
    charsText: 'letters, digits and hyphens',
    start: /^[A-Za-z]$/,
    startText: 'a letter',
    source: at('microsoftmachinelearningservices', 'workspaces/computes: 2-16, alphanumerics and hyphens'),
  },
  mlComputeInstance: {
    type: 'Microsoft.MachineLearningServices/workspaces/computes (ComputeInstance)',
    scope: 'region',
    min: 3,
    max: 24,
    chars: /^[A-Za-z0-9-]$/,
    charsText: 'letters, digits and hyphens',
    start: /^[A-Za-z]$/,
    startText: 'a letter',
    extra: {
      test: (n) => !/-\d+$/.test(n),
      text: 'must not end in digits right after a hyphen (e.g. "ci-1")',
    },
    source: {
      url: 'https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance',
      read: READ,
      note: 'Compute name: 3-24 characters, letters, digits and -, starts with a letter, unique across all computes in the Azure region; the service also refuses digits right after a final hyphen',
    },
  },
} as const satisfies Record<string, NamingRule>;

export type NamingRuleId = keyof typeof NAMING_RULES;

/** Every way `name` breaks `rule`, as short phrases ("is 27 characters long; at most 24"); [] when valid. */
export function namingProblems(rule: NamingRule, name: string): string[] {
  const problems: string[] = [];
  const chars = [...name];
  if (chars.length < rule.min || chars.length > rule.max) {
    problems.push(`is ${chars.length} characters long (${rule.min}-${rule.max} allowed)`);
  }
  const bad = [...new Set(chars.filter((c) => !rule.chars.test(c)))];
  if (bad.length > 0) problems.push(`contains ${bad.map((c) => JSON.stringify(c)).join(', ')} (allowed: ${rule.charsText})`);
  const first = chars[0];
  if (first !== undefined && rule.start && !rule.start.test(first)) problems.push(`must start with ${rule.startText ?? 'another character'}`);
  const last = chars[chars.length - 1];
  if (last !== undefined && rule.end && !rule.end.test(last)) problems.push(`must end with ${rule.endText ?? 'another character'}`);
  if (rule.noConsecutiveHyphens && name.includes('--')) problems.push('must not contain consecutive hyphens');
  if (rule.extra && name.length > 0 && !rule.extra.test(name)) problems.push(rule.extra.text);
  return problems;
}
