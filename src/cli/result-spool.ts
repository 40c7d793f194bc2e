/**
 * A check's results on disk, not in memory (issue 12): each result, as it is made, is written to a
 * temporary NDJSON file, and what the canonical report order needs goes to disk too, so that the spool's
 * memory is bounded by constants whatever the number of results. The JSON report is then written from the
 * file in canonical order (`sorted`), one result read back at a time; the other formats, which build one
 * string anyway, read them all back (`all`).
 *
 * The order is exactly report/common.ts sortCanonical's (test/cli/result-spool.test.ts compares them on
 * generated results): resource id, rule (rule id or definition id), set id, reference id — each case-
 * insensitively then exactly — then compliance, then reason, and input order for full ties (the order
 * `add` was given, else the order of the adds: worker threads' results arrive interleaved, and each
 * carries its resource's place in the input, so that full ties come out as one thread gives them).
 *
 * An external merge sort. Results come in windows of at most `records` results and `run` distinct resource
 * ids; when a window is full its ids are sorted, its results sorted by (id, other parts, reason, input
 * order), and both written to disk as a sorted run: the window's distinct ids in order (length-prefixed
 * UTF-8) and one fixed-size record per result (the place of its id in that list, the code of its other
 * parts, where the result is in the NDJSON file and its length). Runs are merged through a binary heap of
 * their heads, at most `fanIn` at a time: while there are more, groups of them are merged into longer runs
 * (a level); the last merge is read as the report is written. Equal ids of different runs compare equal
 * by their text, so nothing needs a table of all the ids. The summary's count of distinct resources comes
 * from a merge of the runs' id lists (`distinctResources`). The other parts of the order — (rule, set id,
 * reference id, compliance) — have few distinct values (as many as the checks, not the results): each
 * distinct one is a code, ranked in memory. docs/ARCHITECTURE.md, "What pass 2 adds".
 */
import { forgetTemporary, removeOnExit } from './spool.js';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../core/verdict.js';
import { cmp, ruleKey } from '../report/common.js';

/** Results are written in batches of about this many characters. */
const BATCH = 1 << 20;
/** Distinct resource ids of a window: ~4 MB of ids at most (an Azure id and its entry are ~230 bytes). */
const RUN = 1 << 14;
/** Results of a window: 28 bytes each in typed arrays (1.8 MB), and their order (256 KB). */
const RECORDS = 1 << 16;
/** Runs merged at once: each holds two read buffers (`READ_BUFFER`), 4 MB for 64. */
const FAN_IN = 64;
const READ_BUFFER = 32 * 1024;
const WRITE_BUFFER = 256 * 1024;
/** A record of a run: id place (u32), other code (u32), length (u32), offset in the results file (f64), input order (f64). */
const RECORD = 28;

/** sortCanonical's comparison of one key part: case-insensitively, then exactly. */
const byLowerThenExact = (a: { lower: string; s: string }, b: { lower: string; s: string }): number => (a.s === b.s ? 0 : cmp(a.lower, b.lower) || cmp(a.s, b.s));

/** Writes every byte of `buf[0, length)` at `at`. */
function writeFully(fd: number, buf: Buffer, length: number, at: number): void {
  let done = 0;
  while (done < length) done += writeSync(fd, buf, done, length - done, at + done);
}

/** Reads exactly `length` bytes at `at` into `buf[into…]`. */
function readFully(fd: number, buf: Buffer, into: number, length: number, at: number): void {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, into + got, length - got, at + got);
    if (n === 0) throw new Error('internal: a result spool file ended early');
    got += n;
  }
}

