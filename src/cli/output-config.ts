import { fstatSync, statSync } from 'node:fs';
import type { OutputConfiguration } from 'commander';

/**
 * Commander asks `process.stdout.isTTY` / `.columns` / `.hasColors()` (and the same of stderr) before it
 * prints help or an error; that first use of `process.stdout` builds a stream (a file's loads Node's streams
 * library, a pipe's the network module): some 5% of `--help` (issue 12, start-up). When the descriptor is
 * surely not a terminal — not a character device, or /dev/null itself — the answers are known without the
 * stream: no width, and colours only as the environment forces them (commander 14's `useColor`, copied
 * below). A character device that may be a terminal, and Windows, keep commander's own answers.
 */
function notATerminal(fd: 1 | 2): boolean {
  if (process.platform === 'win32') return false;
  try {
    const st = fstatSync(fd);
    return !st.isCharacterDevice() || st.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

/** commander 14.0.3, lib/command.js `useColor`: NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE. */
function useColor(): boolean | undefined {
  const env = process.env;
  if (env.NO_COLOR || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR || env.CLICOLOR_FORCE !== undefined) return true;
  return undefined;
}

/** The width and colour answers for the descriptors that are not terminals (commander's defaults elsewhere). */
export function streamlessOutput(): Partial<OutputConfiguration> {
  const out: Partial<OutputConfiguration> = {};
  if (notATerminal(1)) Object.assign(out, { getOutHelpWidth: () => undefined, getOutHasColors: () => useColor() ?? false });
  if (notATerminal(2)) Object.assign(out, { getErrHelpWidth: () => undefined, getErrHasColors: () => useColor() ?? false });
  return out;
}
