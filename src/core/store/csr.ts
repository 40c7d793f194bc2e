/**
 * The frozen form of a multi-index (compressed sparse rows): for pairs (key, value) in the order added, the
 * values sorted by key with a stable scatter, so that each key's values keep their order. Dense when the keys
 * are about as many as the pairs (`offsets[k]`..`offsets[k + 1]` are key k's values), sparse otherwise (the
 * distinct keys sorted, found by binary search, `offsets` over their ranks), so that a few keys up to
 * 2^31 - 1 take memory for the pairs only. Pure, on typed arrays, for memory.ts; the file store
 * (src/cli/file-store.ts) makes the same choice (isSparse) over its pages, numbering sparse rows by a hash
 * table of the keys instead of sorting them.
 */

/** Sparse when the largest key + 1 is more than this many times the pairs (plus SPARSE_SLACK). */
export const SPARSE_RATIO = 4;
export const SPARSE_SLACK = 1024;

export interface Csr {
  /** undefined: dense (key k is row k); else the distinct keys, ascending (key keys[r] is row r). */
  readonly keys: Int32Array | undefined;
  /** Rows + 1 entries: row r's values are sorted[offsets[r]]..sorted[offsets[r + 1]]. */
  readonly offsets: Int32Array;
  readonly sorted: Int32Array;
}

/** Whether `pairs` pairs whose largest key is `maxKey` are kept sparse. */
export function isSparse(pairs: number, maxKey: number): boolean {
  return maxKey + 1 > SPARSE_RATIO * pairs + SPARSE_SLACK;
}

/** The first index of `keys[from..to)` (ascending) that is >= key. */
export function lowerBound(keys: Int32Array, key: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The CSR of the first `n` pairs (`keys[i]`, `values[i]`), keys >= 0. */
export function buildCsr(keys: Int32Array, values: Int32Array, n: number, maxKey: number): Csr {
  let distinct: Int32Array | undefined;
  let rows = maxKey + 1;
  let rowOf: (key: number) => number = (key) => key;
  if (isSparse(n, maxKey)) {
    const sortedKeys = keys.slice(0, n).sort();
    let m = 0;
    for (let i = 0; i < n; i++) if (i === 0 || sortedKeys[i] !== sortedKeys[i - 1]) sortedKeys[m++] = sortedKeys[i] as number;
    const d = sortedKeys.slice(0, m);
    distinct = d;
    rows = m;
    rowOf = (key) => lowerBound(d, key, 0, m);
  }
  const offsets = new Int32Array(rows + 1);
  const row = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rowOf(keys[i] as number);
    row[i] = r;
    offsets[r + 1] = (offsets[r + 1] as number) + 1;
  }
  for (let r = 0; r < rows; r++) offsets[r + 1] = (offsets[r + 1] as number) + (offsets[r] as number);
  const sorted = new Int32Array(n);
  const next = offsets.slice(0, rows);
  for (let i = 0; i < n; i++) {
    const r = row[i] as number;
    const at = next[r] as number;
    sorted[at] = values[i] as number;
    next[r] = at + 1;
  }
  return { keys: distinct, offsets, sorted };
}

/** The row of `key` in a CSR, or -1 when it has none. */
export function rowOfKey(csr: Csr, key: number): number {
  const keys = csr.keys;
  if (keys === undefined) return key < csr.offsets.length - 1 ? key : -1;
  const r = lowerBound(keys, key, 0, keys.length);
  return r < keys.length && keys[r] === key ? r : -1;
}
