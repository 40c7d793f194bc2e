import { describe } from 'vitest';
import { rule } from '../../../src/baseline/rules/IL5-NET-005.js';
import { examples } from '../../../src/baseline/examples.js';
import { Unknown } from '../../../src/core/unknown.js';
import { otherType, set, table } from '../table.js';

// Source: the runbook, step A ("We do not recommend using an address in the 172.17.0.1/16 range").
const vnet = examples.vnet();
const space = (p: unknown) => set(vnet, 'properties.addressSpace.addressPrefixes', p);
describe('IL5-NET-005 IL5.Network.DockerBridgeOverlap', () => {
  table(rule, [
    { name: '172.16.0.0/16', resource: vnet, expect: 'Compliant', source: 'runbook value', reason: 'address space 172.16.0.0/16 does not overlap 172.17.0.0/16' },
    { name: "the portal's 172.17.0.0/16", resource: space(['172.17.0.0/16']), expect: 'NonCompliant', source: 'runbook screenshot value', reason: 'address space 172.17.0.0/16 overlaps the Docker bridge 172.17.0.0/16' },
    { name: '172.16.0.0/12 contains it', resource: space(['10.0.0.0/16', '172.16.0.0/12']), expect: 'NonCompliant', source: 'overlap', reason: 'address space 172.16.0.0/12 overlaps the Docker bridge 172.17.0.0/16' },
    { name: 'adjacent 172.18.0.0/16', resource: space(['172.18.0.0/16']), expect: 'Compliant', source: 'no overlap at the edge', reason: 'address space 172.18.0.0/16 does not overlap 172.17.0.0/16' },
    { name: 'IPv6 only', resource: space(['fd00:db8::/48']), expect: 'Compliant', source: 'IPv6 cannot overlap', reason: 'address space fd00:db8::/48 does not overlap 172.17.0.0/16' },
    { name: 'empty address space', resource: space([]), expect: 'NotApplicable', source: 'nothing to judge', reason: 'properties.addressSpace.addressPrefixes is empty' },
    { name: 'another type', resource: otherType, expect: 'NotApplicable', source: 'type', reason: 'Microsoft.Network/publicIPAddresses is not a virtual network' },
    { name: 'prefix from a parameter without value', resource: space([new Unknown('p')]), expect: 'Unknown', source: 'cannot tell', reason: 'an address prefix is unknown until deployment (p)' },
  ]);
});
