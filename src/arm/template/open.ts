/**
 * The value reference() returns for a resource this expansion declares: its declared properties, where
 * any property the template did not declare (principalId, vaultUri, ipAddress… which Azure fills in at
 * deployment) reads as Unknown instead of failing or being invented.
 *
 * It is a read-only view (a Proxy) over the declared object: its own keys are only the declared ones, so
 * printing it shows exactly what the template declared; reading another key yields Unknown with why.
 */
import { Unknown } from '../../core/unknown.js';
import { PARTIAL_KEYS, REOPEN, viewTargets, type ObjectValue, type Value } from '../types.js';
import { setKey } from './values.js';

/**
 * Every view this module made, with the object or array it shows, so that results can be turned back
 * into plain data: a view reads as its target with every member wrapped, so its plain copy is the target's.
 */
const views = viewTargets;

const PROTO_KEYS = new Set(['toJSON', 'then', 'constructor', ...Object.getOwnPropertyNames(Object.prototype)]);

function isPlainObject(v: unknown): v is ObjectValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Why the keys of the object at `path` are not all known before deployment (Azure adds keys the template
 * does not declare), or undefined where they are (the outputs a nested deployment declares).
 */
export type PartialKeys = (path: string) => string | undefined;

function wrap(v: Value, path: string, why: (path: string) => string, partial: PartialKeys): Value {
  if (Array.isArray(v)) return openArray(v, path, why, partial);
  if (isPlainObject(v)) return openObject(v, path, why, partial);
  return v;
}

export function openObject(target: ObjectValue, path: string, why: (path: string) => string, partial: PartialKeys): ObjectValue {
  const view = new Proxy(target, new ObjectView(target, path, why, partial));
  views.set(view, target);
  return view;
}

/**
 * The handler of an object view: one object with its state, the traps on its prototype (a view is made
 * for every reference() and every object read through one: closures per view cost more than the reads).
 */
class ObjectView implements ProxyHandler<ObjectValue> {
  // Built on first use: ARM reads properties case-insensitively, and templates read the same ones often.
  private lower: Map<string, string> | undefined;
  /**
   * What each key read reads, as the descriptor getOwnPropertyDescriptor reports (its `value`): ARM's
   * property access asks whether a key is own before reading it, so one descriptor per key serves both.
   * The first key read is kept in two fields, the others in a map made for a second key: most views are
   * read by one key alone (233 of 281 read in an expansion of mlz.json), many never.
   */
  private firstKey: string | undefined;
  private first: PropertyDescriptor | undefined;
  private memo: Map<string, PropertyDescriptor> | undefined;

  constructor(
    private readonly target: ObjectValue,
    private readonly path: string,
    private readonly why: (path: string) => string,
    private readonly partial: PartialKeys,
  ) {}

  private findKey(key: string): string | undefined {
    if (Object.hasOwn(this.target, key)) return key;
    this.lower ??= new Map(Object.keys(this.target).map((k) => [k.toLowerCase(), k]));
    return this.lower.get(key.toLowerCase());
  }

  /** The descriptor of `key` with what reading it gives: its member (through a view), or an Unknown saying why there is none. */
  private read(key: string): PropertyDescriptor {
    if (this.first !== undefined && key === this.firstKey) return this.first;
    let d = this.memo?.get(key);
    if (d === undefined) {
      const k = this.findKey(key);
      let v: Value;
      if (k === undefined) v = new Unknown(this.why(this.pathOf(key)));
      else {
        const m = this.target[k] ?? null;
        // The member's path is written only for a member read through a view of its own (most are strings).
        v = typeof m === 'object' && m !== null ? wrap(m, this.pathOf(key), this.why, this.partial) : m;
      }
      // An own key (as written) is reported as the target has it, with the member read through the view;
      // a key found only in another casing, or not at all, reads but is not own. The engine's values are
      // extensible objects of writable, enumerable, configurable data properties (parsed JSON, literals,
      // spreads, setKey), so an own key's descriptor is written out rather than asked of the target (one
      // object fewer per key read); a target that is not extensible (frozen, sealed) is asked.
      if (k === key && Object.isExtensible(this.target)) d = { value: v, writable: true, enumerable: true, configurable: true };
      else {
        const own = Reflect.getOwnPropertyDescriptor(this.target, key);
        if (own !== undefined) {
          own.value = v;
          d = own;
        } else d = { value: v, writable: false, enumerable: false, configurable: true };
      }
      if (this.first === undefined) {
        this.firstKey = key;
        this.first = d;
      } else (this.memo ??= new Map()).set(key, d);
    }
    return d;
  }

