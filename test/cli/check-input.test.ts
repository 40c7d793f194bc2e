import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/cli/check-input.js';
import type { CliIO } from '../../src/cli/io.js';
import type { AzureResource } from '../../src/core/resource.js';

// The inputs of a check are one source read once per pass (src/policy/estate.ts): a streamed list is
// read again from disk, nothing of it held, and a file that changes in between is refused.
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers';
const list = (n: number, tag = ''): string => `[\n${Array.from({ length: n }, (_, i) => JSON.stringify({ id: `${SUB}/Microsoft.KeyVault/vaults/kv${i}${tag}`, type: 'Microsoft.KeyVault/vaults', name: `kv${i}` })).join(',\n')}\n]\n`;

function setup(): { dir: string; io: CliIO } {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-input-'));
  return { dir, io: { stdout: () => undefined, stderr: () => undefined, cwd: dir, env: {}, isTTY: false } };
}

async function collect(source: { each(fn: (r: AzureResource, i: number) => void, want?: (i: number) => boolean): Promise<void> }, want?: (i: number) => boolean): Promise<[number, string, number][]> {
  const out: [number, string, number][] = [];
  await source.each((r, i) => out.push([i, r.name, r.source?.line ?? 0]), want);
  return out;
}

describe('readInputs as a source read once per pass', () => {
  it('a list, a whole-read list and a second list: the same resources, indexes and lines on every read', async () => {
    const { dir, io } = setup();
    writeFileSync(join(dir, 'a.json'), list(3));
    // Comments: not strict JSON, read whole (a memory segment).
    writeFileSync(join(dir, 'b.jsonc'), `// exported\n${list(2, 'b')}`);
    writeFileSync(join(dir, 'c.ndjson'), `${JSON.stringify({ id: `${SUB}/Microsoft.KeyVault/vaults/last`, type: 'Microsoft.KeyVault/vaults', name: 'last' })}\n`);
    const { source } = await readInputs(['a.json', 'b.jsonc', 'c.ndjson'], [], io);
    expect(source.count).toBe(6);
    const first = await collect(source);
    expect(first.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(first.map(([, n]) => n)).toEqual(['kv0', 'kv1', 'kv2', 'kv0', 'kv1', 'last']);
    expect(first.map(([, , line]) => line)).toEqual([2, 3, 4, 3, 4, 1]);
    expect(await collect(source)).toEqual(first);
    // A range: only the wanted indexes are handed on, with their own numbers.
    expect(await collect(source, (i) => i >= 2 && i < 4)).toEqual(first.slice(2, 4));
  });

  it('a list that changed between the reads is refused (IL5-CHECK-CHANGED), also when only its time changed', async () => {
    const { dir, io } = setup();
    const file = join(dir, 'a.json');
    writeFileSync(file, list(3));
    const { source } = await readInputs(['a.json'], [], io);
    await collect(source);
    writeFileSync(file, list(4));
    await expect(collect(source)).rejects.toMatchObject({ diagnostics: [{ code: 'IL5-CHECK-CHANGED', location: { file: 'a.json' } }] });
    writeFileSync(file, list(3));
    const again = await readInputs(['a.json'], [], io);
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    await expect(collect(again.source)).rejects.toMatchObject({ diagnostics: [{ code: 'IL5-CHECK-CHANGED' }] });
  });

  it('positions of a renamed file are renamed on every read', async () => {
    const { dir, io } = setup();
    writeFileSync(join(dir, 'spool.json'), list(2));
    const { source } = await readInputs(['spool.json'], [], io, {}, (r) => {
      if (r.source) r.source.file = 'export.json';
      return r;
    });
    const files: string[] = [];
    await source.each((r) => files.push(r.source?.file ?? ''));
    await source.each((r) => files.push(r.source?.file ?? ''));
    expect(files).toEqual(['export.json', 'export.json', 'export.json', 'export.json']);
  });
});
