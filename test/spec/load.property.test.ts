import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadSpec } from '../../src/spec/load.js';
import { SpecSchema } from '../../src/spec/schema.js';

/** Partial specs as users write them: any subset of these keys, with values of the right JSON type. */
const specInput = fc.record(
  {
    prefix: fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/),
    region: fc.constantFrom('usgovvirginia', 'usgovarizona', 'eastus'),
    tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z-]{0,10}$/), fc.string({ maxLength: 20 }), { maxKeys: 4 }),
    keyVault: fc.record({ softDeleteRetentionDays: fc.integer({ min: 0, max: 120 }), key: fc.record({ size: fc.constantFrom(1024, 2048, 3072, 4096) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    compute: fc.record({ cluster: fc.record({ minNodes: fc.nat(5), maxNodes: fc.nat(10), vmSize: fc.constantFrom('Standard_DS3_v2', 'Standard_NC6s_v3') }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    posture: fc.record({ publicNetworkAccess: fc.boolean() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

describe('loadSpec on generated specs', () => {
  it('reads YAML and JSON renderings of any well-typed spec exactly as the schema does', () => {
    fc.assert(
      fc.property(specInput, (input) => {
        const expected = SpecSchema.parse(input);
        for (const [text, file] of [[stringify(input), 'spec.yaml'], [JSON.stringify(input, null, 2), 'spec.json']] as const) {
          const loaded = loadSpec(text, file);
          expect(loaded.diagnostics).toEqual([]);
          expect(loaded.spec).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('locates every leaf it was given at the text of that leaf', () => {
    fc.assert(
      fc.property(specInput, (input) => {
        const text = stringify(input);
        const lines = text.split('\n');
        const loaded = loadSpec(text, 'spec.yaml');
        const walk = (v: unknown, path: string[]): void => {
          if (v !== null && typeof v === 'object') {
            for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
            return;
          }
          const loc = loaded.locate(path);
          expect(loc, path.join('.')).toBeDefined();
          const at = (lines[(loc?.line ?? 1) - 1] ?? '').slice((loc?.column ?? 1) - 1);
          if (typeof v === 'number' || typeof v === 'boolean') expect(at.startsWith(String(v)), `${path.join('.')} at ${at}`).toBe(true);
        };
        walk(input, []);
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on arbitrary text, and every position lies inside the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const loaded = loadSpec(text, 'fuzz.yaml');
        const lineCount = text.split(/\r\n|\r|\n/).length;
        for (const d of loaded.diagnostics) {
          expect(d.fix).toBeTruthy();
          if (d.location) {
            expect(d.location.line).toBeGreaterThanOrEqual(1);
            expect(d.location.line).toBeLessThanOrEqual(lineCount);
            expect(d.location.column).toBeGreaterThanOrEqual(1);
          }
        }
        // Whatever the input, the spec handed on is a complete, schema-valid spec.
        expect(SpecSchema.safeParse(loaded.spec).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
