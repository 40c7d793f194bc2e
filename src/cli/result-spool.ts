/**
 * A check's results on disk, not in memory (issue 12): each result, as it is made, is written to a
 * temporary NDJSON file, and only what the canonical report order needs is kept — two small integers and
 * the record's place in the file, 16 bytes a result instead of the result's ~330. The JSON report is then
 * written from the file in canonical order (`sorted`), one result read back at a time; the other formats,
 * which build one string anyway, read them all back (`all`).
 *
 * The order is exactly report/common.ts sortCanonical's (test/cli/result-spool.test.ts compares them on
 * generated results): resource id, rule (rule id or definition id), set id, reference id — each case-
 * insensitively then exactly — then compliance, then reason, and input order for full ties.
 *
 * Resource ids are as many as the resources: they are not all kept. Those of the last `run` resources are
 * (one code per distinct id); then they are sorted and written to a second file as a sorted run, and
 * forgotten. The rank of every code comes from merging the runs (docs/ARCHITECTURE.md, "Memory of a
 * check"). The other parts of the order have few distinct values: each distinct (rule, set id, reference
 * id, compliance) is one code, ranked in memory.
 */
import { forgetTemporary, removeOnExit } from './spool.js';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../core/verdict.js';
import { cmp, ruleKey } from '../report/common.js';

/** Results are written in batches of about this many characters. */
const BATCH = 1 << 20;
/**
 * Distinct resource ids kept in memory before they are sorted and written out as a run: ~4 MB of ids at
 * most (an Azure id and its entry are ~230 bytes); 800,000 resources make 49 runs to merge.
 */
const RUN = 1 << 14;

class Column<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(public data: T, private readonly make: (n: number) => T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(Math.ceil(this.data.length * 1.5));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  at(i: number): number {
    return this.data[i] ?? 0;
  }
}

/** sortCanonical's comparison of one key part: case-insensitively, then exactly. */
const byLowerThenExact = (a: { lower: string; s: string }, b: { lower: string; s: string }): number => cmp(a.lower, b.lower) || cmp(a.s, b.s);

/** Appends text to a file descriptor at `at`, every byte; returns the bytes written. */
function writeAll(fd: number, text: string, at?: number): number {
  const buf = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done, at === undefined ? null : at + done);
  return buf.length;
}

/** A JSON string in ASCII only (\\u escapes past 0x7e): a run's lines split and decode byte by byte. */
function asciiJson(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The lines of a file region, read in chunks (a sorted run of resource ids). */
function* lines(fd: number, offset: number, length: number): Generator<string> {
  const buf = Buffer.alloc(16 * 1024);
  let rest = '';
  let at = 0;
  while (at < length) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, length - at), offset + at);
    if (n === 0) throw new Error('internal: a resource id run ended early');
    at += n;
    const chunk = rest + buf.toString('latin1', 0, n);
    const parts = chunk.split('\n');
    rest = parts.pop() ?? '';
    yield* parts;
  }
  if (rest !== '') yield rest;
}

