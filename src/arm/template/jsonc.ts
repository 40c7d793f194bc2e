/**
 * JSON with comments, parsed into plain values while keeping where every value stands in the text,
 * so that an error in an expression deep inside a 727 KB template still names file:line:column.
 * Positions live in a WeakMap keyed by the parsed objects and arrays (a string is located through the
 * container holding it), so the values themselves stay plain and cost nothing extra to evaluate.
 */
import { lineAt } from '../../core/line-index.js';
import { visit } from 'jsonc-parser';
import { parseErrorWords } from '../../core/json-tolerant.js';
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';
import type { Value } from '../types.js';
import { setKey } from './values.js';
import { MAX_JSON_DEPTH, depthMessage, tooDeepAt } from '../../core/json-depth.js';
import { endOfString } from '../../core/json-paths.js';
import { beyond64Bits } from '../functions/json.js';

/**
 * An integer literal to report (bigIntErrors): one past 64 bits, which ARM refuses (beyond64Bits; 2^64 too,
 * though a double holds it), or one JavaScript cannot hold exactly: past ±(2^53 - 1), a number whose double is
 * another integer (9007199254740993 is read as 9007199254740992; 2^60 is held exactly), which ARM holds. A
 * number with a fraction or exponent is not an integer literal.
 */
function inexactInteger(literal: string): boolean {
  if (!/^-?\d+$/.test(literal)) return false;
  const n = Number(literal);
  return !Number.isFinite(n) || (!Number.isSafeInteger(n) && (BigInt(n) !== BigInt(literal) || beyond64Bits(literal)));
}

interface Slots {
  /** Offset of the container's opening brace or bracket. */
  self: number;
  /** Offset of each member's value (object: by key; array: by index). */
  members: Map<string, number> | number[];
}

export interface ParsedJson {
  value: Value | undefined;
  diagnostics: Diagnostic[];
  file: string;
  /** Where `container[key]` stands; the container itself when key is omitted or unknown. */
  locate(container: object, key?: string | number): SourceLocation;
}

/** Line starts, for offset -> 1-based line and column. */
function lineStarts(text: string): ArrayLike<number> {
  // Without a carriage return every line ends at a '\n': indexOf finds them natively, into one typed array
  // (mlz.json has 12,000 lines; no array growing) made for lines of 32 characters on average, or, for
  // shorter ones, counted first.
  if (text.indexOf('\r') < 0) {
    const guess = new Int32Array((text.length >> 5) + 2);
    const k = newlineStarts(text, guess);
    if (k >= 0) return guess.subarray(0, k);
    const exact = new Int32Array(lineCount(text));
    newlineStarts(text, exact);
    return exact;
  }
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Line starts of a text without '\r' into `starts` (from 0); how many, or -1 when they do not fit (see scanStrict for why a loop stands alone). */
function newlineStarts(text: string, starts: Int32Array): number {
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (k === starts.length) return -1;
    starts[k++] = i + 1;
  }
  return k;
}

/** Lines of a text without '\r' (see scanStrict for why a loop stands alone). */
function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

export function offsetToLocation(starts: ArrayLike<number>, file: string, offset: number): SourceLocation {
  const { line, column } = lineAt(starts, offset);
  return { file, line, column };
}

/** Thrown by the fast reader at anything it does not accept; the full parser then reports it properly. */
class NotFast extends Error {}

/**
 * A single-pass reader of well-formed JSON with comments and trailing commas, recording positions as it
 * builds values; about twice as fast as the visitor on large templates. Any syntax it does not accept
 * sends the text to jsonc-parser, which reports every error with its position.
 */
