import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AzureResource } from '../../src/core/resource.js';
import { readCheckInput } from '../../src/policy/input.js';
import { MAX_NESTING, readResourceStream, ScanError, type StreamOutcome } from '../../src/policy/stream-input.js';

const enc = new TextEncoder();

async function stream(text: string | Uint8Array, cuts: readonly number[] = [], ndjson = false): Promise<{ out: StreamOutcome; resources: AzureResource[] }> {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  const at = [...new Set(cuts.map((c) => Math.min(Math.max(c, 0), bytes.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, c));
    from = c;
  }
  const resources: AzureResource[] = [];
  const out = await readResourceStream('in.json', chunks, (r) => resources.push(r), undefined, undefined, ndjson);
  return { out, resources };
}

async function failure(text: string, cuts: readonly number[] = [], ndjson = false): Promise<unknown> {
  return stream(text, cuts, ndjson).then(
    () => undefined,
    (e: unknown) => e,
  );
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
    // At the end of the text, however it is cut (the last chunk was counted twice: column 2n + 1).
    const cut = '[\n  {"id": "/a", "type": "T"';
    for (const at of [0, 3, 10, cut.length]) expect(await stream(cut, [at]).catch((e: unknown) => e)).toMatchObject({ line: 2, column: 27, message: 'the text ends inside a value' });
  });
});

