import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { readAliasFlags } from '../../src/cli/policy-input-flags.js';

const io = (cwd: string): CliIO => ({ stdout: () => undefined, stderr: () => undefined, cwd, env: {}, isTTY: false });

describe('--aliases FILE', () => {
  // `az provider list --expand resourceTypes/aliases` lists every provider: the public cloud has 79,082
  // aliases (../shared/azure-policy/README.md), and the listings grow. The declarations were appended by
  // push(...items), one argument per alias: past about 120,000 the call stack ran out, reported as "the
  // input nests too deeply to be processed" (exit 2) for a flat, valid file.
  it('reads a listing of 300,000 aliases (more than fit in one call’s arguments)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-aliases-'));
    const n = 300_000;
    const aliases = Array.from({ length: n }, (_, i) => ({ name: `Contoso.Data/stores/p${i}`, defaultPath: `properties.p${i}` }));
    writeFileSync(join(dir, 'aliases.json'), JSON.stringify({ namespace: 'Contoso.Data', resourceTypes: [{ resourceType: 'stores', aliases }] }));
    const r = await readAliasFlags({ aliases: ['aliases.json'] }, io(dir));
    expect(r.diagnostics).toEqual([]);
    expect(r.declarations).toHaveLength(n);
    expect(r.declarations[n - 1]).toEqual({ type: 'Contoso.Data/stores', name: `Contoso.Data/stores/p${n - 1}`, defaultPath: `properties.p${n - 1}`, paths: [] });
  });
});
