/**
 * Runs one hostile case as a user types it — `node bin/il5ml.cjs …` in a folder of its own, under a
 * wall-clock bound and an address-space bound (prlimit --as) — and says what went wrong: an exit code
 * other than 0, 1 or 2 (or not one the case allows), a stack trace, a raw control character, a planted
 * secret in any output, a special file replaced, a temporary file left behind, a run past the bound.
 * Nothing leaves 127.0.0.1: `az` is a stand-in script, the managed identity endpoints point at a closed
 * local port, and Azure variables of the environment are not passed on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import type { Case } from './cases.js';

export interface Bounds {
  /** Wall-clock bound of one run. */
  timeoutMs: number;
  /** Address-space bound (bytes), through prlimit --as. */
  addressSpace: number;
}
export const DEFAULT_BOUNDS: Bounds = { timeoutMs: 60_000, addressSpace: 6 * 1024 ** 3 };

export interface Outcome {
  id: string;
  cls: string;
  code: number | null;
  signal: string | null;
  ms: number;
  /** Peak resident set, KiB (GNU time), when measured. */
  maxRssKiB?: number;
  failures: string[];
  stderrHead: string;
}

// Raw C0/C1 controls other than tab and line feed, DEL, line and paragraph separators, bidi overrides.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const STACK_FRAME = /^ {4}at .+/m;
const TEMP = /\.il5ml-(tmp|old)-/;
const MAX_CAPTURE = 8 * 1024 * 1024;

function typeOf(st: Stats): string {
  if (st.isFIFO()) return 'fifo';
  if (st.isCharacterDevice()) return 'char';
  if (st.isSymbolicLink()) return 'link';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** The stand-in `az` of --auth cli: a token (or an error with escapes, or a huge answer). */
function fakeAz(dir: string, mode: string | undefined, token: string | undefined): string {
  const bin = join(dir, '.hx-bin');
  mkdirSync(bin);
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const answer = { accessToken: token ?? 'hx-fake-token', expiresOn: new Date(expires * 1000).toISOString().replace('T', ' ').slice(0, 19) + '.000000', expires_on: expires, subscription: '11111111-1111-1111-1111-111111111111', tenant: '22222222-2222-2222-2222-222222222222', tokenType: 'Bearer' };
  const script =
    mode === 'escapes'
      ? `#!/bin/sh\nprintf 'ERROR: \\033]0;pwned\\007\\033[2J the refresh token expired\\n' >&2\nexit 1\n`
      : mode === 'huge'
        ? `#!/bin/sh\nprintf '{"accessToken": "'\nhead -c 50000000 /dev/zero | tr '\\0' 'a'\nprintf '", "expiresOn": "2999-01-01 00:00:00.000000", "expires_on": 32503680000}'\n`
        : `#!/bin/sh\ncat <<'EOF'\n${JSON.stringify(answer)}\nEOF\n`;
  writeFileSync(join(bin, 'az'), script);
  chmodSync(join(bin, 'az'), 0o755);
  return bin;
}

function childEnv(c: Case, azDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(HTTPS?_PROXY|ALL_PROXY|NO_PROXY|AZURE_|IDENTITY_|MSI_|IMDS_|NODE_OPTIONS|IL5ML_|VITEST|NO_COLOR|FORCE_COLOR)/i.test(k)) continue;
    env[k] = v;
  }
  env.PATH = `${azDir}:${process.env.PATH ?? ''}`;
  // Should anything try a managed identity, it meets a closed local port, not 169.254.169.254.
  env.IDENTITY_ENDPOINT = 'http://127.0.0.1:9/msi/token';
  env.IMDS_ENDPOINT = 'http://127.0.0.1:9';
  env.MSI_ENDPOINT = 'http://127.0.0.1:9/msi/token';
  env.AZURE_POD_IDENTITY_AUTHORITY_HOST = 'http://127.0.0.1:9';
  env.HOME = azDir;
  for (const [k, v] of Object.entries(c.env ?? {})) if (!k.startsWith('IL5ML_HOSTILE')) env[k] = v;
  return env;
}

