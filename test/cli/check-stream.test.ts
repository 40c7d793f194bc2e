import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';

// `il5ml check` reads resource lists as a stream (issue 12): every form gives the report the array gives.
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers';
const resources = [
  { id: `${SUB}/Microsoft.KeyVault/vaults/kv1`, type: 'Microsoft.KeyVault/vaults', location: 'usgovvirginia', properties: { enablePurgeProtection: true, enableSoftDelete: true } },
  { id: `${SUB}/Microsoft.Storage/storageAccounts/st1`, type: 'Microsoft.Storage/storageAccounts', location: 'usgovvirginia', properties: { allowBlobPublicAccess: true, minimumTlsVersion: 'TLS1_0' } },
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-stream-'));
  // One resource a line in every form, so that positions (line N, after the same indent) agree across forms.
  const lines = resources.map((r) => JSON.stringify(r));
  writeFileSync(join(dir, 'array.json'), `[\n${lines.join(',\n')}\n]\n`);
  writeFileSync(join(dir, 'value.json'), `{"value": [\n${lines.join(',\n')}\n], "nextLink": null}\n`);
  writeFileSync(join(dir, 'data.json'), `{"count": 2, "data": [\n${lines.join(',\n')}\n]}\n`);
  writeFileSync(join(dir, 'lines.ndjson'), `\n${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'bom.json'), `\ufeff[\n${lines.join(',\n')}\n]\n`);
  writeFileSync(join(dir, 'deep.json'), `[\n${lines[0]},\n{"id": "/x", "type": "T", "p": ${'['.repeat(300)}${']'.repeat(300)}}\n]`);
});

describe('check reads resource lists as a stream', () => {
  it('an array, {"value"}, {"data"}, NDJSON and a list with a BOM give the same report', async () => {
    const reference = await runMain(['check', 'array.json', '--format', 'json'], { cwd: dir });
    expect(reference.code).toBe(1);
    expect(reference.stdout).toContain('"line": 3');
    for (const f of ['value.json', 'data.json', 'lines.ndjson', 'bom.json']) {
      const r = await runMain(['check', f, '--format', 'json'], { cwd: dir });
      expect(r.stderr).toMatch(/^il5ml check: \d+ verdicts over 2 resources [^\n]*\n$/);
      expect(r.code).toBe(1);
      expect(r.stdout.split(f).join('array.json')).toBe(reference.stdout);
    }
  });

  it('a broken line of NDJSON is bad input (exit 2) at its line and column, in plain words, with the fix; never re-read as one document', async () => {
    const lines = resources.map((r) => JSON.stringify(r));
    // The reported files: the last line cut short (named .ndjson, and named .json), a bare word on line 3.
    writeFileSync(join(dir, 'cut.ndjson'), `${lines.join('\n')}\n${lines[0]}\n{"id": "b", "type": \n`);
    writeFileSync(join(dir, 'cut.json'), `${lines.join('\n')}\n${lines[0]}\n{"id": "b", "type": \n`);
    writeFileSync(join(dir, 'word.ndjson'), `${lines.join('\n')}\nnot json\n\n${lines[0]}\n`);
    const fix = (n: number): string => `  fix: a line of NDJSON holds one complete JSON value (a resource, as az resource list or az graph query print it): correct line ${n} or delete it\n`;
    for (const f of ['cut.ndjson', 'cut.json']) {
      const r = await runMain(['check', f], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${f}:4:21: error IL5-CHECK-JSON: ${f}: line 4 is not one JSON value: the line ends where a value was expected\n${fix(4)}1 error; nothing was written.\n`);
    }
    const w = await runMain(['check', 'word.ndjson'], { cwd: dir });
    expect(w.code).toBe(2);
    expect(w.stderr).toContain(`word.ndjson:3:1: error IL5-CHECK-JSON: word.ndjson: line 3 is not one JSON value: a bare word (\`not\`)`);
    expect(w.stderr).toContain(fix(3));
    // After 100,000 good lines (a file the whole-text reader would take, under its limit): the stream's error, at its line.
    const many = `${Array.from({ length: 100_000 }, (_, i) => lines[i % 2]).join('\n')}\n${lines[0]}}\n`;
    writeFileSync(join(dir, 'many.json'), many);
    const m = await runMain(['check', 'many.json'], { cwd: dir });
    expect(m.code).toBe(2);
    expect(m.stderr).toBe(`many.json:100001:${(lines[0] ?? '').length + 1}: error IL5-CHECK-JSON: many.json: line 100001 is not one JSON value: unexpected \`}\` after the value\n${fix(100_001)}1 error; nothing was written.\n`);
  });

  it('nesting past the limit is bad input (exit 2) at its line and column', async () => {
    // Levels 1 and 2 are the list and the object; the inner brackets start at column 32: level 257 is at 32 + 254.
    const r = await runMain(['check', 'deep.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('deep.json:3:286: error IL5-CHECK-DEPTH: deep.json: the JSON nests deeper than 256 levels');
    expect(r.stdout).toBe('');
  });
});
