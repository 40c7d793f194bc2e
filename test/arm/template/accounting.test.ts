import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expand, innerDeployment } from './helpers.js';

/**
 * Property: whatever the mix of conditions, copy counts, children and nested deployments, every
 * declaration is accounted for — each deployed instance is in `resources`, each declaration that deploys
 * nothing is in `skipped` — and the number of resources is what the template says.
 */
interface Decl {
  condition: boolean;
  count: number | undefined;
  children: { condition: boolean }[];
  nested: boolean;
}

const decl: fc.Arbitrary<Decl> = fc.record({
  condition: fc.boolean(),
  count: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  children: fc.array(fc.record({ condition: fc.boolean() }), { maxLength: 2 }),
  nested: fc.boolean(),
});

function declare(d: Decl, i: number): Record<string, unknown> {
  const name = d.count === undefined ? `r${i}` : `[format('r${i}-{0}', copyIndex())]`;
  const base = { condition: d.condition, ...(d.count !== undefined ? { copy: { name: `loop${i}`, count: d.count } } : {}) };
  if (d.nested) {
    return innerDeployment(name, { resources: d.children.map((c, j) => ({ condition: c.condition, type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2023-04-01', name: `n${j}`, location: 'x' })) }, base);
  }
  return {
    ...base,
    type: 'Microsoft.Network/virtualNetworks',
    apiVersion: '2023-04-01',
    name,
    location: 'x',
    resources: d.children.map((c, j) => ({ condition: c.condition, type: 'subnets', apiVersion: '2023-04-01', name: `s${j}` })),
  };
}

describe('no resource is dropped silently', () => {
  it('accounts for every declaration of any mix of conditions, loops, children and nested deployments', () => {
    fc.assert(
      fc.property(fc.array(decl, { maxLength: 5 }), (decls) => {
        const r = expand({ resources: decls.map(declare) });
        expect(r.diagnostics).toEqual([]);
        let expected = 0;
        for (const d of decls) {
          const copies = d.condition ? (d.count ?? 1) : 0;
          expected += copies * (1 + d.children.filter((c) => c.condition).length);
        }
        expect(r.resources).toHaveLength(expected);
        const reached = new Set([...r.resources.map((x) => String(x.declaration)), ...r.skipped.map((s) => s.declaration)]);
        decls.forEach((d, i) => {
          expect(reached.has(`resources[${i}]`)).toBe(true);
          d.children.forEach((_, j) => expect(reached.has(d.nested ? `resources[${i}].properties.template.resources[${j}]` : `resources[${i}].resources[${j}]`)).toBe(true));
        });
        for (const s of r.skipped) expect(s.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});
