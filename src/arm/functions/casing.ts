/**
 * toUpper(), toLower() and the case-insensitive string searches (indexOf, lastIndexOf, startsWith,
 * endsWith) change case as .NET's invariant casing does: one code point at a time by its simple Unicode
 * mapping, so the length never changes (dotnet/runtime src/native/libs/System.Globalization.Native/pal_casing.c,
 * GlobalizationNative_ChangeCaseInvariant: u_toupper/u_tolower per code point, asserting srcIdx == dstIdx;
 * "Straße".ToUpperInvariant() is "STRAßE", https://github.com/dotnet/runtime/issues/86794; read 2026-12-08).
 * JavaScript's toUpperCase()/toLowerCase() apply the full mappings instead ("ß" → "SS", "İ" → "i̇", a
 * final "Σ" → "ς"), which change the text and move every index after them.
 * Two exceptions there match Windows: U+0131 (ı) upper-cases to itself and U+0130 (İ) lower-cases to itself.
 */

/**
 * Simple upper-case mappings of the characters whose full mapping has more than one code point and whose
 * simple one is another character (UnicodeData.txt, field 12): the Greek letters with ypogegrammeni map to
 * their prosgegrammeni capitals. Every other such character (ß, ŉ, ǰ, the ligatures ﬀ…) has no simple
 * mapping and stays as it is.
 */
function simpleUpper(cp: number): number | undefined {
  if ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7)) return cp + 8;
  if (cp === 0x1fb3) return 0x1fbc;
  if (cp === 0x1fc3) return 0x1fcc;
  if (cp === 0x1ff3) return 0x1ffc;
  return undefined;
}

const ASCII = /^[\u0000-\u007f]*$/;

function mapEach(s: string, upper: boolean): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (upper ? cp === 0x131 : cp === 0x130) {
      out += ch;
      continue;
    }
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    // One code point of the same UTF-16 length: the simple mapping (JavaScript's full one agrees there).
    if (m.length === ch.length && [...m].length === 1) out += m;
    else {
      const simple = upper ? simpleUpper(cp) : undefined;
      out += simple === undefined ? ch : String.fromCodePoint(simple);
    }
  }
  return out;
}

/** String.ToUpperInvariant(). */
export function toUpperInvariant(s: string): string {
  return ASCII.test(s) ? s.toUpperCase() : mapEach(s, true);
}

/** String.ToLowerInvariant(). */
export function toLowerInvariant(s: string): string {
  return ASCII.test(s) ? s.toLowerCase() : mapEach(s, false);
}
