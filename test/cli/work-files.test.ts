import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isEnvironmentFailure } from '../../src/cli/fs-reason.js';
import { runBin } from '../helpers/cli.js';

/**
 * A full disk, a quota or a limit met by one of the check's working files (its spools under the temporary
 * folder) is the machine's state, not a defect in il5ml: exit 2 with what to do, never exit 3 "internal
 * error" (which a 500,000-resource check on a nearly full /tmp gave before) or a stack trace.
 */
const dir = mkdtempSync(join(tmpdir(), 'il5ml-work-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A preload that makes every write to a file (not stdin/stdout/stderr) fail as a full disk does. */
function failingWrites(code: string): string {
  const file = join(dir, `${code}.cjs`);
  writeFileSync(
    file,
    `const fs = require('node:fs');
const orig = fs.writeSync;
fs.writeSync = function (fd, ...rest) {
  if (typeof fd === 'number' && fd > 2) { const e = new Error('${code}: simulated, write'); e.code = '${code}'; e.syscall = 'write'; throw e; }
  return orig.call(this, fd, ...rest);
};
`,
  );
  return file;
}

function errno(code: string, syscall?: string): Error {
  return Object.assign(new Error(`${code}: x`), { code, ...(syscall ? { syscall } : {}) });
}

describe('working files on a full disk', () => {
  const estate = join(dir, 'estate.json');
  writeFileSync(
    estate,
    JSON.stringify(
      Array.from({ length: 50 }, (_, i) => ({ id: `/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv${i}`, type: 'Microsoft.KeyVault/vaults', name: `kv${i}`, location: 'usgovvirginia', properties: {} })),
    ),
  );

  it.each([
    ['ENOSPC', 'no space left on the device'],
    ['EDQUOT', 'the disk quota is exceeded'],
    ['EFBIG', 'the file is larger than this system or its limits allow'],
  ])('%s while a check writes its spools: exit 2, what to do, no output file', (code, words) => {
    const out = join(dir, `out-${code}.json`);
    const r = runBin(['check', estate, '--format', 'json', '--out', out], { env: { NODE_OPTIONS: `--require ${failingWrites(code)}` } });
    expect(r.stderr).toContain(`error IL5-WORK-FILES: a file operation failed: ${words} (${code} in write)`);
    expect(r.stderr).toContain('point TMPDIR at a folder with room');
    expect(r.stderr).not.toMatch(/internal error|defect|\n\s+at /);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [errno('ENOSPC', 'write'), true],
    [errno('EROFS', 'open'), true],
    [errno('EMFILE', 'open'), true],
    [errno('EACCES', 'mkdtemp'), true],
    // Not a file-system call, or a code that says il5ml asked for something wrong: still a defect to report.
    [errno('ENOSPC'), false],
    [errno('ENOENT', 'open'), false],
    [errno('EBADF', 'write'), false],
    [new TypeError('x is not a function'), false],
    [{ code: 'ENOSPC', syscall: 'write' }, false],
  ])('isEnvironmentFailure(%o) is %s', (e, want) => {
    expect(isEnvironmentFailure(e)).toBe(want);
  });
});
