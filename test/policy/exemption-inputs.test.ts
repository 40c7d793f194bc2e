import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStore } from '../../src/cli/file-store.js';
import { memoryKept } from '../../src/core/kept.js';
import type { AzureResource } from '../../src/core/resource.js';
import { memoryStore } from '../../src/core/store/memory.js';
import type { Store } from '../../src/core/store/types.js';
import { Unknown } from '../../src/core/unknown.js';
import { ExemptionIndex, ExemptionInputs, readInputExemptions } from '../../src/policy/input-exemptions.js';

// ExemptionInputs (issue 10) is readInputExemptions over an input seen one resource at a time, keeping
// records and a table of assignments instead of the resources: the same exemptions (in the same order, by
// the same scopes), the same expired ones and the same warnings, from a store in memory or on disk with a
// budget so small that every page is written out and read back.

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const rg = (n: number): string => `${SUB}/resourceGroups/RG-${n}`;
const SET = '/providers/Microsoft.Authorization/policySetDefinitions/f9a961fa-3241-4b20-adc4-bbf8ad9d7197';
const DEF = '/providers/Microsoft.Authorization/policyDefinitions/00000000-0000-0000-0000-0000000000a1';

const assignment = (n: number, def: unknown): AzureResource => ({
  id: `${rg(n % 3)}/providers/Microsoft.Authorization/policyAssignments/a${n}`,
  type: n % 2 === 0 ? 'Microsoft.Authorization/policyAssignments' : 'microsoft.authorization/POLICYASSIGNMENTS',
  name: `a${n}`,
  properties: { policyDefinitionId: def, parameters: { effect: { value: 'Audit' } } },
});

const exemption = (n: number, assigned: number, props: Record<string, unknown>, scope?: string): AzureResource => ({
  id: `${rg(n % 4)}/providers/Microsoft.Storage/storageAccounts/st${n}/providers/Microsoft.Authorization/policyExemptions/e${n}`,
  type: 'Microsoft.Authorization/policyExemptions',
  name: `e${n}`,
  ...(scope !== undefined ? { scope } : {}),
  properties: { policyAssignmentId: `${rg(assigned % 3).toLowerCase()}/providers/microsoft.authorization/policyassignments/a${assigned}`, ...props },
});

const propsArb = fc.record(
  {
    exemptionCategory: fc.constantFrom('Waiver', 'Mitigated'),
    description: fc.oneof(fc.string(), fc.constant('jump box: stateless by design — ✓ 😀')),
    displayName: fc.string(),
    expiresOn: fc.oneof(fc.constant('2026-01-01T00:00:00Z'), fc.constant('2027-01-01T00:00:00Z'), fc.constant('not a date'), fc.constant(null)),
    policyDefinitionReferenceIds: fc.oneof(fc.constant(['HttpsRef', 'blobRef']), fc.constant([1]), fc.constant([])),
    resourceSelectors: fc.constant([{ name: 'x' }]),
  },
  { requiredKeys: [] },
);

const inputArb = fc.array(
  fc.oneof(
    fc.tuple(fc.nat(6), fc.constantFrom<unknown>(SET, DEF, 42, undefined)).map(([n, def]) => assignment(n, def)),
    fc.tuple(fc.nat(40), fc.nat(8), propsArb, fc.option(fc.constantFrom(rg(1), `${SUB}`, `${rg(2)}/providers/Microsoft.KeyVault/vaults/KV`), { nil: undefined })).map(([n, a, p, scope]) => exemption(n, a, p, scope)),
    fc.constant(exemption(99, 0, { policyAssignmentId: new Unknown('after deployment') })),
    fc.constant({ id: `${rg(1)}/providers/Microsoft.Storage/storageAccounts/other`, type: 'Microsoft.Storage/storageAccounts', name: 'other' } as AzureResource),
  ),
  { maxLength: 30 },
);

