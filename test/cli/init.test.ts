import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaRefFrom } from '../../src/cli/commands/init.js';
import { loadSpec } from '../../src/spec/load.js';
import { SpecSchema } from '../../src/spec/schema.js';
import { validateSpec } from '../../src/validate/index.js';
import { REPO_ROOT, runBin, runMain } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-init-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('il5ml init', () => {
  it('prints the default spec to stdout, its schema line relative to the working directory', async () => {
    const r = await runMain(['init']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const [first] = r.stdout.split('\n');
    expect(first).toBe('# yaml-language-server: $schema=./schema/il5ml.spec.schema.json');
    const loaded = loadSpec(r.stdout, '<stdout>');
    expect(loaded.spec).toEqual(SpecSchema.parse({}));
    expect(validateSpec(loaded)).toEqual([]);
  });

  it('prints exactly the reviewed default spec (test/golden/init/il5ml.yaml)', async () => {
    const r = await runMain(['init']);
    expectGolden('init/il5ml.yaml', r.stdout);
  });

  it('writes --out, with a schema path that resolves from the file to the shipped schema', async () => {
    const r = await runMain(['init', '--out', 'specs/il5ml.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wrote specs/il5ml.yaml\nnext: il5ml plan --spec specs/il5ml.yaml\n');
    // writeFilesAtomically creates the folder.
    const text = readFileSync(join(dir, 'specs', 'il5ml.yaml'), 'utf8');
    const ref = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1] ?? '';
    expect(existsSync(join(dir, 'specs', ref))).toBe(true);
    expect(join(dir, 'specs', ref)).toBe(SCHEMA_FILE);
    expect(loadSpec(text, 'x').spec).toEqual(SpecSchema.parse({}));
  });

  it('writes JSON, with $schema and the same values, when --out ends in .json', async () => {
    const r = await runMain(['init', '--out', 'il5ml.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'il5ml.json'), 'utf8');
    const json = JSON.parse(text) as { $schema: string };
    expect(join(dir, json.$schema)).toBe(SCHEMA_FILE);
    const loaded = loadSpec(text, 'il5ml.json');
    expect(loaded.diagnostics).toEqual([]);
    expect({ ...loaded.spec, $schema: undefined }).toEqual({ ...SpecSchema.parse({}), $schema: undefined });
  });

  it('refuses to overwrite an existing file, exit 2, and leaves it untouched', async () => {
    writeFileSync(join(dir, 'il5ml.yaml'), 'mine\n');
    const r = await runMain(['init', '--out', 'il5ml.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error IL5-INIT-EXISTS: ${join(dir, 'il5ml.yaml')} already exists; il5ml init does not overwrite it`);
    expect(r.stderr).toContain('fix: choose another --out path, or add --force to replace the file');
    expect(readFileSync(join(dir, 'il5ml.yaml'), 'utf8')).toBe('mine\n');
  });

  it('overwrites with --force', async () => {
    writeFileSync(join(dir, 'il5ml.yaml'), 'mine\n');
    const r = await runMain(['init', '--out', 'il5ml.yaml', '--force'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'il5ml.yaml'), 'utf8')).toMatch(/^# yaml-language-server/);
  });

  it('refuses a directory, even with --force', async () => {
    mkdirSync(join(dir, 'out'));
    const r = await runMain(['init', '--out', 'out', '--force'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'out')} is a directory`);
  });

  it('rejects an unknown flag with exit 2', async () => {
    const r = await runMain(['init', '--outt', 'x.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
  });
});

describe('il5ml init as a user types it (node bin/il5ml.cjs, after npm run build)', () => {
  it('writes the spec, then refuses to overwrite it', () => {
    const first = runBin(['init', '--out', 'il5ml.yaml'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(loadSpec(readFileSync(join(dir, 'il5ml.yaml'), 'utf8'), 'x').spec).toEqual(SpecSchema.parse({}));
    const again = runBin(['init', '--out', 'il5ml.yaml'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('IL5-INIT-EXISTS');
    expect(again.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('schemaRefFrom', () => {
  it.each([
    ['/p', '/p/schema/s.json', './schema/s.json'],
    ['/p/specs', '/p/schema/s.json', '../schema/s.json'],
    ['/p', '/p/s.json', './s.json'],
  ])('from %s to %s is %s', (from, to, ref) => expect(schemaRefFrom(from, to)).toBe(ref));
  it('points at the schema file in the repository', () => {
    expect(SCHEMA_FILE).toBe(join(REPO_ROOT, 'schema', 'il5ml.spec.schema.json'));
  });
});
