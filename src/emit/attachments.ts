import type { EmitFragment } from './types.js';

/**
 * How a step other than A adds to the subnets that step A's network emitter declares.
 *
 * Subnets are declared inline in the virtual network (a separate Microsoft.Network/virtualNetworks/subnets
 * resource is dropped and recreated whenever the VNet is redeployed with an inline list, and an empty
 * inline list would delete them). So a route table or extra NSG rules cannot be added by another resource
 * after the fact: the emitter that owns them *declares* an attachment, and the assembler
 * (src/emit/plan.ts) hands every declared attachment to the network emitter before it builds the VNet.
 *
 * An emitter declares attachments by returning an `AttachingFragment`, i.e. an EmitFragment with
 * `subnetAttachments`; it still satisfies the shared `Emitter` type.
 */
export type SubnetKey = 'training' | 'scoring' | 'bastion' | 'firewall' | 'jumpBox' | 'privateEndpoints';

/** One NSG security rule, as Microsoft.Network/networkSecurityGroups takes it inline. */
export interface NsgRule {
  name: string;
  description: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  protocol: 'Tcp' | 'Udp' | 'Icmp' | '*';
  sourceAddressPrefix: string;
  sourcePortRange: string;
  destinationAddressPrefix: string;
  /** One port or range, or several. */
  destinationPorts: string[];
}

export interface SubnetAttachment {
  subnet: SubnetKey;
  /** Name of a Microsoft.Network/routeTables resource the same fragment declares. */
  routeTable?: string;
  /** Rules merged into the subnet's NSG (names and priorities must not clash with the NSG's own). */
  securityRules?: NsgRule[];
  /** Who asked, for error messages: e.g. "step D firewall". */
  by: string;
}

export interface AttachingFragment extends EmitFragment {
  subnetAttachments?: SubnetAttachment[];
}

export function subnetAttachmentsOf(fragment: EmitFragment): SubnetAttachment[] {
  const a = (fragment as AttachingFragment).subnetAttachments;
  return Array.isArray(a) ? a : [];
}
