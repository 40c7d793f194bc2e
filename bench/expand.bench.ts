/**
 * `il5ml expand` on the Mission Landing Zone (../shared/templates/missionlz/mlz.json, 727 KB, 66 nested
 * deployments), issue 12: "mlz.json within 10x its JSON.parse, every feature on within 20x". Two ways,
 * each a ratio to a baseline measured in the same run, medians:
 * - in-process: expandTemplate() against JSON.parse of the same text, run in turns (a burst of load on a
 *   shared machine then hits both sides), in five fresh Node processes per case; the ratio is the median
 *   process's, and each process's is printed;
 * - end to end, as a user runs it: `node bin/il5ml.cjs expand mlz.json …` as a child process writing its
 *   output to a file, against a child process that reads the same file, JSON.parses it and writes it back
 *   (JSON.stringify, 2 spaces, as expand writes): node's start-up is in both, as it is for a user. Paired
 *   runs; the ratio is the median of the per-pair ratios.
 * Then where the in-process time goes: reading the template (parseJsonc) against JSON.parse, and the
 * expansion once V8 has optimized the engine (the turns above are mostly before that, as a CLI run is).
 * "Every feature on": every deploy… and enable… switch of mlz.json true, hybridUseBenefit true, with the
 * e-mail and passwords those features require (a parameters file), so that 131 nested deployments run and
 * 407 resources come out, instead of 221. `expand` has no other switch that adds work: --subscription-id,
 * --resource-group, --location, --tenant-id, --management-group, --deployment-name and --utc-now only set
 * values, and --format table prints less than JSON.
 * IL5ML_BIN=<path to bin/il5ml.cjs> measures another build end to end; IL5ML_BENCH_RUNS sets the runs.
 * Needs ../shared (IL5ML_SHARED or beside the checkout) and `npm run build`.
 *
 * The in-process part measures the engine users run: the package's library entry, dist/index.js, one ES
 * module bundled by esbuild from tsc's output (scripts/bundle-lib.ts; the CLI runs a bundle of the same
 * code), imported from there, not src/ through tsx. tsx compiles every .ts with esbuild's keepNames, which
 * wraps each function and closure it makes in a __name() call (Object.defineProperty per closure made):
 * measured 25-30% slower per expansion than the same engine from dist/ (docs/expand-performance.md, fourth
 * pass); and tsc's module per file was 10-17% slower in these turns than the bundle (seventh pass). So the
 * bench needs the build, and refuses to measure a stale one: when dist/ is missing, when any .ts under src/ is newer
 * than its .js in dist/ or than the library entry, or when the entry is tsc's module of re-exports rather
 * than the bundle, it prints NOT MEASURED with the file and sets a failing exit code, rather than measure
 * code that is not the source's as shipped. Reading the template is measured in tsc's module of it (the
 * entry does not export parseJsonc).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { expandTemplate as ExpandTemplate } from '../src/arm/template/index.js';
import type { parseJsonc as ParseJsonc } from '../src/arm/template/jsonc.js';
import { moduleSpecifiers } from '../scripts/bundle-lib.js';
import type { BenchResult } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = process.env.IL5ML_SHARED ? resolve(process.env.IL5ML_SHARED) : resolve(here, '..', '..', 'shared');
const FILE = join(shared, 'templates', 'missionlz', 'mlz.json');
const BIN = process.env.IL5ML_BIN ? resolve(process.env.IL5ML_BIN) : resolve(here, '..', 'bin', 'il5ml.cjs');
const RUNS = Number(process.env.IL5ML_BENCH_RUNS ?? 15);
const CHILD_RUNS = Math.max(3, Math.ceil(RUNS / 2));
const ROOT = resolve(here, '..');

/** The engine as built (dist/), set by run() once staleBuild() found the build up to date. */
let expandTemplate: typeof ExpandTemplate;
let parseJsonc: typeof ParseJsonc;

/** The library entry as the package ships it (package.json `exports`): the bundle the in-process part measures. */
const LIBRARY = join(ROOT, 'dist', 'index.js');

