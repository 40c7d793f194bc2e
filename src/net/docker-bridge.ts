import type { Diagnostic } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { overlaps, parseCidr } from './cidr.js';

/**
 * A virtual network overlapping 172.17.0.0/16, the default Docker bridge of Azure ML compute images and
 * AKS nodes: containers on that compute cannot reach the VNet addresses inside the range. The runbook's
 * step A warns about it ("We do not recommend using an address in the 172.17.0.1/16 range"). It breaks
 * routing, not an IL5 control, so it is an operational warning (issue 14), never a NonCompliant verdict;
 * it was baseline rule IL5-NET-005 until then (that id is retired, not reused).
 */
export const DOCKER_BRIDGE = '172.17.0.0/16';
export const DOCKER_BRIDGE_SOURCE = 'https://learn.microsoft.com/azure/machine-learning/how-to-network-isolation-planning';
const BRIDGE = parseCidr(DOCKER_BRIDGE);

/** The IPv4 prefixes of `prefixes` that overlap the Docker bridge (IPv6, unknown and malformed ones never do). */
export function bridgeOverlaps(prefixes: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const p of prefixes) {
    if (typeof p !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(p.trim())) continue;
    try {
      if (overlaps(parseCidr(p.trim()), BRIDGE)) out.push(p);
    } catch {
      // Not a CIDR: nothing to say about the bridge.
    }
  }
  return out;
}

/** One warning per virtual network of the input whose address space overlaps the Docker bridge. */
export function dockerBridgeWarnings(resources: readonly AzureResource[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of resources) {
    if (r.type.toLowerCase() !== 'microsoft.network/virtualnetworks') continue;
    const props = r.properties as { addressSpace?: { addressPrefixes?: unknown } } | undefined;
    const prefixes = props?.addressSpace?.addressPrefixes;
    if (!Array.isArray(prefixes)) continue;
    const hit = bridgeOverlaps(prefixes);
    if (hit.length === 0) continue;
    out.push({
      severity: 'warning',
      code: 'IL5-OPS-DOCKER-BRIDGE',
      message: `virtual network ${r.name}: address space ${hit.join(', ')} overlaps ${DOCKER_BRIDGE}, the default Docker bridge; containers on its compute cannot reach those addresses (an operational problem, not an IL5 finding)`,
      fix: `choose an address space outside ${DOCKER_BRIDGE}, e.g. 172.16.0.0/16 (${DOCKER_BRIDGE_SOURCE})`,
      ...(r.source ? { location: r.source } : {}),
    });
  }
  return out;
}
