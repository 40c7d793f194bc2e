/**
 * A check's results on disk, not in memory (issue 12): each result, as it is made, is written to a
 * temporary file as one JSON text (JSON.stringify's, or with `jsonReport` the JSON report's text of it),
 * and what the canonical report order needs goes to disk too, so that the spool's memory is bounded by
 * constants whatever the number of results. The JSON report is then written from the file in canonical
 * order (`sortedTexts`), one result's text read back at a time, and so are the table and markdown in
 * their reading order (a spool made with `reading`); the other formats, which build one string anyway, read
 * them all back (`all`).
 *
 * The order is exactly report/common.ts sortCanonical's (test/cli/result-spool.test.ts compares them on
 * generated results): resource id, rule (rule id or definition id), set id, reference id — each case-
 * insensitively then exactly — then compliance, then reason, and input order for full ties (the order
 * `add` was given, else the order of the adds: worker threads' results arrive interleaved, and each
 * carries its resource's place in the input, so that full ties come out as one thread gives them). With
 * `reading` it is sortForReading's (test/cli/table-stream.test.ts): compliance rank, display name, rule,
 * resource id, set id, reference id, reason, input order; the parts before the id are then a first code
 * (`Order`).
 *
 * An external merge sort. Results come in windows of at most `records` results and `run` distinct resource
 * ids; when a window is full its ids are sorted, its results sorted by (id, other parts, reason, input
 * order), and both written to disk as a sorted run: the window's distinct ids in order (length-prefixed
 * UTF-8) and one fixed-size record per result (the place of its id in that list, the code of its other
 * parts, where the result is in the results file and its length). Runs are merged through a binary heap of
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
import type { CheckResult, Compliance } from '../core/verdict.js';
import { cmp, cmpi, COMPLIANCE_ORDER, metaOf, ruleKey } from '../report/common.js';
import { jsonResultText } from '../report/json-stream.js';
import type { ReportOptions } from '../report/options.js';

/** Distinct resource ids of a window: ~4 MB of ids at most (an Azure id and its entry are ~230 bytes). */
const RUN = 1 << 14;
/** Results of a window: 32 bytes each in typed arrays (2 MB), and their order (256 KB). */
const RECORDS = 1 << 16;
/** Runs merged at once: each holds two read buffers (`READ_BUFFER`), 4 MB for 64. */
const FAN_IN = 64;
const READ_BUFFER = 32 * 1024;
const WRITE_BUFFER = 256 * 1024;
/** How `sorted()` reads the results file (see Blocks). */
interface BlockShape {
  /** Bytes of a block. */
  size: number;
  /** Blocks kept. */
  count: number;
  /** Blocks loaded before Blocks judges whether they pay. */
  trial: number;
}
const BLOCKS: BlockShape = { size: 16 * 1024, count: 64, trial: 256 };
/** The results a block must serve on average for Blocks to go on loading blocks. */
const BLOCK_USES = 2;

/** sortCanonical's comparison of one key part: case-insensitively, then exactly. */
const byLowerThenExact = (a: { lower: string; s: string }, b: { lower: string; s: string }): number => (a.s === b.s ? 0 : cmp(a.lower, b.lower) || cmp(a.s, b.s));

/**
 * Values by tuples of strings (or undefined, kept apart from ''): a tree of maps for each length of tuple,
 * one level a part. Looking up a result's tuple builds no key (a JSON.stringify key per result was 2% of a
 * check of the 100k estate, each order's codes and the reading order's display names alike).
 */
