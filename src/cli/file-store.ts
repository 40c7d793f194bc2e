/**
 * The CLI's store (issue 10, "memory does not grow with the estate"): everything a Store makes — column
 * pages, the id table's slots and offsets, the strings' bytes, the multi-indexes' CSR arrays — lives in
 * fixed-size pages (default 64 KiB) of one private temporary file, with at most `budgetBytes` (default
 * 32 MiB) of them in memory at once across the whole store: one clock (second-chance LRU) over all pages,
 * dirty pages written back at their offset with writeSync, pages read with readSync. What stays in memory
 * besides the page frames is one page number per page of each structure (4 bytes per 64 KiB), two scratch
 * buffers for one string, and a small cache of recently read strings per string log — so a check's lookups
 * take the same memory at 20,000 resources as at 5,000,000.
 *
 * Layout:
 * - An IntColumn / FloatColumn: its values in order, pageBytes / 4 (or / 8) to a page.
 * - A string log (StringLog, and an IdTable's strings): each string as a 4-byte header (byte length × 4 +
 *   its kind) and its bytes, at a 4-byte-aligned position of a byte stream that spans pages; a FloatColumn
 *   of each handle's position. The bytes are UTF-8; a string holding a lone surrogate (JSON can spell one,
 *   `"\ud800"`) is kept as WTF-8 (the surrogate encoded as its own 3 bytes), so that every JS string reads
 *   back exactly and two strings never share bytes. ASCII strings are written and read as latin1 (fastest).
 * - An IdTable: open addressing with linear probing over slots of two int32s, (code + 1, hash), 0 = empty,
 *   at most half full; a find reads the stored bytes only when the hash matches, and compares them with the
 *   query's encoding. Growing doubles the slots reading the old ones page by page in order (each goes to
 *   the same or the next-half position of the new table, so the writes are two sequential streams too).
 *   Slot pages never written are not made (read as empty).
 * - A MultiIndex: the pairs in two int columns while building; frozen, CSR (offsets per row, the values
 *   sorted by row with a stable scatter). Dense (row = key) when the largest key is within 4× the pairs
 *   (src/core/store/csr.ts), else rows are numbered by an int hash table of the keys (same slots as above).
 *   Counting and scattering touch rows at random, so they go in passes over the pairs, each for the rows
 *   whose arrays fit a quarter of the budget (one pass while they fit).
 *
 * Pages freed (a builder's after freeze, the old slots after growing) are reused before the file grows.
 * The file is made exclusively with mode 0600 inside the caller's folder and removed on close(), at exit and
 * on SIGINT/SIGTERM/SIGHUP (spool.ts's removeOnExit). A failed read or write of it (a full disk) is a user's
 * error, IL5-STORE-FILE (exit 2); reading past `length` and the like are defects (Error), as in memory.ts.
 * A string's UTF-8 may be up to 2^29 - 1 bytes; longer is refused with an Error (JS strings cannot be much
 * longer anyway). Not safe for use from several threads; one store per worker.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError } from '../core/diagnostic.js';
import { checkIndex, checkInt32, checkKey, closedError, frozenError, hashString, mix32, type StoreTestOptions } from '../core/store/checks.js';
import { isSparse } from '../core/store/csr.js';
import type { FloatColumn, IdTable, IntColumn, MultiIndex, MultiIndexBuilder, Store, StringLog } from '../core/store/types.js';
import { fsReason } from './files.js';
import { forgetTemporary, removeOnExit } from './spool.js';

export interface FileStoreOptions extends StoreTestOptions {
  /** Most bytes of pages in memory at once (default 32 MiB; at least two pages are kept). */
  budgetBytes?: number;
  /** Bytes of a page: a power of two from 256 to 16 MiB (default 64 KiB). */
  pageBytes?: number;
}

const DEFAULT_BUDGET = 32 * 1024 * 1024;
const DEFAULT_PAGE = 64 * 1024;
/** Strings read back and kept, per string log (only those of at most CACHED_BYTES bytes). */
const CACHE = 128;
const CACHED_BYTES = 1024;
/** Scratch buffers kept between strings; a longer string gets a buffer of its own for the call. */
const SCRATCH = 256 * 1024;
const MAX_STRING_BYTES = 2 ** 29 - 1;

