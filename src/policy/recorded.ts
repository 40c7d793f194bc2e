/**
 * What the policy pass records of every resource it sees, as numbers in a Store (issue 10: memory that does
 * not grow with the estate): an id is the code of its lower-case string in the check's shared IdTable plus
 * its spelling over it (spellingOf), a name the length of the id's tail it is (or a string in a StringLog),
 * a type a code in a small table of spellings, a source location three ints. With the CLI's file store the
 * strings are on disk and the columns paged; the few values of another shape (a name that is not a
 * string, a source that is not `{file, line, column}`) stay as they are, in maps.
 */
import type { SourceLocation } from '../core/diagnostic.js';
import { spelled, spellingOf } from '../core/lower-ids.js';
import type { AzureResource } from '../core/resource.js';
import type { IdTable, IntColumn, Store, StringLog } from '../core/store/types.js';
import { Unknown } from '../core/unknown.js';
import { reviveInPlace } from './input.js';
import type { Projection } from './project.js';

/** Strings of which an estate has few (types, files, regions): each one code, kept once in memory. */
export class SmallTable {
  private readonly codes = new Map<string, number>();
  private readonly texts: string[] = [];

  code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.texts.length;
      this.texts.push(s);
      this.codes.set(s, c);
    }
    return c;
  }

  find(s: string): number {
    return this.codes.get(s) ?? -1;
  }

  text(code: number): string {
    const s = this.texts[code];
    if (s === undefined) throw new Error(`internal: no string ${code} in the table`);
    return s;
  }

  get size(): number {
    return this.texts.length;
  }
}

/** Ids in their own spelling, by number: the lower-case string's code in the shared table and the spelling over it. */
export class SpelledIds {
  private readonly spellings: IdTable;
  private readonly whole: StringLog;

  constructor(
    store: Store,
    /** The check's lower-case ids (shared). */
    readonly lower: IdTable,
  ) {
    this.spellings = store.ids();
    this.whole = store.strings();
  }

  /** The lower-case id's code (intern) and the handle of its spelling: >= 0 a spelling, < 0 the id itself. */
  add(id: string): { code: number; spelling: number } {
    const lower = id.toLowerCase();
    const code = this.lower.intern(lower);
    const s = spellingOf(id, lower);
    return { code, spelling: s === undefined ? -1 - this.whole.add(id) : this.spellings.intern(s) };
  }

  id(code: number, spelling: number): string {
    return spelling < 0 ? this.whole.get(-1 - spelling) : spelled(this.lower.text(code), this.spellings.text(spelling));
  }
}

function isPlainSource(s: unknown): s is SourceLocation {
  if (s === null || typeof s !== 'object' || Object.getPrototypeOf(s) !== Object.prototype) return false;
  const o = s as Record<string, unknown>;
  const keys = Object.keys(o);
  return keys.length === 3 && keys[0] === 'file' && keys[1] === 'line' && keys[2] === 'column' && typeof o.file === 'string' && ((o.line as number) | 0) === o.line && ((o.column as number) | 0) === o.column;
}

/**
 * The identity of every resource seen (id, name, type, source), by its index: what a projection reads of a
 * resource it did not keep (a target seen before its endpoint, every resource when an endpoint's target is
 * unknown).
 */
export class Identities {
  private readonly ids: SpelledIds;
  private readonly codes: IntColumn;
  private readonly spellings: IntColumn;
  /** >= 0: the name is the id's last `n` characters; -1: a name that is not a string (oddNames); <= -2: -2 - its handle in `names`. */
  private readonly nameAt: IntColumn;
  private readonly names: StringLog;
  private readonly oddNames = new Map<number, unknown>();
  private readonly typeCodes: IntColumn;
  readonly types = new SmallTable();
  /** -1: none; -2: a source of another shape (oddSources); >= 0: the file's code. */
  private readonly files: IntColumn;
  private readonly lines: IntColumn;
  private readonly columns: IntColumn;
  private readonly fileNames = new SmallTable();
  private readonly oddSources = new Map<number, unknown>();

  constructor(store: Store, lower: IdTable) {
    this.ids = new SpelledIds(store, lower);
    this.codes = store.ints();
    this.spellings = store.ints();
    this.nameAt = store.ints();
    this.names = store.strings();
    this.typeCodes = store.ints();
    this.files = store.ints();
    this.lines = store.ints();
    this.columns = store.ints();
  }

  get count(): number {
    return this.codes.length;
  }

  /** The check's lower-case ids, which `code` gives codes of. */
  get lower(): IdTable {
    return this.ids.lower;
  }

