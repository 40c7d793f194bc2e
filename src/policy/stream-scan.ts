/**
 * A resumable scanner of a resource list as JSON text that arrives in pieces: it finds where each item
 * of the list begins and ends (with its line and column) without holding more of the text than the item
 * being read. Each item's text then goes to JSON.parse, which does the exact parsing natively; this
 * scanner only tracks strings, nesting and the few characters between items.
 *
 * Accepted: a JSON array; `{"value": […]}` (REST lists) and `{"data": […]}` (Resource Graph), other keys
 * around the list ignored; NDJSON; values one after another with any white space between them (jq's
 * output: a value may span lines). A document that is none of these (one object: a template, `az resource
 * show`) ends as `whole`, its text kept for the classic reader. Anything outside strict JSON (comments,
 * trailing commas, a stray character) in a single document stops the scan with a ScanError ('syntax') at
 * its line and column; the caller may then read the text with the tolerant reader.
 *
 * NDJSON (https://github.com/ndjson/ndjson-spec, https://jsonlines.org): each line holds one JSON value.
 * The text is read as NDJSON when the caller says so (a file named .ndjson or .jsonl), or when its first
 * value is an object on one line and another value begins on a later line. Then a line must hold one
 * complete value: a line that ends inside a value, holds a second value, or is not JSON is an error of
 * that line ('lines', at the line and column of the problem, in plain words), which stands: no reader of
 * one JSON document could read the text either. Lines end at `\n`; a `\r` before it is white space
 * (CRLF files read as LF files; columns count the `\r`, as the whole-text reader does). Empty lines (and
 * lines of white space only) are skipped, as the NDJSON spec allows a parser to do: they hold no value,
 * and editors and `>>` appends leave them. When the first value spans lines (jq's pretty output), values
 * are read one after another with any white space between them, and a value that is not valid JSON is
 * reported at the line and column of its first problem ('lines' too).
 *
 * Columns count UTF-16 code units, as the classic reader (readCheckInput) does, so positions agree.
 */

import { firstJsonError, shown } from '../core/json-syntax.js';
import { NEXT_PAGE_KEYS, type NextPage } from './next-page.js';

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

export type ScanEnd = { kind: 'list'; items: number; nextPage?: NextPage } | { kind: 'whole'; text: string };

export class ScanError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    /**
     * 'syntax': not strict JSON (a tolerant reader may still read it); 'depth': refused outright; 'lines':
     * a value of NDJSON (or of values one after another) that is not JSON, refused outright: the text is
     * more than one JSON document, which no whole-text reader reads.
     */
    readonly kind: 'syntax' | 'depth' | 'lines',
    /** How to fix it, when the scanner knows better than the caller. */
    readonly fix?: string,
  ) {
    super(message);
  }
}