describe('readResourceStream: NDJSON, each line one JSON value', () => {
  const line = (i: number): string => JSON.stringify({ id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv${i}`, type: 'Microsoft.KeyVault/vaults', properties: { note: `a "quoted" {brace} é ${i}` } });
  // Broken lines: [text, column of the problem, the problem].
  const broken: [string, number, string][] = [
    ['{"id": "b", "type": ', 21, 'the line ends where a value was expected'],
    ['not json', 1, "a bare word (`not`): text needs double quotes, and JSON's only words are true, false and null"],
    ['{"id": "/a", "type": "T",}', 25, 'a trailing comma: `,` before `}`'],
    ['{"id": "/a", "type": "T', 24, 'the line ends inside a string: its closing `"` is missing'],
    ['{"id": "/a" "type": "T"}', 13, 'unexpected `"` where `,` or `}` was expected'],
    ['}', 1, 'unexpected `}` where a value was expected'],
    ['{"id": "/a", "type": "T"}}', 26, 'unexpected `}` after the value'],
    ['{"id": /a}', 8, 'a comment: JSON has no comments'],
  ];

  it('a broken line at any position is reported at its line and the column of its problem, however the bytes are cut (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        fc.constantFrom(...broken),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat({ max: 1200 }), { maxLength: 5 }),
        async (n, k, [bad, column, problem], named, crlf, cuts) => {
          const at = k % (n + 1);
          const lines = Array.from({ length: n }, (_, i) => line(i));
          lines.splice(at, 0, bad);
          const eol = crlf ? '\r\n' : '\n';
          const text = `${lines.join(eol)}${eol}`;
          const err = await failure(text, cuts, named);
          if (!named && at === 0) {
            // Not named NDJSON and broken from line 1: nothing says yet that this is NDJSON, so it is
            // a syntax error for the whole-text reader (or a value one after another).
            expect(err).toBeInstanceOf(ScanError);
            return;
          }
          expect(err).toBeInstanceOf(ScanError);
          expect(err).toMatchObject({ kind: 'lines', line: at + 1, column, message: `line ${at + 1} is not one JSON value: ${problem}` });
          expect((err as ScanError).fix).toContain(`correct line ${at + 1} or delete it`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the reported case: the last line cut short, a bare word on line 3 (file not named .ndjson)', async () => {
    const three = [line(0), line(1), line(2)];
    expect(await failure(`${three.join('\n')}\n{"id": "b", "type": \n`)).toMatchObject({ kind: 'lines', line: 4, column: 21 });
    expect(await failure(`${three.join('\n')}\n{"id": "b", "type": `)).toMatchObject({ kind: 'lines', line: 4, column: 21 });
    expect(await failure(`${three.slice(0, 2).join('\n')}\nnot json\n\n${three[2]}\n`)).toMatchObject({ kind: 'lines', line: 3, column: 1 });
  });

  it('a line with two values is refused at the second', async () => {
    const l0 = line(0);
    for (const named of [false, true]) {
      const err = await failure(`${l0}\n${l0} ${line(1)}\n`, [], named);
      expect(err).toMatchObject({ kind: 'lines', line: 2, column: l0.length + 2, message: `line 2 is not one JSON value: a second value begins at column ${l0.length + 2}; a line of NDJSON holds one value` });
      expect((err as ScanError).fix).toBe(`put each value on a line of its own: break line 2 before column ${l0.length + 2}`);
    }
    // Named NDJSON: also on the first line; `null 1` is two values too.
    expect(await failure(`${l0} ${l0}\n`, [], true)).toMatchObject({ kind: 'lines', line: 1, column: l0.length + 2 });
    expect(await failure(`${l0}\nnull 1\n`)).toMatchObject({ kind: 'lines', line: 2, column: 6 });
  });

  it('empty lines and lines of white space are skipped (the NDJSON spec lets a parser ignore them); positions stay right', async () => {
    const text = `\n${line(0)}\n\n   \n\t\r\n${line(1)}\n\n`;
    for (const named of [false, true]) {
      const { out, resources } = await stream(text, [], named);
      expect(out).toEqual({ kind: 'list', count: 2, diagnostics: [] });
      expect(resources.map((r) => r.source?.line)).toEqual([2, 6]);
    }
    // Nothing but empty lines is an empty text, named or not.
    expect(await failure('\n\n \n', [], true)).toMatchObject({ kind: 'syntax', message: 'the text is empty' });
  });

  it('CRLF line ends read as LF ones: the same resources at the same positions; a broken CRLF line is placed without its CR', async () => {
    const lines = [line(0), line(1), line(2)];
    const lf = await stream(`${lines.join('\n')}\n`);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 600 }), { maxLength: 4 }), fc.boolean(), async (cuts, named) => {
        const crlf = await stream(`${lines.join('\r\n')}\r\n`, cuts, named);
        expect(crlf.resources).toEqual(lf.resources);
        const err = await failure(`${lines[0]}\r\n{"id": 1,\r\n${lines[1]}\r\n`, cuts, named);
        expect(err).toMatchObject({ kind: 'lines', line: 2, column: 10, message: 'line 2 is not one JSON value: the line ends where a key was expected' });
      }),
      { numRuns: 50 },
    );
  });

  it('a broken line after 100,000 good ones: its line, found while streaming (nothing after it is read)', async () => {
    const good = line(7);
    let pulled = 0;
    let pastBad = false;
    async function* chunks(): AsyncGenerator<string> {
      for (let block = 0; block < 100; block++) {
        pulled += 1;
        yield `${Array.from({ length: 1000 }, () => good).join('\n')}\n`;
      }
      yield '{"id": "/x", "type": "T", "properties": {"a": [1, 2}}\n';
      pastBad = true;
      // More lines that must never be asked for.
      for (;;) yield `${good}\n`;
    }
    const err = await readResourceStream('big.ndjson', chunks(), () => undefined).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: 'lines', line: 100_001, column: 52, message: 'line 100001 is not one JSON value: unexpected `}` where `,` or `]` was expected' });
    expect(pulled).toBe(100);
    expect(pastBad).toBe(false);
  });

  it('a file named .ndjson is NDJSON from its first line: a pretty array is refused at line 1, saying why', async () => {
    const err = await failure(`[\n  ${line(0)}\n]\n`, [], true);
    expect(err).toMatchObject({ kind: 'lines', line: 1, column: 2, message: 'line 1 is not one JSON value: the line ends where a value was expected' });
    expect((err as ScanError).fix).toContain('a file named .ndjson or .jsonl is read as NDJSON; a JSON array or a template goes in a .json file');
    // One line holding one object is one resource.
    expect((await stream(`${line(0)}\n`, [], true)).out).toEqual({ kind: 'list', count: 1, diagnostics: [] });
  });

  it("values one after another over several lines (jq's output) are read, and a bad one is placed at its problem", async () => {
    const items = [0, 1, 2].map((i) => JSON.parse(line(i)) as unknown);
    const text = `${items.map((r) => JSON.stringify(r, null, 2)).join('\n')}\n`;
    const { out, resources } = await stream(text, [17, 300]);
    expect(out).toEqual({ kind: 'list', count: 3, diagnostics: [] });
    expect(resources.map((r) => r.source?.line)).toEqual([1, 8, 15]);
    // The second value with a trailing comma after its last member.
    const lines = text.split('\n');
    lines[12] = `${lines[12]},`;
    const err = await failure(lines.join('\n'));
    expect(err).toMatchObject({ kind: 'lines', line: 13, column: (lines[12] ?? '').length, message: 'the JSON value that begins at line 8, column 1 is not valid: a trailing comma: `,` before `}`' });
  });

  it('one object followed by a comment is still one document for the tolerant reader', async () => {
    expect(await failure(`${line(0)}\n// exported\n`)).toMatchObject({ kind: 'syntax' });
  });
});

