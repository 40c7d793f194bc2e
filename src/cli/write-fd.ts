import { writeSync } from 'node:fs';

/**
 * Writes to standard output or error with `writeSync` on the descriptor rather than through
 * `process.stdout` / `process.stderr`: their first use builds a stream (a file's loads Node's streams
 * library, a pipe's the network module), a few milliseconds of every start for a few lines of text
 * (issue 12, start-up). Node writes files and pipes synchronously anyway (POSIX), so the bytes and their
 * order are the same. A descriptor that is non-blocking and full (EAGAIN), or any other error (EPIPE when
 * the reader has gone), hands this and every later write of that descriptor to Node's stream, which then
 * behaves as it always did; later writes never overtake what the stream still holds. On Windows the
 * stream stays in use: a console there takes UTF-16 through libuv, not UTF-8 bytes.
 */
const useStream = new Set<1 | 2>(process.platform === 'win32' ? [1, 2] : []);

export function writeFd(fd: 1 | 2, text: string | Uint8Array): void {
  let rest: string | Uint8Array = text;
  if (!useStream.has(fd)) {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      return;
    } catch {
      useStream.add(fd);
      // The bytes not written yet (a partial write may end inside a character: bytes, not text).
      rest = bytes.subarray(done);
    }
  }
  (fd === 1 ? process.stdout : process.stderr).write(rest);
}
