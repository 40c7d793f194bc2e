import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allOf, anyOf, equals, fact, not, read, type Cond } from '../../src/baseline/cond.js';
import { dockerBridgeWarnings } from '../../src/net/docker-bridge.js';
import { isCommercialZone } from '../../src/baseline/rules/IL5-DNS-001.js';
import { examples } from '../../src/baseline/examples.js';
import { ALL_DNS_ZONES } from '../../src/catalog/dns-zones.js';
import { Unknown, isUnknown } from '../../src/core/unknown.js';

const tri = fc.constantFrom<boolean | 'u'>(true, false, 'u');
const cond = (t: boolean | 'u'): Cond => fact(t === 'u' ? new Unknown('u') : t, String(t));
const val = (c: Cond): boolean | 'u' => (isUnknown(c.v) ? 'u' : c.v);

describe('three-valued conditions (Kleene logic)', () => {
  it('obey De Morgan, with Unknown', () => {
    fc.assert(
      fc.property(tri, tri, (a, b) => {
        expect(val(not(allOf(cond(a), cond(b))))).toBe(val(anyOf(not(cond(a)), not(cond(b)))));
        expect(val(not(anyOf(cond(a), cond(b))))).toBe(val(allOf(not(cond(a)), not(cond(b)))));
      }),
    );
  });

  it('decide without the Unknown operand whenever the known one decides', () => {
    fc.assert(
      fc.property(tri, (a) => {
        expect(val(allOf(cond(false), cond(a)))).toBe(false);
        expect(val(anyOf(cond(true), cond(a)))).toBe(true);
        expect(val(allOf(cond(true), cond(a)))).toBe(a);
        expect(val(anyOf(cond(false), cond(a)))).toBe(a);
      }),
    );
  });

  it('compare text case-insensitively, never throwing on any JSON', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._-]{0,12}$/), fc.json(), (s, j) => {
        expect(equals({ p: { q: s.toUpperCase() } }, 'p.q', s.toLowerCase()).v).toBe(true);
        const root: unknown = JSON.parse(j);
        expect(() => read(root, 'properties.a.b')).not.toThrow();
        expect(read({ properties: { a: new Unknown('x') } }, 'properties.a.b').kind).toBe('unknown');
      }),
    );
  });
});

/** An independent oracle: IPv4 ranges as integers. */
function range(ip: number, len: number): [number, number] {
  const size = 2 ** (32 - len);
  const start = Math.floor(ip / size) * size;
  return [start, start + size - 1];
}
const text = (ip: number): string => [24, 16, 8, 0].map((s) => Math.floor(ip / 2 ** s) % 256).join('.');

describe('the Docker bridge warning against integer arithmetic', () => {
  it('warns exactly when a prefix intersects 172.17.0.0/16', () => {
    const bridge = range(0xac110000, 16);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 30 }), (ip, len) => {
        const [s, e] = range(ip, len);
        const cidr = `${text(s)}/${len}`;
        const vnet = { ...examples.vnet(), properties: { addressSpace: { addressPrefixes: [cidr] } } };
        const overlaps = s <= bridge[1] && e >= bridge[0];
        expect(dockerBridgeWarnings([vnet]).length).toBe(overlaps ? 1 : 0);
      }),
    );
  });
});

describe('IL5-DNS-001 zone classification', () => {
  it('flags every commercial zone of the catalog and no Government zone', () => {
    for (const z of ALL_DNS_ZONES) {
      expect(isCommercialZone(z.commercialZone), z.commercialZone).toBe(true);
      expect(isCommercialZone(z.zone), z.zone).toBe(false);
      expect(isCommercialZone(`${z.commercialZone.toUpperCase()}.`), 'trailing dot, upper case').toBe(true);
    }
  });
});
