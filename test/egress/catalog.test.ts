import { describe, expect, it } from 'vitest';
import { COMMERCIAL_SUFFIXES } from '../../src/catalog/dns-zones.js';
import { EGRESS_CATALOG, EGRESS_DEVIATIONS, REGION_TAG_NAMES, VIRTUAL_TAGS, PACKAGE_SOURCE_KEYS } from '../../src/catalog/egress.js';
import { egressRules, ruleTags } from '../../src/net/egress-rules.js';
import { defaultSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/schema.js';

function spec(change: (s: Spec) => void = () => undefined): Spec {
  const s = defaultSpec();
  change(s);
  return s;
}

const everything = spec((s) => {
  for (const k of PACKAGE_SOURCE_KEYS) s.firewall.packageSources[k] = true;
});

describe('egress catalog', () => {
  it('has unique ids, a source with its read date, ports and a why on every entry', () => {
    const ids = EGRESS_CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of EGRESS_CATALOG) {
      expect(e.source.url, e.id).toMatch(/^https:\/\//);
      expect(e.source.read, e.id).toBe('2026-11-25');
      expect(e.ports.length, e.id).toBeGreaterThan(0);
      expect(e.why.length, e.id).toBeGreaterThan(10);
      if (e.coveredBy) expect(ids, e.id).toContain(e.coveredBy);
    }
  });

  it('no catalog entry ends with a commercial-cloud suffix', () => {
    for (const e of EGRESS_CATALOG) {
      for (const d of [e.destination, e.firewallDestination ?? '']) {
        for (const suffix of COMMERCIAL_SUFFIXES) expect(d.toLowerCase().endsWith(suffix), `${e.id}: ${d}`).toBe(false);
      }
    }
  });

  it.each(Object.keys(REGION_TAG_NAMES))('never names a commercial-cloud host (%s)', (region) => {
    const s = spec((x) => {
      x.region = region;
      Object.assign(x.firewall.packageSources, everything.firewall.packageSources);
    });
    for (const r of egressRules(s)) {
      for (const d of [r.destination, r.firewallDestination]) {
        for (const suffix of COMMERCIAL_SUFFIXES) expect(d.toLowerCase().endsWith(suffix), `${r.id}: ${d}`).toBe(false);
      }
    }
  });

  it('spells Government tags and drops what Government does not have', () => {
    const dests = egressRules(spec()).map((r) => r.destination);
    expect(dests).toContain('AzureFrontDoor.Frontend');
    expect(dests).toContain('BatchNodeManagement.USGovVirginia');
    expect(dests).toContain('graph.microsoft.us');
    for (const absent of ['AzureFrontDoor.FirstParty', 'Frontdoor.FirstParty', 'graph.windows.net', 'viennaglobal.azurecr.io', 'dc.applicationinsights.azure.com']) {
      expect(dests).not.toContain(absent);
    }
  });

  it('records every runbook difference with a reason and a source', () => {
    expect(EGRESS_DEVIATIONS.length).toBeGreaterThanOrEqual(8);
    for (const d of EGRESS_DEVIATIONS) {
      expect(d.reason.length).toBeGreaterThan(20);
      expect(d.source.url).toMatch(/^https:\/\//);
    }
  });
});

describe('egressRules(spec)', () => {
  it('default spec: 32 rules, sources Training and Scoring, no package sources', () => {
    const rules = egressRules(spec());
    expect(rules).toHaveLength(32);
    expect(rules[0]?.source).toEqual([
      { subnet: 'Training', cidr: '172.16.0.0/24' },
      { subnet: 'Scoring', cidr: '172.16.1.0/24' },
    ]);
    expect(rules.some((r) => r.destination === 'pypi.org')).toBe(false);
  });

  // Conditions and the catalog entries they govern (src/catalog/egress.ts).
  it.each([
    ['hbi off drops the Batch key vault tag and host', (s: Spec) => (s.workspace.highBusinessImpact = false), ['AzureKeyVault.USGovVirginia', '*.vault.usgovcloudapi.net'], []],
    ['a private link scope drops AzureMonitor', (s: Spec) => (s.monitoring.privateLinkScope = true), ['AzureMonitor'], []],
    ['pypi adds pypi.org and *.pythonhosted.org', (s: Spec) => (s.firewall.packageSources.pypi = true), [], ['pypi.org', '*.pythonhosted.org']],
    ['cran adds cloud.r-project.org', (s: Spec) => (s.firewall.packageSources.cran = true), [], ['cloud.r-project.org']],
    ['usgovarizona spells its tags', (s: Spec) => (s.region = 'usgovarizona'), ['Storage.USGovVirginia'], ['Storage.USGovArizona', 'usgovarizona.tundra.azureml.us']],
  ])('%s', (_name, change, removed, added) => {
    const base = egressRules(spec()).map((r) => r.destination);
    const after = egressRules(spec(change)).map((r) => r.destination);
    for (const d of removed) {
      expect(base).toContain(d);
      expect(after).not.toContain(d);
    }
    for (const d of added) {
      expect(base).not.toContain(d);
      expect(after).toContain(d);
    }
  });

  it('package sources are optional rows; everything on gives 32 + 14 rules', () => {
    const rules = egressRules(everything);
    expect(rules).toHaveLength(46);
    expect(rules.filter((r) => r.destination === 'pypi.org')[0]?.required).toBe(false);
  });

  it('ruleTags: published tags the rules use, with the firewall substitute, virtual tags left out', () => {
    const tags = ruleTags(egressRules(spec()));
    expect(tags).toContain('BatchNodeManagement.USGovVirginia');
    expect(tags).toContain('BatchNodeManagement');
    for (const v of VIRTUAL_TAGS) expect(tags).not.toContain(v);
    expect(tags).toEqual([...tags].sort());
  });
});
