import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha1 } from '../../src/core/sha1.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const nodeSha1 = (b: Uint8Array): string => createHash('sha1').update(b).digest('hex');

describe('sha1', () => {
  it.each([
    // FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values", SHA-1) and the empty message.
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
  ])('%j', (text, digest) => {
    expect(hex(sha1(new TextEncoder().encode(text)))).toBe(digest);
  });

  it('is node:crypto’s SHA-1 at every length around the block boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(hex(sha1(bytes)), `length ${n}`).toBe(nodeSha1(bytes));
    }
  });

  it('is node:crypto’s SHA-1 of any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (bytes) => hex(sha1(bytes)) === nodeSha1(bytes)),
      { numRuns: 500 },
    );
  });
});
