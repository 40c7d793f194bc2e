import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExemptions } from '../../src/cli/check-settings.js';
import type { CliIO } from '../../src/cli/io.js';
import { TOLERANT_LIMIT } from '../../src/core/json-tolerant.js';
import { UserInputError } from '../../src/core/diagnostic.js';

const io = (cwd: string): CliIO => ({ stdout: () => undefined, stderr: () => undefined, cwd, env: {}, isTTY: false });

describe('--exemptions FILE.json past the tolerant limit (32 MB)', () => {
  it('puts a bad entry at its line and column, as in a small file (it named the file alone)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-exempt-large-'));
    // Long justifications: few entries make the 32 MB, read in a second.
    const entry = `{"rule": "IL5-NET-001", "resource": "*", "justification": "ticket 1: ${'x'.repeat(3000)}", "expiresOn": "2099-01-01"}`;
    const bad = '{"rule": "IL5-NET-002", "resource": "*", "expiresOn": "2099-01-01"}';
    const n = Math.ceil(TOLERANT_LIMIT / (entry.length + 4)) + 10;
    const text = `{\n  "exemptions": [\n${Array.from({ length: n }, () => `    ${entry}`).join(',\n')},\n    ${bad}\n  ]\n}\n`;
    expect(text.length).toBeGreaterThan(TOLERANT_LIMIT);
    writeFileSync(join(dir, 'exemptions.json'), text);
    const err = await checkExemptions('exemptions.json', undefined, io(dir)).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof UserInputError)) throw new Error(`expected a UserInputError, got ${String(err)}`);
    const d = err.diagnostics.find((x) => x.severity === 'error');
    expect(d?.message).toMatch(/justification/);
    expect(d?.location).toEqual({ file: 'exemptions.json', line: n + 3, column: 5 });
  });
});
