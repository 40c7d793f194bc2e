/**
 * The stores of lookups kept as numbers (issue 10, src/core/store/): time and peak memory of the same work
 * done by a `Map<string, number>` (with an array of the strings by code, and a `Map<number, number[]>` for
 * the multi-index) as the baseline, by `memoryStore()` and by the CLI's `fileStore()` (32 MiB of 64 KiB
 * pages): intern N Azure-shaped ids (`/subscriptions/<guid>/resourcegroups/rg-<n>/providers/
 * microsoft.network/networkinterfaces/nic-<n>`), find each, read the text of each, then a multi-index of N
 * pairs (N / 2 keys spread at random) built and every key counted. Each runs in a child process of its own
 * (the built dist/, so `npm run build` first), which reports its phases' times and its peak RSS
 * (`process.resourceUsage().maxRSS`), at 100,000 and 1,000,000 ids: the file store's should be flat.
 * The ids are made in the loop in every mode alike (their making is in each figure; shown alone too).
 * Then the file store alone at 3,000,000 ids (IL5ML_BENCH_STORE_FLAT; 0 leaves it out), past where a Map's
 * process would take gigabytes. IL5ML_BENCH_STORE_SIZES=<n,n> sets the sizes of the three-way runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(here, '..', 'dist');
const SIZES = (process.env.IL5ML_BENCH_STORE_SIZES ?? '100000,1000000').split(',').map(Number).filter((n) => n > 0);
const PAGE = Number(process.env.IL5ML_BENCH_STORE_PAGE ?? 65536);
const FLAT = Number(process.env.IL5ML_BENCH_STORE_FLAT ?? 3_000_000);
const MODES = ['map', 'memory', 'file'] as const;
type Mode = (typeof MODES)[number];

interface Figures {
  make: number;
  intern: number;
  find: number;
  text: number;
  multi: number;
  rssKiB: number;
  wrong: number;
  reads?: number;
  writes?: number;
  filePages?: number;
}

/** The child: argv mode, n, folder, the stores' module URLs; prints its figures as JSON. */
const CHILD = `
const [mode, nText, dir, fileUrl, memoryUrl] = process.argv.slice(1);
const n = Number(nText);
const { fileStore } = await import(fileUrl);
const { memoryStore } = await import(memoryUrl);
const hex = (x, w) => (x >>> 0).toString(16).padStart(w, '0').slice(-w);
const id = (i) => '/subscriptions/' + hex(Math.imul(i, 2654435761), 8) + '-' + hex(i >>> 16, 4) + '-4' + hex(i, 3) + '-8' + hex(Math.imul(i, 40503), 3) + '-' + hex(Math.imul(i, 69069), 8) + hex(i, 4)
  + '/resourcegroups/rg-' + (i % 1000) + '/providers/microsoft.network/networkinterfaces/nic-' + i;
const key = (i) => (Math.imul(i, 2654435761) >>> 0) % Math.max(1, n >> 1);
const time = (f) => { const a = performance.now(); f(); return performance.now() - a; };
let wrong = 0;
let sink = 0;
const out = {};
out.make = time(() => { for (let i = 0; i < n; i++) sink += id(i).length; });
if (mode === 'map') {
  const m = new Map();
  const texts = [];
  out.intern = time(() => { for (let i = 0; i < n; i++) { const s = id(i); let c = m.get(s); if (c === undefined) { c = texts.length; m.set(s, c); texts.push(s); } if (c !== i) wrong++; } });
  out.find = time(() => { for (let i = 0; i < n; i++) if ((m.get(id(i)) ?? -1) !== i) wrong++; });
  out.text = time(() => { for (let i = 0; i < n; i++) sink += texts[i].length; });
  out.multi = time(() => {
    const mm = new Map();
    for (let i = 0; i < n; i++) { const k = key(i); const l = mm.get(k); if (l === undefined) mm.set(k, [i]); else l.push(i); }
    for (let k = 0; k < n >> 1; k++) sink += mm.get(k)?.length ?? 0;
  });
} else {
  const store = mode === 'file' ? fileStore(dir, process.env.IL5ML_BENCH_STORE_PAGE ? { pageBytes: Number(process.env.IL5ML_BENCH_STORE_PAGE) } : {}) : memoryStore();
  const t = store.ids();
  out.intern = time(() => { for (let i = 0; i < n; i++) if (t.intern(id(i)) !== i) wrong++; });
  out.find = time(() => { for (let i = 0; i < n; i++) if (t.find(id(i)) !== i) wrong++; });
  out.text = time(() => { for (let i = 0; i < n; i++) sink += t.text(i).length; });
  out.multi = time(() => {
    const b = store.multi();
    for (let i = 0; i < n; i++) b.add(key(i), i);
    const mi = b.freeze();
    for (let k = 0; k < n >> 1; k++) sink += mi.count(k);
  });
  if (mode === 'file') Object.assign(out, { reads: store.stats.reads, writes: store.stats.writes, filePages: store.stats.filePages });
  store.close();
}
out.rssKiB = process.resourceUsage().maxRSS;
out.wrong = wrong;
if (sink === -1) console.error('');
console.log(JSON.stringify(out));
`;

