import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import { staticClosure } from '../../scripts/bundle-cli.js';
import { REPO_ROOT, runBin, runMain } from '../helpers/cli.js';

/**
 * Start-up (issue 12): bin/il5ml.js runs the bundle of scripts/bundle-cli.ts, and `--help` of any command
 * loads the commands' definitions only. The timing itself is measured in `npm run bench cli`, never here.
 */

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'il5ml-bundle-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The files src/cli/main.ts (or other entries) load before any command runs: their static imports, followed transitively. */
async function startup(entries: readonly string[] = ['src/cli/main.ts']): Promise<{ modules: string[]; builtins: string[] }> {
  const r = await build({
    entryPoints: entries.map((e) => join(REPO_ROOT, e)),
    absWorkingDir: REPO_ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'],
    outdir: join(REPO_ROOT, 'dist', 'startup-check'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = r.metafile.inputs;
  const seen = staticClosure(inputs, entries);
  const builtins = [...seen].flatMap((f) => (inputs[f]?.imports ?? []).filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path));
  return { modules: [...seen].sort(), builtins: [...new Set(builtins)].sort() };
}

describe('start-up', () => {
  it('loads no engine, schema, template or SDK before a command runs (only what --help needs)', async () => {
    const { modules } = await startup();
    expect(modules).toContain('src/cli/commands/check.ts');
    expect(modules).toContain('src/cli/commands/audit.ts');
    // Constants for the flags' help (report formats, the default resource group) may load; their modules import nothing.
    const heavy = [
      /node_modules\/(zod|yaml|@azure\/|@hpcc-js\/)/,
      /^src\/(policy|baseline|emit|plan|validate)\//,
      /^src\/spec\/(schema|load)\.ts$/,
      /^src\/report\/(?!options\.ts$)/,
      /^src\/arm\/expr\//,
      /^src\/arm\/template\/(?!context\.ts$)/,
      /^src\/azure\/(arm|credential|estate|preflight)/,
      /generated/,
    ];
    expect(modules.filter((m) => heavy.some((h) => h.test(m)))).toEqual([]);
  });

  it('plans the built-in spec without the YAML reader or the zod schema (the modules `plan` imports for it)', async () => {
    const { modules } = await startup(['src/spec/default-loaded.ts', 'src/validate/index.ts', 'src/validate/rule.ts', 'src/emit/plan.ts', 'src/plan/compliance.ts']);
    expect(modules).toContain('src/spec/default-spec.generated.ts');
    expect(modules.filter((m) => /node_modules\/(zod|yaml)\/|^src\/spec\/(schema|load|json-schema)\.ts$/.test(m))).toEqual([]);
  });

  it('loads node:crypto only when a command hashes (uniqueString), not at start-up', async () => {
    const { builtins } = await startup();
    expect(builtins).toContain('node:fs');
    expect(builtins.filter((b) => /crypto/.test(b))).toEqual([]);
  });

  it('loads node:v8 only when plan turns the optimizer off, not at start-up (it loads the streams library)', async () => {
    const { builtins } = await startup();
    expect(builtins).toContain('node:module');
    expect(builtins.filter((b) => /^(node:)?v8$/.test(b))).toEqual([]);
  });

  it('the built bundle loads its start-up modules from one shared file (npm run build)', () => {
    const dir = join(REPO_ROOT, 'dist', 'cli', 'bundle');
    const loaded = new Set<string>();
    const todo = ['main.js'];
    for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
      if (loaded.has(f)) continue;
      loaded.add(f);
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\b[^;]*?from\s*"\.\/([^"]+)"|^import\s*"\.\/([^"]+)"/gm)) todo.push(m[1] ?? m[2] ?? '');
    }
    expect(loaded.size).toBeLessThanOrEqual(2);
  });

  it('the bundle plans the default spec byte for byte as the sources do', () => {
    const cwd = tmp();
    const r = runBin(['plan'], { cwd });
    expect(r.code).toBe(0);
    for (const [name, text] of buildPlan(defaultSpec()).files()) expect(readFileSync(join(cwd, 'out', name), 'utf8'), name).toBe(text);
  });

  it('reports a bad spec with the same messages as the sources (zod keeps its English messages in the bundle)', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'il5ml.yaml'), 'region: usgovtexas\nprefix: 7\nnetwork:\n  subnets:\n    bastion: 172.16.2.0/27\n  extra: true\n');
    const bin = runBin(['plan'], { cwd });
    const src = await runMain(['plan'], { cwd });
    expect(bin.code).toBe(2);
    expect(src.code).toBe(2);
    expect(bin.stderr).toBe(src.stderr);
    expect(bin.stderr).toMatch(/error/);
  });

  it('prints the same help for every command as the sources do', async () => {
    for (const args of [['--help'], ...['init', 'plan', 'egress', 'dns', 'expand', 'check', 'rules', 'audit', 'preflight'].map((c) => [c, '--help'])]) {
      const bin = runBin(args);
      const src = await runMain(args);
      expect(bin.code, args.join(' ')).toBe(0);
      expect(bin.stdout, args.join(' ')).toBe(src.stdout);
    }
  });

  it('init from the bundle points $schema at the schema file this installation ships', () => {
    const cwd = tmp();
    expect(runBin(['init', '--out', 'il5ml.json'], { cwd }).code).toBe(0);
    const spec = JSON.parse(readFileSync(join(cwd, 'il5ml.json'), 'utf8')) as { $schema: string };
    expect(resolve(cwd, spec.$schema)).toBe(join(REPO_ROOT, 'schema', 'il5ml.spec.schema.json'));
  });
});
