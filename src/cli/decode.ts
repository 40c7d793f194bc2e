import { isUtf8 } from 'node:buffer';

/**
 * The text of a file il5ml reads by itself. UTF-8 (with or without a byte-order mark, which is kept as
 * U+FEFF for the parsers to skip, so columns stay right), or UTF-16 when it starts with a UTF-16
 * byte-order mark — what Windows PowerShell 5.1's `>` and `Out-File` write, and what Azure CLI reads too.
 * Bytes that are not valid UTF-8 are refused at their line and column instead of being replaced by
 * U+FFFD behind the user's back: a name or a pattern would then differ from the one in the file.
 */
export type Decoded = { text: string } | { error: string };

export function decodeText(buf: Buffer): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: `\ufeff${new TextDecoder('utf-16le', { ignoreBOM: false }).decode(buf)}` };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: `\ufeff${new TextDecoder('utf-16be', { ignoreBOM: false }).decode(buf)}` };
  if (isUtf8(buf)) return { text: buf.toString('utf8') };
  const at = firstInvalidUtf8(buf);
  const before = buf.subarray(0, at).toString('utf8');
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const hex = [...buf.subarray(at, at + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return { error: `is not valid UTF-8: at line ${line}, column ${column} (byte ${at}: ${hex})` };
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b === 0xe0) (need = 2), (min = 0xa0);
    else if (b === 0xed) (need = 2), (min = 0x80), (max = 0x9f);
    else if (b >= 0xe1 && b <= 0xef) (need = 2), (min = 0x80);
    else if (b === 0xf0) (need = 3), (min = 0x90);
    else if (b >= 0xf1 && b <= 0xf3) (need = 3), (min = 0x80);
    else if (b === 0xf4) (need = 3), (min = 0x80), (max = 0x8f);
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < min || c > max : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}