/** A temporary file written at its end through a buffer. */
class Appender {
  readonly fd: number;
  /** Bytes in the file, the buffer's included. */
  size = 0;
  /** Made on the first write through it (the results file is written by `text` only). */
  private buf = Buffer.alloc(0);
  private used = 0;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+', 0o600);
  }
  private room(n: number): void {
    if (this.used + n > this.buf.length) this.flush();
    if (n > this.buf.length) this.buf = Buffer.alloc(Math.max(n, WRITE_BUFFER));
  }
  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v, this.used);
    this.used += 4;
    this.size += 4;
  }
  f64(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.used);
    this.used += 8;
    this.size += 8;
  }
  /** A string as its UTF-8 length (u32) and bytes. */
  str(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.u32(n);
    this.room(n);
    this.buf.write(s, this.used, 'utf8');
    this.used += n;
    this.size += n;
  }
  /** Writes `s` now, past what is buffered (which is written first). */
  text(s: string): void {
    this.flush();
    const buf = Buffer.from(s, 'utf8');
    writeFully(this.fd, buf, buf.length, this.size);
    this.size += buf.length;
  }
  flush(): void {
    if (this.used === 0) return;
    writeFully(this.fd, this.buf, this.used, this.size - this.used);
    this.used = 0;
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** A region of a file read from start to end through a buffer. */
class Reader {
  private buf = Buffer.alloc(READ_BUFFER);
  private start = 0;
  private end = 0;
  constructor(private readonly fd: number, private at: number, private left: number) {}
  get done(): boolean {
    return this.start === this.end && this.left === 0;
  }
  /** Makes the next `n` bytes readable at `this.start`. */
  private need(n: number): Buffer {
    if (this.end - this.start >= n) return this.buf;
    const have = this.end - this.start;
    if (n > this.buf.length) {
      const bigger = Buffer.alloc(n);
      this.buf.copy(bigger, 0, this.start, this.end);
      this.buf = bigger;
    } else this.buf.copy(this.buf, 0, this.start, this.end);
    this.start = 0;
    this.end = have;
    const take = Math.min(this.buf.length - have, this.left);
    if (take < n - have) throw new Error('internal: a result spool run ended early');
    readFully(this.fd, this.buf, have, take, this.at);
    this.at += take;
    this.left -= take;
    this.end += take;
    return this.buf;
  }
  u32(): number {
    const v = this.need(4).readUInt32LE(this.start);
    this.start += 4;
    return v;
  }
  f64(): number {
    const v = this.need(8).readDoubleLE(this.start);
    this.start += 8;
    return v;
  }
  str(): string {
    const n = this.u32();
    const s = this.need(n).toString('utf8', this.start, this.start + n);
    this.start += n;
    return s;
  }
}

/**
 * A binary heap of cursors, the least (`before`) on top: the merge of sorted runs, one head each. The
 * merge takes the top, advances it, and puts it back in order (`fixTop`) or drops it when done (`pop`).
 */
class Heap<T> {
  private readonly a: T[] = [];
  constructor(private readonly before: (x: T, y: T) => boolean) {}
  get size(): number {
    return this.a.length;
  }
  top(): T | undefined {
    return this.a[0];
  }
  push(x: T): void {
    const a = this.a;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const up = (i - 1) >> 1;
      const p = a[up] as T;
      if (!this.before(x, p)) break;
      a[i] = p;
      i = up;
    }
    a[i] = x;
  }
  /** The top has changed: sinks it to its place. */
  fixTop(): void {
    const a = this.a;
    const x = a[0];
    if (x === undefined) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && this.before(a[r] as T, a[l] as T) ? r : l;
      const child = a[c] as T;
      if (!this.before(child, x)) break;
      a[i] = child;
      i = c;
    }
    a[i] = x;
  }
  pop(): T | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    a[0] = last;
    this.fixTop();
    return top;
  }
}

/** A sorted run on disk: its distinct resource ids, in order, and its records. */
interface Run {
  files: RunFiles;
  ids: { at: number; bytes: number };
  records: { at: number; count: number };
}

/** The two files runs are written to; merging a level writes a new pair and removes the old ones. */
interface RunFiles {
  ids: Appender;
  records: Appender;
}

/** A run's ids, one at a time. */
class IdCursor {
  s = '';
  lower = '';
  /** The place of the current id in the run's list (-1 before the first). */
  place = -1;
  private readonly reader: Reader;
  constructor(run: Run) {
    this.reader = new Reader(run.files.ids.fd, run.ids.at, run.ids.bytes);
  }
  next(): boolean {
    if (this.reader.done) return false;
    this.s = this.reader.str();
    this.lower = this.s.toLowerCase();
    this.place++;
    return true;
  }
}

/** A run's records, one at a time, each with its resource id. */
class RecordCursor {
  readonly id: IdCursor;
  other = 0;
  length = 0;
  offset = 0;
  order = 0;
  /** The result's reason, read back only when two records tie on everything before it. */
  reason: string | undefined;
  private readonly reader: Reader;
  private left: number;
  constructor(run: Run) {
    this.id = new IdCursor(run);
    this.reader = new Reader(run.files.records.fd, run.records.at, run.records.count * RECORD);
    this.left = run.records.count;
  }
  next(): boolean {
    if (this.left === 0) return false;
    this.left--;
    const place = this.reader.u32();
    while (this.id.place < place) if (!this.id.next()) throw new Error('internal: a result spool run names an id it does not list');
    this.other = this.reader.u32();
    this.length = this.reader.u32();
    this.offset = this.reader.f64();
    this.order = this.reader.f64();
    this.reason = undefined;
    return true;
  }
}