  /** Records `r`; its index (0, 1, 2… in the order seen). */
  add(r: AzureResource): number {
    const index = this.codes.length;
    const { id, name } = r;
    const { code, spelling } = this.ids.add(id);
    this.codes.push(code);
    this.spellings.push(spelling);
    const at = typeof name === 'string' ? id.length - name.length : 0;
    if (at > 0 && id.charCodeAt(at - 1) === 47 && id.endsWith(name)) this.nameAt.push(name.length);
    else if (typeof name === 'string') this.nameAt.push(-2 - this.names.add(name));
    else {
      this.nameAt.push(-1);
      this.oddNames.set(index, name);
    }
    this.typeCodes.push(this.types.code(r.type));
    const source: unknown = r.source;
    if (source === undefined) this.pushSource(-1, 0, 0);
    else if (isPlainSource(source)) this.pushSource(this.fileNames.code(source.file), source.line, source.column);
    else {
      this.pushSource(-2, 0, 0);
      this.oddSources.set(index, source);
    }
    return index;
  }

  private pushSource(file: number, line: number, column: number): void {
    this.files.push(file);
    this.lines.push(line);
    this.columns.push(column);
  }

  /** The code of resource `index`'s lower-case id in the shared table. */
  code(index: number): number {
    return this.codes.get(index);
  }

  id(index: number): string {
    return this.ids.id(this.codes.get(index), this.spellings.get(index));
  }

  name(index: number, id = this.id(index)): string {
    const n = this.nameAt.get(index);
    if (n >= 0) return id.slice(id.length - n);
    return n === -1 ? (this.oddNames.get(index) as string) : this.names.get(-2 - n);
  }

  type(index: number): string {
    return this.types.text(this.typeCodes.get(index));
  }

  source(index: number): SourceLocation | undefined {
    const f = this.files.get(index);
    if (f === -1) return undefined;
    if (f === -2) return this.oddSources.get(index) as SourceLocation;
    return { file: this.fileNames.text(f), line: this.lines.get(index), column: this.columns.get(index) };
  }
}

/** Whether `v` reads back the same from JSON (plain data, and Unknowns of the plain kind: `{"$unknown": …}`). */
function jsonSafe(v: unknown, depth = 0): boolean {
  if (depth > 256) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object') return false;
  if (v instanceof Unknown) return Object.getPrototypeOf(v) === Unknown.prototype;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !jsonSafe(v[i], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    // `{"$unknown": …}` would read back as an Unknown.
    if (k === '__proto__' || k === '$unknown' || !jsonSafe(o[k], depth + 1)) return false;
  }
  return true;
}

/**
 * Values kept as JSON text in a StringLog (the CLI's file store keeps it on disk) and read back as new
 * objects equal to them; those that would not read back the same stay as they are, in a map.
 */
export class JsonLog {
  private readonly log: StringLog;
  private readonly odd: unknown[] = [];

  constructor(store: Store) {
    this.log = store.strings();
  }

  /** A handle: >= 0 in the log, < 0 kept as is. */
  add(v: unknown): number {
    if (jsonSafe(v)) return this.log.add(JSON.stringify(v));
    this.odd.push(v);
    return -this.odd.length;
  }

  get(handle: number): unknown {
    return handle >= 0 ? reviveInPlace(JSON.parse(this.log.get(handle))) : this.odd[-1 - handle];
  }
}

/**
 * The projections applied (PolicyPass.projections), as strings in the store: each one's resource id, what
 * and source, and by resource id (as spelled) the last one's `what`, which a reason relying on a projected
 * fact names. One per connection a private endpoint makes, so as many as the estate has endpoints.
 */
export class ProjectionLog {
  private readonly ids: StringLog;
  private readonly whats: StringLog;
  private readonly sources = new SmallTable();
  private readonly sourceCodes: IntColumn;
  /** Resource ids as spelled, and the number of the last projection on each (by code). */
  private readonly byId: IdTable;
  private readonly lastOf: IntColumn;

  constructor(store: Store) {
    this.ids = store.strings();
    this.whats = store.strings();
    this.sourceCodes = store.ints();
    this.byId = store.ids();
    this.lastOf = store.ints();
  }

  get length(): number {
    return this.ids.length;
  }

  add(p: Projection): void {
    const n = this.ids.add(p.resourceId);
    this.whats.add(p.what);
    this.sourceCodes.push(this.sources.code(p.source));
    const code = this.byId.intern(p.resourceId);
    if (code === this.lastOf.length) this.lastOf.push(n);
    else this.lastOf.set(code, n);
  }

  /** Every projection, in the order added (new objects). */
  all(): Projection[] {
    const out: Projection[] = [];
    for (let n = 0; n < this.ids.length; n++) out.push({ resourceId: this.ids.get(n), what: this.whats.get(n), source: this.sources.text(this.sourceCodes.get(n)) });
    return out;
  }

  /** What the last projection on resource `id` (exactly as spelled) did, if any did. */
  whatOn(id: string): string | undefined {
    if (this.ids.length === 0) return undefined;
    const code = this.byId.find(id);
    return code < 0 ? undefined : this.whats.get(this.lastOf.get(code));
  }
}
