import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/diagnostic.js';
import { egressRules, routeTable, rulePrefixes } from '../../src/net/egress-rules.js';
import { parseServiceTags, type ServiceTagsFile } from '../../src/net/service-tags.js';
import { defaultSpec } from '../../src/spec/load.js';
import { tagsFile } from '../net/tags-fixture.js';

function file(values: Parameters<typeof tagsFile>[0]): ServiceTagsFile {
  const r = parseServiceTags(tagsFile(values), 'tags.json');
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

describe('routeTable (IP-address form)', () => {
  it('default route to the firewall, then AzureMachineLearning IPv4 prefixes of the region and its pair, next hop Internet', () => {
    const tags = file([
      { name: 'AzureMachineLearning.USGovVirginia', prefixes: ['20.1.0.0/25', '20.1.0.128/25', '2001:db8::/64'] },
      { name: 'AzureMachineLearning.USGovTexas', prefixes: ['20.2.0.0/24'] },
    ]);
    const rows = routeTable(defaultSpec(), tags, { publicIpCompute: true });
    expect(rows.map((r) => [r.name, r.addressPrefix, r.nextHopType, r.nextHopIpAddress ?? ''])).toEqual([
      ['default-to-firewall', '0.0.0.0/0', 'VirtualAppliance', '172.16.3.4'],
      ['AzureMachineLearning-USGovVirginia-001', '20.1.0.0/24', 'Internet', ''],
      ['AzureMachineLearning-USGovTexas-001', '20.2.0.0/24', 'Internet', ''],
    ]);
  });

  it('refuses past 400 routes, naming the limit and the service-tag route instead', () => {
    // 400 non-adjacent /32s: aggregation cannot shrink them.
    const many = Array.from({ length: 400 }, (_, i) => `20.${Math.floor(i / 100)}.${(i % 100) * 2}.1/32`);
    const tags = file([
      { name: 'AzureMachineLearning.USGovVirginia', prefixes: many },
      { name: 'AzureMachineLearning.USGovTexas', prefixes: [] },
    ]);
    let err: unknown;
    try {
      routeTable(defaultSpec(), tags, { publicIpCompute: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserInputError);
    const d = (err as UserInputError).diagnostics[0];
    expect(d?.message).toContain('401 routes');
    expect(d?.message).toContain('at most 400');
    expect(d?.fix).toContain('--address-prefix AzureMachineLearning --next-hop-type Internet');
  });

  it('exactly 400 routes is accepted', () => {
    const many = Array.from({ length: 399 }, (_, i) => `20.${Math.floor(i / 100)}.${(i % 100) * 2}.1/32`);
    const tags = file([
      { name: 'AzureMachineLearning.USGovVirginia', prefixes: many },
      { name: 'AzureMachineLearning.USGovTexas', prefixes: [] },
    ]);
    expect(routeTable(defaultSpec(), tags, { publicIpCompute: true })).toHaveLength(400);
  });

  it('a missing tag is an error naming the file', () => {
    expect(() => routeTable(defaultSpec(), file([]), { publicIpCompute: true })).toThrow(/AzureMachineLearning.USGovVirginia is not in tags.json/);
  });
});

describe('rulePrefixes', () => {
  it('aggregates IPv4 and IPv6 of every tag the rules use and reports all missing tags at once', () => {
    let err: unknown;
    try {
      rulePrefixes(egressRules(defaultSpec()), file([{ name: 'AzureActiveDirectory', prefixes: ['10.0.0.0/25', '10.0.0.128/25'] }]));
    } catch (e) {
      err = e;
    }
    expect((err as UserInputError).diagnostics.length).toBeGreaterThan(5);
  });
});
