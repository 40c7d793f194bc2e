import { isUnknown } from '../../core/unknown.js';
import { overlaps, parseCidr } from '../../net/cidr.js';
import { notApplicable, readArray, typeIs } from '../cond.js';
import { examples } from '../examples.js';
import { prefixLength } from '../subnets.js';
import type { BaselineRule } from '../types.js';

/**
 * The default Docker bridge address of Azure Kubernetes Service nodes and of Azure ML compute images;
 * the runbook's step A warns against it ("We do not recommend using an address in the 172.17.0.1/16
 * range"), and Azure ML's network guidance lists it among the ranges to avoid.
 */
const DOCKER_BRIDGE = '172.17.0.0/16';
const DOCKER_BRIDGE_BLOCK = parseCidr(DOCKER_BRIDGE);

export const rule: BaselineRule = {
  id: 'IL5-NET-005',
  name: 'IL5.Network.DockerBridgeOverlap',
  synopsis: 'The virtual network address space does not overlap the Docker bridge range 172.17.0.0/16.',
  rationale:
    'Containers on the compute cluster and AKS nodes use 172.17.0.0/16 for the Docker bridge; a virtual network that overlaps it makes some of its own addresses unreachable from inside a container. The runbook\'s screenshot shows 172.17.0.0/16 as the portal default.',
  severity: 'low',
  runbookStep: 'A',
  controls: ['SC-7', 'CM-6'],
  resourceTypes: ['Microsoft.Network/virtualNetworks'],
  effect: 'audit',
  remediation: {
    specKey: 'network.addressSpace',
    property: 'properties.addressSpace.addressPrefixes',
    text: 'Choose an address space outside 172.17.0.0/16, e.g. the runbook\'s 172.16.0.0/16: network.addressSpace in the spec.',
  },
  links: [
    'https://learn.microsoft.com/azure/machine-learning/how-to-network-isolation-planning',
    'https://learn.microsoft.com/azure/aks/configure-kubenet',
  ],
  example: [examples.vnet()],
  evaluate(r) {
    if (!typeIs(r, 'Microsoft.Network/virtualNetworks')) return notApplicable(r, 'a virtual network');
    const a = readArray(r, 'properties.addressSpace.addressPrefixes');
    if ('unknown' in a) return { compliance: 'Unknown', reason: a.unknown };
    if (a.items.length === 0) return { compliance: 'NotApplicable', reason: 'properties.addressSpace.addressPrefixes is empty' };
    const overlapping: string[] = [];
    for (const p of a.items) {
      if (isUnknown(p)) return { compliance: 'Unknown', reason: `an address prefix is unknown until deployment (${p.reason})` };
      // IPv6 prefixes and malformed text cannot overlap an IPv4 range.
      if (typeof p === 'string' && prefixLength(p) !== undefined && overlaps(parseCidr(p.trim()), DOCKER_BRIDGE_BLOCK)) overlapping.push(p);
    }
    if (overlapping.length > 0) return { compliance: 'NonCompliant', reason: `address space ${overlapping.join(', ')} overlaps the Docker bridge ${DOCKER_BRIDGE}` };
    return { compliance: 'Compliant', reason: `address space ${a.items.map(String).join(', ')} does not overlap ${DOCKER_BRIDGE}` };
  },
};
