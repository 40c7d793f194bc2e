import { sortDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import type { LoadedSpec } from '../spec/load.js';
import { codeOf, type SpecRule } from './rule.js';
import { rule as region } from './rules/region.js';
import { rule as cidrFormat } from './rules/cidr-format.js';
import { rule as addressRanges } from './rules/address-ranges.js';
import { rule as subnetInAddressSpace } from './rules/subnet-in-address-space.js';
import { rule as subnetOverlap } from './rules/subnet-overlap.js';
import { rule as subnetSize } from './rules/subnet-size.js';
import { rule as dockerBridge } from './rules/docker-bridge.js';
import { rule as prefix } from './rules/prefix.js';
import { rule as resourceNames } from './rules/resource-names.js';
import { rule as keySize } from './rules/key-size.js';
import { rule as storageRedundancy } from './rules/storage-redundancy.js';
import { rule as softDeleteRetention } from './rules/soft-delete-retention.js';
import { rule as clusterNodes } from './rules/cluster-nodes.js';
import { rule as clusterScaleDown } from './rules/cluster-scale-down.js';
import { rule as vmSize } from './rules/vm-size.js';
import { rule as keyRotation } from './rules/key-rotation.js';
import { rule as idleShutdown } from './rules/idle-shutdown.js';
import { rule as shutdownTime } from './rules/shutdown-time.js';
import { rule as logRetention } from './rules/log-retention.js';
import { rule as firewallPrivateIp } from './rules/firewall-private-ip.js';
import { rule as dnsZoneIds } from './rules/dns-zone-ids.js';
import { rule as exemptions } from './rules/exemptions.js';
import { rule as tags } from './rules/tags.js';
import { rule as adminUsername } from './rules/admin-username.js';
import { rule as jumpboxIsolation } from './rules/jumpbox-isolation.js';
import { pushAll } from '../core/array.js';
import { rule as computeIsolation } from './rules/compute-isolation.js';
import { rule as packageSources } from './rules/package-sources.js';
import { rule as spoke } from './rules/spoke.js';

export type { SpecRule } from './rule.js';

/** Every spec rule, one a file (src/validate/rules/<id>.ts). */
export const SPEC_RULES: readonly SpecRule[] = [
  region,
  cidrFormat,
  addressRanges,
  subnetInAddressSpace,
  subnetOverlap,
  subnetSize,
  dockerBridge,
  prefix,
  resourceNames,
  keySize,
  storageRedundancy,
  softDeleteRetention,
  clusterNodes,
  clusterScaleDown,
  vmSize,
  keyRotation,
  idleShutdown,
  shutdownTime,
  adminUsername,
  jumpboxIsolation,
  computeIsolation,
  logRetention,
  firewallPrivateIp,
  dnsZoneIds,
  spoke,
  packageSources,
  exemptions,
  tags,
];

/**
 * Every problem of a loaded spec at once, sorted by position: the loading diagnostics (syntax, types,
 * unknown keys) and then every rule's. After a syntax error the document is not what the user meant, so
 * rules do not run on it. A rule that throws is a defect in il5ml: it becomes a diagnostic naming the
 * rule rather than hiding the other rules' findings.
 */
export function validateSpec(loaded: LoadedSpec): Diagnostic[] {
  const out: Diagnostic[] = [...loaded.diagnostics];
  if (!loaded.diagnostics.some((d) => d.code === 'IL5-SPEC-SYNTAX' || (d.code === 'IL5-SPEC-TYPE' && d.path === undefined))) {
    for (const rule of SPEC_RULES) {
      try {
        pushAll(out, rule.check(loaded));
      } catch (e) {
        out.push({
          severity: 'error',
          code: codeOf(rule.id),
          message: `internal error in spec rule ${rule.id}: ${(e as Error).message}`,
          fix: 'this is a defect in il5ml; report it with the spec that triggered it',
        });
      }
    }
  }
  return sortDiagnostics(out);
}