/**
 * Why the build cannot be measured: dist/ missing, the first src/ file newer than its compiled .js (or
 * without one) or than the library entry, or an entry that is not the bundle (tsc's module imports the
 * others by relative path; `npx tsc` alone after a build writes it again); undefined when dist/ is the
 * build of the sources as they are.
 */
function staleBuild(): string | undefined {
  const src = join(ROOT, 'src');
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'arm', 'template', 'index.js')) || !existsSync(LIBRARY)) return 'dist/ is missing';
  if (moduleSpecifiers(readFileSync(LIBRARY, 'utf8')).some((m) => m.startsWith('.'))) return 'dist/index.js is tsc\'s module, not the bundle (npm run build bundles it)';
  const entryTime = statSync(LIBRARY).mtimeMs;
  const visit = (dir: string): string | undefined => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        const found = visit(p);
        if (found !== undefined) return found;
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        const out = join(dist, p.slice(src.length + 1).replace(/\.ts$/, '.js'));
        if (!existsSync(out)) return `${p.slice(ROOT.length + 1)} has no ${out.slice(ROOT.length + 1)}`;
        const time = statSync(p).mtimeMs;
        if (time > statSync(out).mtimeMs) return `${p.slice(ROOT.length + 1)} is newer than ${out.slice(ROOT.length + 1)}`;
        if (time > entryTime) return `${p.slice(ROOT.length + 1)} is newer than dist/index.js`;
      }
    }
    return undefined;
  };
  return visit(src);
}

