/**
 * Errors and warnings are data with a position until the CLI turns them into text and an exit code
 * (../shared/STYLE.md, point 5). Every layer returns Diagnostic[]; only src/cli/ prints or exits.
 */
export type Severity = 'error' | 'warning' | 'info';

/** A place in a user's file. line and column are 1-based, as editors show them. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable code, e.g. `IL5-SPEC-REGION`. */
  code: string;
  /** What is wrong, in the user's terms. */
  message: string;
  /** How to fix it. */
  fix?: string;
  /** Where: file:line:column when known. */
  location?: SourceLocation;
  /** Where, as a path into the document (`network.subnets.training`), when there is one. */
  path?: string;
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/** `file:line:col: error CODE: message` then an indented `fix:` line, the form compilers use. */
/**
 * Control characters (C0, DEL, C1 — escape sequences start with ESC or CSI), line breaks and Unicode
 * bidirectional overrides: input text that would rewrite a terminal or a CI log view, or fake a line.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text from input made safe to print: each unsafe character shown as its \uXXXX escape. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// eslint-disable-next-line no-control-regex
const TERMINAL_UNSAFE = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text made safe for a terminal or a CI log, at the edge where the CLI writes it: line feeds, CRLF line
 * ends (CSV's) and tabs pass, every other unsafe character is escaped as escapeControl does, whatever wrote it (a file name, a
 * value of a template or a spec echoed in a table, a library's message) — except the `own` sequences, the
 * colours and erase-line il5ml writes itself when it has decided to (a terminal, --color). JSON stays the
 * same JSON: an unsafe character can only be inside a string there, where \uXXXX is its escape.
 */
export function terminalSafe(text: string, own: ReadonlySet<string> = new Set()): string {
  if (own.size === 0) return text.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  let out = '';
  let from = 0;
  TERMINAL_UNSAFE.lastIndex = 0;
  for (let m = TERMINAL_UNSAFE.exec(text); m; m = TERMINAL_UNSAFE.exec(text)) {
    const at = m.index;
    if (at < from) continue;
    const seq = [...own].find((s) => text.startsWith(s, at));
    out += text.slice(from, at) + (seq ?? `\\u${text.charCodeAt(at).toString(16).padStart(4, '0')}`);
    from = at + (seq?.length ?? 1);
    TERMINAL_UNSAFE.lastIndex = from;
  }
  return out + text.slice(from);
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${escapeControl(formatLocation(d.location))}: ` : d.path ? `${escapeControl(d.path)}: ` : '';
  const head = `${where}${d.severity} ${d.code}: ${escapeControl(d.message)}`;
  return d.fix ? `${head}\n  fix: ${escapeControl(d.fix)}` : head;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Sort by file, line, column, then code, so reports are stable. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => {
    const fa = a.location?.file ?? '';
    const fb = b.location?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.location?.line ?? 0;
    const lb = b.location?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.location?.column ?? 0;
    const cb = b.location?.column ?? 0;
    if (ca !== cb) return ca - cb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

/**
 * Thrown by pure code only when it cannot go on with a user's input; carries every diagnostic found
 * so far. The CLI prints them and exits 2 with no stack trace.
 */
export class UserInputError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'UserInputError';
    this.diagnostics = diagnostics;
  }
}

/** Named replacement for the non-null assertion `!` (STYLE.md point 10): throws with a reason. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`internal: ${what} is missing`);
  return value;
}
