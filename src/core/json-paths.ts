/**
 * Where a JSON path stands in strict JSON text of any size, without a syntax tree. jsonc-parser's tree
 * (what src/policy/json-located.ts and src/net/service-tags.ts use for positions) is made only up to
 * core/json-tolerant.ts's TOLERANT_LIMIT: it costs several times the text. Past that, the problems of a
 * 200 MB policy export or service tags release were all placed at 1:1. Here only the containers on the
 * path asked for are scanned, each once (its members' offsets are kept): the first lookup into a list
 * scans the list (about the cost of one regular-expression pass over it), later lookups into it scan only
 * the member they enter. Memory is one offset per member of a container scanned, not a node per value.
 *
 * The text must be what JSON.parse accepted (callers parse it first): the scan trusts its syntax, and on
 * anything else stops (no position) rather than loop. A repeated key is found at its first place, as
 * jsonc-parser's findNodeAtLocation finds it (the small files' positions).
 */
export type JsonPath = readonly (string | number)[];

/** An object's members: key -> [offset of the key's quote, offset of its value]. */
type ObjectMembers = Map<string, readonly [number, number]>;
/** An array's members: the offset of each element's value. */
type ArrayMembers = number[];

/**
 * From where it starts, over anything but quotes and brackets, then one string: the scan stops at each
 * bracket and after each string. One string per match, not all of them: a quantified alternation over
 * millions of strings would grow the regular expression engine's backtracking stack with each.
 */
const PAST = /[^"{}[\]]*(?:"[^"\\]*(?:\\.[^"\\]*)*")?/y;
/** A literal (number, true, false, null): up to the comma, bracket or space after it. */
const LITERAL = /[^,\]}\s]*/y;

/**
 * The offset just past the JSON string whose opening quote is at `i`: past the first quote not escaped by an
 * odd run of backslashes (the end of the text if there is none). Shared with the template reader
 * (arm/template/jsonc.ts), which finds its members' places the same way.
 */
export function endOfString(text: string, i: number): number {
  let q = text.indexOf('"', i + 1);
  for (;;) {
    if (q < 0) return text.length;
    let k = q - 1;
    while (text.charCodeAt(k) === 92) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    q = text.indexOf('"', q + 1);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

export class StrictJsonPaths {
  private readonly members = new Map<number, ObjectMembers | ArrayMembers>();

  constructor(private readonly text: string) {}

  /**
   * The offset of what stands at `path`: the property (its key's opening quote) for an object member, the
   * value for an array element, the document's value for the empty path; undefined when the path is not
   * in the text.
   */
  offsetOf(path: JsonPath): number | undefined {
    return this.walk(path)?.[0];
  }

  /** The offset of the value at `path` (for an object member, its value, not its key), as jsonc-parser's findNodeAtLocation gives it. */
  valueOffsetOf(path: JsonPath): number | undefined {
    return this.walk(path)?.[1];
  }

  /** [where the member at `path` stands (its key for an object member), where its value starts]. */
  private walk(path: JsonPath): readonly [number, number] | undefined {
    let at = this.space(0);
    if (at >= this.text.length) return undefined;
    let found = at;
    for (const segment of path) {
      const m = this.membersAt(at);
      if (m === undefined) return undefined;
      if (Array.isArray(m)) {
        if (typeof segment !== 'number') return undefined;
        const v = m[segment];
        if (v === undefined) return undefined;
        at = found = v;
      } else {
        if (typeof segment !== 'string') return undefined;
        const kv = m.get(segment);
        if (kv === undefined) return undefined;
        found = kv[0];
        at = kv[1];
      }
    }
    return [found, at];
  }

  private space(i: number): number {
    const t = this.text;
    while (isSpace(t.charCodeAt(i))) i++;
    return i;
  }

  /** The members of the object or array opening at `open` (undefined when no container opens there). */
  private membersAt(open: number): ObjectMembers | ArrayMembers | undefined {
    const known = this.members.get(open);
    if (known !== undefined) return known;
    const c = this.text.charCodeAt(open);
    if (c !== 123 && c !== 91) return undefined;
    const m = c === 123 ? this.objectMembers(open) : this.arrayMembers(open);
    this.members.set(open, m);
    return m;
  }

  private objectMembers(open: number): ObjectMembers {
    const t = this.text;
    const out: ObjectMembers = new Map();
    let i = this.space(open + 1);
    while (t.charCodeAt(i) === 34) {
      const keyAt = i;
      const end = endOfString(t, i);
      const raw = t.slice(i + 1, end - 1);
      const key = raw.indexOf('\\') < 0 ? raw : this.unescape(raw);
      i = this.space(end);
      if (t.charCodeAt(i) !== 58 || key === undefined) break;
      const valueAt = this.space(i + 1);
      if (!out.has(key)) out.set(key, [keyAt, valueAt]);
      i = this.space(this.pastValue(valueAt));
      if (t.charCodeAt(i) !== 44) break;
      i = this.space(i + 1);
    }
    return out;
  }

  private arrayMembers(open: number): ArrayMembers {
    const t = this.text;
    const out: ArrayMembers = [];
    let i = this.space(open + 1);
    while (i < t.length && t.charCodeAt(i) !== 93) {
      out.push(i);
      const past = this.pastValue(i);
      if (past <= i) break;
      i = this.space(past);
      if (t.charCodeAt(i) !== 44) break;
      i = this.space(i + 1);
    }
    return out;
  }

  private unescape(raw: string): string | undefined {
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return undefined;
    }
  }

  /** The offset just past the value that starts at `i`. */
  private pastValue(i: number): number {
    const t = this.text;
    const n = t.length;
    const c = t.charCodeAt(i);
    if (c === 34) return endOfString(t, i);
    if (c !== 123 && c !== 91) {
      LITERAL.lastIndex = i;
      LITERAL.test(t);
      return LITERAL.lastIndex;
    }
    let depth = 0;
    for (;;) {
      PAST.lastIndex = i;
      PAST.test(t);
      const j = PAST.lastIndex;
      if (j >= n) return n;
      const d = t.charCodeAt(j);
      if (d === 123 || d === 91) {
        depth++;
        i = j + 1;
      } else if (d === 125 || d === 93) {
        if (--depth === 0) return j + 1;
        i = j + 1;
      } else if (j > i) i = j;
      // A quote the expression could not pass: a string without its end.
      else return n;
    }
  }
}
