/**
 * Lookups whose memory does not grow with the estate (issue 10): the indexes of a check or an audit keep
 * numbers, not objects and strings. A resource kept for lookups is a record number (0, 1, 2… in the order
 * kept); an id is a code (0, 1, 2… in the order first interned); lists are columns of such numbers. A
 * `Store` makes them. `memoryStore()` (src/core/store/memory.ts, pure) keeps everything in typed arrays;
 * the CLI's file store (src/cli/file-store.ts) keeps at most a fixed budget of pages in memory and the rest
 * in a private temporary file, so that a check's lookups take the same memory at 20,000 resources as at
 * 5,000,000. Both pass the same contract tests (test/core/store/contract.ts).
 *
 * Every number stored is an int32 (IntColumn, MultiIndex) or a float64 (FloatColumn). Reading past `length`,
 * a negative index, a code never made, or using a builder after freeze() throws an Error: these are
 * defects of the caller, never a user's error.
 */

/** A growable column of int32 values. */
export interface IntColumn {
  readonly length: number;
  /** Appends `value` (an int32); its index is the length before the call. */
  push(value: number): void;
  get(index: number): number;
  set(index: number, value: number): void;
}

/** A growable column of float64 values (file offsets and the like). */
export interface FloatColumn {
  readonly length: number;
  push(value: number): void;
  get(index: number): number;
  set(index: number, value: number): void;
}

/** Strings appended once and read back by their handle (0, 1, 2… in the order added). */
export interface StringLog {
  readonly length: number;
  /** Appends `s`; its handle. */
  add(s: string): number;
  get(handle: number): string;
}

/**
 * Interned strings (a check's lower-case ids): each distinct string one code, 0, 1, 2… in the order first
 * interned. Equality is exact (the caller lower-cases). The strings need not stay in memory: `find` and
 * `intern` confirm a candidate by its text, read back where it is kept.
 */
export interface IdTable {
  readonly size: number;
  /** The code of `s`, made when `s` is new. */
  intern(s: string): number;
  /** The code of `s`, or -1 when it was never interned. */
  find(s: string): number;
  /** The string of a code. */
  text(code: number): string;
}

/** Pairs (key, value) added in any order; frozen, the values of each key in the order added. */
export interface MultiIndexBuilder {
  /** `key` >= 0 and `value` int32s. */
  add(key: number, value: number): void;
  /** The index; the builder cannot be used after. */
  freeze(): MultiIndex;
}

export interface MultiIndex {
  /** Values of `key` (0 for a key never added, any key >= 0). */
  count(key: number): number;
  /** The values of `key`, in the order added. */
  forEach(key: number, fn: (value: number) => void): void;
  /** The values of `key` in the order added, as a new array. */
  list(key: number): number[];
}

export interface Store {
  ints(): IntColumn;
  floats(): FloatColumn;
  strings(): StringLog;
  ids(): IdTable;
  multi(): MultiIndexBuilder;
  /** Frees what the store holds (its file, for the file store); nothing made by it may be used after. */
  close(): void;
}
