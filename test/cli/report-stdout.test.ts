import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/core/diagnostic.js';
import { runBin } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'il5ml-report-stdout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check --format json on stdout (the report written part by part, CliIO.stdoutParts)', () => {
  it('writes the file report terminal-safe, byte for byte, whatever characters the results hold', () => {
    // Names with a C1 control (a terminal's CSI), a bidi override, and characters of 2-4 bytes of UTF-8: the
    // ids, and so the verdicts, hold them; JSON escapes none of the first two.
    const names = ['plain', 'csi\u009b2J', 'bidi\u202egnp', 'ellipsis…', '中文', 'emoji😀'];
    const resources = names.flatMap((n, i) => [
      { id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv${i}${n}`, type: 'Microsoft.KeyVault/vaults', name: `kv${i}${n}`, location: 'usgovvirginia', properties: { enableSoftDelete: false } },
      { id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st${i}${n}`, type: 'Microsoft.Storage/storageAccounts', name: `st${i}${n}`, location: 'usgovvirginia', properties: {} },
    ]);
    const list = join(dir, 'estate.json');
    writeFileSync(list, JSON.stringify(resources));
    const out = join(dir, 'report.json');
    const toFile = runBin(['check', list, '--format', 'json', '--out', out, '--soft-fail'], { cwd: dir });
    expect(toFile.code, toFile.stderr).toBe(0);
    const file = readFileSync(out, 'utf8');
    expect(file).toContain('csi\u009b2J');
    const toStdout = runBin(['check', list, '--format', 'json', '--soft-fail'], { cwd: dir });
    expect(toStdout.code, toStdout.stderr).toBe(0);
    expect(toStdout.stdout).toBe(terminalSafe(file));
    expect(toStdout.stdout).not.toContain('\u009b');
    expect(toStdout.stdout).toContain('csi\\u009b2J');
    expect(toStdout.stdout).toContain('emoji😀');
    expect((JSON.parse(toStdout.stdout) as { results: unknown[] }).results.length).toBeGreaterThan(names.length);
  });
});