function child(mode: Mode, n: number, dir: string): Figures | string {
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', CHILD, mode, String(n), dir, pathToFileURL(join(DIST, 'cli', 'file-store.js')).href, pathToFileURL(join(DIST, 'core', 'store', 'memory.js')).href],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) return `${mode} at ${n}: exit ${String(r.status)} ${r.stderr.slice(0, 300)}`;
  return JSON.parse(r.stdout) as Figures;
}

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;

export async function run(): Promise<BenchResult> {
  const name = 'stores of lookups as numbers (issue 10): memoryStore and fileStore (32 MiB of pages) vs Map<string, number>, and peak RSS';
  if (!existsSync(join(DIST, 'cli', 'file-store.js'))) return { name, lines: ['skipped: run `npm run build` first'] };
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-store-bench-'));
  const lines: string[] = [];
  try {
    for (const n of SIZES) {
      const figures = new Map<Mode, Figures>();
      for (const mode of MODES) {
        const f = child(mode, n, dir);
        if (typeof f === 'string') lines.push(`failed: ${f}`);
        else figures.set(mode, f);
      }
      const base = figures.get('map');
      if (base === undefined) continue;
      lines.push(`${n.toLocaleString('en-US')} ids (making the ids alone: ${ms(base.make)}, in every figure below):`);
      lines.push(`  Map<string, number> (baseline): intern ${ms(base.intern)}, find ${ms(base.find)}, text ${ms(base.text)}, multi-index ${ms(base.multi)}; peak RSS ${mib(base.rssKiB)}`);
      for (const mode of ['memory', 'file'] as const) {
        const f = figures.get(mode);
        if (f === undefined) continue;
        const ratio = (k: 'intern' | 'find' | 'text' | 'multi'): string => `${ms(f[k])} (${(f[k] / Math.max(base[k], 0.001)).toFixed(2)}x)`;
        const io = f.filePages === undefined ? '' : `; ${f.filePages} pages in the file (${mib((f.filePages * PAGE) / 1024)}), ${f.reads ?? 0} read back, ${f.writes ?? 0} written`;
        lines.push(`  ${mode === 'memory' ? 'memoryStore' : 'fileStore'}: intern ${ratio('intern')}, find ${ratio('find')}, text ${ratio('text')}, multi-index ${ratio('multi')}; peak RSS ${mib(f.rssKiB)}${io}${f.wrong === 0 ? '' : `; ${f.wrong} WRONG`}`);
      }
    }
    if (FLAT > 0) {
      const f = child('file', FLAT, dir);
      if (typeof f === 'string') lines.push(`failed: ${f}`);
      else lines.push(`${FLAT.toLocaleString('en-US')} ids, fileStore alone: intern ${ms(f.intern)}, find ${ms(f.find)}, text ${ms(f.text)}, multi-index ${ms(f.multi)}; peak RSS ${mib(f.rssKiB)}; ${f.filePages ?? 0} pages in the file${f.wrong === 0 ? '' : `; ${f.wrong} WRONG`}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { name, lines };
}
