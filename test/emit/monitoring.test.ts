import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiVersionFact } from '../../src/catalog/api-versions.js';
import { commercialSuffixesIn, MONITOR_DNS_ZONES, workloadDnsZones } from '../../src/catalog/dns-zones.js';
import { RUNBOOK_DEVIATIONS } from '../../src/catalog/runbook-deviations.js';
import { MONITOR_API_VERSIONS, PRIVATE_LINK_SCOPE_API, SCOPED_RESOURCE_API, monitorNames } from '../../src/emit/monitoring.js';
import { buildPlan, withoutArmSchemaUrls } from '../../src/emit/plan.js';
import type { ArmResourceDecl } from '../../src/emit/types.js';
import { defaultSpec } from '../../src/spec/load.js';
import { resourceNames } from '../../src/spec/names.js';
import { runMain } from '../helpers/cli.js';
import { HUB, specFrom } from './specs.js';

const SCOPE = 'Microsoft.Insights/privateLinkScopes';
const SCOPED = 'Microsoft.Insights/privateLinkScopes/scopedResources';
const PE = 'Microsoft.Network/privateEndpoints';
const ZONE_GROUP = 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups';
const ZONE = 'Microsoft.Network/privateDnsZones';
const LINK = 'Microsoft.Network/privateDnsZones/virtualNetworkLinks';
const LOG = 'Microsoft.OperationalInsights/workspaces';
const APPI = 'Microsoft.Insights/components';

/**
 * Expected zones of the Azure Monitor endpoint, typed out from Microsoft Learn, "Azure Private Endpoint private
 * DNS zone values", Government table, row "Azure Monitor (Microsoft.Insights/privateLinkScopes)", subresource
 * azuremonitor (https://learn.microsoft.com/azure/private-link/private-endpoint-dns#government, read 2026-11-25).
 */
const GOV_MONITOR_ZONES = [
  'privatelink.monitor.azure.us',
  'privatelink.oms.opinsights.azure.us',
  'privatelink.ods.opinsights.azure.us',
  'privatelink.agentsvc.azure-automation.us',
  'privatelink.blob.core.usgovcloudapi.net',
];

const SCOPE_ON = 'monitoring:\n  privateLinkScope: true\n';
const onSpec = () => specFrom(SCOPE_ON);
const centralOnSpec = () =>
  specFrom(
    [
      'monitoring:',
      '  privateLinkScope: true',
      'dns:',
      '  mode: central',
      '  zoneIds:',
      ...[...workloadDnsZones(true), ...MONITOR_DNS_ZONES].map((z) => `    ${z.zone}: ${HUB}/${z.zone}`),
      '',
    ].join('\n'),
  );

function ofType(rs: readonly ArmResourceDecl[], type: string): ArmResourceDecl[] {
  return rs.filter((r) => r.type === type);
}

function one(rs: readonly ArmResourceDecl[], type: string, name?: string): ArmResourceDecl {
  const found = ofType(rs, type).filter((r) => name === undefined || r.name === name);
  expect(found, `${type} ${name ?? ''}`).toHaveLength(1);
  return found[0] as ArmResourceDecl;
}

function props(r: ArmResourceDecl): Record<string, unknown> {
  return (r.properties ?? {}) as Record<string, unknown>;
}

/** The zone names a zone group points at: the last segment of each privateDnsZoneId. */
function groupZones(group: ArmResourceDecl): string[] {
  const configs = props(group).privateDnsZoneConfigs as { properties: { privateDnsZoneId: string } }[];
  return configs.map((c) => {
    const id = c.properties.privateDnsZoneId;
    const m = /'([^']+)'\)\]$/.exec(id);
    return m ? (m[1] as string) : (id.split('/').pop() as string);
  });
}