class TupleMap<V> {
  private readonly byLength: Map<string | undefined, unknown>[] = [];
  private empty: V | undefined;
  get(parts: readonly (string | undefined)[]): V | undefined {
    const n = parts.length;
    if (n === 0) return this.empty;
    let level = this.byLength[n];
    for (let i = 0; level !== undefined && i < n - 1; i++) level = level.get(parts[i]) as Map<string | undefined, unknown> | undefined;
    return level?.get(parts[n - 1]) as V | undefined;
  }
  set(parts: readonly (string | undefined)[], value: V): void {
    const n = parts.length;
    if (n === 0) {
      this.empty = value;
      return;
    }
    let level = (this.byLength[n] ??= new Map());
    for (let i = 0; i < n - 1; i++) {
      let next = level.get(parts[i]) as Map<string | undefined, unknown> | undefined;
      if (next === undefined) level.set(parts[i], (next = new Map()));
      level = next;
    }
    level.set(parts[n - 1], value);
  }
}

/**
 * The distinct values of a part of the order that has few of them (as many as the checks, not the
 * results), each a code, and their ranks in the order `compare` gives (computed again after new codes).
 * Each code is one exact tuple of values, so that distinct codes never compare equal.
 */
class Codes {
  private readonly tuples: string[][] = [];
  private readonly codes = new TupleMap<number>();
  private ranks: Int32Array | undefined;
  constructor(private readonly compare: (a: string[], b: string[]) => number) {}
  code(parts: string[]): number {
    let c = this.codes.get(parts);
    if (c === undefined) {
      c = this.tuples.length;
      this.tuples.push(parts);
      this.codes.set(parts, c);
      this.ranks = undefined;
    }
    return c;
  }
  /** The tuple of values `code` stands for. */
  parts(code: number): readonly string[] {
    return this.tuples[code] ?? [];
  }
  rank(): Int32Array {
    if (this.ranks) return this.ranks;
    const order = this.tuples.map((parts, code) => ({ parts, code })).sort((a, b) => this.compare(a.parts, b.parts));
    const rank = new Int32Array(order.length);
    order.forEach((x, i) => (rank[x.code] = i));
    this.ranks = rank;
    return rank;
  }
}

/** Parts compared with cmpi one after the other, from `from` on. */
const cmpiFrom = (a: string[], b: string[], from: number, to: number): number => {
  for (let p = from; p < to; p++) {
    const d = cmpi(a[p] ?? '', b[p] ?? '');
    if (d) return d;
  }
  return 0;
};

/**
 * The two orders a spool sorts in, each as (first code, resource id, other code, reason, input order).
 * Canonical (sortCanonical's): no first part; other = rule, set id, reference id (cmpi), compliance (cmp).
 * Reading (sortForReading's, for the table): first = compliance rank, display name, rule (cmpi); other =
 * set id, reference id (cmpi). The display name is metaOf's, a function of the result's display name,
 * rule id and definition id only: computed once per distinct triple of them.
 */
interface Order {
  reading: boolean;
  first: Codes;
  other: Codes;
  firstOf(r: CheckResult): number;
  otherOf(r: CheckResult): number;
  /** The compliance of a result whose codes are these: a part of one of them. */
  complianceOf(first: number, other: number): string;
}

function canonicalOrder(): Order {
  const first = new Codes(() => 0);
  const other = new Codes((a, b) => cmpiFrom(a, b, 0, 3) || cmp(a[3] ?? '', b[3] ?? ''));
  const none = first.code([]);
  return {
    reading: false,
    first,
    other,
    firstOf: () => none,
    otherOf: (r) => other.code([ruleKey(r), r.policySetDefinitionId ?? '', r.policyDefinitionReferenceId ?? '', r.compliance]),
    complianceOf: (_, o) => other.parts(o)[3] ?? '',
  };
}

function readingOrder(options: ReportOptions): Order {
  const rank = (c: string): number => COMPLIANCE_ORDER.indexOf(c as Compliance);
  const first = new Codes((a, b) => rank(a[0] ?? '') - rank(b[0] ?? '') || cmpiFrom(a, b, 1, 3));
  const other = new Codes((a, b) => cmpiFrom(a, b, 0, 2));
  const byRaw = new TupleMap<number>();
  return {
    reading: true,
    first,
    other,
    firstOf(r) {
      const raw = [r.compliance, r.displayName, r.ruleId, r.policyDefinitionId];
      let c = byRaw.get(raw);
      if (c === undefined) {
        c = first.code([r.compliance, metaOf(r, options).displayName, ruleKey(r)]);
        byRaw.set(raw, c);
      }
      return c;
    },
    otherOf: (r) => other.code([r.policySetDefinitionId ?? '', r.policyDefinitionReferenceId ?? '']),
    complianceOf: (f) => first.parts(f)[0] ?? '',
  };
}

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

