/**
 * A resumable scanner of a resource list as JSON text that arrives in pieces: it finds where each item
 * of the list begins and ends (with its line and column) without holding more of the text than the item
 * being read. Each item's text then goes to JSON.parse, which does the exact parsing natively; this
 * scanner only tracks strings, nesting and the few characters between items.
 *
 * Accepted: a JSON array; `{"value": […]}` (REST lists) and `{"data": […]}` (Resource Graph), other keys
 * around the list ignored; NDJSON (one value a line, or any white space between values). A document that is
 * none of these (one object: a template, `az resource show`) ends as `whole`, its text kept for the
 * classic reader. Anything outside strict JSON (comments, trailing commas, a stray character) stops the
 * scan with a ScanError at its line and column; the caller may then read the text with the tolerant reader.
 *
 * Columns count UTF-16 code units, as the classic reader (readCheckInput) does, so positions agree.
 */

/** Deeper nesting is refused: no resource Azure returns comes near it, and each level costs stack later. */
export const MAX_NESTING = 256;

export interface ScannedItem {
  /** The item's JSON text. */
  text: string;
  /** 0-based index in the list. */
  index: number;
  /** 1-based line and column (UTF-16 code units) of its first character. */
  line: number;
  column: number;
}

export type ScanEnd = { kind: 'list'; items: number } | { kind: 'whole'; text: string };

export class ScanError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    /** 'syntax': not strict JSON (a tolerant reader may still read it); 'depth': refused outright. */
    readonly kind: 'syntax' | 'depth',
  ) {
    super(message);
  }
}

const enum S {
  /** Before the document's first value. */
  Start,
  /** After `[` of the list: an item or `]`. */
  ListFirst,
  /** After `,` in the list: an item. */
  ListItem,
  /** After an item: `,` or `]`. */
  ListNext,
  /** After the list's `]` (or the wrapper's `}`): white space to the end, or the wrapper's next key. */
  AfterList,
  /** In the top-level object: a key or `}`. */
  ObjKey,
  /** After a key: `:`. */
  ObjColon,
  /** After `:`: the value. */
  ObjValue,
  /** After a value in the object: `,` or `}`. */
  ObjNext,
  /** NDJSON: a value or the end. */
  Lines,
  /** The top-level object ended: the end (one object), or another value (NDJSON). */
  AfterObject,
  /** The end was reached after the list. */
  Done,
}

