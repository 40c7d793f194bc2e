import type { Diagnostic } from '../../core/diagnostic.js';
import { parseCidr } from '../cidr.js';
import { ADDRESS_SPACE_PATH, plannedSubnets } from '../subnets.js';
import { finding, type SpecRule } from '../rule.js';
import type { LoadedSpec, SpecPath } from '../../spec/load.js';
import { pushAll } from '../../core/array.js';

const ID = 'cidr-format';

/**
 * Every range is an IPv4 CIDR block with its host bits zero. Azure refuses 172.16.0.1/24 for a subnet
 * ("is not a valid CIDR"), and a reader cannot tell which block was meant: the fix shows the normalized
 * form, 172.16.0.0/24.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'The address space and every subnet are valid IPv4 CIDR blocks with host bits zero.',
  source: 'https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#what-address-ranges-can-i-use-in-my-virtual-networks',
  check(loaded): Diagnostic[] {
    const out: Diagnostic[] = [];
    const spec = loaded.spec;
    const one = (text: string, path: SpecPath, what: string): void => {
      pushAll(out, checkOne(loaded, text, path, what));
    };
    one(spec.network.addressSpace, ADDRESS_SPACE_PATH, 'network.addressSpace');
    for (const s of plannedSubnets(spec)) one(s.text, s.path, `the ${s.azureName} subnet`);
    return out;
  },
};

function checkOne(loaded: LoadedSpec, text: string, path: SpecPath, what: string): Diagnostic[] {
  const c = parseCidr(text.trim());
  if (!c) {
    return [
      finding(loaded, ID, 'error', path, `${what} "${text}" is not an IPv4 CIDR block`, 'write four decimal octets and a prefix length 0-32, e.g. 172.16.0.0/24'),
    ];
  }
  if (c.hostBitsSet) {
    return [
      finding(loaded, ID, 'error', path, `${what} "${text}" has host bits set: with /${c.prefix} the block starts at ${c.normalized.split('/')[0]}`, `write ${c.normalized}`),
    ];
  }
  if (text !== text.trim()) {
    return [finding(loaded, ID, 'error', path, `${what} "${text}" has surrounding spaces`, `write ${c.normalized}`)];
  }
  return [];
}
