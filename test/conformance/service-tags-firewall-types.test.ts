import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTypeIndex, formatFindings, validateResource } from '../../src/azuretypes/index.js';
import { emitFirewall } from '../../src/emit/firewall.js';
import { defaultSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/schema.js';
import { sharedPath } from './shared.js';

// The step D fragment's resources against the official type definitions (../shared/azure-types) of the
// apiVersions the catalog picks: zero findings, for both firewall modes and both SKUs.
const index = buildTypeIndex(
  [
    ['network', 'microsoft.network', '2025-01-01'],
    ['monitor_1', 'microsoft.insights', '2021-05-01-preview'],
  ].map(([folder, ns, v]) => {
    const path = sharedPath('azure-types', folder as string, ns as string, v as string, 'types.json');
    return { path, json: JSON.parse(readFileSync(path, 'utf8')) as unknown };
  }),
);

function variant(change: (s: Spec) => void): Spec {
  const s = defaultSpec();
  change(s);
  return s;
}

describe('step D emitter against the official Azure types', () => {
  it.each([
    ['default (azureFirewall, Premium)', variant(() => undefined)],
    ['Standard SKU, DNS proxy off, all package sources', variant((s) => {
      s.firewall.sku = 'Standard';
      s.firewall.dnsProxy = false;
      for (const k of Object.keys(s.firewall.packageSources) as (keyof Spec['firewall']['packageSources'])[]) s.firewall.packageSources[k] = true;
    })],
    ['existing firewall', variant((s) => {
      s.firewall.mode = 'existing';
      s.firewall.privateIp = '10.0.0.4';
    })],
  ])('%s: zero findings', (_name, spec) => {
    expect(index.diagnostics).toEqual([]);
    const fragment = emitFirewall(spec);
    const findings = fragment.resources.flatMap((r, i) => validateResource(index, r, { templatePath: `resources[${i}]` }));
    expect(formatFindings(findings)).toEqual(formatFindings([]));
    expect(findings).toHaveLength(0);
  });
});