const ASCII = 0;
const UTF8 = 1;
const WTF8 = 2;

function storeError(path: string, e: unknown): UserInputError {
  return new UserInputError([
    {
      severity: 'error',
      code: 'IL5-STORE-FILE',
      message: `cannot use the temporary file of the check's lookups ${path}: ${fsReason(e)}`,
      fix: 'free space in the temporary folder, or point TMPDIR at a folder with room (the file is a few hundred bytes per resource)',
    },
  ]);
}

/** Growable array of int32s kept in memory (a structure's page numbers, the free list). */
function grown(a: Int32Array, need: number, fill = 0): Int32Array {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

function checkPageBytes(pageBytes: number): void {
  if (!(Number.isInteger(pageBytes) && pageBytes >= 256 && pageBytes <= 1 << 24 && (pageBytes & (pageBytes - 1)) === 0)) {
    throw new Error(`internal: a file store's page size must be a power of two from 256 to 16 MiB, not ${String(pageBytes)}`);
  }
}

/**
 * The page frames of a store and the file behind them. Frame f holds bytes [f << shift, (f + 1) << shift)
 * of `u8` (and the same through `i32` and `f64`); `frameOf[page]` is the frame holding a page or -1.
 */
class Pager {
  readonly shift: number;
  readonly pageBytes: number;
  readonly frames: number;
  u8: Buffer;
  i32: Int32Array;
  f64: Float64Array;
  frameOf: Int32Array = new Int32Array(64).fill(-1);
  readonly pageOf: Int32Array;
  readonly dirty: Uint8Array;
  readonly ref: Uint8Array;
  private hand = 0;
  private pages = 0;
  private free: Int32Array = new Int32Array(16);
  private freeCount = 0;
  private closed = false;
  /** Pages read from and written to the file (tests, bench). */
  readonly counts = { reads: 0, writes: 0 };

  constructor(
    readonly fd: number,
    readonly path: string,
    pageBytes: number,
    budgetBytes: number,
  ) {
    this.pageBytes = pageBytes;
    this.shift = Math.log2(pageBytes);
    this.frames = Math.max(2, Math.floor(budgetBytes / pageBytes));
    const buffer = new ArrayBuffer(this.frames * pageBytes);
    this.u8 = Buffer.from(buffer);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.pageOf = new Int32Array(this.frames).fill(-1);
    this.dirty = new Uint8Array(this.frames);
    this.ref = new Uint8Array(this.frames);
  }

  /** The frame of `page`, read from the file when it is not in memory. */
  frame(page: number): number {
    const f = this.frameOf[page] as number;
    if (f >= 0) {
      this.ref[f] = 1;
      return f;
    }
    return this.load(page);
  }

  /** A new page of zeros (a freed one when there is one), in memory and dirty. */
  allocate(): number {
    if (this.closed) throw closedError();
    let page: number;
    if (this.freeCount > 0) page = this.free[--this.freeCount] as number;
    else {
      page = this.pages++;
      this.frameOf = grown(this.frameOf, this.pages, -1);
    }
    const f = this.victim();
    this.u8.fill(0, f << this.shift, (f + 1) << this.shift);
    this.map(f, page);
    this.dirty[f] = 1;
    return page;
  }

  /** Gives `page` back: its content is dropped, the page reused by a later allocate(). */
  release(page: number): void {
    const f = this.frameOf[page] as number;
    if (f >= 0) {
      this.pageOf[f] = -1;
      this.dirty[f] = 0;
      this.ref[f] = 0;
      this.frameOf[page] = -1;
    }
    this.free = grown(this.free, this.freeCount + 1);
    this.free[this.freeCount++] = page;
  }

  /** Whether close() has not been called. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Pages in the file (tests, bench). */
  get filePages(): number {
    return this.pages;
  }

  load(page: number): number {
    if (this.closed) throw closedError();
    const f = this.victim();
    const at = f << this.shift;
    const bytes = this.pageBytes;
    let done = 0;
    try {
      while (done < bytes) {
        const n = readSync(this.fd, this.u8, at + done, bytes - done, page * bytes + done);
        if (n === 0) break;
        done += n;
      }
    } catch (e) {
      throw storeError(this.path, e);
    }
    // Past the end of the file: a page written only in part (never, as pages are written whole) reads as zeros.
    if (done < bytes) this.u8.fill(0, at + done, at + bytes);
    this.counts.reads++;
    this.map(f, page);
    return f;
  }

  close(): void {
    this.closed = true;
    this.frameOf.fill(-1);
    this.u8 = Buffer.alloc(0);
    this.i32 = new Int32Array(0);
    this.f64 = new Float64Array(0);
  }

  private map(f: number, page: number): void {
    this.pageOf[f] = page;
    this.frameOf[page] = f;
    this.ref[f] = 1;
  }

  /** A frame to reuse: an empty one, or the first the clock finds not used since it last passed. */
  private victim(): number {
    for (;;) {
      const f = this.hand;
      this.hand = f + 1 === this.frames ? 0 : f + 1;
      const page = this.pageOf[f] as number;
      if (page < 0) return f;
      if (this.ref[f] === 1) {
        this.ref[f] = 0;
        continue;
      }
      if (this.dirty[f] === 1) {
        try {
          let done = 0;
          while (done < this.pageBytes) done += writeSync(this.fd, this.u8, (f << this.shift) + done, this.pageBytes - done, page * this.pageBytes + done);
        } catch (e) {
          throw storeError(this.path, e);
        }
        this.counts.writes++;
        this.dirty[f] = 0;
      }
      this.frameOf[page] = -1;
      this.pageOf[f] = -1;
      return f;
    }
  }
}

/**
 * A growable array of int32s in pages: unchecked `at`/`put` for the store's own structures; IntColumn's
 * checked methods on top. Pages of an `extend`ed range are made when first written (read as zeros before).
 */
class PagedInts implements IntColumn {
  protected pages: Int32Array = new Int32Array(4);
  protected pageCount = 0;
  length = 0;
  private readonly sh: number;
  private readonly mask: number;

  constructor(protected readonly pager: Pager) {
    this.sh = pager.shift - 2;
    this.mask = (1 << this.sh) - 1;
  }

  at(i: number): number {
    const p = this.pager;
    const page = this.pages[i >>> this.sh] as number;
    if (page < 0) return 0;
    let f = p.frameOf[page] as number;
    if (f < 0) f = p.load(page);
    else p.ref[f] = 1;
    return p.i32[(f << this.sh) + (i & this.mask)] as number;
  }

  put(i: number, value: number): void {
    const p = this.pager;
    const n = i >>> this.sh;
    let page = this.pages[n] as number;
    if (page < 0) {
      page = p.allocate();
      this.pages[n] = page;
    }
    let f = p.frameOf[page] as number;
    if (f < 0) f = p.load(page);
    else p.ref[f] = 1;
    p.dirty[f] = 1;
    p.i32[(f << this.sh) + (i & this.mask)] = value;
  }

  /** Appends `value` unchecked. */
  append(value: number): void {
    const i = this.length;
    if (i >>> this.sh === this.pageCount) this.addPages(1, true);
    this.length = i + 1;
    this.put(i, value);
  }

  /** Makes the length `n` (>= length), the new values 0, their pages made when written. */
  extend(n: number): void {
    const need = ((n + this.mask) >>> this.sh) - this.pageCount;
    if (need > 0) this.addPages(need, false);
    this.length = n;
  }

  /** Gives every page back to the pager; the array is empty after. */
  release(): void {
    for (let k = 0; k < this.pageCount; k++) {
      const page = this.pages[k] as number;
      if (page >= 0) this.pager.release(page);
    }
    this.pages = new Int32Array(4);
    this.pageCount = 0;
    this.length = 0;
  }

  push(value: number): void {
    checkInt32(value, 'int column value');
    this.append(value);
  }

  get(index: number): number {
    checkIndex(index, this.length, 'int column index');
    return this.at(index);
  }

  set(index: number, value: number): void {
    checkIndex(index, this.length, 'int column index');
    checkInt32(value, 'int column value');
    this.put(index, value);
  }

  private addPages(n: number, now: boolean): void {
    this.pages = grown(this.pages, this.pageCount + n);
    for (let k = 0; k < n; k++) this.pages[this.pageCount++] = now ? this.pager.allocate() : -1;
  }
}

class PagedFloats implements FloatColumn {
  private pages: Int32Array = new Int32Array(4);
  private pageCount = 0;
  length = 0;
  private readonly sh: number;
  private readonly mask: number;

  constructor(private readonly pager: Pager) {
    this.sh = pager.shift - 3;
    this.mask = (1 << this.sh) - 1;
  }

  at(i: number): number {
    const p = this.pager;
    const page = this.pages[i >>> this.sh] as number;
    let f = p.frameOf[page] as number;
    if (f < 0) f = p.load(page);
    else p.ref[f] = 1;
    return p.f64[(f << this.sh) + (i & this.mask)] as number;
  }

  put(i: number, value: number): void {
    const p = this.pager;
    const page = this.pages[i >>> this.sh] as number;
    let f = p.frameOf[page] as number;
    if (f < 0) f = p.load(page);
    else p.ref[f] = 1;
    p.dirty[f] = 1;
    p.f64[(f << this.sh) + (i & this.mask)] = value;
  }

  append(value: number): void {
    const i = this.length;
    if (i >>> this.sh === this.pageCount) {
      this.pages = grown(this.pages, this.pageCount + 1);
      this.pages[this.pageCount++] = this.pager.allocate();
    }
    this.length = i + 1;
    this.put(i, value);
  }

  push(value: number): void {
    this.append(value);
  }

  get(index: number): number {
    checkIndex(index, this.length, 'float column index');
    return this.at(index);
  }

  set(index: number, value: number): void {
    checkIndex(index, this.length, 'float column index');
    this.put(index, value);
  }
}

/**
 * A string's bytes for the file: `encode` fills `out` (a scratch buffer, or one of its own for a long
 * string) and returns the byte length, `kind` set to ASCII, UTF8 or WTF8. Shared by the store's logs.
 */
class Codec {
  kind = ASCII;
  out: Buffer;
  private readonly scratch = Buffer.alloc(SCRATCH);
  /** Where strings spanning pages are gathered to be decoded. */
  private readonly gather = Buffer.alloc(SCRATCH);

  constructor() {
    this.out = this.scratch;
  }

  encode(s: string): number {
    let kind = ASCII;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) continue;
      kind = UTF8;
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
        kind = WTF8;
        break;
      }
    }
    this.kind = kind;
    const most = kind === ASCII ? n : n * 3;
    if (most > MAX_STRING_BYTES) throw new Error(`internal: a string of ${n} characters is too long for the file store (at most ${MAX_STRING_BYTES} bytes of UTF-8)`);
    this.out = most <= SCRATCH ? this.scratch : Buffer.allocUnsafe(most);
    if (kind === ASCII) return this.out.write(s, 0, n, 'latin1');
    if (kind === UTF8) return this.out.write(s, 0, most, 'utf8');
    return wtf8Encode(s, this.out);
  }

  /** A buffer of at least `n` bytes to gather a string into. */
  gatherBuffer(n: number): Buffer {
    return n <= SCRATCH ? this.gather : Buffer.allocUnsafe(n);
  }
}