/** Where a value of NDJSON may begin: `{ [ "`, a number, true, false, null. */
function isValueStart(c: number): boolean {
  return c === 123 || c === 91 || c === 34 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Line and column of `offset` in a value's text that begins at line:column. */
function within(line: number, column: number, text: string, offset: number): { line: number; column: number } {
  let l = line;
  let start = -1;
  for (let j = text.indexOf('\n'); j >= 0 && j < offset; j = text.indexOf('\n', j + 1)) {
    l += 1;
    start = j;
  }
  return start < 0 ? { line: l, column: column + offset } : { line: l, column: offset - start };
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
  /** NDJSON, or values one after another: a value or the end. */
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
  private role: 'item' | 'key' | 'link' | 'skip' = 'skip';
  /** The wrapper's next page, when it names one (a string value of a NEXT_PAGE_KEYS key). */
  private nextPage: NextPage | undefined;
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
  private objectEndLine = 0;

  /**
   * Once the text is known to hold more than one value: 'line', NDJSON (one value a line, none across a
   * line end); 'sequence', values one after another with any white space between them.
   */
  private mode: 'line' | 'sequence' | undefined;
  /** In 'line' mode: the current line already held its value. */
  private lineHasValue = false;
  /** Chunk-local index of the next '\n' at or after the scan point (the chunk's length: none), or -1: not yet looked for. */
  private nlAt = -1;

  constructor(
    private readonly onItem: (item: ScannedItem) => void,
    private readonly maxNesting = MAX_NESTING,
    /** The text is NDJSON whatever its first line (the caller knows it by the file's name). */
    private readonly named = false,
  ) {
    if (named) {
      this.state = S.Lines;
      this.mode = 'line';
    }
  }

  push(chunk: string): void {
    if (chunk.length === 0) return;
    this.chunk = chunk;
    this.counted = 0;
    this.nlAt = -1;
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
    // Positions from here on are at the end of the text (push() counted the last chunk's lines).
    this.chunk = '';
    this.counted = 0;
    this.from = 0;
    if (this.v === V.Primitive) {
      // Its text so far is in pieces (push() saved the chunk's tail).
      this.finishValue(0);
    }
    if (this.v !== V.None || this.inString) {
      if (this.mode !== undefined) throw this.valueEnds(this.pieces.join(''));
      throw this.error('the text ends inside a value', 0);
    }
    switch (this.state) {
      case S.Lines:
        // A file named as NDJSON with no value at all is empty, as any other.
        if (this.count === 0) throw this.error('the text is empty', 0);
        return { kind: 'list', items: this.count };
      case S.AfterList:
        return { kind: 'list', items: this.count };
      case S.Done:
        return { kind: 'list', items: this.count, ...(this.nextPage ? { nextPage: this.nextPage } : {}) };
      case S.AfterObject:
        return { kind: 'whole', text: (this.kept ?? []).join('') };
      case S.Start:
        throw this.error('the text is empty', 0);
      default:
        break;
    }
    throw this.error('the text ends before the list is closed', 0);
  }

  /**
   * The error of an item JSON.parse refused (`parseMessage`, its message): within a list, a syntax error
   * at the item (a tolerant reader may read the whole text); in NDJSON or values one after another, the
   * first problem of the value, at its line and column, in plain words.
   */
  itemError(item: ScannedItem, parseMessage: string): ScanError {
    if (this.mode === undefined) return new ScanError(`item ${item.index} is not valid JSON: ${parseMessage}`, item.line, item.column, 'syntax');
    const found = firstJsonError(item.text, this.mode === 'line' ? 'the line' : 'the text') ?? { offset: 0, problem: parseMessage };
    const at = within(item.line, item.column, item.text, found.offset);
    return this.linesError(at.line, at.column, found.problem, item);
  }

  /** An error of NDJSON at line:column (the value's start, when the problem is inside one), with its fix. */
  private linesError(line: number, column: number, problem: string, value?: { line: number; column: number }, fix?: string, named = false): ScanError {
    if (this.mode === 'line') {
      const why = named ? ' (a file named .ndjson or .jsonl is read as NDJSON; a JSON array or a template goes in a .json file)' : '';
      return new ScanError(
        `line ${line} is not one JSON value: ${problem}`,
        line,
        column,
        'lines',
        fix ?? `a line of NDJSON holds one complete JSON value (a resource, as az resource list or az graph query print it): correct line ${line} or delete it${why}`,
      );
    }
    return new ScanError(
      value ? `the JSON value that begins at line ${value.line}, column ${value.column} is not valid: ${problem}` : `${problem} (the text holds JSON values one after another)`,
      line,
      column,
      'lines',
      fix ?? 'correct the value: the text holds complete JSON values one after another (NDJSON, or what jq prints), each a resource',
    );
  }

  /** The value being read ends at the end of its line (line mode) or of the text: its first problem. */
  private valueEnds(text: string): ScanError {
    const t = this.mode === 'line' && text.endsWith('\r') ? text.slice(0, -1) : text;
    const found = firstJsonError(t, this.mode === 'line' ? 'the line' : 'the text') ?? { offset: t.length, problem: 'the value is not closed' };
    const at = within(this.itemLine, this.itemColumn, t, found.offset);
    // A file named .ndjson whose first value does not end on its line may be a pretty JSON array or a template.
    const named = this.named && this.count === 0;
    return this.linesError(at.line, at.column, found.problem, { line: this.itemLine, column: this.itemColumn }, undefined, named);
  }

  /** The value being read is cut at chunk-local i (in line mode, a '\n' there; or after a comment's `/`): its first problem. */
  private lineEnds(i: number): ScanError {
    const last = this.chunk.slice(this.from, i);
    return this.valueEnds(this.pieces.length ? this.pieces.join('') + last : last);
  }

  /** Chunk-local index of the next '\n' at or after i, or the chunk's length. */
  private nextNewline(i: number): number {
    if (this.nlAt < i) {
      const j = this.chunk.indexOf('\n', i);
      this.nlAt = j < 0 ? this.chunk.length : j;
    }
    return this.nlAt;
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
  private startValue(i: number, role: 'item' | 'key' | 'link' | 'skip'): number {
    const c = this.chunk.charCodeAt(i);
    this.role = role;
    this.from = i;
    this.pieces = [];
    if (role === 'item' || role === 'link') {
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
    // In NDJSON a bare word is read as one (`not json`), for its error to name it.
    if (c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110 || (this.state === S.Lines && isLetter(c))) {
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
          // A comment: in NDJSON the value's error (up to the `/`), in one document the tolerant reader's to read.
          if (this.mode !== undefined) throw this.lineEnds(i + 1);
          throw this.unexpected(i, 'a value');
        } else if (ch === 10 && this.mode === 'line') {
          throw this.lineEnds(i);
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
    // In line mode a string ends on its line: a line end before the closing quote is the line's error.
    const nl = this.mode === 'line' ? this.nextNewline(i) : n;
    if (this.escaped) {
      if (i >= n) return n;
      if (i === nl) throw this.lineEnds(i);
      this.escaped = false;
      i += 1;
    }
    for (;;) {
      const q = c.indexOf('"', i);
      if (q < 0 || q > nl) {
        if (nl < n) throw this.lineEnds(nl);
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
      if (this.role === 'link') {
        // A string names the next page; null (the last page) or anything else names none.
        let v: unknown;
        try {
          v = JSON.parse(text);
        } catch (e) {
          throw this.error(`the value of '${this.key}' is not a valid JSON string: ${(e as Error).message}`, end - 1);
        }
        if (typeof v === 'string' && v !== '') this.nextPage = { key: this.key, value: v, line: this.itemLine, column: this.itemColumn };
        this.state = S.ObjNext;
        return end;
      }
      this.onItem({ text, index: this.count, line: this.itemLine, column: this.itemColumn });
      this.count += 1;
      if (this.state === S.Lines) this.lineHasValue = true;
      else this.state = S.ListNext;
      return end;
    }
    this.state = S.ObjNext;
    return end;
  }

  /** Between values: the characters of the list's and the object's structure. */
  private between(i: number): number {
    const c = this.chunk;
    const ch = c.charCodeAt(i);
    if (isWs(ch) || (ch === 0xfeff && this.base + i === 0)) {
      if (ch === 10) this.lineHasValue = false;
      return i + 1;
    }
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
        // A string value of a next-page key is kept (a short link or token); any other value is skipped.
        return this.startValue(i, ch === 34 && NEXT_PAGE_KEYS.has(k) ? 'link' : 'skip');
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
        return this.lineValue(i);
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
    this.objectEndLine = this.position(i).line;
    this.state = S.AfterObject;
    return i + 1;
  }

  /** In NDJSON (or values one after another), a character that is not white space: a value begins. */
  private lineValue(i: number): number {
    const ch = this.chunk.charCodeAt(i);
    if (this.mode === 'line' && this.lineHasValue) {
      const p = this.position(i);
      if (isValueStart(ch) || isLetter(ch)) {
        throw this.linesError(p.line, p.column, `a second value begins at column ${p.column}; a line of NDJSON holds one value`, undefined, `put each value on a line of its own: break line ${p.line} before column ${p.column}`);
      }
      throw this.linesError(p.line, p.column, `unexpected ${shown(this.chunk.charAt(i))} after the value`);
    }
    if (isValueStart(ch) || isLetter(ch)) return this.startValue(i, 'item');
    const p = this.position(i);
    throw this.linesError(p.line, p.column, firstJsonError(this.chunk.charAt(i))?.problem ?? `unexpected ${shown(this.chunk.charAt(i))}`);
  }

  /**
   * More text after a top-level object. NDJSON when the object is on one line and this begins a later
   * line: from here on each line holds one value (this one may be the line's error). Values one after
   * another when this begins a value elsewhere (jq's pretty output). Anything else — a comment, a stray
   * character after a document of several lines — is a syntax error, for the tolerant reader.
   */
  private startLines(i: number): number {
    const ch = this.chunk.charCodeAt(i);
    if (ch === 47) throw this.unexpected(i, 'the end of the text');
    const lines = this.objectEndLine === this.objectLine && this.position(i).line > this.objectEndLine;
    if (!lines && !isValueStart(ch)) throw this.unexpected(i, 'the end of the text');
    const whole = (this.kept ?? []).join('');
    const text = whole.slice(this.objectStart - this.keptBase, this.objectEnd - this.keptBase);
    this.kept = undefined;
    this.wrapper = false;
    this.level = 0;
    this.mode = lines ? 'line' : 'sequence';
    this.state = S.Lines;
    this.lineHasValue = false;
    this.onItem({ text, index: this.count, line: this.objectLine, column: this.objectColumn });
    this.count += 1;
    return this.lineValue(i);
  }
}
