/**
 * What the lookups keep between a check's two reads, on disk (issue 12 memory, issue 10's flat audit).
 *
 * Pass 1 (src/policy/estate.ts) keeps the resources a lookup can return: on the mixed bench estate more than
 * half of them, and so most of a check's memory, growing with the estate. `hold(r)` writes such a resource's
 * JSON to a private temporary file and returns its stand-in, which the passes keep instead of `r`: a Proxy
 * over a small record of where the JSON is and of the three values every index reads (id, type, scope).
 * Any other read (properties, tags, location, dependsOn, its keys, JSON.stringify…) reads the resource
 * back through a cache of whole resources, so the stand-in has the resource's keys in their order and its
 * values. A stand-in is read-only, as kept resources are (the passes never change them). `warm(stand, fresh)`
 * hands the cache pass 2's fresh read of it, so judging a kept resource reads nothing back. A value known
 * only after deployment (an Unknown) is written as the input spells it, `{"$unknown": "why"}`, and read
 * back as the input reader reads it (reviveInPlace); a resource holding another kind of Unknown (the
 * projections' PossibleMember) is not written: it would not read back as the same value, and stays whole.
 *
 * Records, not objects (issue 10): a kept resource is a record number (src/core/kept.ts); where its JSON
 * is, its id (a code of the store's id table and the spelling over it), type and scope are columns of a
 * store (src/cli/file-store.ts) that holds a fixed budget of pages in memory and the rest in its own
 * file; a stand-in is made when a lookup returns the record, and holds only the record's number.
 *
 * The stand-in, not the resource emptied in place: an object whose keys are deleted and redefined as
 * getters becomes a dictionary of its properties in V8, about 450 bytes each, with its plain strings
 * (location, API version…) still in memory; a stand-in is about 100 bytes and the id.
 *
 * The file is removed on close(), at exit and on SIGINT/SIGTERM/SIGHUP, as the other spools are (spool.ts).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexParts } from '../baseline/resource-index.js';
import type { KeptResources } from '../core/kept.js';
import { spelled, spellingOf } from '../core/lower-ids.js';
import type { AzureResource } from '../core/resource.js';
import type { FloatColumn, IdTable, IntColumn, Store, StringLog } from '../core/store/types.js';
import { Unknown } from '../core/unknown.js';
import { reviveInPlace } from '../policy/input.js';
import { fileStore, type FileStoreOptions } from './file-store.js';
import { forgetTemporary, removeOnExit } from './spool.js';

/**
 * Whole resources read back and kept at once (the resources a lookup and the one judged need): at most
 * this many, and at most CACHE_BYTES of their JSON (a count alone would let a few thousand large
 * resources — long tag lists, policy metadata — hold tens of MB; issue 10), but always the last one.
 */
const CACHE = 4096;
const CACHE_BYTES = 8 * 1024 * 1024;
/** Held resources are written in batches of about this many characters. */
const BATCH = 1 << 20;
/** Pages of the store (columns, ids, spellings) held in memory at most: the rest is in its file. */
const STORE_BUDGET = 16 * 1024 * 1024;
/**
 * Bytes of a page of that store: small, as its reads past the budget are at random (an id's slot, its
 * position, its bytes) — a 64 KiB page read for one 100-byte id cost 6× the CPU of a 4 KiB one (issue 10).
 */
const STORE_PAGE = 4 * 1024;

/** What a kept spool holds in memory at most: its store's pages, and the whole resources it caches. */
export interface SpoolBudget {
  /** Bytes of the store's pages in memory (the rest wait in its file). */
  storeBytes: number;
  /** Whole resources read back and kept at once: at most this many… */
  cacheCount: number;
  /** …and this many bytes of their JSON. */
  cacheBytes: number;
}

/** One thread's spool: what `check` and `audit` use with one thread. */
export const SPOOL_BUDGET: SpoolBudget = { storeBytes: STORE_BUDGET, cacheCount: CACHE, cacheBytes: CACHE_BYTES };

/**
 * The budget of each of `spools` spools that work at once (`check --jobs N`: each worker thread keeps
 * what the lookups need in its own spool), so that together they hold what one thread's does: an equal
 * share of `whole`, but never less than 4 MiB of store (or all of a smaller `whole`), 1 MiB and 512 cached
 * resources each — below that a worker would read most lookups back from disk. The floors decide past 4
 * workers (store) and 8 (cache): at most 64 workers (src/cli/jobs.ts), 256 MiB of store and 64 MiB of
 * cached JSON in all.
 */