function readFast(text: string, slots: WeakMap<object, Slots>, bigInts: number[]): Value {
  let i = 0;
  const n = text.length;
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const skip = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else if (c === 47 /* / */) {
        const d = text.charCodeAt(i + 1);
        if (d === 47) {
          const e = text.indexOf('\n', i);
          i = e < 0 ? n : e + 1;
        } else if (d === 42) {
          const e = text.indexOf('*/', i + 2);
          if (e < 0) throw new NotFast();
          i = e + 2;
        } else throw new NotFast();
      } else return;
    }
  };
  const str = (): string => {
    const start = i + 1;
    let j = start;
    for (;;) {
      const q = text.indexOf('"', j);
      if (q < 0) throw new NotFast();
      let k = q - 1;
      while (text.charCodeAt(k) === 92) k--;
      if ((q - 1 - k) % 2 === 0) {
        const raw = text.slice(start, q);
        i = q + 1;
        if (raw.indexOf('\\') < 0 && !/[\u0000-\u001f]/.test(raw)) return raw;
        try {
          return JSON.parse(`"${raw}"`) as string;
        } catch {
          throw new NotFast();
        }
      }
      j = q + 1;
    }
  };
  const value = (): Value => {
    skip();
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      const o: Record<string, Value> = {};
      const members = new Map<string, number>();
      slots.set(o, { self: i, members });
      i++;
      skip();
      while (text.charCodeAt(i) !== 125) {
        if (text.charCodeAt(i) !== 34) throw new NotFast();
        const key = str();
        skip();
        if (text.charCodeAt(i) !== 58) throw new NotFast();
        i++;
        skip();
        members.set(key, i);
        setKey(o, key, value());
        skip();
        const d = text.charCodeAt(i);
        if (d === 44) {
          i++;
          skip();
        } else if (d !== 125) throw new NotFast();
      }
      i++;
      return o;
    }
    if (c === 91 /* [ */) {
      const a: Value[] = [];
      const members: number[] = [];
      slots.set(a, { self: i, members });
      i++;
      skip();
      while (text.charCodeAt(i) !== 93) {
        members.push(i);
        a.push(value());
        skip();
        const d = text.charCodeAt(i);
        if (d === 44) {
          i++;
          skip();
        } else if (d !== 93) throw new NotFast();
      }
      i++;
      return a;
    }
    if (c === 34) return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) throw new NotFast();
    if (m[0].length >= 16 && inexactInteger(m[0])) bigInts.push(i);
    i += m[0].length;
    return Number(m[0]);
  };
  const v = value();
  skip();
  if (i !== n) throw new NotFast();
  return v;
}

export function parseJsonc(input: string, file: string): ParsedJson {
  // Editors on Windows save templates with a UTF-8 byte order mark; it is not part of the JSON. A space in
  // its place keeps every offset (and so every line and column after line 1) as the editor shows it.
  const text = input.charCodeAt(0) === 0xfeff ? ` ${input.slice(1)}` : input;
  const strict = readStrict(text, file);
  if (strict !== undefined) return strict;
  const deep = tooDeepAt(text);
  if (deep !== undefined) return tooDeep(text, file, deep);
  const bigInts: number[] = [];
  const fastSlots = new WeakMap<object, Slots>();
  let fast: Value | undefined;
  try {
    fast = readFast(text, fastSlots, bigInts);
  } catch (e) {
    // NotFast, or a stack overflow on absurdly deep nesting: either way the full parser decides.
    if (!(e instanceof NotFast) && !(e instanceof RangeError)) throw e;
  }
  if (fast !== undefined) return located(text, file, fast, fastSlots, bigIntErrors(text, file, bigInts));
  return parseSlow(text, file);
}

