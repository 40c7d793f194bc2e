import type { Source } from '../core/fact.js';
import type { Deviation } from '../emit/types.js';

/**
 * Facts behind the network layout of issue 9 (sections 4 and 5): subnets apart from the runbook's two, the jump
 * box's patching path, exfiltration, isolated compute sizes and the Mission Landing Zone spoke. Each carries the
 * Microsoft Learn page it comes from; the baseline rules that check the same constraints in any template cite
 * the same facts (src/baseline/rules/IL5-VM-004.ts, IL5-NET-006.ts).
 */
const READ = '2026-12-06';

export const NETWORK_ISOLATION_PLAN: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/concept-plan-network-isolation',
  read: READ,
  note: 'Custom network: private endpoints in their own subnet, compute in another, jump box separate',
};
export const GUEST_CONFIGURATION_PRIVATE: Source = {
  url: 'https://learn.microsoft.com/azure/governance/machine-configuration/overview#communicate-over-private-link-in-azure',
  read: READ,
  note:
    'A VM reaching the guest configuration service over Private Link (no internet path) must carry the tag EnablePrivateNetworkGC with value TRUE; ' +
    'otherwise it needs outbound 443 to the AzureArcInfrastructure service tag, or its assignments never report',
};
/** The tag that lets guest configuration report without an internet path (GUEST_CONFIGURATION_PRIVATE). */
export const PRIVATE_GC_TAG = 'EnablePrivateNetworkGC';
export const TRUSTED_LAUNCH: Source = {
  url: 'https://learn.microsoft.com/azure/virtual-machines/trusted-launch',
  read: READ,
  note: 'Trusted Launch: Gen2 images, securityType TrustedLaunch with secure boot and vTPM; supported on Azure Dedicated Host for the supported sizes',
};
export const EXFILTRATION: Source = {
  url: 'https://learn.microsoft.com/azure/machine-learning/how-to-prevent-data-loss-exfiltration',
  read: READ,
  note: 'Outbound Storage and AzureFrontDoor.Frontend are exfiltration paths; a service endpoint policy with the /services/Azure/MachineLearning alias narrows Storage',
};
export const ISOLATED_SIZES: Source = {
  url: 'https://learn.microsoft.com/azure/virtual-machines/isolation',
  read: READ,
  note: 'Isolated VM sizes: one customer per physical host (the list changes; check it against the region\'s offer)',
};
export const IL5_COMPUTE_ISOLATION: Source = {
  url: 'https://learn.microsoft.com/azure/azure-government/documentation-government-impact-level-5#compute',
  read: READ,
  note: 'IL5 in Azure Government regions: virtual machines on Azure Dedicated Host or isolated sizes',
};
export const VNET_PEERING: Source = {
  url: 'https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview',
  read: READ,
  note: 'A peering is created on both VNets; traffic flows only once both sides exist (Connected); cross-subscription peering needs network contributor rights on both',
};
export const MLZ_TIER3: Source = {
  url: 'https://github.com/Azure/missionlz/blob/main/src/bicep/add-ons/tier3/solution.bicep',
  read: READ,
  note: 'Mission Landing Zone tier 3: spoke-to-hub peering, and hub-to-spoke peering as a deployment in the hub\'s subscription and resource group',
};
export const UDR_NEXT_HOP: Source = {
  url: 'https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#user-defined',
  read: READ,
  note: 'Next hop VirtualAppliance: the address must be reachable from the subnet (the VNet itself or a peered VNet); otherwise traffic is dropped',
};
export const PRIVATE_DNS_LINKS: Source = {
  url: 'https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links',
  read: READ,
  note: 'A private DNS zone answers a VNet only when linked to it; a zone can be linked to VNets in other subscriptions',
};

/** Where the network layout departs from the 2022 runbook, for plan.md. */
export const NETWORK_DEVIATIONS = {
  privateEndpointSubnet: {
    step: 'A',
    runbook: 'Private endpoints of the vault, storage, registry and workspace in the Training subnet.',
    plan: 'A PrivateEndpoints subnet of their own (network.subnets.privateEndpoints); the runbook\'s Training and Scoring subnets stay.',
    reason:
      'Microsoft\'s current reference for a custom network puts private endpoints apart from compute, so NSG rules and address planning for each stay simple, and compute scaling never runs out of addresses the endpoints hold.',
    source: NETWORK_ISOLATION_PLAN,
  },
  jumpBoxSubnet: {
    step: 'C',
    runbook: 'The jump box VM in the Training subnet, under the compute\'s egress rules.',
    plan: 'A JumpBox subnet with its own NSG, the route to the firewall, and its own rule collections (Windows Update, Defender updates, portal.azure.us, sign-in, CRL/OCSP, studio); tag EnablePrivateNetworkGC TRUE; Trusted Launch.',
    reason:
      'A jump box that cannot reach Windows Update or Defender updates stays unpatched, and one whose guest configuration cannot report leaves the IL5 initiative\'s in-guest audits without an answer; separate rules keep compute\'s egress (package sources) off the jump box and the jump box\'s (portal, sign-in) off compute.',
    source: GUEST_CONFIGURATION_PRIVATE,
  },
  packageSources: {
    step: 'D',
    runbook: 'Application rules for pypi.org, *.pythonhosted.org, anaconda.com, *.anaconda.com, *.anaconda.org, cloud.r-project.org, *pytorch.org, *.tensorflow.org and the VS Code hosts.',
    plan: 'The same hosts, on by default (firewall.packageSources), from Training and Scoring only; mode mirror replaces them with a private mirror\'s hosts, mode closed drops them.',
    reason: 'Environment builds (conda and pip) fail without a package source; an IL5 team that keeps a vetted mirror can point the firewall at it instead of the internet.',
    source: {
      url: 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#python-hosts',
      read: READ,
      note: 'Python hosts: anaconda.com, *.anaconda.com, *.anaconda.org, pypi.org, *.pythonhosted.org',
    },
  },
  noBastion: {
    step: 'A',
    runbook: 'Azure Bastion with a new public IP in AzureBastionSubnet.',
    plan: 'No Bastion and no public IP in this VNet.',
    reason: 'In a spoke the hub\'s Bastion reaches the jump box over the peering (Mission Landing Zone hubs deploy one); without a jump box there is nothing to reach.',
    source: { url: 'https://learn.microsoft.com/azure/bastion/vnet-peering', read: READ, note: 'Bastion reaches VMs in peered virtual networks' },
  },
  hubPeering: {
    step: 'A',
    runbook: 'One stand-alone virtual network.',
    plan: 'A spoke of the hub in network.hub: peering to the hub, the hub-to-spoke peering as a nested deployment in the hub\'s resource group, DNS through the hub.',
    reason: 'Mission partners deploy into an existing Mission Landing Zone hub, whose firewall, DNS and Log Analytics workspace the spoke uses.',
    source: MLZ_TIER3,
  },
  exfiltration: {
    step: 'D',
    runbook: 'Outbound Storage.region and AzureFrontDoor.Frontend allowed, without a word on exfiltration.',
    plan: 'network.serviceEndpointPolicy: a Microsoft.Storage service endpoint on Training and Scoring with a policy admitting only this resource group\'s storage and Azure ML\'s own (/services/Azure/MachineLearning).',
    reason: 'Microsoft names Storage and AzureFrontDoor.Frontend as exfiltration paths and gives the service endpoint policy as the mitigation for Storage.',
    source: EXFILTRATION,
  },
} as const satisfies Record<string, Deviation>;
