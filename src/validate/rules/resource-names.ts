import type { Diagnostic } from '../../core/diagnostic.js';
import { NAMING_RULES, namingProblems, type NamingRule, type NamingRuleId } from '../../catalog/naming.js';
import { INSTANCE_UNIQUE_TAG, UNIQUE_NAME_TAGS, UNIQUE_STRING_LENGTH, resourceNames, type ResourceNames } from '../../spec/names.js';
import type { SpecPath } from '../../spec/load.js';
import { finding, type SpecRule } from '../rule.js';
import { rule as prefixRule } from './prefix.js';

const ID = 'resource-names';

/**
 * Which naming rule each derived name must meet. `null`: the name is not the user's to choose
 * (the auto-shutdown schedule must be "shutdown-computevm-<vm>"). A new key in ResourceNames does not
 * compile until it is mapped here.
 */
const RULE_OF = {
  vnet: 'virtualNetwork',
  nsgTraining: 'networkSecurityGroup',
  nsgScoring: 'networkSecurityGroup',
  nsgBastion: 'networkSecurityGroup',
  nsgJumpBox: 'networkSecurityGroup',
  nsgPrivateEndpoints: 'networkSecurityGroup',
  peeringToHub: 'virtualNetworkPeering',
  peeringFromHub: 'virtualNetworkPeering',
  hubPeeringDeployment: 'deployment',
  serviceEndpointPolicy: 'serviceEndpointPolicy',
  peStorageDfs: 'privateEndpoint',
  bastion: 'bastionHost',
  bastionPublicIp: 'publicIpAddress',
  logAnalytics: 'logAnalyticsWorkspace',
  appInsights: 'applicationInsights',
  identity: 'userAssignedIdentity',
  keyVault: 'keyVault',
  key: 'keyVaultKey',
  storage: 'storageAccount',
  registry: 'containerRegistry',
  workspace: 'mlWorkspace',
  peKeyVault: 'privateEndpoint',
  peStorageBlob: 'privateEndpoint',
  peStorageFile: 'privateEndpoint',
  peStorageQueue: 'privateEndpoint',
  peStorageTable: 'privateEndpoint',
  peRegistry: 'privateEndpoint',
  peWorkspace: 'privateEndpoint',
  jumpBox: 'virtualMachine',
  jumpBoxComputerName: 'windowsComputerName',
  jumpBoxNic: 'networkInterface',
  jumpBoxOsDisk: 'disk',
  diskEncryptionSet: 'diskEncryptionSet',
  hostGroup: 'hostGroup',
  dedicatedHost: 'dedicatedHost',
  jumpBoxShutdown: null,
  cluster: 'mlComputeCluster',
  instance: 'mlComputeInstance',
  firewall: 'azureFirewall',
  firewallPublicIp: 'publicIpAddress',
  firewallManagementPublicIp: 'publicIpAddress',
  firewallPolicy: 'firewallPolicy',
  routeTable: 'routeTable',
} as const satisfies Record<keyof ResourceNames, NamingRuleId | null>;

/** Names the user writes directly; every other name is derived from the prefix. */
const USER_NAMED: Partial<Record<keyof ResourceNames, SpecPath>> = {
  key: ['keyVault', 'key', 'name'],
  cluster: ['compute', 'cluster', 'name'],
  instance: ['compute', 'instance', 'name'],
};

export const rule: SpecRule = {
  id: ID,
  synopsis: 'Every resource name meets its type\'s naming rules (length, characters, first and last character).',
  source: 'https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules',
  check(loaded): Diagnostic[] {
    const spec = loaded.spec;
    const names = resourceNames(spec);
    // A bad prefix is reported once by the prefix rule, not again for each of the 30 names built on it.
    const prefixOk = prefixRule.check(loaded).length === 0;
    const out: Diagnostic[] = [];
    for (const key of Object.keys(RULE_OF) as (keyof ResourceNames)[]) {
      const ruleId = RULE_OF[key];
      if (ruleId === null) continue;
      // An instance the spec leaves unnamed gets a derived name: checked as a prefix-built one.
      const userPath = key === 'instance' && spec.compute.instance.name === undefined ? undefined : USER_NAMED[key];
      if (!userPath && !prefixOk) continue;
      const naming: NamingRule = NAMING_RULES[ruleId];
      const unique = key === 'instance' && userPath === undefined ? INSTANCE_UNIQUE_TAG : (UNIQUE_NAME_TAGS as Record<string, string | undefined>)[key];
      // Globally unique names are expressions; their longest literal form is prefix + tag + 13
      // characters of uniqueString (lowercase letters and digits).
      const literal = unique === undefined ? names[key] : `${spec.prefix}${unique}${'a'.repeat(UNIQUE_STRING_LENGTH)}`;
      const problems = namingProblems(naming, literal);
      if (problems.length === 0) continue;
      const shown = unique === undefined ? `"${literal}"` : `"${spec.prefix}${unique}" + uniqueString (${literal.length} characters)`;
      out.push(
        finding(
          loaded,
          ID,
          'error',
          userPath ?? ['prefix'],
          `the ${key} name ${shown} (${naming.type}, unique per ${naming.scope}) ${problems.join('; ')}`,
          userPath
            ? `choose a name of ${naming.min}-${naming.max} characters: ${naming.charsText}${naming.startText ? `, starting with ${naming.startText}` : ''}${naming.endText ? `, ending with ${naming.endText}` : ''}`
            : 'shorten or simplify prefix',
        ),
      );
    }
    // Both computes live in the same workspace: one name cannot serve two. A derived instance name
    // (at least 17 characters) cannot equal a cluster name (at most 16).
    const instanceName = spec.compute.instance.name;
    if (instanceName !== undefined && spec.compute.cluster.name.toLowerCase() === instanceName.toLowerCase()) {
      out.push(
        finding(loaded, ID, 'error', ['compute', 'instance', 'name'], `the compute instance and the compute cluster are both named "${instanceName}"; compute names are unique within the workspace (case-insensitive)`, 'remove compute.instance.name to get a derived name unique to the resource group, or give the instance another name'),
      );
    }
    return out;
  },
};