/** The `length` bytes at `at` as text, read into `scratch` (grown as needed). */
function readText(fd: number, scratch: { buf: Buffer }, at: number, length: number): string {
  if (scratch.buf.length < length) scratch.buf = Buffer.alloc(Math.max(length, 64 * 1024));
  readFully(fd, scratch.buf, 0, length, at);
  return scratch.buf.toString('utf8', 0, length);
}

/** A temporary file written at its end through a buffer. */
class Appender {
  readonly fd: number;
  /** Bytes in the file, the buffer's included. */
  size = 0;
  /** Made on the first write through it. */
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
  /**
   * `s` as UTF-8 through the buffer; returns its length in bytes. String by string, not joined first:
   * joining copies every result into one string (two-byte as soon as one result holds a character past
   * Latin-1, a reason's `…` in about 1% of them), and each result's `Buffer.byteLength` was a pass more
   * (100,000 results of the 100k bench estate: 140 ms measured, joined and encoded, 13 ms one by one).
   */
  put(s: string): number {
    // At most 3 bytes a UTF-16 unit, so the write is whole.
    this.room(s.length * 3);
    const n = this.buf.write(s, this.used, 'utf8');
    this.used += n;
    this.size += n;
    return n;
  }
  /** Bytes in the file itself, without what is still buffered. */
  get written(): number {
    return this.size - this.used;
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

/**
 * The results file as `sorted()` reads it: one result at a time, at offsets in the order of the sort. A
 * resource's results are written one after another and sort together (canonical order: by resource id
 * first), and an estate lists related resources near each other, so the block read for one result usually
 * holds the next ones too: the 100k bench estate's 247,886 results took 11,800 reads of 16 KiB blocks
 * (and 11,724 reads of a result across two blocks) where one read each took about 1.1 s of a 13 s check in
 * system calls. Once `trial` blocks are loaded, a block about to be loaded while they have served fewer
 * than BLOCK_USES results each on average (the table's reading order sorts by compliance and rule first,
 * and an estate may be listed in any order) makes it read each result alone from then on, as before. It reads what is written by then: the spool
 * is flushed before it sorts.
 */
class Blocks {
  /** Block number → its bytes, least recently used first. */
  private readonly cache = new Map<number, Buffer>();
  private served = 0;
  private alone = false;
  private readonly scratch = { buf: Buffer.alloc(0) };
  constructor(
    private readonly fd: number,
    private readonly fileSize: number,
    private readonly shape: BlockShape,
    /** Reads made: blocks loaded, and results read alone. */
    private readonly reads: { blocks: number; alone: number },
  ) {}

  /** The `length` bytes at `offset`, as text. */
  text(offset: number, length: number): string {
    const { size, count, trial } = this.shape;
    const b = Math.floor(offset / size);
    if (this.alone || Math.floor((offset + length - 1) / size) !== b) return this.exact(offset, length);
    let block = this.cache.get(b);
    if (block !== undefined) {
      this.cache.delete(b);
    } else {
      const loads = this.reads.blocks;
      if (loads >= trial && this.served < BLOCK_USES * loads) {
        this.alone = true;
        this.cache.clear();
        return this.exact(offset, length);
      }
      let oldest: Buffer | undefined;
      if (this.cache.size >= count) {
        const first = this.cache.keys().next().value as number;
        oldest = this.cache.get(first);
        this.cache.delete(first);
      }
      block = oldest ?? Buffer.alloc(size);
      readFully(this.fd, block, 0, Math.min(size, this.fileSize - b * size), b * size);
      this.reads.blocks++;
    }
    this.cache.set(b, block);
    this.served++;
    const at = offset - b * size;
    return block.toString('utf8', at, at + length);
  }

  private exact(offset: number, length: number): string {
    this.reads.alone++;
    return readText(this.fd, this.scratch, offset, length);
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
  records: { at: number; bytes: number; count: number };
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
  /** The current record's resource id: from the run's list (canonical order), or read with the record (reading order). */
  readonly id: { s: string; lower: string };
  first = 0;
  other = 0;
  length = 0;
  offset = 0;
  /** Input order, for full ties (ResultSpool.add). */
  order = 0;
  /** The result's reason, read back only when two records tie on everything before it. */
  reason: string | undefined;
  private readonly ids: IdCursor | undefined;
  private readonly reader: Reader;
  private left: number;
  constructor(run: Run, reading: boolean) {
    this.ids = reading ? undefined : new IdCursor(run);
    this.id = this.ids ?? { s: '', lower: '' };
    this.reader = new Reader(run.files.records.fd, run.records.at, run.records.bytes);
    this.left = run.records.count;
  }
  next(): boolean {
    if (this.left === 0) return false;
    this.left--;
    this.first = this.reader.u32();
    this.other = this.reader.u32();
    this.length = this.reader.u32();
    this.offset = this.reader.f64();
    this.order = this.reader.f64();
    if (this.ids) {
      const place = this.reader.u32();
      while (this.ids.place < place) if (!this.ids.next()) throw new Error('internal: a result spool run names an id it does not list');
    } else {
      this.id.s = this.reader.str();
      this.id.lower = this.id.s.toLowerCase();
    }
    this.reason = undefined;
    return true;
  }
}

/**
 * Writes one record of a run: first code (u32), other code (u32), length (u32), offset in the results file
 * (f64), input order (f64), then, in canonical order, the place of its id in the run's list (u32: 32 bytes
 * in all); in reading order, the id itself (length-prefixed UTF-8), since there the records are not in the
 * order of the ids.
 */
function writeRecord(to: Appender, first: number, other: number, length: number, offset: number, order: number, id: number | string): void {
  to.u32(first);
  to.u32(other);
  to.u32(length);
  to.f64(offset);
  to.f64(order);
  if (typeof id === 'number') to.u32(id);
  else to.str(id);
}

export interface ResultSpoolOptions {
  /** Distinct resource ids of a window (tests set small ones to make many runs). */
  run?: number;
  /** Results of a window. */
  records?: number;
  /** Runs merged at once (at least 2). */
  fanIn?: number;
  /**
   * Sort in report/common.ts sortForReading's order with these options (the table's), not in canonical
   * order: only their `policies` are read (the display names).
   */
  reading?: ReportOptions;
  /** How `sorted()` reads the results file back (tests set small blocks). */
  blocks?: BlockShape;
  /**
   * Store each result as the JSON report holds it (report/json-stream.ts jsonResultText), not as
   * JSON.stringify gives it: the JSON report is then the stored texts in order (`sortedTexts`), nothing
   * parsed and serialized again. A result read back is then jsonResult's: every field of it but an
   * exemption's category, which the JSON report does not carry.
   */
  jsonReport?: boolean;
}

/** A result's stored text (ResultSpool.sortedTexts) and its compliance, known without parsing the text. */
export interface StoredResult {
  text: string;
  compliance: string;
}

export class ResultSpool {
  private readonly dir: string;
  private readonly results: Appender;
  /** Each result's offset in the results file, in the order added (`read`). */
  private readonly offsets: Appender;
  /** Each result's input order (`add`), in the order added (`entries`). */
  private readonly orders: Appender;
  private readonly runSize: number;
  private readonly windowSize: number;
  private readonly fanIn: number;
  private readonly blockShape: BlockShape;
  /** Whether results are stored as the JSON report's texts of them (ResultSpoolOptions.jsonReport). */
  readonly jsonReport: boolean;
  /** What the last `sorted()` read (see Blocks): blocks of the results file, and results read alone. */
  readonly sortReads = { blocks: 0, alone: 0 };
  private n = 0;
  /** The current window: its resource ids (code by id) and its results' codes, lengths and offsets. */
  private ids = new Map<string, number>();
  private readonly wId: Int32Array;
  private readonly wFirst: Int32Array;
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
  /** The parts of the order besides the id and the reason, as codes. */
  private readonly order: Order;
  private closed = false;
  /** The count of distinct resource ids, once asked for (until the next add). */
  private distinct: number | undefined;

  constructor(parent: string = tmpdir(), options: ResultSpoolOptions = {}) {
    this.runSize = Math.max(1, options.run ?? RUN);
    this.windowSize = Math.max(1, options.records ?? RECORDS);
    this.fanIn = Math.max(2, options.fanIn ?? FAN_IN);
    this.blockShape = options.blocks ?? BLOCKS;
    this.jsonReport = options.jsonReport === true;
    this.order = options.reading ? readingOrder(options.reading) : canonicalOrder();
    this.wId = new Int32Array(this.windowSize);
    this.wFirst = new Int32Array(this.windowSize);
    this.wOther = new Int32Array(this.windowSize);
    this.wLength = new Uint32Array(this.windowSize);
    this.wOffset = new Float64Array(this.windowSize);
    this.wOrder = new Float64Array(this.windowSize);
    this.dir = mkdtempSync(join(parent, 'il5ml-results-'));
    // Removed at exit and on SIGINT/SIGTERM/SIGHUP too, as the audit's spool is.
    removeOnExit(this.dir);
    this.results = new Appender(join(this.dir, 'results'));
    this.offsets = new Appender(join(this.dir, 'results.offsets'));
    this.orders = new Appender(join(this.dir, 'results.orders'));
  }

  get count(): number {
    return this.n;
  }

  /** Whether `sorted` gives sortForReading's order (the spool was made with `reading`), not the canonical one. */
  get readingOrder(): boolean {
    return this.order.reading;
  }

  /** Levels of merges done so far (more runs than `fanIn` make one; tests read it). */
  get levels(): number {
    return this.levelCount;
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
    const offset = this.results.size;
    const length = this.results.put(`${this.jsonReport ? jsonResultText(r) : JSON.stringify(r)}\n`);
    const w = this.wCount++;
    this.wId[w] = code;
    this.wFirst[w] = this.order.firstOf(r);
    this.wOther[w] = this.order.otherOf(r);
    this.wLength[w] = length;
    this.wOffset[w] = offset;
    this.wOrder[w] = order;
    this.offsets.f64(offset);
    this.orders.f64(order);
    this.n++;
    if (this.wCount >= this.windowSize) this.writeWindow();
  }

  private flush(): void {
    this.results.flush();
  }

  /** The result `length` bytes long at `offset` of the results file. */
  private readAt(offset: number, length: number, scratch: { buf: Buffer }): CheckResult {
    if (offset + length > this.results.written) this.flush();
    return JSON.parse(readText(this.results.fd, scratch, offset, length)) as CheckResult;
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
    return [...this.each()];
  }

  /**
   * Every result, in the order added, with the input order it was added with (`add`): for what must pick
   * among results as one thread would (the first in input order), whatever order worker threads gave them in.
   */
  *entries(): Generator<{ result: CheckResult; order: number }> {
    this.orders.flush();
    const orders = new Reader(this.orders.fd, 0, this.n * 8);
    for (const result of this.each()) yield { result, order: orders.f64() };
  }

  /**
   * Every result, in the order added, read back one at a time: the results file from start to end, each
   * result where the offsets file puts it (a stored text may hold newlines: `jsonReport`).
   */
  *each(): Generator<CheckResult> {
    this.flush();
    this.offsets.flush();
    const offsets = new Reader(this.offsets.fd, 0, this.n * 8);
    const size = this.results.size;
    // The bytes of the results file from `base` on, `filled` of them read.
    let buf = Buffer.alloc(1 << 20);
    let base = 0;
    let filled = 0;
    let start = this.n > 0 ? offsets.f64() : size;
    for (let i = 0; i < this.n; i++) {
      const end = i + 1 < this.n ? offsets.f64() : size;
      if (end > base + filled) {
        // What is read of this result moves to the front (into a larger buffer for a result past its size), then the rest is read.
        const kept = base + filled - start;
        const into = end - start > buf.length ? Buffer.alloc(end - start) : buf;
        buf.copy(into, 0, start - base, start - base + kept);
        buf = into;
        base = start;
        filled = kept;
        const n = Math.min(buf.length - filled, size - (base + filled));
        readFully(this.results.fd, buf, filled, n, base + filled);
        filled += n;
      }
      yield JSON.parse(buf.toString('utf8', start - base, end - base)) as CheckResult;
      start = end;
    }
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
    const first = this.order.first.rank();
    const rank = this.order.other.rank();
    const { wId, wFirst, wOther, wLength, wOffset, wOrder } = this;
    const at = (a: Int32Array | Uint32Array | Float64Array, i: number): number => a[i] ?? 0;
    const scratch = { buf: Buffer.alloc(0) };
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort(
      (a, b) =>
        at(first, at(wFirst, a)) - at(first, at(wFirst, b)) ||
        at(place, at(wId, a)) - at(place, at(wId, b)) ||
        at(rank, at(wOther, a)) - at(rank, at(wOther, b)) ||
        // Full ties on the key are rare (a resource listed twice): only then are the reasons read back.
        cmp(this.readAt(at(wOffset, a), at(wLength, a), scratch).reason, this.readAt(at(wOffset, b), at(wLength, b), scratch).reason) ||
        at(wOrder, a) - at(wOrder, b) ||
        a - b,
    );
    this.files ??= this.newFiles();
    const { files } = this;
    const run: Run = { files, ids: { at: files.ids.size, bytes: 0 }, records: { at: files.records.size, bytes: 0, count } };
    for (const x of ids) files.ids.str(x.s);
    run.ids.bytes = files.ids.size - run.ids.at;
    const reading = this.order.reading;
    for (const i of order) {
      const p = at(place, at(wId, i));
      writeRecord(files.records, at(wFirst, i), at(wOther, i), at(wLength, i), at(wOffset, i), at(wOrder, i), reading ? (ids[p]?.s ?? '') : p);
    }
    run.records.bytes = files.records.size - run.records.at;
    this.runs.push(run);
    this.ids = new Map();
    this.wCount = 0;
  }

  /** The merge's order of records: first parts, id, other parts, reason (read back on ties), then input order (the order given, then the offset). */
  private recordBefore(): (a: RecordCursor, b: RecordCursor) => boolean {
    const first = this.order.first.rank();
    const rank = this.order.other.rank();
    const scratch = { buf: Buffer.alloc(0) };
    const reason = (c: RecordCursor): string => (c.reason ??= this.readAt(c.offset, c.length, scratch).reason);
    return (a, b) => {
      const d =
        (first[a.first] ?? 0) - (first[b.first] ?? 0) ||
        byLowerThenExact(a.id, b.id) ||
        (rank[a.other] ?? 0) - (rank[b.other] ?? 0) ||
        cmp(reason(a), reason(b)) ||
        a.order - b.order ||
        a.offset - b.offset;
      return d < 0;
    };
  }

  /** The records of `runs` merged, in the report's order: `emit` sees each with its id before it advances. */
  private *merged(runs: readonly Run[]): Generator<RecordCursor> {
    const heap = new Heap(this.recordBefore());
    for (const run of runs) {
      const c = new RecordCursor(run, this.order.reading);
      if (c.next()) heap.push(c);
    }
    for (let c = heap.top(); c !== undefined; c = heap.top()) {
      yield c;
      if (c.next()) heap.fixTop();
      else heap.pop();
    }
  }

  /** The runs' id lists merged: each distinct id (exactly) once, in order. */
  private *mergedIds(runs: readonly Run[]): Generator<IdCursor> {
    const heap = new Heap<IdCursor>((a, b) => byLowerThenExact(a, b) < 0);
    for (const run of runs) {
      const c = new IdCursor(run);
      if (c.next()) heap.push(c);
    }
    let last: string | undefined;
    for (let c = heap.top(); c !== undefined; c = heap.top()) {
      if (c.s !== last) yield c;
      last = c.s;
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
        const run: Run = { files: into, ids: { at: into.ids.size, bytes: 0 }, records: { at: into.records.size, bytes: 0, count: 0 } };
        if (this.order.reading) {
          // Records are not in id order: the ids go with them, and the runs' id lists are merged apart.
          for (const c of this.merged(group)) {
            writeRecord(into.records, c.first, c.other, c.length, c.offset, c.order, c.id.s);
            run.records.count++;
          }
          for (const c of this.mergedIds(group)) into.ids.str(c.s);
        } else {
          let last: string | undefined;
          let place = -1;
          for (const c of this.merged(group)) {
            // Equal ids of the group's runs become one entry of the merged run's list.
            if (c.id.s !== last) {
              into.ids.str(c.id.s);
              last = c.id.s;
              place++;
            }
            writeRecord(into.records, c.first, c.other, c.length, c.offset, c.order, place);
            run.records.count++;
          }
        }
        run.ids.bytes = into.ids.size - run.ids.at;
        run.records.bytes = into.records.size - run.records.at;
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
    let distinct = 0;
    let lastLower: string | undefined;
    for (const c of this.mergedIds(this.reduce())) {
      if (c.lower !== lastLower) distinct++;
      lastLower = c.lower;
    }
    this.distinct = distinct;
    return distinct;
  }

  /** The results in the spool's order (canonical, or reading with `reading`), read back one at a time. */
  *sorted(): Generator<CheckResult> {
    for (const s of this.sortedTexts()) yield JSON.parse(s.text) as CheckResult;
  }

  /**
   * The results' stored texts in the spool's order, read back one at a time and not parsed (with
   * `jsonReport`, the JSON report's texts of them), each with its compliance.
   */
  *sortedTexts(): Generator<StoredResult> {
    const runs = this.reduce();
    this.sortReads.blocks = 0;
    this.sortReads.alone = 0;
    const blocks = new Blocks(this.results.fd, this.results.size, this.blockShape, this.sortReads);
    // Each stored text ends with a newline, which is not the result's.
    for (const c of this.merged(runs)) yield { text: blocks.text(c.offset, c.length - 1), compliance: this.order.complianceOf(c.first, c.other) };
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
      this.orders.close();
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
export async function withResultSpool<T>(use: (spool: ResultSpool | undefined) => Promise<T>, options: { enabled?: boolean; parent?: string; reading?: ReportOptions; jsonReport?: boolean } = {}): Promise<T> {
  let spool: ResultSpool | undefined;
  try {
    spool = options.enabled === false ? undefined : new ResultSpool(options.parent, options.reading ? { reading: options.reading } : { jsonReport: options.jsonReport === true });
  } catch {
    spool = undefined;
  }
  try {
    return await use(spool);
  } finally {
    spool?.close();
  }
}

/**
 * Whether results for reports in `formats` are spooled, and in which order: JSON alone (canonical order,
 * each result stored as the report's text of it: `jsonReport`), the table alone and markdown alone (their
 * reading order, with `reading()`'s options) are written from the spool one result at a time; the other
 * formats build one string of them all and hold them anyway.
 */
export function spoolFor(formats: readonly string[], reading: () => ReportOptions): { enabled: boolean; reading?: ReportOptions; jsonReport?: boolean } {
  if (formats.length > 0 && (formats.every((f) => f === 'table') || formats.every((f) => f === 'md'))) return { enabled: true, reading: reading() };
  const json = formats.every((f) => f === 'json');
  return json ? { enabled: true, jsonReport: true } : { enabled: false };
}
