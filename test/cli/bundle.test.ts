import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { isUserInputError } from '../../src/cli/main.js';
import { UserInputError } from '../../src/core/diagnostic.js';
import { buildPlan } from '../../src/emit/plan.js';
import { defaultSpec } from '../../src/spec/load.js';
import { staticClosure } from '../../scripts/bundle-cli.js';
import { REPO_ROOT, runBin, runMain } from '../helpers/cli.js';

/**
 * Start-up (issue 12): bin/il5ml.cjs runs the bundle of scripts/bundle-cli.ts, and `--help` of any command
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

/** The start-up files start.cjs loads, dependencies first (written into it by the build). */
function startupNames(bundle: string): string[] {
  return [...(createRequire(import.meta.url)(join(bundle, 'start.cjs')) as typeof import('../../src/cli/start.js')).startupFiles()];
}

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

  it('the built bundle loads its start-up modules from one shared file, as CommonJS (npm run build)', () => {
    const dir = join(REPO_ROOT, 'dist', 'cli', 'bundle');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    const loaded = new Set<string>();
    const todo = ['main.js'];
    for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
      if (loaded.has(f)) continue;
      loaded.add(f);
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/^\s*(import|export)\s/m);
      // A file's static requires are top-level statements; the lazy ones are inside Promise.resolve().then(…).
      for (const m of text.matchAll(/^var \w+ = require\("\.\/([^"]+)"\);$/gm)) todo.push(m[1] ?? '');
    }
    expect(loaded.size).toBeLessThanOrEqual(2);
    // start.cjs loads exactly these, dependencies first, each with its code cache.
    expect(startupNames(dir)).toEqual([...loaded].reverse());
  });

  it('the start-up files run with their code cache, and without it (none, another build\'s, other flags) the same', () => {
    const bundle = join(REPO_ROOT, 'dist', 'cli', 'bundle');
    const probe = (dir: string, flags: string[] = []): { caches: string; help: string } => {
      const code = `const { loadStartup } = require(${JSON.stringify(join(dir, 'start.cjs'))});
const s = loadStartup(${JSON.stringify(dir)}, ${JSON.stringify(startupNames(bundle))});
let help = '';
s.main.main(['node', 'il5ml', 'plan', '--help'], { stdout: (t) => (help += t), stderr: () => undefined, cwd: process.cwd(), env: {}, isTTY: false })
  .then((c) => process.stdout.write(JSON.stringify({ caches: [...s.caches].map(([f, u]) => f + ' ' + u).join(', '), help, c })));`;
      const r = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      expect(r.stderr).toBe('');
      const o = JSON.parse(r.stdout) as { caches: string; help: string; c: number };
      expect(o.c).toBe(0);
      return o;
    };
    const names = startupNames(bundle);
    const cached = probe(bundle);
    expect(cached.caches).toBe(names.map((n) => `${n} accepted`).join(', '));
    expect(cached.help).toMatch(/^Usage: il5ml plan/);
    expect(probe(bundle, ['--no-opt'])).toEqual({ ...cached, caches: names.map((n) => `${n} rejected`).join(', ') });
    const other = tmp();
    for (const f of readdirSync(bundle)) if (!f.endsWith('.cache')) copyFileSync(join(bundle, f), join(other, f));
    expect(probe(other)).toEqual({ ...cached, caches: names.map((n) => `${n} none`).join(', ') });
    for (const n of names) writeFileSync(join(other, `${n}.cache`), Buffer.concat([Buffer.from('another-build\n'), readFileSync(join(bundle, `${n}.cache`)).subarray(readFileSync(join(bundle, `${n}.cache`)).indexOf(10) + 1)]));
    expect(probe(other)).toEqual({ ...cached, caches: names.map((n) => `${n} none`).join(', ') });
  });

  it("plan loads neither node:crypto (guid's SHA-1 is src/core/sha1.ts) nor node:fs/promises (the folder is written synchronously)", () => {
    const cwd = tmp();
    const start = join(REPO_ROOT, 'dist', 'cli', 'bundle', 'start.cjs');
    // A script file, as bin/il5ml.cjs is (\`node -e\` itself loads node:crypto).
    writeFileSync(
      join(cwd, 'probe.cjs'),
      `require(${JSON.stringify(start)}).startCli(['node', 'il5ml', 'plan']).then((c) => process.stderr.write('@@' + c + ' ' + process.moduleLoadList.filter((m) => /^NativeModule (crypto|fs\\/promises|internal\\/fs\\/promises)$/.test(m)).join(',')));`,
    );
    const r = spawnSync(process.execPath, ['probe.cjs'], { cwd, encoding: 'utf8' });
    expect(r.stderr.slice(r.stderr.indexOf('@@'))).toBe('@@0 ');
    expect(readFileSync(join(cwd, 'out', 'azuredeploy.json'), 'utf8')).toMatch(/\bguid\(/);
  });

  it('the bundle plans the default spec byte for byte as the sources do', () => {
    const cwd = tmp();
    const r = runBin(['plan'], { cwd });
    expect(r.code).toBe(0);
    for (const [name, text] of buildPlan(defaultSpec()).files()) expect(readFileSync(join(cwd, 'out', name), 'utf8'), name).toBe(text);
  });

  it('plans a spec file byte for byte as the sources do (the engines file reads it with the spec rules of its own)', async () => {
    const [viaBin, viaSrc] = [tmp(), tmp()];
    for (const cwd of [viaBin, viaSrc]) {
      expect(runBin(['init', '--out', 'il5ml.yaml'], { cwd }).code).toBe(0);
      // An expired exemption: a warning located in the spec file (locateNear of the engines).
      writeFileSync(join(cwd, 'il5ml.yaml'), readFileSync(join(cwd, 'il5ml.yaml'), 'utf8').replace(/^ {2}exemptions: \[\]$/m, '  exemptions:\n    - rule: IL5-KV-003\n      justification: test\n      expiresOn: "2020-01-01"'));
    }
    const bin = runBin(['plan'], { cwd: viaBin });
    const src = await runMain(['plan'], { cwd: viaSrc });
    expect(bin.stderr.replace(viaBin, '<cwd>')).toBe(src.stderr.replace(viaSrc, '<cwd>'));
    expect(bin.stderr).toMatch(/il5ml\.yaml:\d+:\d+.*IL5-PLAN-EXEMPTION.*expired/);
    expect(bin.stdout).toBe(src.stdout);
    expect(bin.code).toBe(src.code);
    for (const name of ['azuredeploy.json', 'azuredeploy.parameters.json', 'deploy.sh', 'plan.md']) {
      expect(readFileSync(join(viaBin, 'out', name), 'utf8'), name).toBe(readFileSync(join(viaSrc, 'out', name), 'utf8'));
    }
  });

  it("plan's engines come from one file whose code cache V8 takes under a short plan's flags, and work without it", () => {
    const bundle = join(REPO_ROOT, 'dist', 'cli', 'bundle');
    const loader = pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'plan-engines.js')).href;
    const shortRun = pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'short-run.js')).href;
    const probe = (dir: string, flags: boolean): string => {
      const code = `const { openEngines } = await import(${JSON.stringify(loader)}); const { favourStartUp } = await import(${JSON.stringify(shortRun)});
${flags ? 'favourStartUp(0);' : ''} const o = openEngines(${JSON.stringify(dir)}); const l = o.engines.loadDefaultSpec();
process.stdout.write(o.cache + ' ' + o.engines.buildPlan(l.spec).files().get('azuredeploy.json').length);`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout;
    };
    const size = String(buildPlan(defaultSpec()).files().get('azuredeploy.json')?.length);
    expect(probe(bundle, true)).toBe(`accepted ${size}`);
    // Other flags (here: the optimizer on), another build's cache: compiled as usual, the same plan.
    expect(probe(bundle, false)).toBe(`rejected ${size}`);
    const other = tmp();
    copyFileSync(join(bundle, 'plan-engines.cjs'), join(other, 'plan-engines.cjs'));
    writeFileSync(join(other, 'plan-engines.cjs.cache'), Buffer.concat([Buffer.from('another-build\n'), readFileSync(join(bundle, 'plan-engines.cjs.cache')).subarray(readFileSync(join(bundle, 'plan-engines.cjs.cache')).indexOf(10) + 1)]));
    expect(probe(other, true)).toBe(`none ${size}`);
  });

  it("reports a user error of the engines' own copy of UserInputError as one (exit 2), not as a defect", () => {
    const copy = new Error('bad input');
    copy.name = 'UserInputError';
    Object.assign(copy, { diagnostics: [{ severity: 'error', code: 'IL5-X', message: 'bad input' }] });
    expect(isUserInputError(copy)).toBe(true);
    expect(isUserInputError(new UserInputError([]))).toBe(true);
    const named = new Error('no diagnostics');
    named.name = 'UserInputError';
    expect(isUserInputError(named)).toBe(false);
    expect(isUserInputError(new RangeError('x'))).toBe(false);
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