export interface ResultSpoolOptions {
  /** Distinct resource ids of a window (tests set small ones to make many runs). */
  run?: number;
  /** Results of a window. */
  records?: number;
  /** Runs merged at once (at least 2). */
  fanIn?: number;
}

export class ResultSpool {
  private readonly dir: string;
  private readonly results: Appender;
  /** Each result's offset in the results file, in the order added (`read`). */
  private readonly offsets: Appender;
  private readonly runSize: number;
  private readonly windowSize: number;
  private readonly fanIn: number;
  private pending: string[] = [];
  private pendingChars = 0;
  private pendingBytes = 0;
  private n = 0;
  /** The current window: its resource ids (code by id) and its results' codes, lengths and offsets. */
  private ids = new Map<string, number>();
  private readonly wId: Int32Array;
  private readonly wOther: Int32Array;
  private readonly wLength: Uint32Array;
  private readonly wOffset: Float64Array;
  private readonly wOrder: Float64Array;
  private wCount = 0;
  private runs: Run[] = [];
  /** Where new runs are written; undefined after a level of merges removed it. */
  private files: RunFiles | undefined;
  private fileCount = 0;
  private levelCount = 0;
  /** The other parts of the order: each distinct (rule, set id, reference id, compliance), by code. */
  private readonly others: string[][] = [];
  private readonly otherCodes = new Map<string, number>();
  private otherRanks: Int32Array | undefined;
  private closed = false;
  /** The count of distinct resource ids, once asked for (until the next add). */
  private distinct: number | undefined;

  constructor(parent: string = tmpdir(), options: ResultSpoolOptions = {}) {
    this.runSize = Math.max(1, options.run ?? RUN);
    this.windowSize = Math.max(1, options.records ?? RECORDS);
    this.fanIn = Math.max(2, options.fanIn ?? FAN_IN);
    this.wId = new Int32Array(this.windowSize);
    this.wOther = new Int32Array(this.windowSize);
    this.wLength = new Uint32Array(this.windowSize);
    this.wOffset = new Float64Array(this.windowSize);
    this.wOrder = new Float64Array(this.windowSize);
    this.dir = mkdtempSync(join(parent, 'il5ml-results-'));
    // Removed at exit and on SIGINT/SIGTERM/SIGHUP too, as the audit's spool is.
    removeOnExit(this.dir);
    this.results = new Appender(join(this.dir, 'results.ndjson'));
    this.offsets = new Appender(join(this.dir, 'results.offsets'));
  }

  get count(): number {
    return this.n;
  }

  /** Levels of merges done so far (more runs than `fanIn` make one; tests read it). */
  get levels(): number {
    return this.levelCount;
  }

  private otherCode(parts: string[]): number {
    const key = JSON.stringify(parts);
    let c = this.otherCodes.get(key);
    if (c === undefined) {
      c = this.others.length;
      this.others.push(parts);
      this.otherCodes.set(key, c);
      this.otherRanks = undefined;
    }
    return c;
  }

  /** The rank of every other code: rule, set id, reference id (each case-insensitively, then exactly), compliance (exactly). */
  private ranks(): Int32Array {
    if (this.otherRanks) return this.otherRanks;
    const others = this.others.map((parts, code) => ({ code, parts, lower: parts.map((p) => p.toLowerCase()) }));
    others.sort((a, b) => {
      for (let p = 0; p < 3; p++) {
        const d = cmp(a.lower[p] ?? '', b.lower[p] ?? '') || cmp(a.parts[p] ?? '', b.parts[p] ?? '');
        if (d) return d;
      }
      return cmp(a.parts[3] ?? '', b.parts[3] ?? '');
    });
    const rank = new Int32Array(others.length);
    others.forEach((x, i) => (rank[x.code] = i));
    this.otherRanks = rank;
    return rank;
  }

  /**
   * `order`: where the result stands in input order, for full ties (a result of a worker thread: its
   * resource's index in the input); the count of results added before it when absent. Results added with
   * equal orders keep the order of the adds.
   */
  add(r: CheckResult, order: number = this.n): void {
    this.distinct = undefined;
    let code = this.ids.get(r.resourceId);
    if (code === undefined && this.ids.size >= this.runSize) this.writeWindow();
    if (code === undefined) {
      code = this.ids.size;
      this.ids.set(r.resourceId, code);
    }
    const text = `${JSON.stringify(r)}\n`;
    const offset = this.results.size + this.pendingBytes;
    const length = Buffer.byteLength(text);
    const w = this.wCount++;
    this.wId[w] = code;
    this.wOther[w] = this.otherCode([ruleKey(r), r.policySetDefinitionId ?? '', r.policyDefinitionReferenceId ?? '', r.compliance]);
    this.wLength[w] = length;
    this.wOffset[w] = offset;
    this.wOrder[w] = order;
    this.offsets.f64(offset);
    this.n++;
    this.pending.push(text);
    this.pendingChars += text.length;
    this.pendingBytes += length;
    if (this.pendingChars >= BATCH) this.flush();
    if (this.wCount >= this.windowSize) this.writeWindow();
  }

