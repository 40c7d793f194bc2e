/**
 * Parts of a text as UTF-8, in buffers of about `size` bytes, each part written into the buffer by
 * itself. Joining the parts into a string first costs more than the rest of writing them: the joined
 * string is two-byte if any part holds a character past Latin-1, and V8 copies every part into it (the
 * JSON report of the 100k bench estate, 234 MB: 40,000 results' parts joined and encoded 190-290 ms, written
 * part by part 130-150 ms, of which 100-110 ms is making the parts). Each part must be whole text (no
 * surrogate pair cut between two parts), as report/json-stream.ts's are: a cut pair would be written as
 * two U+FFFD rather than its character.
 */
export function* utf8Pieces(parts: Iterable<string>, size = 1 << 20): Generator<Buffer> {
  let buf = Buffer.allocUnsafe(size);
  let used = 0;
  for (const part of parts) {
    // At most 3 bytes a UTF-16 unit: a part given this room is written whole.
    const most = part.length * 3;
    if (used + most > buf.length) {
      if (used > 0) {
        yield buf.subarray(0, used);
        buf = Buffer.allocUnsafe(size);
        used = 0;
      }
      if (most > buf.length) {
        yield Buffer.from(part, 'utf8');
        continue;
      }
    }
    used += buf.write(part, used, 'utf8');
  }
  if (used > 0) yield buf.subarray(0, used);
}
