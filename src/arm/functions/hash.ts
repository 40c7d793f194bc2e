/**
 * The two deterministic hashes of ARM, reimplemented from their published descriptions:
 *
 * uniqueString(a, b, …): the arguments joined with '-', UTF-8 encoded, hashed with the 64-bit
 * MurmurHash variant of Azure Resource Manager (two 32-bit lanes, multipliers 0x239b961b and 0xab0e9789,
 * seed 0), then written as 13 base-32 characters `a-z2-7`, five bits at a time
 * from the most significant end (the 65th bit is a zero pad). Described by Microsoft DSC's uniqueString
 * reference ("concatenated with dash separators then hashed using MurmurHash64 and Base32-encoded") and
 * by public reimplementations (uniquestring.sh, "Microsoft's MurmurHash64 variant … with custom constants").
 *
 * guid(a, b, …): a name-based (version 5, SHA-1) UUID, RFC 4122 §4.3, in the namespace
 * 11fb06fb-712d-4ddd-98c7-e71bbd588830 over the arguments joined with '-'.
 *
 * Both are checked against values Azure returned, cited in test/arm/functions/hash.test.ts.
 */
import { sha1 } from '../../core/sha1.js';

const C1 = 0x239b961b;
const C2 = 0xab0e9789;

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}
function mul(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}
function fmix(h: number): number {
  h = (h ^ (h >>> 16)) >>> 0;
  h = mul(h, 0x85ebca6b);
  h = (h ^ (h >>> 13)) >>> 0;
  h = mul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
function readLE(data: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = (v << 8) | (data[at + i] ?? 0);
  return v >>> 0;
}

/** ARM's 64-bit MurmurHash of bytes (see the file comment); returns [high, low] 32-bit halves. */
export function murmurHash64(data: Uint8Array, seed = 0): [number, number] {
  let h1 = seed >>> 0;
  let h2 = seed >>> 0;
  const length = data.length;
  let i = 0;
  for (; i + 7 < length; i += 8) {
    let k1 = readLE(data, i, 4);
    let k2 = readLE(data, i + 4, 4);
    k1 = mul(rotl(mul(k1, C1), 15), C2);
    h1 = (h1 ^ k1) >>> 0;
    h1 = (rotl(h1, 19) + h2) >>> 0;
    h1 = (mul(h1, 5) + 0x561ccd1b) >>> 0;
    k2 = mul(rotl(mul(k2, C2), 17), C1);
    h2 = (h2 ^ k2) >>> 0;
    h2 = (rotl(h2, 13) + h1) >>> 0;
    h2 = (mul(h2, 5) + 0x0bcaa747) >>> 0;
  }
  const tail = length - i;
  if (tail > 0) {
    const k1 = mul(rotl(mul(readLE(data, i, Math.min(tail, 4)), C1), 15), C2);
    h1 = (h1 ^ k1) >>> 0;
    if (tail > 4) {
      const k2 = mul(rotl(mul(readLE(data, i + 4, tail - 4), C2), 17), C1);
      h2 = (h2 ^ k2) >>> 0;
    }
  }
  h1 = (h1 ^ length) >>> 0;
  h2 = (h2 ^ length) >>> 0;
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  return [h2, h1];
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * Results by input: a template names most resources with uniqueString(resourceGroup().id), so the plan's
 * check hashed the same string some 70 times, cold (uniqueString was 8% of it). Bounded: inputs up to 512
 * characters, at most 1,024 of them (cleared when full).
 */
const uniqueStrings = new Map<string, string>();
const UNIQUE_STRINGS_KEPT = 1024;
const UNIQUE_STRING_KEPT_CHARS = 512;

export function uniqueString(values: readonly string[]): string {
  const input = values.join('-');
  if (input.length > UNIQUE_STRING_KEPT_CHARS) return hashToBase32(input);
  const known = uniqueStrings.get(input);
  if (known !== undefined) return known;
  if (uniqueStrings.size >= UNIQUE_STRINGS_KEPT) uniqueStrings.clear();
  const out = hashToBase32(input);
  uniqueStrings.set(input, out);
  return out;
}

/** One encoder for every hash (an encoder per call was an object and its setup each time). */
const utf8 = new TextEncoder();

function hashToBase32(input: string): string {
  const [hi, lo] = murmurHash64(utf8.encode(input));
  let v = (BigInt(hi) << 32n) | BigInt(lo);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += BASE32.charAt(Number(v >> 59n));
    v = (v << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

/** The namespace ARM's guid() hashes in. */
export const GUID_NAMESPACE = '11fb06fb-712d-4ddd-98c7-e71bbd588830';

/** RFC 4122 version-5 UUID of `name` (UTF-8) in `namespace`. */
export function uuidV5(namespace: string, name: Uint8Array): string {
  return uuidOf(namespaceBytes(namespace), name);
}

/** The 16 bytes of a UUID written in hex with dashes; ARM's namespace's, made once. */
function namespaceBytes(namespace: string): Uint8Array {
  return Buffer.from(namespace.replace(/-/g, ''), 'hex');
}
const ARM_NAMESPACE = namespaceBytes(GUID_NAMESPACE);

/** The version-5 UUID of `name` in the namespace of `ns` (its 16 bytes): SHA-1 of both, in one buffer. */
function uuidOf(ns: Uint8Array, name: Uint8Array): string {
  const input = new Uint8Array(ns.length + name.length);
  input.set(ns);
  input.set(name, ns.length);
  const b = Buffer.from(sha1(input).buffer, 0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** ARM's guid(): the version-5 UUID of the values joined with '-', in ARM's namespace. */
export function armGuid(values: readonly string[]): string {
  return uuidOf(ARM_NAMESPACE, utf8.encode(values.join('-')));
}
