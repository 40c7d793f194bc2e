import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiVersionFact } from '../../src/catalog/api-versions.js';
import { commercialSuffixesIn, workloadDnsZones } from '../../src/catalog/dns-zones.js';
import { buildPlan, withoutArmSchemaUrls } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/schema.js';
import { declaredId } from './ids.js';

/** Specs that pass validation: the knobs the emitters branch on, each drawn from its valid values. */
const specs: fc.Arbitrary<Spec> = fc
  .record({
    prefix: fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/),
    region: fc.constantFrom('usgovvirginia', 'usgovarizona'),
    tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z-]{0,9}$/), fc.stringMatching(/^[a-z0-9]{0,8}$/), { maxKeys: 3 }),
    keySize: fc.constantFrom(2048, 3072, 4096),
    jumpBox: fc.boolean(),
    isolation: fc.constantFrom('dedicatedHost', 'isolatedSize') as fc.Arbitrary<'dedicatedHost' | 'isolatedSize'>,
    autoShutdown: fc.boolean(),
    dns: fc.constantFrom('private', 'central') as fc.Arbitrary<'private' | 'central'>,
    firewall: fc.constantFrom('azureFirewall', 'existing') as fc.Arbitrary<'azureFirewall' | 'existing'>,
    publicAccess: fc.boolean(),
  })
  .map((k) => {
    const s = defaultSpec();
    s.prefix = k.prefix;
    s.region = k.region;
    s.tags = k.tags;
    s.keyVault.key.size = k.keySize;
    s.jumpBox.enabled = k.jumpBox;
    s.jumpBox.isolation = k.isolation;
    s.jumpBox.autoShutdown.enabled = k.autoShutdown;
    s.dns.mode = k.dns;
    if (k.dns === 'central') {
      s.dns.zoneIds = Object.fromEntries(
        workloadDnsZones(true).map((z) => [z.zone, `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/${z.zone}`]),
      );
    }
    s.firewall.mode = k.firewall;
    if (k.firewall === 'existing') s.firewall.privateIp = '10.0.0.4';
    s.posture.publicNetworkAccess = k.publicAccess;
    return s;
  });


describe('plan invariants over valid specs (property)', () => {
  it('deterministic, self-consistent, Government-only, tagged, no secrets in parameters', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const plan = buildPlan(spec);
        const again = buildPlan(structuredClone(spec)).files();
        expect(again).toEqual(plan.files());
        const rs = plan.template.resources;
        const ids = new Set(rs.map(declaredId));
        expect(ids.size).toBe(rs.length);
        for (const r of rs) {
          for (const d of r.dependsOn ?? []) expect(ids.has(d), `${r.name} -> ${d}`).toBe(true);
          if (r.type !== 'Microsoft.Resources/deployments' && apiVersionFact(r.type).taggable && Object.keys(spec.tags).length > 0) {
            // The jump box adds the guest configuration tag (IL5-VM-004).
            expect(r.tags).toEqual(r.type === 'Microsoft.Compute/virtualMachines' ? { ...spec.tags, EnablePrivateNetworkGC: 'TRUE' } : spec.tags);
          }
        }
        for (const text of plan.files().values()) expect(commercialSuffixesIn(withoutArmSchemaUrls(text))).toEqual([]);
        expect(Object.keys(plan.parameters.parameters)).not.toContain('jumpBoxAdminPassword');
        expect(plan.deploySh.includes('IL5ML_JUMPBOX_ADMIN_PASSWORD')).toBe(spec.jumpBox.enabled);
        const hasHost = rs.some((r) => r.type === 'Microsoft.Compute/hostGroups');
        expect(hasHost).toBe(spec.jumpBox.enabled && spec.jumpBox.isolation === 'dedicatedHost');
        expect(rs.some((r) => r.type === 'Microsoft.Network/privateDnsZones')).toBe(spec.dns.mode === 'private');
      }),
      { numRuns: 60 },
    );
  });
});
