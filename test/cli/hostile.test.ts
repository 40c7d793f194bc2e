import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControl, formatDiagnostic } from '../../src/core/diagnostic.js';
import { tooDeepAt } from '../../src/core/json-depth.js';
import { loadSpec } from '../../src/spec/load.js';
import { runMain } from '../helpers/cli.js';

// Issue 13, class 3: what input can do to a terminal, and work that grew faster than the input.

// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('control characters from input are shown escaped', () => {
  it('never leaves a control character, line break or bidi override in a diagnostic (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary', minLength: 1 }), (message, fix) => {
        const text = formatDiagnostic({ severity: 'error', code: 'X', message, fix, location: { file: message, line: 1, column: 1 } });
        // The one line break is il5ml's own, before "  fix:".
        const [head, rest, ...more] = text.split('\n');
        expect(more).toEqual([]);
        expect(rest?.startsWith('  fix: ')).toBe(true);
        expect(RAW.test(head ?? '') || RAW.test(rest ?? '')).toBe(false);
      }),
    );
    expect(escapeControl('a\u001b[31mb\u0007\r\n')).toBe('a\\u001b[31mb\\u0007\\u000d\\u000a');
  });

  it('a spec value and a template key with escape sequences: plan and expand print them escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-esc-'));
    writeFileSync(join(dir, 's.yaml'), 'region: "usgov\\e[31mvirginia\\e]0;pwned\\a"\n');
    writeFileSync(join(dir, 't.json'), '{"resources":[],"contentVersion":"1.0.0.0","$schema":"x","outputs":{"o":{"type":"string","value":"[concat(\'\\u001b]0;x\\u0007\', bogus())]"}}}');
    for (const args of [['plan', '--spec', 's.yaml', '--out', 'o'], ['expand', 't.json']]) {
      const r = await runMain(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('\\u001b');
      expect(RAW.test(r.stderr.replace(/\n/g, ''))).toBe(false);
    }
  });
});

describe('YAML duplicate keys are found in linear time, where the yaml package would report them', () => {
  it('reports a repeated key among 50,000 tags at its line, and a repeat in a nested mapping', () => {
    const tags = Array.from({ length: 50_000 }, (_, i) => `  k${i}: v`);
    tags.push('  k7: again');
    const loaded = loadSpec(`region: usgovvirginia\ntags:\n${tags.join('\n')}\nnetwork:\n  vnet: a\n  vnet: b\n`, 's.yaml');
    const dups = loaded.diagnostics.filter((d) => d.message.includes('Map keys must be unique'));
    expect(dups.map((d) => d.location?.line)).toEqual([50_003, 50_006]);
  });

  it('keeps keys that differ in type, and merge keys', () => {
    const loaded = loadSpec('region: usgovvirginia\ntags:\n  "1": a\n  1: b\n', 's.yaml');
    expect(loaded.diagnostics.filter((d) => d.message.includes('unique'))).toEqual([]);
  });
});

describe('JSON depth scan', () => {
  it('finds the first level past the limit, skipping strings and comments (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), (depth, max) => {
        const text = `// [[[[ \n{"a": "[[[[{{", "b": ${'['.repeat(depth - 1)}/* {{{ */${']'.repeat(depth - 1)}}`;
        const at = tooDeepAt(text, max);
        if (depth <= max) expect(at).toBeUndefined();
        else expect(at).toBe(text.indexOf('"b": ') + 5 + (max - 1));
      }),
    );
  });
});