function tooDeep(text: string, file: string, offset: number): ParsedJson {
  const at = offsetToLocation(lineStarts(text), file, offset);
  return located(text, file, undefined, new WeakMap(), [
    { severity: 'error', code: 'IL5-ARM-JSON', message: depthMessage(file), location: at, fix: 'flatten the structure; real templates nest a few dozen levels' },
  ]);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Strict JSON (what Bicep and az write), the common case: V8's JSON.parse builds the values, several times
 * faster than any reader in JavaScript, and one scan of the text finds where each object and array opens.
 * The n-th opening bracket in the text is the n-th container in a depth-first walk of the parsed value, as
 * long as no key is repeated (JSON.parse keeps the last value at the first key's place) and none is an
 * array index (JavaScript lists those keys first); both are checked, and such a text (or any that is not
 * strict JSON) goes to the readers below. Where a member whose value is not a container stands is found
 * when asked, by a scan of its container alone. Nesting is limited as tooDeepAt limits it: the walk goes
 * no deeper than MAX_JSON_DEPTH, and deeper text goes to the readers below, which report it.
 *
 * The scan of strict JSON: one sticky regular expression goes from where the scan stands over everything
 * but quotes, opening brackets and the start of numbers, and then over one string and the space after it;
 * so the scan stops only at a colon after a key, at an opening bracket, at a number, and after a value
 * string. Closing brackets, commas and literals need no stop: the text is valid JSON (JSON.parse read it),
 * so a colon outside a string follows a key, and the walk below measures the depth.
 */
const TOKEN = /[^"{[0-9-]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[ \t\n\r]*)?/y;

/**
 * Where each object and array of strict JSON opens (into `opens`) and where integers beyond 64 bits stand
 * (into `bigInts`); returns how many keys there are in all (-1 if the text is not what JSON.parse accepts).
 * A function of its own that makes nothing after its loop: V8 optimizes the loop while it runs (on-stack
 * replacement) and reuses that code at every call, so code after the loop that the optimized code has not
 * seen would throw it away at each call.
 */
function scanStrict(text: string, opens: Opens, bigInts: number[]): number {
  let colons = 0;
  const n = text.length;
  // By a regular expression from one stop to the next: native code, fast from the first run on (a CLI run
  // reads the template once, before a loop over characters would be compiled).
  let i = 0;
  for (;;) {
    TOKEN.lastIndex = i;
    TOKEN.test(text);
    const j = TOKEN.lastIndex;
    if (j >= n) break;
    const c = text.charCodeAt(j);
    if (c === 58 /* : */) {
      colons++;
      i = j + 1;
    } else if (c === 123 || c === 91) {
      if (opens.n === opens.at.length) grow(opens);
      opens.at[opens.n++] = j;
      i = j + 1;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let k = j + 1;
      for (let d = text.charCodeAt(k); d === 43 || d === 45 || d === 46 || d === 69 || d === 101 || (d >= 48 && d <= 57); d = text.charCodeAt(++k));
      if (k - j >= 16 && inexactInteger(text.slice(j, k))) bigInts.push(j);
      i = k;
    } else if (j > i) {
      // After a value string: what follows it (a comma, a closing bracket) is passed over by the next match.
      i = j;
    } else return -1;
  }
  return colons;
}

/**
 * Where containers open, in a typed array: its memory is outside the JavaScript heap, which the young
 * generation's collections copy (an array growing by pushes left about 0.1 MB of copies per read of mlz.json).
 */
interface Opens {
  at: Int32Array;
  /** How many are recorded. */
  n: number;
}

function grow(o: Opens): void {
  const bigger = new Int32Array(o.at.length * 2);
  bigger.set(o.at);
  o.at = bigger;
}

/** How far from the last container asked for readStrict's locate() looks before it makes its map (see ordinalOf). */
const NEAR = 64;
/** How many times the containers readStrict's locate() may search natively before it makes its map (see ordinalOf). */
const SCAN_BUDGET = 32;

function readStrict(text: string, file: string): ParsedJson | undefined {
  let value: Value;
  try {
    value = JSON.parse(text) as Value;
  } catch {
    return undefined;
  }
  // Sized for an opening bracket every 64 characters (mlz.json has one every 215); grown by doubling.
  const found: Opens = { at: new Int32Array(Math.max(64, text.length >> 6)), n: 0 };
  const bigInts: number[] = [];
  const colons = scanStrict(text, found, bigInts);
  const opens = found.at;
  const opened = found.n;
  if (colons < 0) return undefined;
  // The containers in the walk's order: the n-th opened at opens[n]. An array rather than a map from
  // container to n: a map entry per container (3,372 in mlz.json) cost more than the ~350 lookups an
  // expansion makes, which mostly come in document order and are found near the last (ordinalOf).
  // Sized once: the walk finds as many containers as the scan found opening brackets, or the text goes to the
  // readers below (a growing array copied itself about 100 KB per expansion of mlz.json).
  const containers = new Array<object>(opened);
  let count = 0;
  let keys = 0;
  // Nesting deeper than the limit goes to the readers below, whose tooDeepAt reports its first bracket.
  let tooDeepHere = false;
  let digitKey = false;
  const walk = (v: object, depth: number): void => {
    if (depth > MAX_JSON_DEPTH) {
      tooDeepHere = true;
      return;
    }
    if (count >= containers.length) {
      // More containers than opening brackets: not the text the scan read; the readers below decide.
      count++;
      return;
    }
    containers[count++] = v;
    if (Array.isArray(v)) {
      for (const x of v as Value[]) if (typeof x === 'object' && x !== null) walk(x, depth + 1);
      return;
    }
    // for-in lists the own keys of JSON.parse's objects (they inherit nothing enumerable) in Object.keys'
    // order, without an array of keys per object.
    const o = v as Record<string, Value>;
    for (const k in o) {
      keys++;
      // A key that starts with a digit may be an array index, which JavaScript orders first.
      const first = k.charCodeAt(0);
      if (first >= 48 && first <= 57) digitKey = true;
      const x = o[k];
      if (typeof x === 'object' && x !== null) walk(x, depth + 1);
    }
  };
  if (typeof value === 'object' && value !== null) walk(value, 1);
  if (tooDeepHere || digitKey || count !== opened || keys !== colons) return undefined;

  // Where the last container asked for was: the next is searched near there, forward and then back; one
  // not near is searched for by the array's own indexOf/lastIndexOf (native), from there to the end and
  // then back to the start, as long as those searches have passed fewer than SCAN_BUDGET times as many
  // containers as there are; after that, and for a container not in the array, every lookup goes to a map
  // of every container, made then. mlz.json's lookups (485) go back and forth between a deployment and its
  // resources 72 times, which made the map at every expansion (3,372 entries, 0.2 MB), where the searches
  // pass 50,000-58,000 places (measured 2026-12-07). Without the map, lookups in another order than the document's (an error per
  // resource of a large template, reported as they are met) each scanned the array: 40,000 errors in a
  // 3.4 MB template took 7.3 s, not 1.5.
  let cursor = 0;
  let scanned = 0;
  let byObject: Map<object, number> | undefined;
  const ordinalOf = (o: object): number | undefined => {
    if (byObject === undefined) {
      const end = Math.min(count, cursor + NEAR);
      for (let i = cursor; i < end; i++) if (containers[i] === o) return (cursor = i);
      for (let i = cursor - 1, stop = Math.max(0, cursor - NEAR); i >= stop; i--) if (containers[i] === o) return (cursor = i);
      if (scanned < SCAN_BUDGET * count) {
        const ahead = containers.indexOf(o, end);
        if (ahead >= 0) {
          scanned += ahead - end;
          return (cursor = ahead);
        }
        scanned += count - end;
        const back = containers.lastIndexOf(o, Math.max(0, cursor - NEAR));
        if (back >= 0) {
          scanned += cursor - back;
          return (cursor = back);
        }
        scanned += cursor;
      }
      byObject = new Map();
      for (let i = 0; i < count; i++) byObject.set(containers[i] as object, i);
    }
    const at = byObject.get(o);
    if (at !== undefined) cursor = at;
    return at;
  };

  let starts: ArrayLike<number> | undefined;
  const toLoc = (offset: number): SourceLocation => offsetToLocation((starts ??= lineStarts(text)), file, offset);
  const members = new Map<object, Map<string, number> | number[]>();
  return {
    value,
    diagnostics: bigIntErrors(text, file, bigInts),
    file,
    locate(container: object, key?: string | number): SourceLocation {
      const at = ordinalOf(container);
      if (at === undefined) return { file, line: 1, column: 1 };
      const self = opens[at] ?? 0;
      // An array's members are found by number only, as the readers below find them.
      if (key === undefined || (Array.isArray(container) && typeof key !== 'number')) return toLoc(self);
      const own = Object.hasOwn(container, key) ? (container as Record<string, Value>)[key] : undefined;
      const child = typeof own === 'object' && own !== null ? ordinalOf(own) : undefined;
      if (child !== undefined) return toLoc(opens[child] ?? self);
      let m = members.get(container);
      if (m === undefined) {
        m = memberOffsets(text, self);
        members.set(container, m);
      }
      const o = Array.isArray(m) ? (typeof key === 'number' ? m[key] : undefined) : m.get(String(key));
      return toLoc(o ?? self);
    },
  };
}

/** Where each member's value starts in the strict-JSON object or array opening at `open` (a repeated key: the last). */
function memberOffsets(text: string, open: number): Map<string, number> | number[] {
  const object = text.charCodeAt(open) === 123;
  const byKey = new Map<string, number>();
  const byIndex: number[] = [];
  let i = open + 1;
  const space = (): void => {
    while (isSpace(text.charCodeAt(i))) i++;
  };
  space();
  if (text.charCodeAt(i) === (object ? 125 : 93)) return object ? byKey : byIndex;
  for (;;) {
    space();
    if (object) {
      const end = endOfString(text, i);
      const raw = text.slice(i + 1, end - 1);
      const key = raw.indexOf('\\') < 0 ? raw : (JSON.parse(`"${raw}"`) as string);
      i = end;
      space();
      i++; // ':'
      space();
      byKey.set(key, i);
    } else byIndex.push(i);
    // Past the value: a string, a container (strings inside skipped), or a literal.
    let depth = 0;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i = endOfString(text, i);
        if (depth === 0) break;
        continue;
      }
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        if (depth === 0) break;
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      } else if (depth === 0 && (c === 44 || isSpace(c))) break;
      i++;
    }
    space();
    if (text.charCodeAt(i) !== 44) return object ? byKey : byIndex;
    i++;
  }
}