export function spoolShare(spools: number, whole: SpoolBudget = SPOOL_BUDGET): SpoolBudget {
  const n = Math.max(1, Math.floor(spools));
  const share = (total: number, floor: number): number => Math.max(Math.floor(total / n), Math.min(total, floor));
  return { storeBytes: share(whole.storeBytes, 4 << 20), cacheCount: share(whole.cacheCount, 512), cacheBytes: share(whole.cacheBytes, 1 << 20) };
}

/**
 * SPOOL_BUDGET, with the store's budget IL5ML_STORE_BUDGET_KIB KiB when that is a whole number of at
 * least 8 (two pages): tests force the pages out to disk with a few, and tuning can try others.
 */
export function spoolBudget(env: Readonly<Record<string, string | undefined>>): SpoolBudget {
  const kib = Number(env.IL5ML_STORE_BUDGET_KIB ?? '');
  return Number.isInteger(kib) && kib >= 8 ? { ...SPOOL_BUDGET, storeBytes: kib * 1024 } : SPOOL_BUDGET;
}

/**
 * The main thread's spool in `check --jobs N`: it keeps only the input's exemptions (ExemptionInputs; the
 * workers keep what the lookups need), read once, in order, after the first read (at most `whole`'s store).
 */
export function exemptionsSpool(whole: SpoolBudget = SPOOL_BUDGET): SpoolBudget {
  return { storeBytes: Math.min(whole.storeBytes, 1 << 20), cacheCount: 256, cacheBytes: 1 << 20 };
}

/** Whether `v` holds an Unknown of a kind other than Unknown itself (JSON would not bring its kind back). */
function otherUnknown(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (v instanceof Unknown) return Object.getPrototypeOf(v) !== Unknown.prototype;
  if (Array.isArray(v)) return v.some(otherUnknown);
  return Object.values(v).some(otherUnknown);
}

/** A stand-in's target: its record. */
interface Held {
  readonly record: number;
}

/** A stand-in's record (warm, tests). */
const HELD = Symbol('il5ml.held');

/** Column values: an id or type not a string (read back); a resource without a scope, or one whose scope is not a string. */
const READ_BACK = -1;
const NO_SCOPE = -1;
const SCOPE_READ_BACK = -2;
/** Spelling column: the id is its lower-case string; otherwise a handle of `strings` (spelling), or -2 - handle (the id itself). */
const SAME_AS_LOWER = -1;

function readOnly(): never {
  throw new Error('internal: a kept resource was changed (the passes must not change what they keep)');
}

export class KeptSpool implements KeptResources {
  private readonly dir: string;
  private readonly fd: number;
  /** The lookups' numbers (the passes' indexes and this spool's columns), on disk past a budget. */
  readonly store: Store;
  /** Lower-case ids, one code each: the passes' indexes key by the same codes. */
  readonly ids: IdTable;
  private readonly offsets: FloatColumn;
  private readonly lengths: IntColumn;
  private readonly idCodes: IntColumn;
  private readonly spellings: IntColumn;
  private readonly typeCodes: IntColumn;
  private readonly scopes: IntColumn;
  /** Spellings of ids, ids that cannot be spelled so, and scopes. */
  private readonly strings: StringLog;
  /** Each spelling of a type, one code (types are few). */
  private readonly typeNames: string[] = [];
  private readonly typeCode = new Map<string, number>();
  /** Resources that cannot be written (another kind of Unknown): kept whole, by record. */
  private readonly whole = new Map<number, AzureResource>();
  private readonly cache = new Map<number, Record<string, unknown>>();
  /** The JSON bytes of the resources in the cache. */
  private cacheBytes = 0;
  /**
   * The record last read or put in the cache, and its resource: the cache's most recent entry. Most reads
   * are of it again (a judged resource's fields one after the other: 93% of 2 million reads on the mixed
   * 100k estate), and need no lookup and no move in the cache.
   */
  private recent = -1;
  private recentWhole: Record<string, unknown> | undefined;
  private readonly handler: ProxyHandler<Held>;
  private last: AzureResource | undefined;
  private lastRecord = -1;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private closed = false;
  /** Resources held, and read back from the file (for the bench and tests). */
  readonly counts = { held: 0, readBack: 0 };