/** Every covering() answer of an index for the ids the input's exemptions and their parents name. */
function answers(index: ExemptionIndex, input: readonly AzureResource[]): unknown[] {
  const asked = new Set<string>([`${SUB}/resourceGroups/rg-1/providers/Microsoft.Storage/storageAccounts/ST3`, `${rg(2)}/providers/Microsoft.KeyVault/vaults/kv/secrets/s`]);
  for (const r of input) {
    asked.add(r.id);
    asked.add(r.id.split('/providers/Microsoft.Authorization/')[0] ?? r.id);
  }
  return [...asked].map((id) => [id, index.covering(id)]);
}

function withStores(check: (store: () => Store) => void): void {
  check(() => memoryStore());
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-exemptions-test-'));
  try {
    check(() => fileStore(dir, { budgetBytes: 2 * 4096, pageBytes: 4096 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('ExemptionInputs: readInputExemptions one resource at a time, kept as numbers', () => {
  it('gives the same exemptions, expired ones and warnings, and the same covering() answers (fast-check)', () => {
    withStores((makeStore) => {
      fc.assert(
        fc.property(inputArb, fc.constantFrom('2026-06-01T00:00:00Z', undefined), (input, now) => {
          const expected = readInputExemptions(input, now);
          const store = makeStore();
          const inputs = new ExemptionInputs({ store, kept: memoryKept() });
          // Only exemptions are kept (as records); assignments go to the table.
          expect(input.map((r) => inputs.see(r))).toEqual(input.map((r) => r.type.toLowerCase() === 'microsoft.authorization/policyexemptions'));
          const got = inputs.read(now);
          expect(got.diagnostics).toEqual(expected.diagnostics);
          expect(inputs.warnings(now)).toEqual(expected.diagnostics);
          expect(got.exemptions.size).toBe(expected.exemptions.length);
          expect(got.expired.size).toBe(expected.expired.length);
          expect(answers(got.exemptions, input)).toEqual(answers(new ExemptionIndex(expected.exemptions), input));
          expect(answers(got.expired, input)).toEqual(answers(new ExemptionIndex(expected.expired), input));
          store.close();
        }),
        { numRuns: 60 },
      );
    });
  });

  it('the last assignment of an id is the one read, as in readInputExemptions', () => {
    const input = [assignment(0, 42), exemption(1, 0, {}), assignment(0, SET)];
    const inputs = new ExemptionInputs();
    for (const r of input) inputs.see(r);
    const got = inputs.read('2026-06-01T00:00:00Z');
    expect(got.diagnostics).toEqual([]);
    expect(got.exemptions.covering(`${rg(1)}/providers/Microsoft.Storage/storageAccounts/st1`).map((e) => [e.name, e.assigned])).toEqual([['e1', { kind: 'set', name: 'f9a961fa-3241-4b20-adc4-bbf8ad9d7197', id: SET }]]);
  });
});

describe('ExemptionIndex kept in a store', () => {
  it('covers a resource by its own scope and every ancestor, in the order given, case-insensitively', () => {
    withStores((makeStore) => {
      const e = (name: string, scope: string): Parameters<typeof readInputExemptions>[0][number] => exemption(0, 0, { displayName: name }, scope);
      const input = [assignment(0, SET), e('sub', SUB), e('group', rg(1)), e('group2', rg(1)), e('vault', `${rg(2)}/providers/Microsoft.KeyVault/vaults/KV`)];
      const { exemptions } = readInputExemptions(input, undefined);
      const index = new ExemptionIndex(exemptions, makeStore());
      expect(index.covering(`${rg(1).toUpperCase()}/providers/X/y/z`).map((x) => x.justification)).toEqual(['sub', 'group', 'group2']);
      expect(index.covering(`${rg(2)}/providers/Microsoft.KeyVault/vaults/kv`).map((x) => x.justification)).toEqual(['sub', 'vault']);
      expect(index.covering('/subscriptions/other').map((x) => x.justification)).toEqual([]);
      expect(index.size).toBe(4);
    });
  });
});