function located(text: string, file: string, value: Value | undefined, slots: WeakMap<object, Slots>, diagnostics: Diagnostic[]): ParsedJson {
  let starts: ArrayLike<number> | undefined;
  const toLoc = (offset: number): SourceLocation => offsetToLocation((starts ??= lineStarts(text)), file, offset);
  return {
    value,
    diagnostics,
    file,
    locate(container: object, key?: string | number): SourceLocation {
      const s = slots.get(container);
      if (!s) return { file, line: 1, column: 1 };
      if (key !== undefined) {
        const m = Array.isArray(s.members) ? (typeof key === 'number' ? s.members[key] : undefined) : s.members.get(String(key));
        if (m !== undefined) return toLoc(m);
      }
      return toLoc(s.self);
    },
  };
}

function parseSlow(text: string, file: string): ParsedJson {
  const slots = new WeakMap<object, Slots>();
  const diagnostics: Diagnostic[] = [];
  const bigInts: number[] = [];
  let starts: ArrayLike<number> | undefined;
  const toLoc = (offset: number): SourceLocation => offsetToLocation((starts ??= lineStarts(text)), file, offset);

  type Frame = { value: Record<string, Value> | Value[]; slots: Slots; key: string | undefined };
  const stack: Frame[] = [];
  let root: Value | undefined;
  let pendingKey: string | undefined;

  const put = (v: Value, offset: number): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = v;
      return;
    }
    if (Array.isArray(top.value)) {
      (top.slots.members as number[]).push(offset);
      top.value.push(v);
    } else {
      const key = pendingKey ?? '';
      (top.slots.members as Map<string, number>).set(key, offset);
      setKey(top.value, key, v);
      pendingKey = undefined;
    }
  };

  visit(
    text,
    {
      onObjectBegin(offset) {
        const value: Record<string, Value> = {};
        const s: Slots = { self: offset, members: new Map() };
        slots.set(value, s);
        put(value, offset);
        stack.push({ value, slots: s, key: undefined });
      },
      onObjectProperty(name) {
        pendingKey = name;
      },
      onObjectEnd() {
        stack.pop();
      },
      onArrayBegin(offset) {
        const value: Value[] = [];
        const s: Slots = { self: offset, members: [] };
        slots.set(value, s);
        put(value, offset);
        stack.push({ value, slots: s, key: undefined });
      },
      onArrayEnd() {
        stack.pop();
      },
      onLiteralValue(value: unknown, offset, length) {
        if (typeof value === 'number' && length >= 16 && inexactInteger(text.slice(offset, offset + length))) bigInts.push(offset);
        put(value as Value, offset);
      },
      onError(error, offset) {
        diagnostics.push({
          severity: 'error',
          code: 'IL5-ARM-JSON',
          message: `${file} is not valid JSON: ${parseErrorWords({ error, offset }, text)}`,
          fix: 'fix the JSON syntax at this position (comments and trailing commas are accepted)',
          location: toLoc(offset),
        });
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );

  return located(text, file, root, slots, [...diagnostics, ...bigIntErrors(text, file, bigInts)]);
}

function bigIntErrors(text: string, file: string, offsets: readonly number[]): Diagnostic[] {
  if (offsets.length === 0) return [];
  const starts = lineStarts(text);
  return offsets.map((o) => {
    const literal = /^-?\d+/.exec(text.slice(o, o + 40))?.[0] ?? '';
    const location = offsetToLocation(starts, file, o);
    if (beyond64Bits(literal)) {
      return { severity: 'error' as const, code: 'IL5-ARM-JSON', message: `the integer ${literal} does not fit in 64 bits, the size of ARM's integers`, location, fix: 'use a number from -9223372036854775808 to 9223372036854775807, or a string' };
    }
    // ARM holds it exactly; il5ml computes with JavaScript's numbers, exact only to 2^53 - 1: said, not refused,
    // as the template is valid (--parameters KEY=VALUE refuses such a value instead: it is typed by the user).
    return {
      severity: 'warning' as const,
      code: 'IL5-ARM-INT-PRECISION',
      message: `the integer ${literal} is past ±${Number.MAX_SAFE_INTEGER} (2^53 - 1): ARM holds it exactly (its integers are 64-bit), but il5ml computes with ${Number(literal)} here, so what il5ml derives from it may differ from what Azure deploys`,
      location,
      fix: `if a check depends on the exact value, give one within ±${Number.MAX_SAFE_INTEGER}`,
    };
  });
}