function listAll(dir: string, max = 20_000): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      if (out.length >= max) return;
      const r = rel ? `${rel}/${n}` : n;
      out.push(r);
      let st: Stats;
      try {
        st = lstatSync(join(d, n));
      } catch {
        continue;
      }
      if (st.isDirectory() && !r.startsWith('.hx-bin')) walk(join(d, n), r);
    }
  };
  walk(dir, '');
  return out;
}

/** The CLI under test: bin/il5ml.cjs, or another build's (IL5ML_HOSTILE_BIN), e.g. a copy of the build before a fix. */
const CLI = process.env.IL5ML_HOSTILE_BIN ?? BIN;

function spawnCli(args: string[], cwd: string, env: Record<string, string>, bounds: Bounds, rssFile: string): ChildProcess {
  return spawn('prlimit', [`--as=${bounds.addressSpace}`, '--', '/usr/bin/time', '-q', '-o', rssFile, '-f', '%M', process.execPath, CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

/** Ends a process group we started (by its id), and everything in it. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

interface Ran {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

function run(args: string[], cwd: string, env: Record<string, string>, bounds: Bounds, rssFile: string): Promise<Ran> {
  const t0 = Date.now();
  const child = spawnCli(args, cwd, env, bounds, rssFile);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let outN = 0;
  let errN = 0;
  child.stdout?.on('data', (b: Buffer) => {
    if (outN < MAX_CAPTURE) out.push(b);
    outN += b.length;
  });
  child.stderr?.on('data', (b: Buffer) => {
    if (errN < MAX_CAPTURE) err.push(b);
    errN += b.length;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, bounds.timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut, ms: Date.now() - t0 });
    });
  });
}

/** Starts a process that reads (to the end) or writes a FIFO, ended with the case. */
function fifoPeer(path: string, content?: string): ChildProcess {
  const child =
    content === undefined
      ? spawn('sh', ['-c', 'cat "$1" > /dev/null', 'sh', path], { stdio: 'ignore', detached: true })
      : spawn('sh', ['-c', 'printf %s "$2" > "$1"', 'sh', path, content], { stdio: 'ignore', detached: true });
  return child;
}

export async function runCase(c: Case, bounds: Bounds = DEFAULT_BOUNDS, keep = false): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-hostile-'));
  const failures: string[] = [];
  const peers: ChildProcess[] = [];
  let ran: Ran | undefined;
  let maxRssKiB: number | undefined;
  try {
    const files = typeof c.files === 'function' ? c.files() : c.files ?? {};
    writeFiles(dir, files);
    c.prepare?.(dir);
    const azDir = fakeAz(dir, c.env?.IL5ML_HOSTILE_AZ, c.env?.IL5ML_HOSTILE_TOKEN);
    const argFile = join(dir, '.hx-arg');
    const placeholder = existsSync(argFile) ? readFileSync(argFile, 'utf8') : undefined;
    const args = placeholder === undefined ? c.args : c.args.map((a) => a.replace('{}', placeholder));
    const special = new Map((c.special ?? []).map((p) => [p, typeOf(lstatSync(join(dir, p)))]));
    const before = new Set(listAll(dir));
    const inputs = new Map<string, number>();
    for (const p of before) {
      try {
        const st = lstatSync(join(dir, p));
        if (st.isFile()) inputs.set(p, st.mtimeMs);
      } catch {
        // Listed, then gone: nothing to compare.
      }
    }
    for (const f of c.fifoReaders ?? []) peers.push(fifoPeer(join(dir, f)));
    for (const [f, content] of Object.entries(c.fifoWriters ?? {})) peers.push(fifoPeer(join(dir, f), content));
    const env = childEnv(c, azDir);
    const others = (c.concurrent ?? []).map((a, i) => run(a, dir, env, bounds, join(dir, `.hx-rss-${i}`)));
    ran = await run(args, dir, env, bounds, join(dir, '.hx-rss'));
    const rest = await Promise.all(others);
    try {
      maxRssKiB = Number(readFileSync(join(dir, '.hx-rss'), 'utf8').trim().split('\n').pop());
    } catch {
      // time(1) was killed with the run.
    }
    for (const r of [ran, ...rest]) {
      if (r.timedOut) failures.push(`hang: still running after ${bounds.timeoutMs} ms`);
      else if (r.signal) failures.push(`killed by ${r.signal}`);
      else if (r.code === 3) failures.push('exit 3 (internal error)');
      else if (r.code !== null && ![0, 1, 2].includes(r.code)) failures.push(`exit ${r.code}${/heap out of memory|Allocation failed/.test(r.stderr) ? ' (out of memory)' : ''}`);
      else if (c.codes && r.code !== null && !c.codes.includes(r.code)) failures.push(`exit ${r.code}, expected ${c.codes.join(' or ')}`);
      if (STACK_FRAME.test(r.stderr) || STACK_FRAME.test(r.stdout)) failures.push('a stack trace in the output');
      if (RAW_CONTROL.test(r.stderr)) failures.push(`a raw control character on stderr (${JSON.stringify(RAW_CONTROL.exec(r.stderr)?.[0])})`);
      if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(r.stdout.replace(/\r\n/g, '\n'))) failures.push('a raw control character on stdout');
    }
    for (const s of c.secrets ?? []) {
      for (const r of [ran, ...rest]) {
        if (r.stdout.includes(s)) failures.push(`secret on stdout`);
        if (r.stderr.includes(s)) failures.push(`secret on stderr`);
      }
    }
    const after = listAll(dir);
    for (const p of after) {
      if (TEMP.test(p)) failures.push(`temporary file left: ${JSON.stringify(p)}`);
      if (!c.secrets?.length || p.startsWith('.hx-')) continue;
      const written = !before.has(p) || inputs.get(p) !== lstatSync(join(dir, p), { throwIfNoEntry: false })?.mtimeMs;
      if (!written) continue;
      try {
        const st = statSync(join(dir, p));
        if (!st.isFile() || st.size > 64 * 1024 * 1024) continue;
        const text = readFileSync(join(dir, p), 'utf8');
        for (const s of c.secrets) if (text.includes(s)) failures.push(`secret in ${p}`);
      } catch {
        // Not a readable regular file.
      }
    }
    for (const [p, kind] of special) {
      const now = lstatSync(join(dir, p), { throwIfNoEntry: false });
      if (!now) failures.push(`${p} (${kind}) was removed`);
      else if (typeOf(now) !== kind) failures.push(`${p} (${kind}) was replaced by a ${typeOf(now)}`);
    }
    failures.push(...(c.verify?.(dir) ?? []));
  } catch (e) {
    failures.push(`campaign error: ${(e as Error).message}`);
  } finally {
    for (const p of peers) killGroup(p);
    if (!keep) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
  return {
    id: c.id,
    cls: c.cls,
    code: ran?.code ?? null,
    signal: ran?.signal ?? null,
    ms: ran?.ms ?? 0,
    ...(maxRssKiB !== undefined && Number.isFinite(maxRssKiB) ? { maxRssKiB } : {}),
    failures: [...new Set(failures)],
    stderrHead: (ran?.stderr ?? '').slice(0, 600),
  };
}

/** Runs cases `concurrency` at a time, in order of the list; `onDone` sees each outcome as it ends. */
export async function runCases(cases: readonly Case[], opts: { bounds?: Bounds; concurrency?: number; keep?: boolean; onDone?: (o: Outcome) => void } = {}): Promise<Outcome[]> {
  const results: Outcome[] = new Array<Outcome>(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i];
      if (!c) continue;
      const o = await runCase(c, opts.bounds, opts.keep);
      results[i] = o;
      opts.onDone?.(o);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 2 }, worker));
  return results;
}
