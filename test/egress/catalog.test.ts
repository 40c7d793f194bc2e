import { describe, expect, it } from 'vitest';
import { commercialSuffixesIn } from '../../src/catalog/dns-zones.js';
import { EGRESS_CATALOG, EGRESS_DEVIATIONS, REGION_TAG_NAMES, VIRTUAL_TAGS, PACKAGE_SOURCE_KEYS } from '../../src/catalog/egress.js';
import { parseCidr, formatCidr } from '../../src/net/cidr.js';
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
      // 2026-11-25: the first reading (issue 3); 2026-12-06: the jump box entries of issue 9; 2026-12-07: the
      // tester's findings on the default plan (scenario citations, jump box sign-in and activation, instances host);
      // 2026-12-08: the VS Code scenario's Ports section (8704-8710).
      expect(['2026-11-25', '2026-12-06', '2026-12-07', '2026-12-08'], e.id).toContain(e.source.read);
      expect(e.ports.length, e.id).toBeGreaterThan(0);
      expect(e.why.length, e.id).toBeGreaterThan(10);
      if (e.coveredBy) expect(ids, e.id).toContain(e.coveredBy);
    }
  });

  it('no catalog entry ends with a commercial-cloud suffix', () => {
    for (const e of EGRESS_CATALOG) {
      for (const d of [e.destination, e.firewallDestination ?? '']) {
        expect(commercialSuffixesIn(d), `${e.id}: ${d}`).toEqual([]);
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
        expect(commercialSuffixesIn(d), `${r.id}: ${d}`).toEqual([]);
      }
    }
  });

  it('spells Government tags and drops what Government does not have', () => {
    const dests = egressRules(spec()).map((r) => r.destination);
    expect(dests).toContain('AzureFrontDoor.Frontend');
    expect(dests).toContain('BatchNodeManagement.USGovVirginia');
    expect(dests).toContain('graph.microsoft.us');
    // Issue 9: graph.windows.net stays, as both Government pages of the firewall guidance list it.
    expect(dests).toContain('graph.windows.net');
    for (const absent of ['AzureFrontDoor.FirstParty', 'Frontdoor.FirstParty', 'viennaglobal.azurecr.io', 'dc.applicationinsights.azure.com']) {
      expect(dests).not.toContain(absent);
    }
  });

  it('cites the page section each row comes from: CRAN and VS Code their own scenarios, not the SMB (445) one', () => {
    const byId = new Map(EGRESS_CATALOG.map((e) => [e.id, e]));
    expect(byId.get('cran')?.source.url).toMatch(/#scenario-install-rstudio-on-compute-instance$/);
    const vscode = EGRESS_CATALOG.filter((e) => e.when === 'vscode');
    expect(vscode.map((e) => e.id)).toEqual(['vscode-update', 'vscode-cdn', 'vscode-download', 'vscode-marketplace', 'vscode-gallery', 'vscode-ports']);
    for (const e of vscode) expect(e.source.url, e.id).toMatch(/#scenario-visual-studio-code$/);
    const smb = EGRESS_CATALOG.filter((e) => e.source.url.endsWith('#scenario-firewall-between-azure-machine-learning-and-azure-storage-endpoints'));
    expect(smb.map((e) => [e.id, e.ports])).toEqual([['storage-smb', ['445']]]);
  });

  // Configure inbound and outbound network traffic, Scenario: Visual Studio Code, Ports (read 2026-12-08): "You must
  // allow network traffic to ports 8704 to 8710. The VS Code server dynamically selects the first available port".
  it('VS Code: ports 8704-8710 of the VS Code server on compute instances, with firewall.packageSources.vscode only', () => {
    const on = egressRules(spec()).find((r) => r.id === 'vscode-ports');
    expect(on).toMatchObject({ destinationType: 'ServiceTag', destination: 'AzureMachineLearning', protocol: 'TCP', ports: ['8704-8710'], required: false, from: 'compute', enforcedBy: 'firewall' });
    expect(on?.source.map((s) => s.subnet)).toEqual(['Training', 'Scoring']);
    expect(EGRESS_CATALOG.find((e) => e.id === 'vscode-ports')?.source.note).toMatch(/8704 to 8710/);
    expect(egressRules(spec((s) => (s.firewall.packageSources.vscode = false))).some((r) => r.id === 'vscode-ports')).toBe(false);
    expect(egressRules(spec((s) => (s.firewall.packageSources.mode = 'closed'))).some((r) => r.id === 'vscode-ports')).toBe(false);
  });

  it('says who sends each rule: the compute frontdoor rule does not claim the jump box', () => {
    const rules = egressRules(spec());
    const frontdoor = rules.find((r) => r.id === 'frontdoor');
    expect(frontdoor?.source.map((s) => s.subnet)).toEqual(['Training', 'Scoring']);
    expect(frontdoor?.why).not.toMatch(/from the jump box|step F/);
    expect(rules.find((r) => r.id === 'jb-frontdoor')?.source.map((s) => s.subnet)).toEqual(['JumpBox']);
  });

  it('allows *.instances.azureml.ms as the Azure Government tab lists it (443, 8787, 18881), and no deviation drops it', () => {
    const rules = egressRules(spec());
    const ms = rules.find((r) => r.destination === '*.instances.azureml.ms');
    expect(ms).toMatchObject({ id: 'instances-ms', destinationType: 'Fqdn', protocol: 'TCP', ports: ['443', '8787', '18881'], from: 'compute', coveredBy: 'aml' });
    expect(ms?.reference).toBe('https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall?tabs=gov#microsoft-hosts');
    for (const d of EGRESS_DEVIATIONS) expect(`${d.runbook} ${d.plan} ${d.reason}`).not.toMatch(/drop.*instances\.azureml\.ms|instances\.azureml\.ms.*commercial/i);
  });

  it('*.instances.azureml.us on TCP 443 only, as the Azure Government tab lists it (8787 and 18881 are the .ms row\'s), and the runbook\'s extra row is a deviation', () => {
    // how-to-access-azureml-behind-firewall?tabs=gov#microsoft-hosts (ms.date 03/19/2026, read 2026-12-07):
    // "Compute instance | *.instances.azureml.us | TCP | 443"; "Compute instance | *.instances.azureml.ms | TCP | 443, 8787, 18881".
    const rules = egressRules(spec());
    const us = rules.find((r) => r.destination === '*.instances.azureml.us');
    expect(us).toMatchObject({ id: 'instances', protocol: 'TCP', ports: ['443'] });
    expect(us?.coveredBy).toBeUndefined();
    expect(EGRESS_DEVIATIONS.some((d) => d.runbook.includes('*.instances.azureml.us on TCP 443, 8787 and 18881'))).toBe(true);
  });

  it('jump box: every host the Azure portal safelist gives for the US Government cloud, on HTTP and HTTPS, with that page as source', () => {
    const safelist = [
      '*.applicationinsights.us',
      '*.azure.us',
      '*.loganalytics.us',
      '*.microsoft.us',
      '*.microsoftonline.us',
      '*.msauth.net',
      '*.msidentity.us',
      '*.usgovcloudapi.net',
      '*.usgovtrafficmanager.net',
      '*.windowsazure.us',
      'graph.microsoftazure.us',
    ];
    const jump = egressRules(spec()).filter((r) => r.from === 'jumpBox');
    const fromPage = jump.filter((r) => r.reference === 'https://learn.microsoft.com/azure/azure-portal/azure-portal-safelist-urls?tabs=us-government-cloud');
    expect(fromPage.map((r) => r.destination)).toEqual(safelist);
    for (const r of fromPage) expect([r.destinationType, r.protocol, r.ports], r.id).toEqual(['Fqdn', 'TCP', ['80', '443']]);
    // Only the jump box: compute does not get the portal's wildcards.
    const compute = egressRules(spec()).filter((r) => r.from === 'compute').map((r) => r.destination);
    for (const d of safelist) expect(compute, d).not.toContain(d);
  });

  it('jump box KMS: the two Azure US Government KMS addresses on TCP 1688, valid /32s, citing the KMS activation page', () => {
    const kms = egressRules(spec()).filter((r) => r.id.startsWith('jb-kms-'));
    expect(kms.map((r) => [r.destination, r.destinationType, r.protocol, r.ports, r.from])).toEqual([
      ['23.97.0.13/32', 'Cidr', 'TCP', ['1688'], 'jumpBox'],
      ['52.126.105.2/32', 'Cidr', 'TCP', ['1688'], 'jumpBox'],
    ]);
    for (const r of kms) {
      expect(formatCidr(parseCidr(r.destination)), r.id).toBe(r.destination);
      expect(r.reference).toBe('https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/custom-routes-enable-kms-activation#solution');
    }
    // Cidr entries are addresses, never tags: nothing to look up in the service tags file.
    expect(ruleTags(egressRules(spec()))).not.toContain('23.97.0.13/32');
  });

  it('records every runbook difference with a reason and a source', () => {
    expect(EGRESS_DEVIATIONS.length).toBeGreaterThanOrEqual(7);
    for (const d of EGRESS_DEVIATIONS) {
      expect(d.reason.length).toBeGreaterThan(20);
      expect(d.source.url).toMatch(/^https:\/\//);
    }
  });
});

describe('egressRules(spec)', () => {
  it('default spec: 85 rules: 34 for compute, the 17 package sources (on by default; CRAN with the RStudio image hosts, VS Code with its server ports), 34 for the jump box from its own subnet', () => {
    const rules = egressRules(spec());
    expect(rules).toHaveLength(85);
    expect(rules[0]?.source).toEqual([
      { subnet: 'Training', cidr: '172.16.0.0/24' },
      { subnet: 'Scoring', cidr: '172.16.1.0/24' },
    ]);
    for (const host of ['pypi.org', '*.pythonhosted.org', 'anaconda.com', '*.anaconda.com', '*.anaconda.org']) {
      expect(rules.find((r) => r.destination === host)?.from, host).toBe('compute');
    }
    const jump = rules.filter((r) => r.from === 'jumpBox');
    expect(jump).toHaveLength(34);
    for (const r of jump) expect(r.source).toEqual([{ subnet: 'JumpBox', cidr: '172.16.4.0/27' }]);
    expect(jump.map((r) => r.destination)).toEqual(expect.arrayContaining(['WindowsUpdate', 'portal.azure.us', 'login.microsoftonline.us', 'crl.microsoft.com', 'oneocsp.microsoft.com', 'definitionupdates.microsoft.com']));
    expect(jump.find((r) => r.destination === 'WindowsUpdate')?.destinationType).toBe('FqdnTag');
  });

  it('package sources closed and no jump box: the 34 compute rules', () => {
    const rules = egressRules(spec((s) => {
      s.firewall.packageSources.mode = 'closed';
      s.jumpBox.enabled = false;
    }));
    expect(rules).toHaveLength(34);
    expect(rules.some((r) => r.destination === 'pypi.org' || r.from === 'jumpBox')).toBe(false);
  });

  it('a private mirror replaces the public package sources, from compute, HTTPS only', () => {
    const rules = egressRules(spec((s) => {
      s.firewall.packageSources.mode = 'mirror';
      s.firewall.packageSources.mirror = ['artifacts.example.mil', 'conda.example.mil'];
    }));
    expect(rules.some((r) => r.destination === 'pypi.org')).toBe(false);
    const mirror = rules.filter((r) => r.id.startsWith('package-mirror-'));
    expect(mirror.map((r) => [r.destination, r.ports, r.from])).toEqual([
      ['artifacts.example.mil', ['443'], 'compute'],
      ['conda.example.mil', ['443'], 'compute'],
    ]);
  });

  // Conditions and the catalog entries they govern (src/catalog/egress.ts).
  it.each([
    ['hbi off drops the Batch key vault tag and host', (s: Spec) => (s.workspace.highBusinessImpact = false), ['AzureKeyVault.USGovVirginia', '*.vault.usgovcloudapi.net'], []],
    ['a private link scope drops AzureMonitor', (s: Spec) => (s.monitoring.privateLinkScope = true), ['AzureMonitor'], []],
    ['pypi off drops pypi.org and *.pythonhosted.org', (s: Spec) => (s.firewall.packageSources.pypi = false), ['pypi.org', '*.pythonhosted.org'], []],
    ['conda off drops the anaconda hosts', (s: Spec) => (s.firewall.packageSources.conda = false), ['anaconda.com', '*.anaconda.com', '*.anaconda.org'], []],
    ['cran off drops cloud.r-project.org', (s: Spec) => (s.firewall.packageSources.cran = false), ['cloud.r-project.org'], []],
    ['no jump box drops its rules', (s: Spec) => (s.jumpBox.enabled = false), ['WindowsUpdate', 'portal.azure.us', 'crl.microsoft.com'], []],
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

  it('package sources are optional rows; everything on gives the default 85', () => {
    const rules = egressRules(everything);
    expect(rules).toHaveLength(85);
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

describe('R on compute instances (firewall page, "Scenario: Install RStudio on compute instance")', () => {
  it('packageSources.cran brings CRAN and the RStudio image hosts on 443 from compute; off, none of them', () => {
    const hosts = ['cloud.r-project.org', 'ghcr.io', 'pkg-containers.githubusercontent.com'];
    const on = egressRules(spec());
    for (const h of hosts) expect(on.find((r) => r.destination === h), h).toMatchObject({ from: 'compute', ports: ['443'], required: false });
    const off = egressRules(spec((s) => (s.firewall.packageSources.cran = false)));
    for (const h of hosts) expect(off.some((r) => r.destination === h), h).toBe(false);
  });
});
