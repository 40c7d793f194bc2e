import { WORKLOAD_DNS_ZONES } from '../../src/catalog/dns-zones.js';
import { defaultSpec, loadSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/schema.js';
import { validateSpec } from '../../src/validate/index.js';

/** A spec from YAML as a user writes it, defaults applied; fails the test unless it loads and validates. */
export function specFrom(yaml: string, file = 'test.yaml'): Spec {
  const loaded = loadSpec(yaml, file);
  const errors = validateSpec(loaded).filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`test spec does not load: ${errors.map((d) => d.message).join('; ')}`);
  return loaded.spec;
}

/** The three golden plans of issue 2: the default, an isolated-size jump box in Arizona, central DNS. */
export const HUB = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub-dns/providers/Microsoft.Network/privateDnsZones';

export const VARIANTS: ReadonlyArray<{ name: string; spec: () => Spec }> = [
  { name: 'default', spec: () => defaultSpec() },
  {
    name: 'isolated-arizona',
    spec: () =>
      specFrom(['region: usgovarizona', 'jumpBox:', '  isolation: isolatedSize', '  vmSize: Standard_E104i_v5', ''].join('\n')),
  },
  {
    name: 'central-dns',
    spec: () =>
      specFrom(
        ['dns:', '  mode: central', '  zoneIds:', ...WORKLOAD_DNS_ZONES.map((z) => `    ${z.zone}: ${HUB}/${z.zone}`), ''].join('\n'),
      ),
  },
];