  /** A spool, or none where no temporary file can be made (everything then stays in memory, as before). */
  static open(parent?: string, budget: SpoolBudget = SPOOL_BUDGET): KeptSpool | undefined {
    try {
      return new KeptSpool(parent, { budgetBytes: budget.storeBytes, pageBytes: STORE_PAGE }, { count: budget.cacheCount, bytes: budget.cacheBytes });
    } catch {
      return undefined;
    }
  }

  /** The estate options for a spool (none: everything in memory): its parts. */
  static hooks(spool: KeptSpool | undefined): { parts?: IndexParts } {
    return spool ? { parts: spool.parts() } : {};
  }

  /**
   * `store`: the file store's page budget and size (tests make them small, so that pages go to disk at once);
   * `cache`: the whole resources read back and kept at once, at most `count` of them and `bytes` of their JSON.
   */
  constructor(
    parent: string = tmpdir(),
    store: FileStoreOptions = { budgetBytes: STORE_BUDGET, pageBytes: STORE_PAGE },
    private readonly cacheLimit: { count: number; bytes: number } = { count: CACHE, bytes: CACHE_BYTES },
  ) {
    this.dir = mkdtempSync(join(parent, 'il5ml-kept-'));
    removeOnExit(this.dir);
    this.fd = openSync(join(this.dir, 'kept.ndjson'), 'w+', 0o600);
    this.store = fileStore(this.dir, store);
    this.ids = this.store.ids();
    this.offsets = this.store.floats();
    this.lengths = this.store.ints();
    this.idCodes = this.store.ints();
    this.spellings = this.store.ints();
    this.typeCodes = this.store.ints();
    this.scopes = this.store.ints();
    this.strings = this.store.strings();
    const whole = (t: Held): Record<string, unknown> => this.read(t.record);
    const cache = this.cache;
    this.handler = {
      get: (t, key) => {
        const rec = t.record;
        if (key === 'id') {
          // While the resource is in the cache (pass 2 judging it, a lookup reading it), its own id string.
          const w = cache.get(rec);
          if (w !== undefined) return w.id;
          return this.idOf(rec) ?? whole(t).id;
        }
        if (key === 'type') {
          const code = this.typeCodes.get(rec);
          return code === READ_BACK ? whole(t).type : this.typeNames[code];
        }
        if (key === 'scope') {
          const h = this.scopes.get(rec);
          if (h === NO_SCOPE) return undefined;
          if (h !== SCOPE_READ_BACK) return this.strings.get(h);
        }
        if (key === HELD) return t;
        return whole(t)[key as string];
      },
      has: (t, key) => key in whole(t),
      ownKeys: (t) => Reflect.ownKeys(whole(t)),
      getOwnPropertyDescriptor(t, key) {
        const w = whole(t);
        return Object.prototype.hasOwnProperty.call(w, key) ? { value: w[key as string], writable: true, enumerable: true, configurable: true } : undefined;
      },
      set: readOnly,
      defineProperty: readOnly,
      deleteProperty: readOnly,
      setPrototypeOf: readOnly,
      preventExtensions: readOnly,
    };
  }

  /** The parts of a check's passes over this spool: its store, its ids, its records. */
  parts(): IndexParts {
    return { store: this.store, ids: this.ids, kept: this };
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Writes `r` (once: keeping the object kept last again gives its record) and returns its record. */
  keep(r: AzureResource): number {
    if (r === this.last) return this.lastRecord;
    const record = this.lengths.length;
    this.last = r;
    this.lastRecord = record;
    const text = JSON.stringify(r);
    // An Unknown writes {"$unknown": …} and reads back as an Unknown: any other kind would not. Such resources stay whole.
    if (text.includes('"$unknown"') && otherUnknown(r)) {
      this.whole.set(record, r);
      this.push(-1, 0, READ_BACK, SAME_AS_LOWER, READ_BACK, SCOPE_READ_BACK);
      return record;
    }
    const bytes = Buffer.from(text, 'utf8');
    const o = r as unknown as Record<string, unknown>;
    const scope = o.scope;
    let idCode = READ_BACK;
    let spelling = SAME_AS_LOWER;
    if (typeof r.id === 'string') {
      // The id as its spelling over the lower-case id the indexes keep anyway (a code, not a second string).
      const lower = r.id.toLowerCase();
      idCode = this.ids.intern(lower);
      const diff = spellingOf(r.id, lower);
      spelling = diff === undefined ? -2 - this.strings.add(r.id) : diff === '' ? SAME_AS_LOWER : this.strings.add(diff);
    }
    const scopeCode = scope === undefined ? NO_SCOPE : typeof scope === 'string' ? this.strings.add(scope) : SCOPE_READ_BACK;
    this.push(this.written + this.pendingBytes, bytes.length, idCode, spelling, typeof r.type === 'string' ? this.typeOf(r.type) : READ_BACK, scopeCode);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= BATCH) this.flush();
    this.counts.held++;
    return record;
  }