/** Resources out of mlz.json (recorded 2026-12-06): a faster engine must give the same, or the bench says so. */
const EXPECTED = { defaults: 221, everything: 407 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const DEFAULTS = { identifier: { value: 'il5' } };
const EVERYTHING = {
  identifier: { value: 'il5' },
  ...Object.fromEntries(
    [
      'deployActiveDirectoryDomainServices',
      'deployAzureGatewaySubnet',
      'deployBastion',
      'deployDefender',
      'deployIdentity',
      'deployLinuxVirtualMachine',
      'deployNetworkWatcherTrafficAnalytics',
      'deployPolicy',
      'deploySentinel',
      'deployWindowsVirtualMachine',
      'enableProxy',
      'hybridUseBenefit',
    ].map((k) => [k, { value: true }]),
  ),
  emailSecurityContact: { value: 'secops@example.mil' },
  ...Object.fromEntries(['linuxVmAdminPasswordOrKey', 'windowsVmAdminPassword', 'addsSafeModeAdminPassword', 'addsAdministratorPassword'].map((k) => [k, { value: 'Example-Passw0rd!' }])),
};

interface Turns {
  parse: number;
  expand: number;
  parseCpu: number;
  expandCpu: number;
  resources: number;
}

/**
 * One process's turns (run as a child by inProcess, the library entry's URL, the template's path, the
 * parameters' text and the number of turns in argv): JSON.parse, then the expansion, in turns; two first
 * turns not counted. Wall time, and CPU time too: on a loaded machine a 2 ms parse mostly runs within one
 * time slice while a longer expansion waits for the CPU several times, which inflates the wall-time ratio;
 * CPU time is what the work itself costs (the process's: V8's compiler and collector threads included).
 * Prints its medians as JSON.
 */
const TURNS = `
import { readFileSync } from 'node:fs';
const [entry, file, parametersText, runs] = process.argv.slice(1);
const { expandTemplate } = await import(entry);
const text = readFileSync(file, 'utf8');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const parse = [], expand = [], parseCpu = [], expandCpu = [];
let resources = 0;
for (let i = 0; i < Number(runs) + 2; i++) {
  const c0 = cpu(); const t0 = performance.now();
  JSON.parse(text);
  const t1 = performance.now(); const c1 = cpu();
  const r = expandTemplate({ text, file: 'mlz.json', parametersText });
  const t2 = performance.now(); const c2 = cpu();
  if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error('mlz.json expanded with errors');
  resources = r.resources.length;
  if (i < 2) continue;
  parse.push(t1 - t0); expand.push(t2 - t1); parseCpu.push(c1 - c0); expandCpu.push(c2 - c1);
}
process.stdout.write(JSON.stringify({ parse: median(parse), expand: median(expand), parseCpu: median(parseCpu), expandCpu: median(expandCpu), resources }));
`;

/** Fresh processes per case: a single process's ratio moves by some 15% with when V8's compilations land. */
const PROCESSES = 5;

/**
 * A case's turns in PROCESSES fresh Node processes, one after the other: each a library user's process
 * (Node, the library entry, nothing else), not this one, where tsx, the bench's own modules and whatever
 * ran before (a full `npm run bench` runs other benches first; the other case) would have warmed or
 * loaded V8 differently. Returns every process's medians, by ratio.
 */
function inProcess(parameters: object): Turns[] {
  const args = [pathToFileURL(LIBRARY).href, FILE, JSON.stringify({ parameters }), String(RUNS)];
  const results: Turns[] = [];
  for (let k = 0; k < PROCESSES; k++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', TURNS, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`the turns' process failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(0, 3).join(' / ')}`);
    results.push(JSON.parse(r.stdout) as Turns);
  }
  return results.sort((a, b) => a.expand / a.parse - b.expand / b.parse);
}

/**
 * Where the in-process time goes, in the bench's own process (warmer than the turns' fresh ones): reading the
 * template (parseJsonc: JSON.parse, the position scan and walk) against JSON.parse alone, in turns; then
 * the expansion once V8 has optimized the engine (turns after the first 40 of this case), against
 * JSON.parse. The turns above are mostly before that: what they measure is the engine's code still
 * interpreted or compiled without optimization, as in a CLI run (which expands once).
 */
function phases(text: string, parameters: object): { parse: number; read: number; warm: number } {
  const parametersText = JSON.stringify({ parameters });
  const parse: number[] = [];
  const read: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    JSON.parse(text);
    const t1 = performance.now();
    parseJsonc(text, 'mlz.json');
    read.push(performance.now() - t1);
    parse.push(t1 - t0);
  }
  // Against the JSON.parse of the loop above: one between expansions pays for the collections their garbage
  // brings on (medians of 7 ms seen here, against 2-3 ms).
  const warm: number[] = [];
  for (let i = 0; i < 40 + RUNS; i++) {
    const t0 = performance.now();
    expandTemplate({ text, file: 'mlz.json', parametersText });
    if (i >= 40) warm.push(performance.now() - t0);
  }
  return { parse: median(parse), read: median(read), warm: median(warm) };
}

/** One child process with its standard output to a file, as `> out` in a shell. */
function child(args: string[], out: string, cwd: string): { ms: number; code: number; stderr: string } {
  const fd = openSync(out, 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] });
    return { ms: performance.now() - t0, code: r.status ?? -1, stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}

/** Reads the file, JSON.parses it and writes it back: the least a command reading this file as JSON does. */
const PARSE_AND_WRITE = `const fs = require('node:fs'); const t = fs.readFileSync(process.argv[1], 'utf8'); process.stdout.write(JSON.stringify(JSON.parse(t), null, 2) + '\\n');`;

function endToEnd(dir: string, label: string, paramArgs: string[], expected: number): string {
  const ratios: number[] = [];
  const times: number[] = [];
  const bases: number[] = [];
  let resources = -1;
  for (let i = 0; i < CHILD_RUNS; i++) {
    const b = child(['-e', PARSE_AND_WRITE, FILE], join(dir, 'parsed.json'), dir);
    const out = join(dir, 'expanded.json');
    const t = child([BIN, 'expand', FILE, ...paramArgs], out, dir);
    if (t.code !== 0) return `${label}: exit ${t.code}: ${t.stderr.trim().split('\n').slice(0, 2).join(' / ')}`;
    resources = (JSON.parse(readFileSync(out, 'utf8')) as { resources: unknown[] }).resources.length;
    bases.push(b.ms);
    times.push(t.ms);
    ratios.push(t.ms / b.ms);
  }
  const size = statSync(join(dir, 'expanded.json')).size;
  const pinned = resources === expected ? '' : ` (RESOURCES CHANGED: expected ${expected})`;
  return `${label}: ${median(times).toFixed(0)} ms, ${resources} resources${pinned}, ${(size / 1024).toFixed(0)} KB written = ${median(ratios).toFixed(1)}x the read-JSON.parse-write process (${median(bases).toFixed(0)} ms; median of ${CHILD_RUNS} pairs)`;
}

export async function run(): Promise<BenchResult> {
  const name = 'expand mlz.json';
  if (!existsSync(FILE)) return { name, lines: [`skipped: ${FILE} not found (set IL5ML_SHARED)`] };
  const stale = staleBuild();
  if (stale !== undefined) {
    process.exitCode = 1;
    return { name, lines: [`NOT MEASURED: ${stale}; run \`npm run build\` first (the bench measures the built engine, dist/, as users run it)`] };
  }
  ({ expandTemplate } = (await import(pathToFileURL(LIBRARY).href)) as { expandTemplate: typeof ExpandTemplate });
  ({ parseJsonc } = (await import(pathToFileURL(join(ROOT, 'dist', 'arm', 'template', 'jsonc.js')).href)) as { parseJsonc: typeof ParseJsonc });
  const text = readFileSync(FILE, 'utf8');
  const lines: string[] = [];
  lines.push('engine: dist/index.js (the library entry, one bundle, as the package ships it; the CLI runs a bundle of the same code)');
  const cases = [
    { label: 'defaults', parameters: DEFAULTS, expected: EXPECTED.defaults, target: 10 },
    { label: 'every feature on', parameters: EVERYTHING, expected: EXPECTED.everything, target: 20 },
  ];
  lines.push(`in-process, expandTemplate() against JSON.parse of the same ${(text.length / 1024).toFixed(0)} KB, medians of ${RUNS} turns in each of ${PROCESSES} fresh processes per case:`);
  for (const c of cases) {
    const all = inProcess(c.parameters);
    const r = all[Math.floor(all.length / 2)] as Turns;
    const pinned = all.every((t) => t.resources === c.expected) ? '' : ` (RESOURCES CHANGED: expected ${c.expected})`;
    const each = all.map((t) => `${(t.expand / t.parse).toFixed(1)}x`);
    lines.push(`  ${c.label}: ${r.expand.toFixed(1)} ms, ${r.resources} resources${pinned}; JSON.parse ${r.parse.toFixed(2)} ms; ratio ${(r.expand / r.parse).toFixed(1)}x (target ${c.target}x; the median of ${PROCESSES} processes: ${each.join(', ')})`);
    lines.push(`    CPU time: ${r.expandCpu.toFixed(1)} ms; JSON.parse ${r.parseCpu.toFixed(2)} ms; ratio ${(r.expandCpu / r.parseCpu).toFixed(1)}x`);
  }
  // In this process: what they measure is a share of a turn and the optimized engine, not the first turns.
  lines.push(`where the in-process time goes (medians of ${RUNS} turns each):`);
  for (const c of cases) {
    const ph = phases(text, c.parameters);
    lines.push(`  ${c.label}: reading the template (parseJsonc) ${ph.read.toFixed(2)} ms = ${(ph.read / ph.parse).toFixed(1)}x JSON.parse; expansion once optimized (turns after 40) ${ph.warm.toFixed(1)} ms = ${(ph.warm / ph.parse).toFixed(1)}x JSON.parse (${ph.parse.toFixed(2)} ms)`);
  }
  if (!existsSync(BIN) || !existsSync(resolve(dirname(BIN), '..', 'dist', 'cli', 'main.js'))) {
    lines.push(`end to end skipped: ${BIN} or its dist/ is missing (npm run build)`);
    return { name, lines };
  }
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-bench-expand-'));
  try {
    const everything = join(dir, 'everything.parameters.json');
    writeFileSync(everything, JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: EVERYTHING }));
    lines.push(`end to end, il5ml expand as a child process writing its JSON to a file, against a child process that reads, JSON.parses and writes the same file:`);
    lines.push(`  ${endToEnd(dir, 'defaults (--parameters identifier=il5)', ['--parameters', 'identifier=il5'], EXPECTED.defaults)} (target 10x)`);
    lines.push(`  ${endToEnd(dir, 'every feature on (--parameters FILE)', ['--parameters', everything], EXPECTED.everything)} (target 20x)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { name, lines };
}