// A list that is one page of several is refused, naming the next page: `nextLink` of a REST list ("omit
// nextLink entirely (or set to null)" on the last page: Azure Resource Manager RPC,
// https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/resource-api-reference.md), the skip
// token of Resource Graph (QueryResponse.skipToken, "When present, the value can be passed to a subsequent
// query call … to retrieve the next page of data"; az graph query prints it as skip_token). Read 2026-12-08.
// Before, the page was judged as the whole estate, silently.
describe('one page of a longer list', () => {
  const r1 = '{"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv1", "type": "Microsoft.KeyVault/vaults", "name": "kv1"}';
  /** Line and column of the value of `key` in `text`. */
  const valueAt = (text: string, key: string): { line: number; column: number } => {
    const at = text.indexOf('"', text.indexOf(`"${key}"`) + key.length + 2);
    const before = text.slice(0, at).split('\n');
    return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
  };
  const pages: [string, string, string][] = [
    ['REST nextLink after the list', `{\n  "value": [${r1}],\n  "nextLink": "https://management.usgovcloudapi.net/subscriptions/s/resources?api-version=2021-04-01&$skiptoken=abc"\n}`, 'nextLink'],
    ['REST nextLink before the list', `{"nextLink": "https://management.usgovcloudapi.net/next", "value": [${r1}]}`, 'nextLink'],
    ['az graph query skip_token', `{"count": 1, "data": [${r1}],\n "skip_token": "ew0KICAiJGlkIjogIjEiLA0K", "total_records": 5000}`, 'skip_token'],
    ['Resource Graph REST $skipToken', `{"data": [${r1}], "$skipToken": "tok"}`, '$skipToken'],
  ];
  it.each(pages)('%s: an error at the next page, with how to get them all', async (_what, text, key) => {
    const { line, column } = valueAt(text, key);
    for (const cuts of [[], [5], [text.indexOf(key) + 2], [text.length - 8]]) {
      const { out } = await stream(text, cuts);
      expect(out.kind).toBe('list');
      const d = out.kind === 'list' ? out.diagnostics : [];
      expect(d).toHaveLength(1);
      expect(d[0]).toMatchObject({ severity: 'error', code: 'IL5-CHECK-INPUT', location: { file: 'in.json', line, column } });
      expect(d[0]?.message).toContain(`in.json is one page of a longer list of resources: its '${key}'`);
      expect(d[0]?.fix).toContain(key === 'nextLink' ? 'az resource list' : '--skip-token');
    }
    // The whole-text reader (comments allowed) refuses it too.
    const whole = readCheckInput('in.json', `// exported\n${text}`);
    expect(whole.input).toBeUndefined();
    expect(whole.diagnostics[0]?.message).toContain(`its '${key}'`);
  });
  it.each([
    ['nextLink null (the last page)', `{"value": [${r1}], "nextLink": null}`],
    ['nextLink empty', `{"value": [${r1}], "nextLink": ""}`],
    ['no skip token', `{"count": 1, "data": [${r1}], "total_records": 1}`],
  ])('%s: read as the whole list', async (_what, text) => {
    const { out, resources } = await stream(text);
    expect(out).toMatchObject({ kind: 'list', count: 1, diagnostics: [] });
    expect(resources).toHaveLength(1);
    expect(classic(text)).toHaveLength(1);
  });
});