  /** Keeps `r` and gives what reads as it from now on: its stand-in (or `r`, when it cannot be written). */
  hold(r: AzureResource): AzureResource {
    return this.get(this.keep(r));
  }

  /** The stand-in of a record (see above); the resource itself when it could not be written. */
  get(record: number): AzureResource {
    if (record < 0 || record >= this.lengths.length) throw new Error(`internal: no kept resource ${record}`);
    const w = this.whole.get(record);
    if (w !== undefined) return w;
    return new Proxy({ record }, this.handler) as unknown as AzureResource;
  }

  /** Pass 2's fresh read of a held resource: what its stand-ins give while it is judged. */
  warm(record: number, fresh: AzureResource): void {
    if (!this.whole.has(record)) this.remember(record, fresh as unknown as Record<string, unknown>);
  }

  /** Removes the files; held resources cannot be read after. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    this.cacheBytes = 0;
    this.recent = -1;
    this.recentWhole = undefined;
    try {
      closeSync(this.fd);
      this.store.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      forgetTemporary(this.dir);
    }
  }

  private push(offset: number, length: number, idCode: number, spelling: number, type: number, scope: number): void {
    this.offsets.push(offset);
    this.lengths.push(length);
    this.idCodes.push(idCode);
    this.spellings.push(spelling);
    this.typeCodes.push(type);
    this.scopes.push(scope);
  }

  /** The id of a record from its code and spelling; undefined when it is not a string (read back). */
  private idOf(record: number): string | undefined {
    const code = this.idCodes.get(record);
    if (code === READ_BACK) return undefined;
    const s = this.spellings.get(record);
    if (s === SAME_AS_LOWER) return this.ids.text(code);
    if (s <= -2) return this.strings.get(-2 - s);
    return spelled(this.ids.text(code), this.strings.get(s));
  }

  private typeOf(type: string): number {
    const known = this.typeCode.get(type);
    if (known !== undefined) return known;
    const code = this.typeNames.length;
    this.typeNames.push(type);
    this.typeCode.set(type, code);
    return code;
  }

  private remember(record: number, whole: Record<string, unknown>): void {
    if (this.cache.delete(record)) this.cacheBytes -= this.lengths.get(record);
    this.cache.set(record, whole);
    this.recent = record;
    this.recentWhole = whole;
    this.cacheBytes += this.lengths.get(record);
    while (this.cache.size > 1 && (this.cache.size > this.cacheLimit.count || this.cacheBytes > this.cacheLimit.bytes)) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
      this.cacheBytes -= this.lengths.get(oldest.value);
    }
  }

  private read(record: number): Record<string, unknown> {
    if (record === this.recent && this.recentWhole !== undefined) return this.recentWhole;
    const hit = this.cache.get(record);
    if (hit !== undefined) {
      // Most recently used last (a Map keeps insertion order): evicted last.
      this.cache.delete(record);
      this.cache.set(record, hit);
      this.recent = record;
      this.recentWhole = hit;
      return hit;
    }
    if (this.closed) throw new Error('internal: a kept resource was read after its spool was closed');
    this.flush();
    const offset = this.offsets.get(record);
    const length = this.lengths.get(record);
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, buf, got, length - got, offset + got);
      if (n === 0) throw new Error('internal: the kept-resource spool ended early');
      got += n;
    }
    const whole = reviveInPlace(JSON.parse(buf.toString('utf8'))) as Record<string, unknown>;
    this.counts.readBack++;
    this.remember(record, whole);
    return whole;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const buf = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    let at = 0;
    while (at < buf.length) at += writeSync(this.fd, buf, at, buf.length - at, this.written + at);
    this.written += buf.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
