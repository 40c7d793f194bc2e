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
 * projections' PossibleMember) is not held: it would not read back as the same value.
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
import { LowerIds, spelled, spellingOf } from '../core/lower-ids.js';
import type { AzureResource } from '../core/resource.js';
import { Unknown } from '../core/unknown.js';
import { reviveInPlace } from '../policy/input.js';
import { forgetTemporary, removeOnExit } from './spool.js';

/** Whole resources read back and kept at once (the resources a lookup and the one judged need). */
const CACHE = 4096;
/** Held resources are written in batches of about this many characters. */
const BATCH = 1 << 20;

/** What a stand-in keeps in memory: where its JSON is, and what the lookups' indexes read of every kept resource. */
interface Held {
  /** The id: itself, or (`spelling` set) its lower-case string, the one of the check's indexes (LowerIds). */
  readonly id: unknown;
  /** How the id differs from `id` (spellingOf); undefined: `id` is the id itself. */
  readonly spelling: string | undefined;
  readonly type: unknown;
  /** A string scope; undefined: the resource has none; DEFER: read it back (a scope that is not a string). */
  readonly scope: unknown;
  readonly offset: number;
  readonly length: number;
}

/** Whether `v` holds an Unknown of a kind other than Unknown itself (JSON would not bring its kind back). */
function otherUnknown(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (v instanceof Unknown) return Object.getPrototypeOf(v) !== Unknown.prototype;
  if (Array.isArray(v)) return v.some(otherUnknown);
  return Object.values(v).some(otherUnknown);
}

const DEFER = Symbol('read back');
/** A stand-in's record (warm, tests). */
const HELD = Symbol('il5ml.held');

function readOnly(): never {
  throw new Error('internal: a kept resource was changed (the passes must not change what they keep)');
}

export class KeptSpool {
  private readonly dir: string;
  private readonly fd: number;
  private readonly cache = new Map<Held, Record<string, unknown>>();
  /** One string for each spelling of a type. */
  private readonly types = new Map<string, string>();
  private readonly handler: ProxyHandler<Held>;
  /** The lower-case ids of the check's indexes (estatePasses' `ids`): a held id is kept as its spelling over one. */
  readonly ids: LowerIds;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private closed = false;
  /** Resources held, and read back from the file (for the bench and tests). */
  readonly counts = { held: 0, readBack: 0 };

  /** A spool, or none where no temporary file can be made (everything then stays in memory, as before). */
  static open(parent?: string, ids?: LowerIds): KeptSpool | undefined {
    try {
      return new KeptSpool(parent, ids);
    } catch {
      return undefined;
    }
  }

  /** runPasses' hold and warm for a spool (none: nothing is held). */
  static hooks(spool: KeptSpool | undefined): { hold?: (r: AzureResource) => AzureResource; warm?: (r: AzureResource, fresh: AzureResource) => void; ids?: LowerIds } {
    return spool ? { hold: (r) => spool.hold(r), warm: (r, fresh) => spool.warm(r, fresh), ids: spool.ids } : {};
  }

  constructor(parent: string = tmpdir(), ids: LowerIds = new LowerIds()) {
    this.ids = ids;
    this.dir = mkdtempSync(join(parent, 'il5ml-kept-'));
    removeOnExit(this.dir);
    this.fd = openSync(join(this.dir, 'kept.ndjson'), 'w+', 0o600);
    const whole = (t: Held): Record<string, unknown> => this.whole(t);
    const cache = this.cache;
    this.handler = {
      get(t, key) {
        if (key === 'id') {
          if (t.spelling === undefined) return t.id;
          // While the resource is in the cache (pass 2 judging it, a lookup reading it), its own id string.
          const w = cache.get(t);
          return w !== undefined ? w.id : spelled(t.id as string, t.spelling);
        }
        if (key === 'type') return t.type;
        if (key === 'scope' && t.scope !== DEFER) return t.scope;
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

  /** The stand-in of `r` (see above), or `r` itself when it cannot be held. */
  hold(r: AzureResource): AzureResource {
    const text = JSON.stringify(r);
    // An Unknown writes {"$unknown": …} and reads back as an Unknown: any other kind would not. Such resources stay whole.
    if (text.includes('"$unknown"') && otherUnknown(r)) return r;
    const bytes = Buffer.from(text, 'utf8');
    const o = r as unknown as Record<string, unknown>;
    const scope = o.scope;
    const type = typeof r.type === 'string' ? this.typeString(r.type) : r.type;
    // The id as its spelling over the lower-case string the indexes keep anyway (one string, not two).
    const lower = typeof r.id === 'string' ? this.ids.of(r.id) : undefined;
    const spelling = lower === undefined ? undefined : spellingOf(r.id, lower);
    const held: Held = { id: spelling === undefined ? r.id : lower, spelling, type, scope: scope === undefined || typeof scope === 'string' ? scope : DEFER, offset: this.written + this.pendingBytes, length: bytes.length };
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= BATCH) this.flush();
    this.counts.held++;
    return new Proxy(held, this.handler) as unknown as AzureResource;
  }

  /** Pass 2's fresh read of a held resource: what its stand-in gives while it is judged. */
  warm(r: AzureResource, fresh: AzureResource): void {
    const held = (r as unknown as Record<symbol, Held | undefined>)[HELD];
    if (held !== undefined) this.remember(held, fresh as unknown as Record<string, unknown>);
  }

  /** Removes the file; held resources cannot be read after. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      forgetTemporary(this.dir);
    }
  }

  private typeString(type: string): string {
    const known = this.types.get(type);
    if (known !== undefined) return known;
    this.types.set(type, type);
    return type;
  }

  private remember(held: Held, whole: Record<string, unknown>): void {
    this.cache.delete(held);
    this.cache.set(held, whole);
    if (this.cache.size > CACHE) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
  }

  private whole(held: Held): Record<string, unknown> {
    const hit = this.cache.get(held);
    if (hit !== undefined) {
      // Most recently used last (a Map keeps insertion order): evicted last.
      this.cache.delete(held);
      this.cache.set(held, hit);
      return hit;
    }
    if (this.closed) throw new Error('internal: a kept resource was read after its spool was closed');
    this.flush();
    const buf = Buffer.allocUnsafe(held.length);
    let got = 0;
    while (got < held.length) {
      const n = readSync(this.fd, buf, got, held.length - got, held.offset + got);
      if (n === 0) throw new Error('internal: the kept-resource spool ended early');
      got += n;
    }
    const whole = reviveInPlace(JSON.parse(buf.toString('utf8'))) as Record<string, unknown>;
    this.counts.readBack++;
    this.remember(held, whole);
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