describe('monitoring.privateLinkScope false (the default): nothing of the scope', () => {
  const spec = defaultSpec();
  const plan = buildPlan(spec);
  const rs = plan.template.resources;
  const n = resourceNames(spec);

  it('no scope, scoped resource, Azure Monitor endpoint or monitor zone', () => {
    expect(ofType(rs, SCOPE)).toEqual([]);
    expect(ofType(rs, SCOPED)).toEqual([]);
    expect(ofType(rs, PE).map((p) => p.name)).not.toContain(monitorNames(spec).privateEndpoint);
    const zones = ofType(rs, ZONE).map((z) => z.name);
    for (const z of MONITOR_DNS_ZONES) expect(zones).not.toContain(z.zone);
  });

  it('Log Analytics and Application Insights keep public ingestion and query (no property set: Azure default Enabled)', () => {
    for (const type of [LOG, APPI]) {
      expect(props(one(rs, type)).publicNetworkAccessForIngestion, type).toBeUndefined();
      expect(props(one(rs, type)).publicNetworkAccessForQuery, type).toBeUndefined();
    }
    expect(plan.planMd).toContain(`${n.logAnalytics} and ${n.appInsights} keep public network access for ingestion and query`);
    expect(plan.planMd).not.toContain('private link scope ' + monitorNames(spec).scope);
  });
});