  private flush(): void {
    if (!this.pending.length) return;
    this.results.text(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
    this.pendingBytes = 0;
  }

  /** The result `length` bytes long at `offset` of the results file. */
  private readAt(offset: number, length: number, scratch: { buf: Buffer }): CheckResult {
    if (offset + length > this.results.size) this.flush();
    if (scratch.buf.length < length) scratch.buf = Buffer.alloc(Math.max(length, 64 * 1024));
    readFully(this.results.fd, scratch.buf, 0, length, offset);
    return JSON.parse(scratch.buf.toString('utf8', 0, length)) as CheckResult;
  }

  /** Result i (0-based, in the order added). */
  read(i: number, scratch: { buf: Buffer } = { buf: Buffer.alloc(0) }): CheckResult {
    if (!(i >= 0 && i < this.n)) throw new RangeError(`result ${i} of ${this.n}`);
    this.flush();
    this.offsets.flush();
    const two = Buffer.alloc(16);
    const last = i + 1 === this.n;
    readFully(this.offsets.fd, two, 0, last ? 8 : 16, i * 8);
    const start = two.readDoubleLE(0);
    return this.readAt(start, (last ? this.results.size : two.readDoubleLE(8)) - start, scratch);
  }

  /** Every result, in the order added. */
  all(): CheckResult[] {
    this.flush();
    const out: CheckResult[] = [];
    const buf = Buffer.alloc(1 << 20);
    let rest = Buffer.alloc(0);
    for (let at = 0; at < this.results.size; ) {
      const n = readSync(this.results.fd, buf, 0, Math.min(buf.length, this.results.size - at), at);
      if (n === 0) throw new Error('internal: the result spool ended early');
      at += n;
      const chunk = rest.length ? Buffer.concat([rest, buf.subarray(0, n)]) : buf.subarray(0, n);
      let from = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
        out.push(JSON.parse(chunk.toString('utf8', from, nl)) as CheckResult);
        from = nl + 1;
      }
      rest = Buffer.from(chunk.subarray(from));
    }
    return out;
  }

  private newFiles(): RunFiles {
    const k = this.fileCount++;
    return { ids: new Appender(join(this.dir, `ids.${k}`)), records: new Appender(join(this.dir, `records.${k}`)) };
  }

  /** Sorts the current window and writes it as a run. */
  private writeWindow(): void {
    const count = this.wCount;
    if (count === 0) return;
    const ids = [...this.ids].map(([s, code]) => ({ s, lower: s.toLowerCase(), code })).sort(byLowerThenExact);
    const place = new Int32Array(ids.length);
    ids.forEach((x, i) => (place[x.code] = i));
    const rank = this.ranks();
    const { wId, wOther, wLength, wOffset, wOrder } = this;
    const at = (a: Int32Array | Uint32Array | Float64Array, i: number): number => a[i] ?? 0;
    const scratch = { buf: Buffer.alloc(0) };
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort(
      (a, b) =>
        at(place, at(wId, a)) - at(place, at(wId, b)) ||
        at(rank, at(wOther, a)) - at(rank, at(wOther, b)) ||
        // Full ties on the key are rare (a resource listed twice): only then are the reasons read back.
        cmp(this.readAt(at(wOffset, a), at(wLength, a), scratch).reason, this.readAt(at(wOffset, b), at(wLength, b), scratch).reason) ||
        at(wOrder, a) - at(wOrder, b) ||
        a - b,
    );
    this.files ??= this.newFiles();
    const { files } = this;
    const run: Run = { files, ids: { at: files.ids.size, bytes: 0 }, records: { at: files.records.size, count } };
    for (const x of ids) files.ids.str(x.s);
    run.ids.bytes = files.ids.size - run.ids.at;
    for (const i of order) {
      files.records.u32(at(place, at(wId, i)));
      files.records.u32(at(wOther, i));
      files.records.u32(at(wLength, i));
      files.records.f64(at(wOffset, i));
      files.records.f64(at(wOrder, i));
    }
    this.runs.push(run);
    this.ids = new Map();
    this.wCount = 0;
  }