/** UTF-8, but a lone surrogate as its own 3 bytes (WTF-8). */
function wtf8Encode(s: string, out: Buffer): number {
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out[o++] = c;
    else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    } else {
      out[o++] = 0xf0 | (c >> 18);
      out[o++] = 0x80 | ((c >> 12) & 0x3f);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    }
  }
  return o;
}

/** The string of WTF-8 bytes `b[start, end)` (as wtf8Encode writes them). */
function wtf8Decode(b: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  let out = '';
  for (let i = start; i < end; ) {
    const x = b[i] as number;
    let c: number;
    if (x < 0x80) {
      c = x;
      i += 1;
    } else if (x < 0xe0) {
      c = ((x & 0x1f) << 6) | ((b[i + 1] as number) & 0x3f);
      i += 2;
    } else if (x < 0xf0) {
      c = ((x & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
      i += 3;
    } else {
      c = ((x & 0x07) << 18) | (((b[i + 1] as number) & 0x3f) << 12) | (((b[i + 2] as number) & 0x3f) << 6) | ((b[i + 3] as number) & 0x3f);
      i += 4;
    }
    if (c >= 0x10000) {
      c -= 0x10000;
      units.push(0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
    } else units.push(c);
    if (units.length >= 8192) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

/**
 * Strings in a byte stream of pages (see the layout above), read back by handle, with a small cache of
 * the strings last read. StringLog itself; an IdTable keeps its strings in one.
 */
class ByteLog implements StringLog {
  private pages: Int32Array = new Int32Array(4);
  private pageCount = 0;
  /** Where the next string goes (a multiple of 4). */
  private end = 0;
  private readonly where: PagedFloats;
  private readonly cachedHandle = new Int32Array(CACHE).fill(-1);
  private readonly cachedText: string[] = new Array<string>(CACHE).fill('');

  constructor(
    private readonly pager: Pager,
    private readonly codec: Codec,
  ) {
    this.where = new PagedFloats(pager);
  }

  get length(): number {
    return this.where.length;
  }

  add(s: string): number {
    return this.addEncoded(this.codec.encode(s));
  }

  get(handle: number): string {
    checkIndex(handle, this.where.length, 'string handle');
    return this.text(handle);
  }

  /** Appends the string the codec holds (`bytes` long); its handle. */
  addEncoded(bytes: number): number {
    const p = this.pager;
    const at = this.end;
    const next = at + 4 + bytes;
    const need = Math.ceil(next / p.pageBytes);
    if (need > this.pageCount) {
      this.pages = grown(this.pages, need);
      while (this.pageCount < need) this.pages[this.pageCount++] = p.allocate();
    }
    // The header: 4-byte aligned, so within one page.
    let f = p.frame(this.pages[Math.floor(at / p.pageBytes)] as number);
    p.dirty[f] = 1;
    p.i32[(f << (p.shift - 2)) + ((at % p.pageBytes) >>> 2)] = bytes * 4 + this.codec.kind;
    let done = 0;
    let pos = at + 4;
    const src = this.codec.out;
    while (done < bytes) {
      const inPage = pos % p.pageBytes;
      const n = Math.min(bytes - done, p.pageBytes - inPage);
      f = p.frame(this.pages[Math.floor(pos / p.pageBytes)] as number);
      p.dirty[f] = 1;
      src.copy(p.u8, (f << p.shift) + inPage, done, done + n);
      done += n;
      pos += n;
    }
    this.end = Math.ceil(next / 4) * 4;
    this.where.append(at);
    return this.where.length - 1;
  }

  /** Whether the string of `handle` is the one the codec holds (`bytes` long). */
  equalsEncoded(handle: number, bytes: number): boolean {
    const p = this.pager;
    const at = this.where.at(handle);
    let f = p.frame(this.pages[Math.floor(at / p.pageBytes)] as number);
    const header = p.i32[(f << (p.shift - 2)) + ((at % p.pageBytes) >>> 2)] as number;
    if (header >>> 2 !== bytes) return false;
    const src = this.codec.out;
    let done = 0;
    let pos = at + 4;
    while (done < bytes) {
      const inPage = pos % p.pageBytes;
      const n = Math.min(bytes - done, p.pageBytes - inPage);
      f = p.frame(this.pages[Math.floor(pos / p.pageBytes)] as number);
      const from = (f << p.shift) + inPage;
      if (p.u8.compare(src, done, done + n, from, from + n) !== 0) return false;
      done += n;
      pos += n;
    }
    return true;
  }

  /** The string of a handle known to be in range. */
  text(handle: number): string {
    const slot = handle & (CACHE - 1);
    if (this.cachedHandle[slot] === handle) return this.cachedText[slot] as string;
    const p = this.pager;
    const at = this.where.at(handle);
    let f = p.frame(this.pages[Math.floor(at / p.pageBytes)] as number);
    const header = p.i32[(f << (p.shift - 2)) + ((at % p.pageBytes) >>> 2)] as number;
    const bytes = header >>> 2;
    const kind = header & 3;
    const pos = at + 4;
    const inPage = pos % p.pageBytes;
    let s: string;
    if (inPage + bytes <= p.pageBytes) {
      // Within one page (an empty string at a page's end too): decoded where it is.
      if (bytes > 0) f = p.frame(this.pages[Math.floor(pos / p.pageBytes)] as number);
      const from = (f << p.shift) + inPage;
      s = decode(p.u8, from, from + bytes, kind);
    } else {
      const buf = this.codec.gatherBuffer(bytes);
      let done = 0;
      let q = pos;
      while (done < bytes) {
        const o = q % p.pageBytes;
        const n = Math.min(bytes - done, p.pageBytes - o);
        f = p.frame(this.pages[Math.floor(q / p.pageBytes)] as number);
        p.u8.copy(buf, done, (f << p.shift) + o, (f << p.shift) + o + n);
        done += n;
        q += n;
      }
      s = decode(buf, 0, bytes, kind);
    }
    if (bytes <= CACHED_BYTES) {
      this.cachedHandle[slot] = handle;
      this.cachedText[slot] = s;
    }
    return s;
  }
}

function decode(b: Buffer, start: number, end: number, kind: number): string {
  if (kind === ASCII) return b.toString('latin1', start, end);
  if (kind === UTF8) return b.toString('utf8', start, end);
  return wtf8Decode(b, start, end);
}

/**
 * Open-addressing slots of two int32s, (value + 1, tag), 0 = empty, in pages made when first written;
 * at most half full. The home slot of a tag is `tag & mask` (`mix`: of the tag mixed, for int keys).
 */
class Slots {
  private words: PagedInts;
  capacity: number;
  mask: number;
  count = 0;

  constructor(
    private readonly pager: Pager,
    private readonly mix: boolean,
  ) {
    this.capacity = Math.max(16, pager.pageBytes >>> 3);
    this.mask = this.capacity - 1;
    this.words = new PagedInts(pager);
    this.words.extend(this.capacity * 2);
  }

  home(tag: number): number {
    return (this.mix ? mix32(tag) : tag) & this.mask;
  }

  value(slot: number): number {
    return this.words.at(slot * 2);
  }

  tag(slot: number): number {
    return this.words.at(slot * 2 + 1);
  }

  /** Fills empty `slot`, and grows the slots when more than half full. */
  fill(slot: number, value: number, tag: number): void {
    this.words.put(slot * 2, value + 1);
    this.words.put(slot * 2 + 1, tag);
    this.count++;
    if (this.count * 2 > this.capacity) this.grow();
  }

  /** Doubles the slots, reading the old ones in order, page by page. */
  private grow(): void {
    const old = this.words;
    const oldCapacity = this.capacity;
    this.capacity = oldCapacity * 2;
    this.mask = this.capacity - 1;
    const words = new PagedInts(this.pager);
    words.extend(this.capacity * 2);
    for (let s = 0; s < oldCapacity; s++) {
      const v = old.at(s * 2);
      if (v === 0) continue;
      const tag = old.at(s * 2 + 1);
      let i = this.home(tag);
      while (words.at(i * 2) !== 0) i = (i + 1) & this.mask;
      words.put(i * 2, v);
      words.put(i * 2 + 1, tag);
    }
    old.release();
    this.words = words;
  }
}

class FileIds implements IdTable {
  private readonly log: ByteLog;
  private readonly slots: Slots;
  /**
   * The string last found or interned and its code: a check asks for a kept resource's id several times in
   * a row (the spool's record, the index's byId, the pass's flag), and each would hash, encode and compare it.
   */
  private lastText: string | undefined;
  private lastCode = -1;

  constructor(
    private readonly pager: Pager,
    private readonly codec: Codec,
    private readonly hash: (s: string) => number,
  ) {
    this.log = new ByteLog(pager, codec);
    this.slots = new Slots(pager, false);
  }

  get size(): number {
    return this.log.length;
  }

  find(s: string): number {
    if (s === this.lastText && this.pager.isOpen) return this.lastCode;
    const h = this.hash(s) | 0;
    const slots = this.slots;
    let bytes = -1;
    for (let i = h & slots.mask; ; i = (i + 1) & slots.mask) {
      const v = slots.value(i);
      if (v === 0) return -1;
      if (slots.tag(i) === h) {
        if (bytes < 0) bytes = this.codec.encode(s);
        if (this.log.equalsEncoded(v - 1, bytes)) return this.remember(s, v - 1);
      }
    }
  }

  intern(s: string): number {
    if (s === this.lastText && this.pager.isOpen) return this.lastCode;
    const h = this.hash(s) | 0;
    const slots = this.slots;
    let bytes = -1;
    let i = h & slots.mask;
    for (; ; i = (i + 1) & slots.mask) {
      const v = slots.value(i);
      if (v === 0) break;
      if (slots.tag(i) === h) {
        if (bytes < 0) bytes = this.codec.encode(s);
        if (this.log.equalsEncoded(v - 1, bytes)) return this.remember(s, v - 1);
      }
    }
    if (bytes < 0) bytes = this.codec.encode(s);
    const code = this.log.addEncoded(bytes);
    slots.fill(i, code, h);
    return this.remember(s, code);
  }

  private remember(s: string, code: number): number {
    this.lastText = s;
    this.lastCode = code;
    return code;
  }

  text(code: number): string {
    checkIndex(code, this.log.length, 'id code');
    return this.log.text(code);
  }
}

class FileMultiBuilder implements MultiIndexBuilder {
  private keys: PagedInts | undefined;
  private values: PagedInts | undefined;
  private maxKey = -1;

  constructor(private readonly pager: Pager) {
    this.keys = new PagedInts(pager);
    this.values = new PagedInts(pager);
  }

  add(key: number, value: number): void {
    const keys = this.keys;
    const values = this.values;
    if (keys === undefined || values === undefined) throw frozenError();
    checkKey(key);
    checkInt32(value, 'multi-index value');
    keys.append(key);
    values.append(value);
    if (key > this.maxKey) this.maxKey = key;
  }

  freeze(): MultiIndex {
    const keys = this.keys;
    const values = this.values;
    if (keys === undefined || values === undefined) throw frozenError();
    this.keys = undefined;
    this.values = undefined;
    const n = keys.length;
    let rows = this.maxKey + 1;
    let rowOf: Slots | undefined;
    if (isSparse(n, this.maxKey)) {
      // Rows numbered by an int hash table of the keys; each pair's key replaced by its row.
      const map = new Slots(this.pager, true);
      for (let i = 0; i < n; i++) keys.put(i, internInt(map, keys.at(i)));
      rowOf = map;
      rows = map.count;
    }
    // Counts per row, summed: offsets[r] = the end of row r; then a backward scatter moves each to its start.
    // Both touch rows at random, so each pass takes only the rows whose offsets (counting) or values
    // (scatter) fit in a quarter of the budget, reading the pairs in order once a pass: a few sequential
    // passes rather than a page read and written back for most pairs when the arrays outgrow the budget.
    const span = Math.max(this.pager.pageBytes, (this.pager.frames * this.pager.pageBytes) >>> 2) >>> 2;
    const offsets = new PagedInts(this.pager);
    offsets.extend(rows + 1);
    for (let lo = 0; lo < rows; lo += span) {
      const hi = Math.min(rows, lo + span);
      for (let i = 0; i < n; i++) {
        const r = keys.at(i);
        if (r >= lo && r < hi) offsets.put(r, offsets.at(r) + 1);
      }
    }
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      sum += offsets.at(r);
      offsets.put(r, sum);
    }
    offsets.put(rows, n);
    const sorted = new PagedInts(this.pager);
    sorted.extend(n);
    // Rows from the last down, so that the ends of the rows below the current pass are still untouched.
    const startOf = (r: number): number => (r > 0 ? offsets.at(r - 1) : 0);
    for (let hi = rows; hi > 0; ) {
      const end = offsets.at(hi - 1);
      let lo = hi - 1;
      while (lo > 0 && hi - lo < span && end - startOf(lo - 1) <= span) lo--;
      for (let i = n - 1; i >= 0; i--) {
        const r = keys.at(i);
        if (r < lo || r >= hi) continue;
        const at = offsets.at(r) - 1;
        offsets.put(r, at);
        sorted.put(at, values.at(i));
      }
      hi = lo;
    }
    keys.release();
    values.release();
    return new FileMulti(offsets, sorted, rows, rowOf);
  }
}

/** The value of int `key` in `map` (a Slots with mixed tags), made (the next row) when new. */
function internInt(map: Slots, key: number): number {
  for (let i = map.home(key); ; i = (i + 1) & map.mask) {
    const v = map.value(i);
    if (v === 0) {
      const row = map.count;
      map.fill(i, row, key);
      return row;
    }
    if (map.tag(i) === key) return v - 1;
  }
}

function findInt(map: Slots, key: number): number {
  for (let i = map.home(key); ; i = (i + 1) & map.mask) {
    const v = map.value(i);
    if (v === 0) return -1;
    if (map.tag(i) === key) return v - 1;
  }
}

class FileMulti implements MultiIndex {
  constructor(
    private readonly offsets: PagedInts,
    private readonly sorted: PagedInts,
    private readonly rows: number,
    private readonly rowOf: Slots | undefined,
  ) {}

  private row(key: number): number {
    checkKey(key);
    if (this.rowOf !== undefined) return findInt(this.rowOf, key);
    return key < this.rows ? key : -1;
  }

  count(key: number): number {
    const r = this.row(key);
    return r < 0 ? 0 : this.offsets.at(r + 1) - this.offsets.at(r);
  }

  forEach(key: number, fn: (value: number) => void): void {
    const r = this.row(key);
    if (r < 0) return;
    const end = this.offsets.at(r + 1);
    for (let i = this.offsets.at(r); i < end; i++) fn(this.sorted.at(i));
  }

  list(key: number): number[] {
    const out: number[] = [];
    const r = this.row(key);
    if (r < 0) return out;
    const end = this.offsets.at(r + 1);
    for (let i = this.offsets.at(r); i < end; i++) out.push(this.sorted.at(i));
    return out;
  }
}

export class FileStore implements Store {
  /** The store's file (inside the caller's folder). */
  readonly path: string;
  private readonly pager: Pager;
  private readonly codec = new Codec();
  private readonly hash: (s: string) => number;
  private closed = false;

  constructor(dir: string, options: FileStoreOptions = {}) {
    this.hash = options.hash ?? hashString;
    const pageBytes = options.pageBytes ?? DEFAULT_PAGE;
    checkPageBytes(pageBytes);
    this.path = join(dir, `il5ml-store-${randomBytes(8).toString('hex')}.bin`);
    let fd: number;
    try {
      fd = openSync(this.path, 'wx+', 0o600);
    } catch (e) {
      throw storeError(this.path, e);
    }
    removeOnExit(this.path);
    this.pager = new Pager(fd, this.path, pageBytes, options.budgetBytes ?? DEFAULT_BUDGET);
  }

  /** Pages read and written, pages in the file, and the most pages in memory (tests, bench). */
  get stats(): { reads: number; writes: number; filePages: number; frames: number } {
    return { ...this.pager.counts, filePages: this.pager.filePages, frames: this.pager.frames };
  }

  private open(): Pager {
    if (this.closed) throw closedError();
    return this.pager;
  }

  ints(): IntColumn {
    return new PagedInts(this.open());
  }

  floats(): FloatColumn {
    return new PagedFloats(this.open());
  }

  strings(): StringLog {
    return new ByteLog(this.open(), this.codec);
  }

  ids(): IdTable {
    return new FileIds(this.open(), this.codec, this.hash);
  }

  multi(): MultiIndexBuilder {
    return new FileMultiBuilder(this.open());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pager.close();
    this.remove(this.pager.fd);
  }

  private remove(fd: number): void {
    try {
      closeSync(fd);
    } finally {
      // Before close() returns, not at exit: the caller may remove the folder next.
      rmSync(this.path, { force: true });
      forgetTemporary(this.path);
    }
  }
}

/** A store whose pages live in a private temporary file inside `dir` (which the caller makes and removes). */
export function fileStore(dir: string, options?: FileStoreOptions): FileStore {
  return new FileStore(dir, options);
}
