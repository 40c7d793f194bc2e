import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AzureResource } from '../../src/core/resource.js';
import { readCheckInput } from '../../src/policy/input.js';
import { MAX_NESTING, readResourceStream, ScanError, type StreamOutcome } from '../../src/policy/stream-input.js';

const enc = new TextEncoder();

async function stream(text: string | Uint8Array, cuts: readonly number[] = []): Promise<{ out: StreamOutcome; resources: AzureResource[] }> {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  const at = [...new Set(cuts.map((c) => Math.min(Math.max(c, 0), bytes.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, c));
    from = c;
  }
  const resources: AzureResource[] = [];
  const out = await readResourceStream('in.json', chunks, (r) => resources.push(r));
  return { out, resources };
}

/** What the classic whole-text reader makes of the same text (the reference: positions included). */
function classic(text: string): AzureResource[] {
  const r = readCheckInput('in.json', text);
  if (r.input?.kind !== 'resources') throw new Error(`classic reader: ${JSON.stringify(r.diagnostics)}`);
  return r.input.resources;
}

// Values with what trips a scanner: quotes, backslashes, brackets in strings, non-ASCII (2, 3 and 4 UTF-8 bytes).
const tricky = fc.constantFrom('plain', 'q"uote', 'back\\slash', '\\', '"', ']}[{', 'é', '中文', '😀x', 'a\\"b', '$ref', '\u2028', '');
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(tricky, fc.string()), tie('v'), { maxKeys: 3 }),
  ),
})).v;
const resource = fc.record({
  id: fc.oneof(tricky, fc.string()).map((s) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${s.replace(/\//g, '_')}x`),
  type: fc.constant('Microsoft.Storage/storageAccounts'),
  properties: value,
  tags: fc.dictionary(fc.string(), fc.oneof(tricky, fc.string()), { maxKeys: 2 }),
});
const list = fc.array(resource, { maxLength: 6 });

type Form = 'array' | 'pretty' | 'value' | 'data';
const forms: Form[] = ['array', 'pretty', 'value', 'data'];
function render(items: readonly unknown[], form: Form): string {
  switch (form) {
    case 'array':
      return JSON.stringify(items);
    case 'pretty':
      return JSON.stringify(items, null, 2);
    case 'value':
      return JSON.stringify({ value: items, nextLink: null }, null, 1);
    case 'data':
      return JSON.stringify({ totalRecords: items.length, count: items.length, data: items, facets: [], resultTruncated: 'false' });
  }
}

describe('readResourceStream', () => {
  it('reads what the classic reader reads, with the same positions, however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(list, fc.constantFrom(...forms), fc.array(fc.nat({ max: 4000 }), { maxLength: 8 }), async (items, form, cuts) => {
        const text = render(items, form);
        const { out, resources } = await stream(text, cuts);
        expect(out).toEqual({ kind: 'list', count: items.length, diagnostics: [] });
        expect(resources).toEqual(classic(text));
      }),
      { numRuns: 300 },
    );
  });

  it('cut at every byte boundary (two and three pieces) of a list with multi-byte characters, escapes and a BOM', async () => {
    const items = [
      { id: '/s/a', type: 'T', name: 'é"]', properties: { x: '中\\"文', y: [1, { z: '😀' }], u: { $unknown: 'after deployment' } } },
      { id: '/s/b', type: 'T', properties: { s: '\\\\', t: '}{' } },
    ];
    const body = JSON.stringify({ data: items }, null, 2);
    const bytes = enc.encode(`\ufeff${body}`);
    const expected = classic(body).map((r) => ({ ...r, source: r.source && r.source.line === 1 ? { ...r.source, column: r.source.column + 1 } : r.source }));
    for (let i = 0; i <= bytes.length; i++) {
      const { resources } = await stream(bytes, [i]);
      expect(resources).toEqual(expected);
      const j = (i * 7) % (bytes.length + 1);
      const three = await stream(bytes, [i, j]);
      expect(three.resources).toEqual(expected);
    }
    // The marker became Unknown, as the classic reader makes it.
    expect(expected[0]?.properties).toMatchObject({ u: { reason: 'after deployment' } });
  });

  it('decodes a chunk of over 1 MiB in slices: characters cut at every slice boundary read whole, bad bytes deep inside still refused', async () => {
    // Multi-byte characters every few bytes, so that some fall across the 256 KiB slice boundaries in one shift or another.
    const items = Array.from({ length: 9000 }, (_, i) => ({ id: `/s/r${i}`, type: 'T', name: `é${'中'.repeat(i % 5)}😀${i}`, properties: { note: 'x😀é中'.repeat(20) } }));
    for (let shift = 0; shift < 4; shift++) {
      const body = `[${' '.repeat(shift)}${items.map((r) => JSON.stringify(r)).join(',\n')}]`;
      const bytes = enc.encode(body);
      expect(bytes.length).toBeGreaterThan(3 * (1 << 18) + 1000);
      const { out, resources } = await stream(bytes);
      expect(out).toMatchObject({ kind: 'list', count: items.length });
      expect(resources).toEqual(classic(body));
    }
    const bytes = enc.encode(JSON.stringify(items));
    const bad = Uint8Array.from(bytes);
    // A lone continuation byte in a name past the second slice.
    const at = bad.indexOf(0x78, 600_000);
    bad[at] = 0x80;
    await expect(stream(bad)).rejects.toMatchObject({ kind: 'syntax' });
  });

  it('reads NDJSON: one resource a line, positions at each line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(resource, { minLength: 2, maxLength: 6 }), fc.array(fc.nat({ max: 3000 }), { maxLength: 6 }), async (items, cuts) => {
        const text = `${items.map((r) => JSON.stringify(r)).join('\n')}\n`;
        const { out, resources } = await stream(text, cuts);
        expect(out).toEqual({ kind: 'list', count: items.length, diagnostics: [] });
        expect(resources.map((r) => r.source)).toEqual(items.map((_, i) => ({ file: 'in.json', line: i + 1, column: 1 })));
        expect(resources.map((r) => r.id)).toEqual(items.map((r) => r.id));
      }),
      { numRuns: 100 },
    );
  });

  it('hands one object (a template, az resource show) back whole', async () => {
    const t = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [] });
    for (let i = 0; i <= t.length; i += 5) expect((await stream(t, [i])).out).toEqual({ kind: 'whole', text: t });
    // A template whose top-level keys include "value" is still a template.
    const odd = JSON.stringify({ $schema: 'x', value: [{ id: '/a', type: 'T' }] });
    expect((await stream(odd)).out).toEqual({ kind: 'whole', text: odd });
  });

  it('reports items that are not resources, each at its line and column', async () => {
    const { out } = await stream('[\n  1,\n  {"id": "/a"}\n]');
    expect(out.kind === 'list' && out.diagnostics.map((d) => [d.message, d.location?.line, d.location?.column])).toEqual([
      ['item 0 of in.json is not a resource object', 2, 3],
      ['resource 1 of in.json has no type', 3, 3],
    ]);
  });

  it('stops at the first character outside strict JSON, at its line and column, however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(resource, { minLength: 1, maxLength: 4 }), fc.constantFrom('x', '/', ',', '}', '@'), fc.nat(), fc.array(fc.nat({ max: 3000 }), { maxLength: 4 }), async (items, bad, k, cuts) => {
        // The stray character goes just before an item (after '[' or a ','), where no value may start with it.
        const parts = items.map((r) => JSON.stringify(r));
        const at = k % parts.length;
        const prefix = `[\n${parts.slice(0, at).map((p) => `  ${p},\n`).join('')}  `;
        const text = `${prefix}${bad}${parts.slice(at).join(',\n  ')}\n]`;
        const lines = prefix.split('\n');
        const line = lines.length;
        const column = (lines[lines.length - 1] ?? '').length + 1;
        const err = await stream(text, cuts).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ScanError);
        expect(err).toMatchObject({ kind: 'syntax', line, column });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses nesting past the limit with a depth error at the bracket', async () => {
    // '[' and '{' are levels 1 and 2; the inner brackets start at column 28.
    const deep = `[{"id":"/a","type":"T","p":${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}}]`;
    const err = await stream(deep).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: 'depth', line: 1, column: 28 + MAX_NESTING - 2 });
    const ok = `[{"id":"/a","type":"T","p":${'['.repeat(MAX_NESTING - 2)}${']'.repeat(MAX_NESTING - 2)}}]`;
    expect((await stream(ok)).resources.length).toBe(1);
  });

  it('reports text that ends early, or is empty', async () => {
    for (const t of ['', '  ', '[{"id":"/a","type":"T"}', '[{"id":"/a","type":"T"},', '{"value": [', '[{"id": "/a", "type": "T', '{"id": "/a"']) {
      await expect(stream(t)).rejects.toBeInstanceOf(ScanError);
    }
  });
});
