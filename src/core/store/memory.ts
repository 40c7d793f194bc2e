/**
 * The store that keeps everything in memory (issue 10): typed arrays growing by doubling, the id table an
 * open-addressing hash table over an Int32Array, its strings in a plain array. Pure: the file store of the
 * CLI (src/cli/file-store.ts) is the one that keeps a fixed budget of memory; this one is for the library,
 * the browser build and small estates, and the reference the contract tests hold both to.
 */
import { checkIndex, checkInt32, checkKey, closedError, frozenError, hashString, type StoreTestOptions } from './checks.js';
import { buildCsr, type Csr, rowOfKey } from './csr.js';
import type { FloatColumn, IdTable, IntColumn, MultiIndex, MultiIndexBuilder, Store, StringLog } from './types.js';

const FIRST = 16;

class MemoryInts implements IntColumn {
  private data = new Int32Array(FIRST);
  length = 0;

  push(value: number): void {
    checkInt32(value, 'int column value');
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    checkIndex(index, this.length, 'int column index');
    return this.data[index] as number;
  }

  set(index: number, value: number): void {
    checkIndex(index, this.length, 'int column index');
    checkInt32(value, 'int column value');
    this.data[index] = value;
  }
}

class MemoryFloats implements FloatColumn {
  private data = new Float64Array(FIRST);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    checkIndex(index, this.length, 'float column index');
    return this.data[index] as number;
  }

  set(index: number, value: number): void {
    checkIndex(index, this.length, 'float column index');
    this.data[index] = value;
  }
}

class MemoryStrings implements StringLog {
  private readonly items: string[] = [];

  get length(): number {
    return this.items.length;
  }

  add(s: string): number {
    this.items.push(s);
    return this.items.length - 1;
  }

  get(handle: number): string {
    checkIndex(handle, this.items.length, 'string handle');
    return this.items[handle] as string;
  }
}

/**
 * Slots hold code + 1 (0: empty), linear probing, at most half full; each code's hash is kept so that
 * growing the slots never hashes a string again.
 */
class MemoryIds implements IdTable {
  private readonly texts: string[] = [];
  private hashes = new Int32Array(FIRST);
  private slots = new Int32Array(FIRST * 2);
  private mask = FIRST * 2 - 1;

  constructor(private readonly hash: (s: string) => number) {}

  get size(): number {
    return this.texts.length;
  }

  find(s: string): number {
    const h = this.hash(s) | 0;
    const slots = this.slots;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const c = (slots[i] as number) - 1;
      if (c < 0) return -1;
      if (this.hashes[c] === h && this.texts[c] === s) return c;
    }
  }

  intern(s: string): number {
    const h = this.hash(s) | 0;
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const c = (slots[i] as number) - 1;
      if (c < 0) break;
      if (this.hashes[c] === h && this.texts[c] === s) return c;
    }
    const code = this.texts.length;
    this.texts.push(s);
    if (code === this.hashes.length) {
      const next = new Int32Array(this.hashes.length * 2);
      next.set(this.hashes);
      this.hashes = next;
    }
    this.hashes[code] = h;
    slots[i] = code + 1;
    if ((code + 1) * 2 > slots.length) this.grow();
    return code;
  }

  text(code: number): string {
    checkIndex(code, this.texts.length, 'id code');
    return this.texts[code] as string;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let c = 0; c < this.texts.length; c++) {
      let i = (this.hashes[c] as number) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = c + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

class MemoryMultiBuilder implements MultiIndexBuilder {
  private keys: Int32Array | undefined = new Int32Array(FIRST);
  private values: Int32Array | undefined = new Int32Array(FIRST);
  private length = 0;
  private maxKey = -1;

  add(key: number, value: number): void {
    let keys = this.keys;
    let values = this.values;
    if (keys === undefined || values === undefined) throw frozenError();
    checkKey(key);
    checkInt32(value, 'multi-index value');
    if (this.length === keys.length) {
      const k = new Int32Array(keys.length * 2);
      k.set(keys);
      const v = new Int32Array(values.length * 2);
      v.set(values);
      this.keys = keys = k;
      this.values = values = v;
    }
    keys[this.length] = key;
    values[this.length++] = value;
    if (key > this.maxKey) this.maxKey = key;
  }

  freeze(): MultiIndex {
    const keys = this.keys;
    const values = this.values;
    if (keys === undefined || values === undefined) throw frozenError();
    this.keys = undefined;
    this.values = undefined;
    return new MemoryMulti(buildCsr(keys, values, this.length, this.maxKey));
  }
}

class MemoryMulti implements MultiIndex {
  constructor(private readonly csr: Csr) {}

  count(key: number): number {
    checkKey(key);
    const r = rowOfKey(this.csr, key);
    return r < 0 ? 0 : (this.csr.offsets[r + 1] as number) - (this.csr.offsets[r] as number);
  }

  forEach(key: number, fn: (value: number) => void): void {
    checkKey(key);
    const r = rowOfKey(this.csr, key);
    if (r < 0) return;
    const { offsets, sorted } = this.csr;
    const end = offsets[r + 1] as number;
    for (let i = offsets[r] as number; i < end; i++) fn(sorted[i] as number);
  }

  list(key: number): number[] {
    const out: number[] = [];
    this.forEach(key, (v) => out.push(v));
    return out;
  }
}

class MemoryStore implements Store {
  private closed = false;

  constructor(private readonly hash: (s: string) => number) {}

  private open(): void {
    if (this.closed) throw closedError();
  }

  ints(): IntColumn {
    this.open();
    return new MemoryInts();
  }

  floats(): FloatColumn {
    this.open();
    return new MemoryFloats();
  }

  strings(): StringLog {
    this.open();
    return new MemoryStrings();
  }

  ids(): IdTable {
    this.open();
    return new MemoryIds(this.hash);
  }

  multi(): MultiIndexBuilder {
    this.open();
    return new MemoryMultiBuilder();
  }

  close(): void {
    this.closed = true;
  }
}

/** A store keeping everything in memory. `options.hash` is for tests (a weak hash forces collisions). */
export function memoryStore(options: StoreTestOptions = {}): Store {
  return new MemoryStore(options.hash ?? hashString);
}
