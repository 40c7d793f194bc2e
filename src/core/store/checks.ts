/**
 * What both stores (memory.ts, src/cli/file-store.ts) check and compute alike: the errors for a caller's
 * defects (an index out of range, a value that is not an int32, a builder used after freeze()) and the
 * hash of an interned string. Kept in one place so that both throw the same messages and place a string
 * in the same slot.
 */

/** Throws unless `index` is an integer in [0, length). */
export function checkIndex(index: number, length: number, what: string): void {
  if (!(index >= 0 && index < length && Math.floor(index) === index)) {
    throw new Error(`internal: ${what} ${String(index)} is out of range (length ${length})`);
  }
}

/** Throws unless `value` is an int32 (what an IntColumn or a MultiIndex keeps; a typed array would wrap it silently). */
export function checkInt32(value: number, what: string): void {
  if ((value | 0) !== value) throw new Error(`internal: ${what} ${String(value)} is not an int32`);
}

/** Throws unless `key` is a MultiIndex key: an int32 >= 0. */
export function checkKey(key: number): void {
  if (!((key | 0) === key && key >= 0)) throw new Error(`internal: multi-index key ${String(key)} is not an int32 >= 0`);
}

export function frozenError(): Error {
  return new Error('internal: a multi-index builder was used after freeze()');
}

export function closedError(): Error {
  return new Error('internal: a store was used after close()');
}

/**
 * A 32-bit hash of a string's UTF-16 code units: FNV-1a, then the MurmurHash3 finalizer so that the low
 * bits (an open-addressing table's slot) depend on every character. Unsigned.
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h) >>> 0;
}

/** The MurmurHash3 finalizer: every bit of `x` moves every bit of the result (an int32). */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Options both stores take for tests: a weaker hash forces whole-hash collisions. */
export interface StoreTestOptions {
  /** The hash of an interned string (default hashString); any function of the string to an int. */
  hash?: (s: string) => number;
}
