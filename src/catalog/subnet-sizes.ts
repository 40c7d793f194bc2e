import type { Source } from '../core/fact.js';

/**
 * The sizes Azure requires of the subnets its services name for themselves. The spec rule subnet-size
 * checks a written range against them, and src/spec/subnet-layout.ts gives a range the spec leaves out
 * exactly this size: the smallest Azure accepts, so that a default takes no more of the address space
 * than it must.
 */
export interface SubnetSizeFact {
  /** The name Azure requires of the subnet. */
  azureName: string;
  /** The longest prefix Azure accepts (the smallest subnet): 26 for /26. */
  maxPrefix: number;
  /** Why, in one clause, for messages. */
  why: string;
  source: Source;
}

const READ = '2026-12-07';

export const BASTION_SUBNET: SubnetSizeFact = {
  azureName: 'AzureBastionSubnet',
  maxPrefix: 26,
  why: "Azure Bastion requires AzureBastionSubnet to be /26 or larger (the runbook's /27 is refused)",
  source: {
    url: 'https://learn.microsoft.com/azure/bastion/configuration-settings#subnet',
    read: READ,
    note: 'Azure Bastion subnet: "Subnet name must be AzureBastionSubnet." "Subnet size must be /26 or larger (/25, /24 etc.)."',
  },
};

export const FIREWALL_SUBNET: SubnetSizeFact = {
  azureName: 'AzureFirewallSubnet',
  maxPrefix: 26,
  why: 'Azure Firewall requires AzureFirewallSubnet to be /26',
  source: {
    url: 'https://learn.microsoft.com/azure/firewall/firewall-faq#why-does-azure-firewall-need-a--26-subnet-size',
    read: READ,
    note: 'Why does Azure Firewall need a /26 subnet size? "A /26 address space ensures that the firewall has enough IP addresses available to accommodate the scaling." "Azure Firewall doesn\'t need a subnet bigger than /26."',
  },
};

/** Any other subnet: Azure reserves five addresses in each. */
export const ANY_SUBNET: Omit<SubnetSizeFact, 'azureName'> = {
  maxPrefix: 29,
  why: 'Azure subnets are /29 or larger (5 addresses of each are reserved)',
  source: {
    url: 'https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#how-small-and-how-large-can-virtual-networks-and-subnets-be',
    read: READ,
    note: '"The smallest supported IPv4 subnet is /29"',
  },
};
