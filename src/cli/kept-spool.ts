/**
 * What the lookups keep between a check's two reads, on disk (issue 12 memory, issue 10's flat audit).
 *
 * Pass 1 (src/policy/estate.ts) keeps the resources a lookup can return: on the mixed bench estate more than
 * half of them, and so most of a check's memory, growing with the estate. `hold(r)` writes such a resource's
 * JSON to a private temporary file and empties the object in place: its plain values (id, type, name,
 * location…) stay, and each of its objects and arrays (properties, sku, tags, dependsOn…) becomes a getter
 * that reads the resource back from the file when a rule or policy reads it, through a small cache of whole
 * resources. The object keeps its identity, its keys and their order, so the evaluators see the same
 * resource; `warm(r, fresh)` hands the cache pass 2's fresh read of it, so judging a kept resource reads
 * nothing back. A resource holding a value known only after deployment (an Unknown) is not held: its JSON
 * would not read back as the same value.
 *
 * The file is removed on close(), at exit and on SIGINT/SIGTERM/SIGHUP, as the other spools are (spool.ts).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AzureResource } from '../core/resource.js';
import { forgetTemporary, removeOnExit } from './spool.js';

/** Whole resources read back and kept at once (the resources a lookup and the one judged need). */
const CACHE = 4096;
/** Held resources are written in batches of about this many characters. */
const BATCH = 1 << 20;

interface Place {
  offset: number;
  length: number;
}

export class KeptSpool {
  private readonly dir: string;
  private readonly fd: number;
  private readonly places = new WeakMap<object, Place>();
  private readonly cache = new Map<object, Record<string, unknown>>();
  private readonly getters = new Map<string, () => unknown>();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private closed = false;
  /** Resources held, and read back from the file (for the bench and tests). */
  readonly counts = { held: 0, readBack: 0 };

  /** A spool, or none where no temporary file can be made (everything then stays in memory, as before). */
  static open(parent?: string): KeptSpool | undefined {
    try {
      return new KeptSpool(parent);
    } catch {
      return undefined;
    }
  }

  /** runPasses' hold and warm for a spool (none: nothing is held). */
  static hooks(spool: KeptSpool | undefined): { hold?: (r: AzureResource) => void; warm?: (r: AzureResource, fresh: AzureResource) => void } {
    return spool ? { hold: (r) => spool.hold(r), warm: (r, fresh) => spool.warm(r, fresh) } : {};
  }

  constructor(parent: string = tmpdir()) {
    this.dir = mkdtempSync(join(parent, 'il5ml-kept-'));
    removeOnExit(this.dir);
    this.fd = openSync(join(this.dir, 'kept.ndjson'), 'w+', 0o600);
  }

  /** Empties `r` in place (see above); its objects are read back on use. */
  hold(r: AzureResource): void {
    if (this.places.has(r)) return;
    const text = JSON.stringify(r);
    // An Unknown writes {"$unknown": …}: it would read back as a plain object. Such resources stay whole.
    if (text.includes('"$unknown"')) return;
    const bytes = Buffer.from(text, 'utf8');
    this.places.set(r, { offset: this.written + this.pendingBytes, length: bytes.length });
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= BATCH) this.flush();
    const o = r as unknown as Record<string, unknown>;
    const entries = Object.keys(o).map((k) => [k, o[k]] as const);
    for (const [k] of entries) delete o[k];
    // Every key again, in its order: plain values as they were, objects and arrays read back on use.
    for (const [k, v] of entries) {
      // `source` (file, line, column) is small and read with every result: it stays.
      if (v !== null && typeof v === 'object' && k !== 'source') Object.defineProperty(o, k, { get: this.getter(k), enumerable: true, configurable: true });
      else o[k] = v;
    }
    this.counts.held++;
  }

  /** Pass 2's fresh read of a held resource: what its getters give while it is judged. */
  warm(r: AzureResource, fresh: AzureResource): void {
    if (!this.places.has(r)) return;
    this.remember(r, fresh as unknown as Record<string, unknown>);
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

  private getter(key: string): () => unknown {
    let g = this.getters.get(key);
    if (g === undefined) {
      const spool = this;
      g = function (this: object): unknown {
        return spool.whole(this)[key];
      };
      this.getters.set(key, g);
    }
    return g;
  }

  private remember(r: object, whole: Record<string, unknown>): void {
    this.cache.delete(r);
    this.cache.set(r, whole);
    if (this.cache.size > CACHE) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
  }

  private whole(r: object): Record<string, unknown> {
    const hit = this.cache.get(r);
    if (hit !== undefined) {
      // Most recently used last (a Map keeps insertion order): evicted last.
      this.cache.delete(r);
      this.cache.set(r, hit);
      return hit;
    }
    const place = this.places.get(r);
    if (place === undefined || this.closed) throw new Error('internal: a kept resource was read after its spool was closed');
    this.flush();
    const buf = Buffer.allocUnsafe(place.length);
    let got = 0;
    while (got < place.length) {
      const n = readSync(this.fd, buf, got, place.length - got, place.offset + got);
      if (n === 0) throw new Error('internal: the kept-resource spool ended early');
      got += n;
    }
    const whole = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
    this.counts.readBack++;
    this.remember(r, whole);
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