  private pathOf(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  get(t: ObjectValue, key: string | symbol, receiver: unknown): unknown {
    if (typeof key !== 'string' || PROTO_KEYS.has(key)) {
      if (key === PARTIAL_KEYS) return this.partial(this.path);
      // Made only when asked (a merge of this view into a new object): no closure per view.
      if (key === REOPEN) return (other: ObjectValue) => openObject(other, this.path, this.why, this.partial);
      return Reflect.get(t, key, receiver) as unknown;
    }
    return this.read(key).value as unknown;
  }

  has(t: ObjectValue, key: string | symbol): boolean {
    return typeof key === 'string' && !PROTO_KEYS.has(key) ? true : Reflect.has(t, key);
  }

  getOwnPropertyDescriptor(t: ObjectValue, key: string | symbol): PropertyDescriptor | undefined {
    if (typeof key !== 'string' || PROTO_KEYS.has(key)) return Reflect.getOwnPropertyDescriptor(t, key);
    return this.read(key);
  }

  set(): boolean {
    return false;
  }

  deleteProperty(): boolean {
    return false;
  }
}

function openArray(target: Value[], path: string, why: (path: string) => string, partial: PartialKeys): Value[] {
  const view = new Proxy(target, new ArrayView(path, why, partial));
  views.set(view, target);
  return view;
}

/** An array index as a property key. One object: a regular expression literal is a new object at each evaluation. */
const INDEX = /^\d+$/;

/** The handler of an array view (see ObjectView). */
class ArrayView implements ProxyHandler<Value[]> {
  constructor(
    private readonly path: string,
    private readonly why: (path: string) => string,
    private readonly partial: PartialKeys,
  ) {}

  get(t: Value[], key: string | symbol, receiver: unknown): unknown {
    if (typeof key === 'string' && INDEX.test(key)) {
      const i = Number(key);
      if (i >= t.length) return new Unknown(this.why(`${this.path}[${key}]`));
      const v = t[i] ?? null;
      // A string or number item is itself; only an array or object needs its path (filter() over a
      // view of 50 strings reads each item through here).
      return typeof v === 'object' && v !== null ? wrap(v, `${this.path}[${key}]`, this.why, this.partial) : v;
    }
    return Reflect.get(t, key, receiver) as unknown;
  }

  set(): boolean {
    return false;
  }
}

/** Whether `v` is a declared-properties view made here (already paid for, and never copied by itself). */
export function isView(v: Value): boolean {
  return typeof v === 'object' && v !== null && views.has(v);
}

/**
 * Plain data again: a declared-properties view copied into a plain object (its declared keys only), so
 * that what the engine returns answers `in`, Object.keys and property reads like any parsed JSON.
 * Values holding no view are returned as they are.
 */
export function materialize(v: Value, done?: Map<object, Value>): Value {
  // Nothing is copied unless something changes: most values hold no view, and a parameter passed on
  // through many nested deployments would otherwise be copied at each. Each array and object is visited
  // once (`done`, by identity): values share parts (concat(x, x)), and walking them as a tree would be
  // exponential; a shared part stays shared in the copy.
  if (typeof v !== 'object' || v === null) return v;
  // Made only for an array or object: most values materialize() is asked about are strings.
  done ??= new Map();
  const seen = done.get(v);
  if (seen !== undefined) return seen;
  let result: Value = v;
  const target = views.get(v);
  if (target !== undefined) {
    // A view shows its target's own keys, each member through a view of it: as plain data it is the
    // target (declared values, themselves plain), shared rather than copied through the proxies.
    result = materialize(target, done);
  } else if (Array.isArray(v)) {
    let out: Value[] | undefined;
    const n = v.length;
    for (let i = 0; i < n; i++) {
      const x = v[i] as Value;
      const m = materialize(x, done);
      if (out === undefined && m !== x) out = v.slice(0, i);
      out?.push(m);
    }
    result = out ?? v;
  } else if (isPlainObject(v)) {
    let out: ObjectValue | undefined;
    // for-in: a plain object's own keys in Object.keys' order, without an array of them (the keys before
    // the first changed member are copied from the object itself).
    for (const k in v) {
      const x = v[k] ?? null;
      const m = materialize(x, done);
      if (out === undefined && m !== x) {
        out = {};
        for (const before in v) {
          if (before === k) break;
          setKey(out, before, v[before] ?? null);
        }
      }
      if (out !== undefined) setKey(out, k, m);
    }
    result = out ?? v;
  }
  done.set(v, result);
  return result;
}