  /** The merge's order of records: id, other parts, reason (read back on ties), then input order (the order given, then the offset). */
  private recordBefore(): (a: RecordCursor, b: RecordCursor) => boolean {
    const rank = this.ranks();
    const scratch = { buf: Buffer.alloc(0) };
    const reason = (c: RecordCursor): string => (c.reason ??= this.readAt(c.offset, c.length, scratch).reason);
    return (a, b) => {
      const d = byLowerThenExact(a.id, b.id) || (rank[a.other] ?? 0) - (rank[b.other] ?? 0) || cmp(reason(a), reason(b)) || a.order - b.order || a.offset - b.offset;
      return d < 0;
    };
  }

  /** The records of `runs` merged, in the report's order: `emit` sees each with its id before it advances. */
  private merge(runs: readonly Run[], emit: (c: RecordCursor) => void): void {
    const heap = new Heap(this.recordBefore());
    for (const run of runs) {
      const c = new RecordCursor(run);
      if (c.next()) heap.push(c);
    }
    for (let c = heap.top(); c !== undefined; c = heap.top()) {
      emit(c);
      if (c.next()) heap.fixTop();
      else heap.pop();
    }
  }

  /** Writes the last window, then merges runs a level at a time until at most `fanIn` are left. */
  private reduce(): Run[] {
    this.flush();
    this.writeWindow();
    this.flushRuns();
    while (this.runs.length > this.fanIn) {
      const old = new Set(this.runs.map((r) => r.files));
      const into = this.newFiles();
      const groups = Math.ceil(this.runs.length / this.fanIn);
      const merged: Run[] = [];
      for (let g = 0; g < groups; g++) {
        const group = this.runs.slice(Math.floor((g * this.runs.length) / groups), Math.floor(((g + 1) * this.runs.length) / groups));
        const run: Run = { files: into, ids: { at: into.ids.size, bytes: 0 }, records: { at: into.records.size, count: 0 } };
        let last: string | undefined;
        let place = -1;
        this.merge(group, (c) => {
          // Equal ids of the group's runs become one entry of the merged run's list.
          if (c.id.s !== last) {
            into.ids.str(c.id.s);
            last = c.id.s;
            place++;
          }
          into.records.u32(place);
          into.records.u32(c.other);
          into.records.u32(c.length);
          into.records.f64(c.offset);
          into.records.f64(c.order);
        });
        run.ids.bytes = into.ids.size - run.ids.at;
        run.records.count = (into.records.size - run.records.at) / RECORD;
        merged.push(run);
      }
      this.runs = merged;
      this.files = into;
      this.flushRuns();
      for (const f of old) this.removeFiles(f);
      this.levelCount++;
    }
    return this.runs;
  }

  private flushRuns(): void {
    this.files?.ids.flush();
    this.files?.records.flush();
  }

  private removeFiles(f: RunFiles): void {
    for (const a of [f.ids, f.records]) {
      a.close();
      rmSync(a.path, { force: true });
    }
  }

  /** Distinct resource ids of the results, case-insensitively (the summary's count of resources). */
  distinctResources(): number {
    if (this.distinct !== undefined) return this.distinct;
    const heap = new Heap<IdCursor>((a, b) => byLowerThenExact(a, b) < 0);
    for (const run of this.reduce()) {
      const c = new IdCursor(run);
      if (c.next()) heap.push(c);
    }
    let distinct = 0;
    let lastLower: string | undefined;
    for (let c = heap.top(); c !== undefined; c = heap.top()) {
      if (c.lower !== lastLower) distinct++;
      lastLower = c.lower;
      if (c.next()) heap.fixTop();
      else heap.pop();
    }
    this.distinct = distinct;
    return distinct;
  }

  /** The results in canonical report order, read back one at a time. */
  *sorted(): Generator<CheckResult> {
    const runs = this.reduce();
    const heap = new Heap(this.recordBefore());
    for (const run of runs) {
      const c = new RecordCursor(run);
      if (c.next()) heap.push(c);
    }
    const scratch = { buf: Buffer.alloc(64 * 1024) };
    for (let c = heap.top(); c !== undefined; c = heap.top()) {
      yield this.readAt(c.offset, c.length, scratch);
      if (c.next()) heap.fixTop();
      else heap.pop();
    }
  }

  /** Removes the temporary files; the spool cannot be read after. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      const files = new Set(this.runs.map((r) => r.files));
      if (this.files) files.add(this.files);
      for (const f of files) {
        f.ids.close();
        f.records.close();
      }
      this.results.close();
      this.offsets.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      forgetTemporary(this.dir);
    }
  }
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
