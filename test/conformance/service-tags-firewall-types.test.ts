import { PACKAGE_SOURCE_KEYS } from '../../src/catalog/egress.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commercialSuffixesIn } from '../../src/catalog/dns-zones.js';
import { buildTypeIndex, formatFindings, validateResource, validateTemplate } from '../../src/azuretypes/index.js';
import { emitFirewall } from '../../src/emit/firewall.js';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/schema.js';
import { sharedPath } from './shared.js';

// The step D fragment's resources, and the whole plan with step D plugged in, against the official
// type definitions (../shared/azure-types) of the apiVersions the catalog picks: zero findings.
const root = sharedPath('azure-types');
const index = buildTypeIndex(
  (readdirSync(root, { recursive: true }) as string[])
    .map((p) => p.replace(/\\/g, '/'))
    .filter((p) => p.endsWith('/types.json'))
    .sort()
    .map((p) => ({ path: p, json: JSON.parse(readFileSync(join(root, p), 'utf8')) as unknown })),
);

function variant(change: (s: Spec) => void): Spec {
  const s = defaultSpec();
  change(s);
  return s;
}

const VARIANTS: [string, Spec][] = [
  ['default (azureFirewall, Premium)', variant(() => undefined)],
  [
    'Standard SKU, DNS proxy off, all package sources',
    variant((s) => {
      s.firewall.sku = 'Standard';
      s.firewall.dnsProxy = false;
      for (const k of PACKAGE_SOURCE_KEYS) s.firewall.packageSources[k] = true;
    }),
  ],
  [
    'existing firewall',
    variant((s) => {
      s.firewall.mode = 'existing';
      s.firewall.privateIp = '10.0.0.4';
    }),
  ],
];

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

describe('step D against the official Azure types', () => {
  it.each(VARIANTS)('%s: the fragment has zero findings', (_name, spec) => {
    expect(index.diagnostics).toEqual([]);
    const fragment = emitFirewall(spec);
    const findings = fragment.resources.flatMap((r, i) => validateResource(index, r, { templatePath: `resources[${i}]` }));
    expect(formatFindings(findings)).toEqual([]);
  });

  it.each(VARIANTS)('%s: buildPlan(spec, [emitFirewall]) has zero findings and no commercial host', (name, spec) => {
    const plan = buildPlan(spec, [emitFirewall]);
    const types = plan.template.resources.map((r) => r.type);
    if (spec.firewall.mode === 'azureFirewall') expect(types).toContain('Microsoft.Network/azureFirewalls');
    expect(types).toContain('Microsoft.Network/routeTables');
    const findings = validateTemplate(index, plan.template);
    console.log(`step D, ${name}: ${plan.template.resources.length} resources, ${findings.length} findings`);
    expect(formatFindings(findings)).toEqual([]);
    // graph.windows.net and *.instances.azureml.ms are the commercial-suffix hosts the Government guidance lists (GOVERNMENT_LISTED_COMMERCIAL_HOSTS).
    for (const s of strings(plan.template)) expect(commercialSuffixesIn(s).filter((x) => s.toLowerCase().endsWith(x)), s).toEqual([]);
  });
});
