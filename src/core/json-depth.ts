import { lineIndex } from './line-index.js';

/**
 * How deeply JSON may nest in what il5ml reads (templates, parameter files, policy definitions, service
 * tags): deeper input is refused before it is parsed, so that no recursive walk over it — ours, a
 * library's, JSON.stringify — can overflow the call stack. Real files nest far less: Mission Landing
 * Zone's mlz.json, the deepest template we know (nested deployments inside nested deployments), nests 44
 * levels; Microsoft's policy definitions fewer than 20.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * The offset of the first `{` or `[` that opens a level deeper than `max`, or undefined. One linear scan
 * that skips strings and comments (// and /* *\/, as templates may hold them); it does not validate.
 */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) {
      depth--;
    } else if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        const e = text.indexOf('\n', i);
        i = e < 0 ? n : e;
      } else if (d === 42) {
        const e = text.indexOf('*/', i + 2);
        i = e < 0 ? n : e + 1;
      }
    }
  }
  return undefined;
}

/** 1-based line and column of an offset (for the rare error; linear in the offset). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * lineColumn for many offsets of one text: the line starts are found once, each offset by binary search.
 * A file with 100,000 problems, each located by scanning from the start, took minutes (issue 13).
 */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const index = lineIndex(text);
  return (offset) => index.at(Math.max(0, Math.min(offset, text.length)));
}

export function depthMessage(file: string): string {
  return `${file} nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays, more than il5ml reads`;
}
