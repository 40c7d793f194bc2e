import { readFileSync } from 'node:fs';
import { excludeCidr, mergeCidr } from 'cidr-tools';
import { describe, expect, it } from 'vitest';
import { INBOUND_ROUTE_TAG, REGION_TAG_NAMES, VIRTUAL_TAGS, PACKAGE_SOURCE_KEYS } from '../../src/catalog/egress.js';
import { pairedRegion } from '../../src/catalog/regions.js';
import { computeNsgRules } from '../../src/emit/firewall.js';
import { aggregateStrings } from '../../src/net/cidr.js';
import { egressRules, prefixCounts, routeTable, ruleTags } from '../../src/net/egress-rules.js';
import { diffServiceTags, findTag, parseServiceTags, type ServiceTagsFile } from '../../src/net/service-tags.js';
import { defaultSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/schema.js';
import { runMain } from '../helpers/cli.js';
import { sharedPath } from './shared.js';

const OLD = 'ServiceTags_AzureGovernment_20220214.json';
const NEW = 'ServiceTags_AzureGovernment_20260720.json';

function load(name: string): ServiceTagsFile {
  const r = parseServiceTags(readFileSync(sharedPath('service-tags', name), 'utf8'), name);
  expect(r.diagnostics).toEqual([]);
  if (!r.value) throw new Error(`${name} did not parse`);
  return r.value;
}
const loaded = new Map([OLD, NEW].map((n) => [n, load(n)]));
function get(name: string): ServiceTagsFile {
  const f = loaded.get(name);
  if (!f) throw new Error(`internal: ${name} not loaded`);
  return f;
}

/** Every condition on: the largest set of tags the catalog can emit for a region. */
function widest(region: string): Spec {
  const s = defaultSpec();
  s.region = region;
  s.workspace.highBusinessImpact = true;
  s.monitoring.privateLinkScope = false;
  for (const k of PACKAGE_SOURCE_KEYS) s.firewall.packageSources[k] = true;
  return s;
}

describe('the real Azure Government service tags files', () => {
  it('both parse: changeNumber and tag counts as ../shared/service-tags/README.md states', () => {
    expect([get(OLD).changeNumber, get(OLD).tags.size]).toEqual([189, 290]);
    expect([get(NEW).changeNumber, get(NEW).tags.size]).toEqual([402, 299]);
  });

  it.each(['usgovvirginia', 'usgovarizona'])('every tag the catalog emits for %s exists in the 2026 file with the features it is used for', (region) => {
    const file = get(NEW);
    const s = widest(region);
    const problems: string[] = [];
    const need = (tag: string, feature: string | undefined, use: string): void => {
      if (VIRTUAL_TAGS.includes(tag)) return;
      const t = findTag(file, tag);
      if (!t) problems.push(`${tag} (${use}) is not in ${NEW}`);
      else if (feature && !(t.networkFeatures ?? []).includes(feature)) problems.push(`${tag} (${use}) lacks ${feature}: ${JSON.stringify(t.networkFeatures)}`);
    };
    for (const r of egressRules(s)) {
      if (r.destinationType !== 'ServiceTag') continue;
      need(r.destination, undefined, `change request ${r.id}`);
      if (r.enforcedBy === 'firewall') need(r.firewallDestination, 'FW', `Azure Firewall rule ${r.id}`);
    }
    for (const n of computeNsgRules(s)) need(n.destinationAddressPrefix, 'NSG', `NSG rule ${n.name}`);
    for (const reg of [region, pairedRegion(region)]) need(`${INBOUND_ROUTE_TAG}.${REGION_TAG_NAMES[reg ?? ''] ?? '?'}`, undefined, 'IP routes');
    expect(problems).toEqual([]);
  });

  it('the Government file has no AzureFrontDoor.FirstParty nor Frontdoor.FirstParty (why the catalog drops it)', () => {
    for (const f of loaded.values()) {
      expect(findTag(f, 'AzureFrontDoor.FirstParty')).toBeUndefined();
      expect(findTag(f, 'Frontdoor.FirstParty')).toBeUndefined();
    }
    expect(findTag(get(NEW), 'BatchNodeManagement.USGovVirginia')?.networkFeatures).toEqual(['API', 'NSG']);
  });

  it.each([OLD, NEW])('%s: aggregation keeps exactly the address set of every tag the default rules use', (name) => {
    const file = get(name);
    const rows: string[] = [];
    let before = 0;
    let after = 0;
    for (const tag of ruleTags(egressRules(defaultSpec()))) {
      const t = findTag(file, tag);
      if (!t) throw new Error(`${tag} missing from ${name}`);
      const agg = aggregateStrings(t.addressPrefixes);
      // Same set, checked with an independent implementation: nothing left either way.
      expect(excludeCidr(t.addressPrefixes, agg), `${tag}: originals outside the aggregate`).toEqual([]);
      expect(excludeCidr(agg, t.addressPrefixes), `${tag}: aggregate adds addresses`).toEqual([]);
      // And it is never longer than cidr-tools' own merge.
      expect(agg.length, tag).toBeLessThanOrEqual(mergeCidr(t.addressPrefixes).length);
      expect(aggregateStrings(agg)).toEqual(agg);
      before += t.addressPrefixes.length;
      after += agg.length;
      rows.push(`${tag}: ${t.addressPrefixes.length} -> ${agg.length}`);
    }
    expect(after).toBeLessThanOrEqual(before);
    const counts = prefixCounts(file, ruleTags(egressRules(defaultSpec())));
    expect(counts.reduce((n, c) => n + c.before, 0)).toBe(before);
    expect(counts.reduce((n, c) => n + c.after, 0)).toBe(after);
    console.log(`${name} (changeNumber ${file.changeNumber}): ${before} prefixes before aggregation, ${after} after, over ${rows.length} tags\n  ${rows.join('\n  ')}`);
  });

  it.each([OLD, NEW])('%s: combined and whole-file figures, same address sets', (name) => {
    const file = get(name);
    // One object group for all the tags the rules use (what a third-party firewall often holds).
    const used = ruleTags(egressRules(defaultSpec())).flatMap((t) => findTag(file, t)?.addressPrefixes ?? []);
    const usedAgg = aggregateStrings(used);
    expect(excludeCidr(used, usedAgg)).toEqual([]);
    expect(excludeCidr(usedAgg, used)).toEqual([]);
    let before = 0;
    let after = 0;
    for (const t of file.tags.values()) {
      before += t.addressPrefixes.length;
      after += aggregateStrings(t.addressPrefixes).length;
    }
    expect(after).toBeLessThan(before);
    console.log(
      `${name}: used tags combined ${used.length} -> ${usedAgg.length}; every tag of the file, each aggregated alone: ${before} -> ${after}`,
    );
  });

  it.each([OLD, NEW])('%s: the IP-address route table stays under 400 routes', (name) => {
    const rows = routeTable(defaultSpec(), get(name), { publicIpCompute: true });
    expect(rows.length).toBeLessThanOrEqual(400);
    console.log(`${name}: ${rows.length} routes (1 default + AzureMachineLearning IPv4 of usgovvirginia and usgovtexas)`);
  });

  it('egress diff 2022-02-14 -> 2026-07-20 lists added and removed prefixes; applying it to the old list gives the new one', async () => {
    const r = await runMain(['egress', 'diff', sharedPath('service-tags', OLD), sharedPath('service-tags', NEW), '--format', 'json']);
    expect(r.stderr).toMatch(/^il5ml: spec <built-in default> \(no il5ml\.yaml, il5ml\.yml, il5ml\.json in .*\n$/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { tags: { tag: string; added: string[]; removed: string[] }[] };
    const tags = ruleTags(egressRules(defaultSpec()));
    expect(out.tags.map((t) => t.tag)).toEqual(tags);
    expect(out.tags.reduce((n, t) => n + t.added.length, 0)).toBeGreaterThan(0);
    expect(out.tags.reduce((n, t) => n + t.removed.length, 0)).toBeGreaterThan(0);
    for (const d of out.tags) {
      const oldAgg = aggregateStrings(findTag(get(OLD), d.tag)?.addressPrefixes ?? []);
      const newAgg = aggregateStrings(findTag(get(NEW), d.tag)?.addressPrefixes ?? []);
      const applied = [...oldAgg.filter((p) => !d.removed.includes(p)), ...d.added];
      expect(new Set(applied), d.tag).toEqual(new Set(newAgg));
    }
    const direct = diffServiceTags(get(OLD), get(NEW), tags);
    console.log(
      `egress diff ${OLD} -> ${NEW}: ${direct.reduce((n, t) => n + t.added.length, 0)} prefixes added, ${direct.reduce((n, t) => n + t.removed.length, 0)} removed over ${tags.length} tags`,
    );
  });
});