export class ResultSpool {
  private readonly dir: string;
  private readonly fd: number;
  private readonly runFd: number;
  private readonly runSize: number;
  private pending: string[] = [];
  private pendingChars = 0;
  private written = 0;
  /** Resource ids: the codes of those of the current run, by id. */
  private ids = new Map<string, number>();
  private idCount = 0;
  private readonly runs: { offset: number; length: number }[] = [];
  private runBytes = 0;
  /** The other parts of the order: each distinct (rule, set id, reference id, compliance), by code. */
  private readonly others: { parts: string[] }[] = [];
  private readonly otherCodes = new Map<string, number>();
  private readonly idCodes = new Column(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly otherColumn = new Column(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly offsets = new Column(new Float64Array(1024), (n) => new Float64Array(n));
  private closed = false;
  /** The ranks of the resource ids, and how many differ case-insensitively, once asked for (until the next add). */
  private ranked: { rank: Int32Array; distinct: number } | undefined;

  /** `run`: distinct resource ids kept in memory at once (tests set a small one). */
  constructor(parent: string = tmpdir(), options: { run?: number } = {}) {
    this.runSize = Math.max(1, options.run ?? RUN);
    this.dir = mkdtempSync(join(parent, 'il5ml-results-'));
    // Removed at exit and on SIGINT/SIGTERM/SIGHUP too, as the audit's spool is.
    removeOnExit(this.dir);
    this.fd = openSync(join(this.dir, 'results.ndjson'), 'w+', 0o600);
    this.runFd = openSync(join(this.dir, 'resource-ids.runs'), 'w+', 0o600);
  }

  get count(): number {
    return this.offsets.length;
  }

  private idCode(id: string): number {
    let c = this.ids.get(id);
    if (c === undefined) {
      if (this.ids.size >= this.runSize) this.writeRun();
      c = this.idCount++;
      this.ids.set(id, c);
    }
    return c;
  }

  private otherCode(parts: string[]): number {
    const key = JSON.stringify(parts);
    let c = this.otherCodes.get(key);
    if (c === undefined) {
      c = this.others.length;
      this.others.push({ parts });
      this.otherCodes.set(key, c);
    }
    return c;
  }

  /** The resource ids of the current run with their codes, in sortCanonical's order of ids. */
  private sortedIds(): { s: string; lower: string; code: number }[] {
    return [...this.ids].map(([s, code]) => ({ s, lower: s.toLowerCase(), code })).sort(byLowerThenExact);
  }

  /** The resource ids of the current run, sorted, to the runs file: one line each, code and JSON string. */
  private writeRun(): void {
    if (this.ids.size === 0) return;
    const sorted = this.sortedIds();
    const text = sorted.map((x) => `${x.code} ${asciiJson(x.s)}\n`).join('');
    const length = writeAll(this.runFd, text, this.runBytes);
    this.runs.push({ offset: this.runBytes, length });
    this.runBytes += length;
    this.ids = new Map();
  }

  add(r: CheckResult): void {
    this.ranked = undefined;
    const text = `${JSON.stringify(r)}\n`;
    this.offsets.push(this.written);
    this.written += Buffer.byteLength(text);
    this.idCodes.push(this.idCode(r.resourceId));
    this.otherColumn.push(this.otherCode([ruleKey(r), r.policySetDefinitionId ?? '', r.policyDefinitionReferenceId ?? '', r.compliance]));
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BATCH) this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    writeAll(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }

  /** Result i (0-based, in the order added). */
  read(i: number, scratch?: { buf: Buffer }): CheckResult {
    this.flush();
    const start = this.offsets.at(i);
    const len = (i + 1 < this.count ? this.offsets.at(i + 1) : this.written) - start;
    const holder = scratch ?? { buf: Buffer.alloc(0) };
    if (holder.buf.length < len) holder.buf = Buffer.alloc(Math.max(len, 64 * 1024));
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, holder.buf, got, len - got, start + got);
      if (n === 0) throw new Error(`internal: the result spool ended early at result ${i}`);
      got += n;
    }
    return JSON.parse(holder.buf.toString('utf8', 0, len)) as CheckResult;
  }

  /** Every result, in the order added. */
  all(): CheckResult[] {
    const scratch = { buf: Buffer.alloc(64 * 1024) };
    const out: CheckResult[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.read(i, scratch));
    return out;
  }

  /** Distinct resource ids of the results, case-insensitively (the summary's count of resources). */
  distinctResources(): number {
    return this.idRanks().distinct;
  }

  /** The rank of every resource id code in sortCanonical's order; equal ids (of different runs) rank equal. */
  private idRanks(): { rank: Int32Array; distinct: number } {
    this.ranked ??= this.rankIds();
    return this.ranked;
  }

  private rankIds(): { rank: Int32Array; distinct: number } {
    const rank = new Int32Array(this.idCount);
    let distinct = 0;
    let lastLower: string | undefined;
    if (this.runs.length === 0) {
      const sorted = this.sortedIds();
      sorted.forEach((x, i) => {
        rank[x.code] = i;
        if (x.lower !== lastLower) distinct++;
        lastLower = x.lower;
      });
      return { rank, distinct };
    }
    this.writeRun();
    // Merge the sorted runs, one line of each in memory, the least head at the top of a binary heap.
    const readers = this.runs.map((r) => lines(this.runFd, r.offset, r.length));
    const heap: Head[] = [];
    readers.forEach((it, k) => {
      const h = next(it, k);
      if (h !== undefined) heapPush(heap, h);
    });
    let last: string | undefined;
    let r = -1;
    for (let h = heapPop(heap); h !== undefined; h = heapPop(heap)) {
      if (h.s !== last) r++;
      if (h.lower !== lastLower) distinct++;
      last = h.s;
      lastLower = h.lower;
      rank[h.code] = r;
      const after = next(readers[h.run], h.run);
      if (after !== undefined) heapPush(heap, after);
    }
    return { rank, distinct };
  }

