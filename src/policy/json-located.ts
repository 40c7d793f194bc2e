/**
 * JSON documents Azure prints (policy assignments, provider alias listings), read with the position of
 * every value, so that each problem names file:line:column and its JSON path. Keys are looked up
 * case-insensitively, as Azure reads them (`az` and PowerShell spell them differently).
 */
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { depthMessage, lineColumn, tooDeepAt } from '../core/json-depth.js';
import { StrictJsonPaths } from '../core/json-paths.js';
import { bomAsSpace, notStrictError, parseErrorWords, tolerable } from '../core/json-tolerant.js';

export type Path = (string | number)[];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A property by name, case-insensitively; with the key as written. */
export function member(o: Record<string, unknown>, name: string): [string, unknown] | undefined {
  if (Object.prototype.hasOwnProperty.call(o, name)) return [name, o[name]];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return [k, o[k]];
  return undefined;
}

export function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Where each JSON path stands in the text, and the diagnostics of one file under one code. The syntax tree
 * is made when the first position is asked for (a file without problems needs none). Text past
 * TOLERANT_LIMIT (core/json-tolerant.ts) has no tree: it is strict JSON (nothing else is read at that
 * size), whose paths core/json-paths.ts finds by scanning only the containers on them.
 */
export class LocatedReader {
  readonly diagnostics: Diagnostic[] = [];
  private starts: number[] | undefined;
  private tree: JsonNode | undefined | null;
  private strict: StrictJsonPaths | undefined;
  /** Each object node's members by key, made when a path first goes through it. */
  private readonly members = new Map<JsonNode, Map<string, JsonNode>>();
  private readonly text: string;
  constructor(
    readonly file: string,
    readonly code: string,
    text: string,
  ) {
    // A byte-order mark is not part of the JSON (core/json-tolerant.ts); a space keeps every offset.
    this.text = bomAsSpace(text);
  }

  /** The property (`"key": value`) at the path, or the value for an array member; the document when absent. */
  at(path: Path): SourceLocation {
    return this.find(path) ?? this.offsetAt(0);
  }

  /** As `at`, but undefined when the path is absent from the file. */
  find(path: Path): SourceLocation | undefined {
    if (!tolerable(this.text)) {
      const offset = (this.strict ??= new StrictJsonPaths(this.text)).offsetOf(path);
      return offset === undefined ? undefined : this.offsetAt(offset);
    }
    if (this.tree === undefined) this.tree = parseTree(this.text, [], { allowTrailingComma: false, disallowComments: true }) ?? null;
    const node = this.tree ? this.nodeAt(this.tree, path) : undefined;
    return node ? this.offsetAt(node.parent?.type === 'property' ? node.parent.offset : node.offset) : undefined;
  }

  private offsetAt(offset: number): SourceLocation {
    this.starts ??= lineStarts(this.text);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }

  /**
   * jsonc-parser's findNodeAtLocation (the first member of a key; an index within the array), with each
   * object's members indexed once: a search through the members at every lookup made an assignment with
   * 200,000 parameters, each reported, take minutes (the hostile campaign, 2026-12-07).
   */
  private nodeAt(root: JsonNode, path: Path): JsonNode | undefined {
    let node = root;
    for (const segment of path) {
      const children = node.children;
      if (!Array.isArray(children)) return undefined;
      if (typeof segment === 'string') {
        if (node.type !== 'object') return undefined;
        let byKey = this.members.get(node);
        if (byKey === undefined) {
          byKey = new Map();
          for (const p of children) {
            const [k, v] = p.children ?? [];
            if (p.children?.length === 2 && typeof k?.value === 'string' && v !== undefined && !byKey.has(k.value)) byKey.set(k.value, v);
          }
          this.members.set(node, byKey);
        }
        const next = byKey.get(segment);
        if (next === undefined) return undefined;
        node = next;
      } else {
        const next = node.type === 'array' && segment >= 0 ? children[segment] : undefined;
        if (next === undefined) return undefined;
        node = next;
      }
    }
    return node;
  }

  error(path: Path, message: string, fix: string): void {
    this.report('error', path, message, fix);
  }

  warn(path: Path, message: string, fix: string): void {
    this.report('warning', path, message, fix);
  }

  /** The last line, once more than MAX_LISTED problems were found: how many more there are. */
  private more: Diagnostic | undefined;
  private unlisted = 0;

  /** A problem at its position, with its JSON path; past MAX_LISTED, counted in one line at the first not listed. */
  private report(severity: 'error' | 'warning', path: Path, message: string, fix: string): void {
    if (this.more === undefined && this.diagnostics.length < MAX_LISTED) {
      this.diagnostics.push({ severity, code: this.code, message, fix, location: this.at(path), path: pathText(path) });
      return;
    }
    this.unlisted++;
    if (this.more === undefined) {
      this.more = { severity, code: this.code, message: '', fix: 'fix the problems listed (the same mistake repeated, most often), then run again to see the rest', location: this.at(path), path: pathText(path) };
      this.diagnostics.push(this.more);
    } else if (severity === 'error') this.more.severity = 'error';
    this.more.message = `${this.unlisted} more problem${this.unlisted === 1 ? '' : 's'} in ${this.file}, from here on, not listed: il5ml lists the first ${MAX_LISTED} of a file`;
  }
}

/**
 * How many problems of one file are listed: an assignment whose notScopes was an array of 2,000,000 numbers
 * printed 4,000,000 lines and took 3.9 GB and 14.6 s (the hostile campaign, 2026-12-08); the rest are
 * counted in one line.
 */
export const MAX_LISTED = 1000;

/**
 * Strict JSON with positions; nesting deeper than core/json-depth.ts allows, or invalid JSON, is a list
 * of errors (at most five syntax errors) and no document.
 */
export function parseLocated(file: string, input: string, code: string, fix: string): { doc: unknown; reader: LocatedReader } | { diagnostics: Diagnostic[] } {
  // A file saved by Windows PowerShell (az ... > file.json) starts with a byte-order mark (core/json-tolerant.ts).
  const text = bomAsSpace(input);
  const deep = tooDeepAt(text);
  if (deep !== undefined) return { diagnostics: [{ severity: 'error', code, message: depthMessage(file), fix, location: { file, ...lineColumn(text, deep) } }] };
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: its errors, at their positions, below.
  }
  if (doc !== undefined) return { doc, reader: new LocatedReader(file, code, text) };
  if (!tolerable(text)) return { diagnostics: [notStrictError(file, text, code, fix)] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length || !tree) {
    const diagnostics: Diagnostic[] = errors.slice(0, 5).map((e) => ({
      severity: 'error' as const,
      code,
      message: `${file} is not valid JSON: ${parseErrorWords(e, text)}`,
      fix: 'fix the JSON syntax at this position',
      location: { file, ...lineColumn(text, e.offset) },
    }));
    if (!diagnostics.length) diagnostics.push({ severity: 'error', code, message: `${file} is empty`, fix, path: file });
    return { diagnostics };
  }
  // jsonc-parser read what JSON.parse refused without an error (it never should: both read strict JSON).
  return { diagnostics: [{ severity: 'error', code, message: `${file} is not valid JSON`, fix, path: file }] };
}