const enum V {
  None,
  Composite,
  String,
  Primitive,
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

const KEYS_OF_A_TEMPLATE = new Set(['$schema', 'contentversion', 'resources']);

export class ListScanner {
  private state = S.Start;
  /** Global offset of the current chunk's first character. */
  private base = 0;
  private line = 1;
  /** Global offset where the current line starts. */
  private lineStart = 0;
  /** Chunk-local index up to which newlines are counted. */
  private counted = 0;
  private chunk = '';

  // The value being scanned (an item, or a value skipped in the top-level object).
  private v = V.None;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** What the value is: a list item (collected), a key of the top-level object (collected), or skipped. */
  private role: 'item' | 'key' | 'skip' = 'skip';
  private pieces: string[] = [];
  private from = 0;
  private itemLine = 0;
  private itemColumn = 0;
  private count = 0;

  // The top-level object: a wrapper ({"value": […]}) until shown otherwise; its text is kept meanwhile.
  private wrapper = false;
  private kept: string[] | undefined;
  private keptBase = 0;
  private key = '';
  private templateLike = false;
  /** Nesting of the list's items: 1 inside a top-level array, 2 inside a wrapper's, 0 for NDJSON. */
  private level = 0;
  private objectStart = -1;
  private objectEnd = -1;
  private objectLine = 0;
  private objectColumn = 0;

  constructor(
    private readonly onItem: (item: ScannedItem) => void,
    private readonly maxNesting = MAX_NESTING,
  ) {}

  push(chunk: string): void {
    if (chunk.length === 0) return;
    this.chunk = chunk;
    this.counted = 0;
    if (this.kept) this.kept.push(chunk);
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.v !== V.None) {
        i = this.scanValue(i);
        continue;
      }
      i = this.between(i);
    }
    if (this.v !== V.None && this.role !== 'skip') this.pieces.push(chunk.slice(this.from));
    this.from = 0;
    this.countLines(n);
    this.base += n;
  }

  end(): ScanEnd {
    if (this.v === V.Primitive) {
      // Its text so far is in pieces (push() saved the chunk's tail).
      this.chunk = '';
      this.from = 0;
      this.finishValue(0);
    }
    if (this.v !== V.None || this.inString) throw this.error('the text ends inside a value', this.chunk.length);
    switch (this.state) {
      case S.AfterList:
      case S.Done:
      case S.Lines:
        return { kind: 'list', items: this.count };
      case S.AfterObject:
        return { kind: 'whole', text: (this.kept ?? []).join('') };
      case S.Start:
        throw this.error('the text is empty', this.chunk.length);
      default:
        break;
    }
    throw this.error('the text ends before the list is closed', this.chunk.length);
  }

  private countLines(to: number): void {
    const c = this.chunk;
    for (let j = c.indexOf('\n', this.counted); j >= 0 && j < to; j = c.indexOf('\n', j + 1)) {
      this.line += 1;
      this.lineStart = this.base + j + 1;
    }
    if (to > this.counted) this.counted = to;
  }

  private position(i: number): { line: number; column: number } {
    this.countLines(i);
    return { line: this.line, column: this.base + i - this.lineStart + 1 };
  }

  private error(message: string, i: number, kind: 'syntax' | 'depth' = 'syntax'): ScanError {
    const p = this.position(i);
    return new ScanError(message, p.line, p.column, kind);
  }

  private unexpected(i: number, expected: string): ScanError {
    const c = this.chunk.charAt(i);
    return this.error(`unexpected ${c === '/' ? 'comment' : `'${c}'`} where ${expected} was expected`, i);
  }

  /** Starts a value at i (its first character); returns where to go on. */
  private startValue(i: number, role: 'item' | 'key' | 'skip'): number {
    const c = this.chunk.charCodeAt(i);
    this.role = role;
    this.from = i;
    this.pieces = [];
    if (role === 'item') {
      const p = this.position(i);
      this.itemLine = p.line;
      this.itemColumn = p.column;
    }
    if (c === 123 || c === 91) {
      this.v = V.Composite;
      this.depth = 0;
      return i;
    }
    if (c === 34) {
      this.v = V.String;
      this.inString = true;
      this.escaped = false;
      return i + 1;
    }
    if (c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110) {
      this.v = V.Primitive;
      return i + 1;
    }
    throw this.unexpected(i, 'a value');
  }

  /** Scans the current value from i; returns the index after it, or the chunk's end. */
  private scanValue(i: number): number {
    const c = this.chunk;
    const n = c.length;
    if (this.v === V.Primitive) {
      while (i < n) {
        const ch = c.charCodeAt(i);
        if (ch === 44 || ch === 93 || ch === 125 || isWs(ch) || ch === 47) return this.finishValue(i);
        i += 1;
      }
      return n;
    }
    for (;;) {
      if (this.inString) {
        i = this.scanString(i);
        if (this.inString) return n;
        if (this.v === V.String) return this.finishValue(i);
      }
      while (i < n) {
        const ch = c.charCodeAt(i);
        if (ch === 34) {
          this.inString = true;
          this.escaped = false;
          i += 1;
          break;
        }
        if (ch === 123 || ch === 91) {
          this.depth += 1;
          if (this.depth + this.level > this.maxNesting) {
            throw this.error(`the JSON nests deeper than ${this.maxNesting} levels`, i, 'depth');
          }
        } else if (ch === 125 || ch === 93) {
          this.depth -= 1;
          if (this.depth === 0) return this.finishValue(i + 1);
        } else if (ch === 47) {
          throw this.unexpected(i, 'a value');
        }
        i += 1;
      }
      if (i >= n) return n;
    }
  }

  /** Inside a string from i: returns the index after its closing quote, or n (still inside). */
  private scanString(i: number): number {
    const c = this.chunk;
    const n = c.length;
    if (this.escaped) {
      if (i >= n) return n;
      this.escaped = false;
      i += 1;
    }
    for (;;) {
      const q = c.indexOf('"', i);
      if (q < 0) {
        let b = n - 1;
        while (b >= i && c.charCodeAt(b) === 92) b -= 1;
        this.escaped = (n - 1 - b) % 2 === 1;
        return n;
      }
      let b = q - 1;
      while (b >= i && c.charCodeAt(b) === 92) b -= 1;
      if ((q - 1 - b) % 2 === 0) {
        this.inString = false;
        return q + 1;
      }
      i = q + 1;
    }
  }

  /** The value ended at end (exclusive): hand an item over, or go on in the object. */
  private finishValue(end: number): number {
    this.v = V.None;
    if (this.role !== 'skip') {
      const last = this.chunk.slice(this.from, end);
      const text = this.pieces.length ? this.pieces.join('') + last : last;
      this.pieces = [];
      if (this.role === 'key') {
        // A key with a raw control character (a NUL, an escape) is not JSON: a syntax error at its end,
        // for the tolerant reader to locate, never an exception out of the scanner.
        try {
          this.key = JSON.parse(text) as string;
        } catch (e) {
          throw this.error(`a key is not a valid JSON string: ${(e as Error).message}`, end - 1);
        }
        this.state = S.ObjColon;
        return end;
      }
      this.onItem({ text, index: this.count, line: this.itemLine, column: this.itemColumn });
      this.count += 1;
      this.state = this.state === S.Lines ? S.Lines : S.ListNext;
      return end;
    }
    this.state = S.ObjNext;
    return end;
  }

  /** Between values: the characters of the list's and the object's structure. */
  private between(i: number): number {
    const c = this.chunk;
    const ch = c.charCodeAt(i);
    if (isWs(ch) || (ch === 0xfeff && this.base + i === 0)) return i + 1;
    switch (this.state) {
      case S.Start:
        if (ch === 91) {
          this.level = 1;
          this.state = S.ListFirst;
          return this.depthCheck(i + 1);
        }
        if (ch === 123) {
          this.wrapper = true;
          this.kept = [c];
          this.keptBase = this.base;
          this.objectStart = this.base + i;
          const p = this.position(i);
          this.objectLine = p.line;
          this.objectColumn = p.column;
          this.level = 1;
          this.state = S.ObjKey;
          return i + 1;
        }
        throw this.unexpected(i, "'[' or '{'");
      case S.ListFirst:
        if (ch === 93) return this.closeList(i);
        return this.startValue(i, 'item');
      case S.ListItem:
        return this.startValue(i, 'item');
      case S.ListNext:
        if (ch === 44) {
          this.state = S.ListItem;
          return i + 1;
        }
        if (ch === 93) return this.closeList(i);
        throw this.unexpected(i, "',' or ']'");
      case S.AfterList:
      case S.Done:
        throw this.unexpected(i, 'the end of the text');
      case S.ObjKey:
        if (ch === 34) return this.startValue(i, 'key');
        if (ch === 125 && this.key === '') return this.closeObject(i);
        throw this.unexpected(i, 'a key');
      case S.ObjColon:
        if (ch === 58) {
          this.state = S.ObjValue;
          return i + 1;
        }
        throw this.unexpected(i, "':'");
      case S.ObjValue: {
        const k = this.key.toLowerCase();
        if (KEYS_OF_A_TEMPLATE.has(k)) this.templateLike = true;
        const list = ch === 91 && (this.key === 'value' || this.key === 'data');
        // A second list ({"value": […], "data": […]}): the classic reader decides which one counts.
        if (list && this.kept === undefined) throw this.error(`a second list ('${this.key}') in the same object`, i);
        if (list && !this.templateLike) {
          // The list of a wrapper: from here on the text before it is not needed.
          this.kept = undefined;
          this.level = 2;
          this.state = S.ListFirst;
          return this.depthCheck(i + 1);
        }
        return this.startValue(i, 'skip');
      }
      case S.ObjNext:
        if (ch === 44) {
          this.state = S.ObjKey;
          this.key = '\u0000';
          return i + 1;
        }
        if (ch === 125) return this.closeObject(i);
        throw this.unexpected(i, "',' or '}'");
      case S.AfterObject:
        return this.startLines(i);
      case S.Lines:
        return this.startValue(i, 'item');
    }
    return i + 1;
  }

  private depthCheck(i: number): number {
    if (this.level > this.maxNesting) throw this.error(`the JSON nests deeper than ${this.maxNesting} levels`, i - 1, 'depth');
    return i;
  }

  private closeList(i: number): number {
    this.state = this.wrapper ? S.ObjNext : S.AfterList;
    return i + 1;
  }

  private closeObject(i: number): number {
    if (this.kept === undefined) {
      // The wrapper's list was read: only white space may follow.
      this.wrapper = false;
      this.state = S.Done;
      return i + 1;
    }
    this.objectEnd = this.base + i + 1;
    this.state = S.AfterObject;
    return i + 1;
  }

  /** A second value after a top-level object: NDJSON. The object was the first line. */
  private startLines(i: number): number {
    const whole = (this.kept ?? []).join('');
    const text = whole.slice(this.objectStart - this.keptBase, this.objectEnd - this.keptBase);
    this.kept = undefined;
    this.wrapper = false;
    this.level = 0;
    this.onItem({ text, index: this.count, line: this.objectLine, column: this.objectColumn });
    this.count += 1;
    this.state = S.Lines;
    return this.startValue(i, 'item');
  }
}
