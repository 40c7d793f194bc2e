import { describe, expect, it } from 'vitest';
import type { AzureResource } from '../../src/core/resource.js';
import { summarize } from '../../src/core/verdict.js';
import { networkGraph } from '../../src/report/diagram.js';
import { inlineSvg, renderDot } from '../../src/report/graphviz.js';
import { formatReport } from '../../src/report/index.js';
import { OPTIONS } from './fixture.js';

const RG = '/subscriptions/s/resourceGroups/rg/providers';
const vnet = (name: string, space: string, subnets: [string, string, string?][], peer?: string): AzureResource => ({
  id: `${RG}/Microsoft.Network/virtualNetworks/${name}`,
  type: 'Microsoft.Network/virtualNetworks',
  name,
  properties: {
    addressSpace: { addressPrefixes: [space] },
    subnets: subnets.map(([n, p, rt]) => ({ name: n, properties: { addressPrefix: p, ...(rt ? { routeTable: { id: `${RG}/Microsoft.Network/routeTables/${rt}` } } : {}) } })),
    ...(peer ? { virtualNetworkPeerings: [{ name: 'p', properties: { remoteVirtualNetwork: { id: `${RG}/Microsoft.Network/virtualNetworks/${peer}` } } }] } : {}),
  },
});
const subnetId = (v: string, s: string): string => `${RG}/Microsoft.Network/virtualNetworks/${v}/subnets/${s}`;

const RESOURCES: AzureResource[] = [
  vnet('hub', '10.0.0.0/16', [['AzureFirewallSubnet', '10.0.1.0/26']], 'spoke'),
  vnet('spoke', '10.1.0.0/16', [['Training', '10.1.0.0/24', 'rt'], ['we"ird\\name', '10.1.1.0/24']], 'hub'),
  { id: `${RG}/Microsoft.Network/azureFirewalls/fw`, type: 'Microsoft.Network/azureFirewalls', name: 'fw', properties: { ipConfigurations: [{ properties: { subnet: { id: subnetId('hub', 'AzureFirewallSubnet') } } }] } },
  { id: `${RG}/Microsoft.Network/routeTables/rt`, type: 'Microsoft.Network/routeTables', name: 'rt', properties: { routes: [{ name: 'd', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' } }] } },
  { id: `${RG}/Microsoft.Network/privateEndpoints/pe-kv`, type: 'Microsoft.Network/privateEndpoints', name: 'pe-kv', properties: { subnet: { id: subnetId('spoke', 'Training') }, privateLinkServiceConnections: [{ properties: { privateLinkServiceId: `${RG}/Microsoft.KeyVault/vaults/kv1`, groupIds: ['vault'] } }] } },
];

describe('network diagram', () => {
  const g = networkGraph(RESOURCES);

  it('names every subnet; a route to an address in the firewall subnet points at the firewall; one edge per peering pair', () => {
    expect(g?.subnets).toEqual(['AzureFirewallSubnet', 'Training', 'we"ird\\name']);
    const dot = g?.dot ?? '';
    expect(dot.match(/label="peering"/g)).toHaveLength(1);
    expect(dot).toMatch(/-> n\d+ \[label="0\.0\.0\.0\/0", style=dashed/);
    expect(dot).not.toContain('next hop');
    expect(dot).toContain('label="Microsoft.KeyVault/vaults\\nkv1"');
    expect(dot).toContain('we\\"ird\\\\name');
  });

  it('no VNet, no diagram', () => expect(networkGraph(RESOURCES.slice(2))).toBeUndefined());

  it('Graphviz (wasm, offline) lays it out as inline SVG with no external reference', async () => {
    const svg = await renderDot(g?.dot ?? '');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/<!DOCTYPE|<\?xml|xlink|http:\/\/|https:\/\//);
    for (const s of ['AzureFirewallSubnet', 'Training', 'fw', 'pe&#45;kv']) expect(svg).toContain(s);
  }, 60_000);

  it('inlineSvg drops the prolog, DOCTYPE, comments and namespaces', () => {
    expect(inlineSvg('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "x" "http://www.w3.org/x.dtd">\n<!-- c --><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><g/></svg>')).toBe('<svg><g/></svg>');
  });

  it('the HTML says why a network too large was not drawn', () => {
    const html = formatReport({ results: [], summary: summarize([]) }, 'html', { ...OPTIONS, diagram: { svg: '', subnets: ['a'], omitted: '900 nodes, more than the 600 drawn' } });
    expect(html).toContain('Not drawn: 900 nodes, more than the 600 drawn.');
  });
});
