/**
 * A check's results on disk, not in memory (issue 12): each result, as it is made, is written to a
 * temporary NDJSON file, and only what the canonical report order needs is kept — four small integers
 * and the record's place in the file, ~32 bytes a result instead of the result's ~330. The JSON report is
 * then written from the file in canonical order (`sorted`), one result read back at a time; the other
 * formats, which build one string anyway, read them all back (`all`).
 *
 * The order is exactly report/common.ts sortCanonical's (test/cli/result-spool.test.ts compares them on
 * generated results): resource id, rule (rule id or definition id), set id, reference id — each case-
 * insensitively then exactly — then compliance, then reason, and input order for full ties.
 */
import { forgetTemporary, removeOnExit } from './spool.js';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../core/verdict.js';
import { cmp, ruleKey } from '../report/common.js';

/** Results are written in batches of about this many characters. */
const BATCH = 1 << 20;

class Column<T extends Int32Array | Uint32Array | Float64Array> {
  length = 0;
  constructor(public data: T, private readonly make: (n: number) => T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  at(i: number): number {
    return this.data[i] ?? 0;
  }
}

export class ResultSpool {
  private readonly dir: string;
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  private written = 0;
  /** Distinct key strings (resource ids, rule keys, set ids, reference ids, compliance), by code. */
  private readonly strings: string[] = [];
  private readonly codes = new Map<string, number>();
  private readonly keys: Column<Int32Array>[] = [0, 1, 2, 3, 4].map(() => new Column(new Int32Array(1024), (n) => new Int32Array(n)));
  private readonly offsets = new Column(new Float64Array(1024), (n) => new Float64Array(n));
  private readonly lengths = new Column(new Uint32Array(1024), (n) => new Uint32Array(n));
  private closed = false;

  constructor(parent: string = tmpdir()) {
    this.dir = mkdtempSync(join(parent, 'il5ml-results-'));
    // Removed at exit and on SIGINT/SIGTERM/SIGHUP too, as the audit's spool is.
    removeOnExit(this.dir);
    this.fd = openSync(join(this.dir, 'results.ndjson'), 'w+', 0o600);
  }

  get count(): number {
    return this.offsets.length;
  }

  private code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.strings.length;
      this.strings.push(s);
      this.codes.set(s, c);
    }
    return c;
  }

  add(r: CheckResult): void {
    const text = `${JSON.stringify(r)}\n`;
    const bytes = Buffer.byteLength(text);
    this.offsets.push(this.written);
    this.lengths.push(bytes);
    this.written += bytes;
    const parts = [r.resourceId, ruleKey(r), r.policySetDefinitionId ?? '', r.policyDefinitionReferenceId ?? '', r.compliance];
    parts.forEach((p, k) => this.keys[k]?.push(this.code(p)));
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BATCH) this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    const buf = Buffer.from(this.pending.join(''), 'utf8');
    let at = 0;
    while (at < buf.length) at += writeSync(this.fd, buf, at, buf.length - at);
    this.pending = [];
    this.pendingChars = 0;
  }

  /** Result i (0-based, in the order added). */
  read(i: number, scratch?: { buf: Buffer }): CheckResult {
    this.flush();
    const len = this.lengths.at(i);
    const holder = scratch ?? { buf: Buffer.alloc(0) };
    if (holder.buf.length < len) holder.buf = Buffer.alloc(Math.max(len, 64 * 1024));
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, holder.buf, got, len - got, this.offsets.at(i) + got);
      if (n === 0) throw new Error(`internal: the result spool ended early at result ${i}`);
      got += n;
    }
    return JSON.parse(holder.buf.toString('utf8', 0, len)) as CheckResult;
  }

  /** Every result, in the order added. */
  all(): CheckResult[] {
    const scratch = { buf: Buffer.alloc(64 * 1024) };
    const out: CheckResult[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.read(i, scratch));
    return out;
  }

  /** The indices of the results in canonical report order (sortCanonical's). */
  order(): Uint32Array {
    this.flush();
    // Rank of each distinct string as sortCanonical compares one key part: case-insensitively, then exactly.
    const byRank = this.strings.map((s, code) => ({ code, lower: s.toLowerCase(), s }));
    byRank.sort((a, b) => cmp(a.lower, b.lower) || cmp(a.s, b.s));
    const rank = new Int32Array(this.strings.length);
    byRank.forEach((x, i) => (rank[x.code] = i));
    const k = this.keys.map((c) => c.data);
    const n = this.count;
    const idx: number[] = [];
    for (let i = 0; i < n; i++) idx.push(i);
    const scratch = { buf: Buffer.alloc(64 * 1024) };
    const rankOf = (part: number, i: number): number => rank[k[part]?.[i] ?? 0] ?? 0;
    idx.sort((a, b) => {
      for (let p = 0; p < 4; p++) {
        const d = rankOf(p, a) - rankOf(p, b);
        if (d) return d;
      }
      const ca = this.strings[k[4]?.[a] ?? 0] ?? '';
      const cb = this.strings[k[4]?.[b] ?? 0] ?? '';
      // Full ties on the key are rare (a resource listed twice): only then are the reasons read back.
      return cmp(ca, cb) || cmp(this.read(a, scratch).reason, this.read(b, scratch).reason) || a - b;
    });
    return Uint32Array.from(idx);
  }

  /** The results in canonical report order, read back one at a time. */
  *sorted(): Generator<CheckResult> {
    const scratch = { buf: Buffer.alloc(64 * 1024) };
    for (const i of this.order()) yield this.read(i, scratch);
  }

  /** Removes the temporary file; the spool cannot be read after. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      forgetTemporary(this.dir);
    }
  }
}

/**
 * Runs `use` with a new spool when `enabled` (default true), removed afterwards whatever happens. Where no
 * temporary file can be made (no writable temporary folder), `use` gets none and the results stay in
 * memory, as before spooling.
 */
export async function withResultSpool<T>(use: (spool: ResultSpool | undefined) => Promise<T>, options: { enabled?: boolean; parent?: string } = {}): Promise<T> {
  let spool: ResultSpool | undefined;
  try {
    spool = options.enabled === false ? undefined : new ResultSpool(options.parent);
  } catch {
    spool = undefined;
  }
  try {
    return await use(spool);
  } finally {
    spool?.close();
  }
}
