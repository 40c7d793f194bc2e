import { workloadDnsZones } from '../../src/catalog/dns-zones.js';
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

/** The Mission Landing Zone spoke of issue 9, section 5: exactly the spec keys, a hub with three zones. */
export const MLZ_SUB = '/subscriptions/11111111-2222-3333-4444-555555555555';
export const MLZ_HUB_VNET = `${MLZ_SUB}/resourceGroups/mlz-hub-rg/providers/Microsoft.Network/virtualNetworks/mlz-hub-vnet`;
export const MLZ_LOG = `${MLZ_SUB}/resourceGroups/mlz-ops-rg/providers/Microsoft.OperationalInsights/workspaces/mlz-ops-log`;
export const MLZ_ZONES = `${MLZ_SUB}/resourceGroups/mlz-hub-rg/providers/Microsoft.Network/privateDnsZones`;
export const MLZ_HUB_ZONES = ['privatelink.vaultcore.usgovcloudapi.net', 'privatelink.blob.core.usgovcloudapi.net', 'privatelink.file.core.usgovcloudapi.net'];
export const MLZ_SPOKE_YAML = [
  'network:',
  '  addressSpace: 10.0.120.0/21',
  '  subnets:',
  '    training: 10.0.120.0/24',
  '    scoring: 10.0.121.0/24',
  '    jumpBox: 10.0.122.0/27',
  '    privateEndpoints: 10.0.123.0/24',
  '  hub:',
  `    virtualNetworkId: ${MLZ_HUB_VNET}`,
  '  dnsServers: [10.0.100.4]',
  'firewall: {mode: existing, privateIp: 10.0.100.4}',
  'dns:',
  '  mode: central',
  '  zoneIds:',
  ...MLZ_HUB_ZONES.map((z) => `    ${z}: ${MLZ_ZONES}/${z}`),
  'monitoring:',
  `  logAnalyticsWorkspaceId: ${MLZ_LOG}`,
  '',
].join('\n');

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
        ['dns:', '  mode: central', '  zoneIds:', ...workloadDnsZones(true).map((z) => `    ${z.zone}: ${HUB}/${z.zone}`), ''].join('\n'),
      ),
  },
  { name: 'mlz-spoke', spec: () => specFrom(MLZ_SPOKE_YAML) },
];
