import { terminalSafe } from '../core/diagnostic.js';
import { utf8Pieces } from './utf8-pieces.js';
import { writeFd } from './write-fd.js';

/** The edge: everything the CLI reads from or writes to the outside, injectable for tests. */
export interface CliIO {
  stdout(text: string): void;
  /**
   * Text in parts, written as `stdout` would write the parts joined, without joining them (a 234 MB JSON
   * report: see utf8-pieces.ts). No terminal sequence of il5ml's own may span two parts (JSON's parts hold
   * none: each begins with ESC or CR, which JSON escapes). Absent: the caller joins the parts and calls `stdout`.
   */
  stdoutParts?(parts: Iterable<string>): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour, widths). */
  isTTY: boolean;
  /** Whether stderr is a terminal (progress lines); absent means no. */
  stderrIsTTY?: boolean;
  /** The terminal sequences il5ml is about to write itself (colours, erase-line): the only ones not escaped. */
  allowSequences?(sequences: readonly string[]): void;
}

/** The colours il5ml writes (table report, check summary). */
export const COLOUR_SEQUENCES = ['\u001b[0m', '\u001b[2m', '\u001b[31m', '\u001b[32m', '\u001b[33m', '\u001b[36m'] as const;
/** The progress line's return to the line start and erase. */
export const ERASE_LINE = '\r\u001b[2K';

const own = new Set<string>();

/** Each part terminal-safe: as the parts joined would be, since no sequence of `own` spans two (see CliIO.stdoutParts). */
function* safeParts(parts: Iterable<string>): Generator<string> {
  for (const p of parts) yield terminalSafe(p, own);
}

// Whatever il5ml prints passes terminalSafe: no input can rewrite the terminal or a CI log (issue 13).
export const processIO: CliIO = {
  stdout: (t) => writeFd(1, terminalSafe(t, own)),
  stdoutParts: (parts) => {
    for (const bytes of utf8Pieces(safeParts(parts))) writeFd(1, bytes);
  },
  stderr: (t) => writeFd(2, terminalSafe(t, own)),
  allowSequences: (sequences) => {
    for (const s of sequences) own.add(s);
  },
  cwd: process.cwd(),
  env: process.env,
  // Getters: the first use of process.stdout or process.stderr sets up the stream (a terminal, pipe or file),
  // which a command that never writes to it should not pay for at start-up (issue 12).
  get isTTY() {
    return Boolean(process.stdout.isTTY);
  },
  get stderrIsTTY() {
    return Boolean(process.stderr.isTTY);
  },
};

/** Exit codes, the same for every command. */
export const EXIT_OK = 0;
/** A check found NonCompliant results (or plan's baseline did, without an exemption). */
export const EXIT_FINDINGS = 1;
/** Bad input: a spec, template, flag or file the user gave is wrong. */
export const EXIT_BAD_INPUT = 2;
/** A defect in il5ml itself. */
export const EXIT_INTERNAL = 3;