describe('monitoring.privateLinkScope true, private DNS (issue 3, section 2)', () => {
  const spec = onSpec();
  const n = resourceNames(spec);
  const m = monitorNames(spec);
  const plan = buildPlan(spec);
  const rs = plan.template.resources;
  const scopeId = `[resourceId('${SCOPE}', '${m.scope}')]`;

  it('one scope, global, ingestion and query access modes PrivateOnly, tagged with spec.tags', () => {
    const scope = one(rs, SCOPE, m.scope);
    expect(scope.apiVersion).toBe(PRIVATE_LINK_SCOPE_API.apiVersion);
    expect(scope.location).toBe('global');
    expect(scope.tags).toEqual(spec.tags);
    expect(props(scope)).toEqual({ accessModeSettings: { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'PrivateOnly' } });
  });

  it('scoped resources: the Log Analytics workspace and Application Insights, each after the scope and its target', () => {
    const scoped = ofType(rs, SCOPED);
    expect(scoped.map((r) => r.name)).toEqual([`${m.scope}/${n.logAnalytics}`, `${m.scope}/${n.appInsights}`]);
    const targets = [`[resourceId('${LOG}', '${n.logAnalytics}')]`, `[resourceId('${APPI}', '${n.appInsights}')]`];
    scoped.forEach((r, i) => {
      expect(r.apiVersion).toBe(SCOPED_RESOURCE_API.apiVersion);
      expect(props(r)).toEqual({ linkedResourceId: targets[i] });
      expect(r.dependsOn).toEqual([scopeId, targets[i]].sort());
      // A proxy resource: no location, no tags.
      expect(r.location).toBeUndefined();
      expect(r.tags).toBeUndefined();
    });
  });

  it('a private endpoint (azuremonitor) in Training on the scope, after the scoped resources', () => {
    const pe = one(rs, PE, m.privateEndpoint);
    expect(props(pe).privateLinkServiceConnections).toEqual([
      { name: m.privateEndpoint, properties: { privateLinkServiceId: scopeId, groupIds: ['azuremonitor'] } },
    ]);
    expect(JSON.stringify(props(pe).subnet)).toContain("'PrivateEndpoints'");
    for (const target of [n.logAnalytics, n.appInsights]) expect(pe.dependsOn).toContain(`[resourceId('${SCOPED}', '${m.scope}', '${target}')]`);
  });

  it('its zone group spans the four Government monitor zones and the blob zone, in the order of the Learn table', () => {
    const group = one(rs, ZONE_GROUP, `${m.privateEndpoint}/default`);
    expect(groupZones(group)).toEqual(GOV_MONITOR_ZONES);
    for (const z of GOV_MONITOR_ZONES) expect(group.dependsOn).toContain(`[resourceId('${ZONE}', '${z}')]`);
  });

  it('the four monitor zones are created and linked to the VNet, once each; blob stays one zone', () => {
    const zones = ofType(rs, ZONE).map((z) => z.name);
    expect(zones).toEqual([...workloadDnsZones(true).map((z) => z.zone), ...GOV_MONITOR_ZONES.slice(0, 4)]);
    expect(ofType(rs, LINK).map((l) => l.name)).toEqual(zones.map((z) => `${z}/${n.vnet}-link`));
    // One zone group an endpoint: the eight workload endpoints (queue and table: storage.queueAndTablePrivateEndpoints) and the Azure Monitor one.
    expect(ofType(rs, ZONE_GROUP)).toHaveLength(9);
  });

  it('Log Analytics and Application Insights close public ingestion and query', () => {
    for (const type of [LOG, APPI]) {
      expect(props(one(rs, type)), type).toMatchObject({ publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled' });
    }
  });

  it('no commercial-cloud suffix or monitor zone anywhere in the four files', () => {
    for (const [name, file] of plan.files()) {
      const text = withoutArmSchemaUrls(file);
      expect(commercialSuffixesIn(text), `${name} contains a commercial-cloud suffix`).toEqual([]);
      for (const z of [...workloadDnsZones(true), ...MONITOR_DNS_ZONES]) expect(text.includes(z.commercialZone), `${name} contains ${z.commercialZone}`).toBe(false);
    }
  });

  it('plan.md: the scope under step DNS, the closed access under step B, no "not yet" left', () => {
    const md = plan.planMd;
    const dns = md.slice(md.indexOf('### DNS.'), md.indexOf('## Departures from the runbook'));
    expect(dns.length).toBeGreaterThan(0);
    expect(dns).toContain(`Azure Monitor private link scope ${m.scope} (ingestion and query PrivateOnly)`);
    expect(dns).toContain(GOV_MONITOR_ZONES.join(', '));
    expect(md).toContain(`${n.logAnalytics} and ${n.appInsights} close public network access for ingestion and query`);
    expect(md).not.toContain('does not create the Azure Monitor private link scope yet');
    // The departure from the runbook's "Application insights: Use the default value" (step C), only with the scope.
    expect(plan.deviations.map((d) => d.runbook)).toContain(RUNBOOK_DEVIATIONS.monitorPrivateLinkScope.runbook);
    expect(buildPlan(defaultSpec()).deviations.map((d) => d.runbook)).not.toContain(RUNBOOK_DEVIATIONS.monitorPrivateLinkScope.runbook);
  });

  it('the built-in baseline finds nothing NonCompliant or Unknown', () => {
    expect(plan.compliance.summary.byCompliance.NonCompliant).toBe(0);
    expect(plan.compliance.summary.byCompliance.Unknown).toBe(0);
    expect(plan.compliance.expansion).toEqual([]);
  });

  it('every resource uses its catalog apiVersion, or the one src/emit chose, and tags where the type takes them', () => {
    for (const r of rs) {
      const fact = apiVersionFact(r.type);
      expect(r.apiVersion, r.type).toBe(fact.apiVersion);
      const expected = r.type === 'Microsoft.Compute/virtualMachines' ? { ...spec.tags, EnablePrivateNetworkGC: 'TRUE' } : spec.tags;
      if (fact.taggable) expect(r.tags, `${r.type} ${r.name}`).toEqual(expected);
      else expect(r.tags, `${r.type} ${r.name}`).toBeUndefined();
    }
  });
});

describe('monitoring.privateLinkScope true with dns.mode central', () => {
  it("creates no zones; the Azure Monitor endpoint's zone group points at the hub's five zones", () => {
    const spec = centralOnSpec();
    const rs = buildPlan(spec).template.resources;
    expect(ofType(rs, ZONE)).toEqual([]);
    expect(ofType(rs, LINK)).toEqual([]);
    const group = one(rs, ZONE_GROUP, `${monitorNames(spec).privateEndpoint}/default`);
    const ids = (props(group).privateDnsZoneConfigs as { properties: { privateDnsZoneId: string } }[]).map((c) => c.properties.privateDnsZoneId);
    expect(ids).toEqual(GOV_MONITOR_ZONES.map((z) => `${HUB}/${z}`));
  });

  it('plan.md warns that the hub allows one scope per DNS (Learn, private-link-design); private DNS does not', () => {
    expect(buildPlan(centralOnSpec()).planMd).toContain("if the hub already runs a private link scope, leave monitoring.privateLinkScope off");
    expect(buildPlan(onSpec()).planMd).not.toContain('one scope per DNS');
  });

  it('the hub lacks the monitor zones: the plan creates them and links them (issue 9: never an error)', () => {
    const spec = centralOnSpec();
    for (const z of MONITOR_DNS_ZONES) delete spec.dns.zoneIds[z.zone];
    const rs = buildPlan(spec).template.resources;
    expect(ofType(rs, ZONE).map((z) => z.name)).toEqual(MONITOR_DNS_ZONES.map((z) => z.zone));
  });
});

describe('the apiVersion of the scope types (issue 9: GA 2021-09-01, from the catalog)', () => {
  it.each(MONITOR_API_VERSIONS.map((f) => [f.type, f] as const))('%s: GA 2021-09-01 from the catalog, sourced from the types commit', (type, f) => {
    expect(f).toBe(apiVersionFact(type));
    expect(f.apiVersion).toBe('2021-09-01');
    expect(f.source.url).toContain('/monitor_1/microsoft.insights/2021-09-01/types.json');
    expect(f.source.read).toBe('2026-11-25');
  });
  it('the scope takes tags; the scoped resource (a proxy resource) does not', () => {
    expect([PRIVATE_LINK_SCOPE_API.taggable, SCOPED_RESOURCE_API.taggable]).toEqual([true, false]);
  });
});

describe('il5ml plan --spec, as a user types it', () => {
  const dirs: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'il5ml-ampls-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('monitoring.privateLinkScope true: exits 0 and writes the plan with the scope, byte for byte', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'ampls.yaml'), SCOPE_ON);
    const r = await runMain(['plan', '--spec', 'ampls.yaml', '--out', 'o'], { cwd });
    expect(r.stderr).toBe('il5ml: spec ampls.yaml (--spec)\n');
    expect(r.code).toBe(0);
    expect(readdirSync(join(cwd, 'o')).sort()).toEqual(['azuredeploy.json', 'azuredeploy.parameters.json', 'deploy.sh', 'plan.md']);
    for (const [name, text] of buildPlan(onSpec()).files()) expect(readFileSync(join(cwd, 'o', name), 'utf8'), name).toBe(text);
    expect(readFileSync(join(cwd, 'o', 'azuredeploy.json'), 'utf8')).toContain('"type": "Microsoft.Insights/privateLinkScopes"');
  });

  it('with dns.mode central and no monitor zone IDs: exits 0, the monitor zones created here', async () => {
    const cwd = tmp();
    const yaml = ['monitoring:', '  privateLinkScope: true', 'dns:', '  mode: central', '  zoneIds:', ...workloadDnsZones(true).map((z) => `    ${z.zone}: ${HUB}/${z.zone}`), ''].join('\n');
    writeFileSync(join(cwd, 'hub.yaml'), yaml);
    const r = await runMain(['plan', '--spec', 'hub.yaml', '--out', 'o'], { cwd });
    expect(r.code).toBe(0);
    const template = readFileSync(join(cwd, 'o', 'azuredeploy.json'), 'utf8');
    for (const z of MONITOR_DNS_ZONES) expect(template).toContain(`"name": "${z.zone}"`);
  });
});
