import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localeOrder } from '../../src/core/collate.js';

const sign = (n: number): number => Math.sign(n);
const plain = fc.string({ unit: fc.constantFrom(...'aAbBiIzZ019.-/'.split('')), maxLength: 8 });

describe('localeOrder (localeCompare without ICU for type names and API versions)', () => {
  it('orders as localeCompare does, on strings of letters, digits, ".", "/" and "-"', () => {
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        expect(sign(localeOrder(a, b))).toBe(sign(a.localeCompare(b)));
        expect(sign(localeOrder(a, b))).toBe(sign(a.localeCompare(b, 'en-US')));
      }),
      { numRuns: 5000 },
    );
  });

  it('orders the cases that ASCII order gets wrong as localeCompare does', () => {
    const types = ['Microsoft.Network/virtualNetworks', 'Microsoft.insights/diagnosticSettings', 'Microsoft.KeyVault/vaults', 'microsoft.keyvault/vaults', 'Microsoft.Network/privateDnsZones/A', 'Microsoft.Network/privateDnsZones'];
    expect([...types].sort(localeOrder)).toEqual([...types].sort((a, b) => a.localeCompare(b)));
    expect(['2023-05-01-preview', '2023-05-01', '2022-12-01'].sort(localeOrder)).toEqual(['2022-12-01', '2023-05-01', '2023-05-01-preview']);
  });

  it('hands other characters to localeCompare', () => {
    for (const [a, b] of [['é', 'f'], ['a_b', 'a-b'], ['Z', 'ä'], ['a b', 'ab']] as const) expect(sign(localeOrder(a, b))).toBe(sign(a.localeCompare(b)));
  });
});