  /** The indices of the results in canonical report order (sortCanonical's). */
  order(): Uint32Array {
    this.flush();
    const idRank = this.idRanks().rank;
    // The other parts in their order: rule, set id, reference id (each case-insensitively, then exactly), compliance (exactly).
    const others = this.others.map((o, code) => ({ code, parts: o.parts, lower: o.parts.map((p) => p.toLowerCase()) }));
    others.sort((a, b) => {
      for (let p = 0; p < 3; p++) {
        const d = cmp(a.lower[p] ?? '', b.lower[p] ?? '') || cmp(a.parts[p] ?? '', b.parts[p] ?? '');
        if (d) return d;
      }
      return cmp(a.parts[3] ?? '', b.parts[3] ?? '');
    });
    const otherRank = new Int32Array(others.length);
    others.forEach((x, i) => (otherRank[x.code] = i));
    const ids = this.idCodes.data;
    const rest = this.otherColumn.data;
    const n = this.count;
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    const scratch = { buf: Buffer.alloc(64 * 1024) };
    idx.sort((a, b) => {
      const d = (idRank[ids[a] ?? 0] ?? 0) - (idRank[ids[b] ?? 0] ?? 0) || (otherRank[rest[a] ?? 0] ?? 0) - (otherRank[rest[b] ?? 0] ?? 0);
      if (d) return d;
      // Full ties on the key are rare (a resource listed twice): only then are the reasons read back.
      return cmp(this.read(a, scratch).reason, this.read(b, scratch).reason) || a - b;
    });
    return idx;
  }

  /** The results in canonical report order, read back one at a time. */
  *sorted(): Generator<CheckResult> {
    const scratch = { buf: Buffer.alloc(64 * 1024) };
    for (const i of this.order()) yield this.read(i, scratch);
  }

  /** Removes the temporary files; the spool cannot be read after. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
      closeSync(this.runFd);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      forgetTemporary(this.dir);
    }
  }
}

/** A line of a run as a head of the merge. */
interface Head {
  s: string;
  lower: string;
  code: number;
  /** The run it came from. */
  run: number;
}

/** The next line of run `run` as a head of the merge (undefined: the run is done). */
function next(it: Generator<string> | undefined, run: number): Head | undefined {
  const line = it?.next();
  if (line === undefined || line.done === true) return undefined;
  const space = line.value.indexOf(' ');
  const s = JSON.parse(line.value.slice(space + 1)) as string;
  return { s, lower: s.toLowerCase(), code: Number(line.value.slice(0, space)), run };
}

/** The merge's order: the ids', then the earlier run first (any order of equal ids would rank the same). */
const before = (a: Head, b: Head): boolean => {
  const d = byLowerThenExact(a, b);
  return d < 0 || (d === 0 && a.run < b.run);
};

function heapPush(heap: Head[], h: Head): void {
  let i = heap.length;
  heap.push(h);
  while (i > 0) {
    const up = (i - 1) >> 1;
    const p = heap[up] as Head;
    if (!before(h, p)) break;
    heap[i] = p;
    i = up;
  }
  heap[i] = h;
}

function heapPop(heap: Head[]): Head | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (top === undefined || last === undefined || heap.length === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heap.length) break;
    const r = l + 1;
    const c = r < heap.length && before(heap[r] as Head, heap[l] as Head) ? r : l;
    const child = heap[c] as Head;
    if (!before(child, last)) break;
    heap[i] = child;
    i = c;
  }
  heap[i] = last;
  return top;
}

/**
 * Runs `use` with a new spool when `enabled` (default true), removed afterwards whatever happens. Where no
 * temporary file can be made (no writable temporary folder), `use` gets none and the results stay in
 * memory, as before spooling.
 */
export async function withResultSpool<T>(use: (spool: ResultSpool | undefined) => Promise<T>, options: { enabled?: boolean; parent?: string } = {}): Promise<T> {
  let spool: ResultSpool | undefined;
  try {
    spool = options.enabled === false ? undefined : new ResultSpool(options.parent);
  } catch {
    spool = undefined;
  }
  try {
    return await use(spool);
  } finally {
    spool?.close();
  }
}
