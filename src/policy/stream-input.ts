/**
 * Streaming input of `il5ml check` (issue 12): a resource list of any size — past the ~512 MB a
 * JavaScript string holds — read piece by piece as it arrives. The scanner (stream-scan.ts) cuts the
 * text into items with their line and column; each item is parsed by JSON.parse and becomes a resource
 * exactly as readCheckInput makes it (resourceFromItem), handed on at once (`onResource`).
 *
 * Pure: the caller brings the bytes (a file stream, a test's chunks) as an async iterable.
 */
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import type { AzureResource } from '../core/resource.js';
import { resourceFromItem, reviveInPlace } from './input.js';
import { nextPageError } from './next-page.js';
import { ListScanner, ScanError, type ScannedItem } from './stream-scan.js';

export { ScanError, MAX_NESTING } from './stream-scan.js';

export type StreamOutcome =
  /** A list was read: every item was a resource (handed to onResource) or a diagnostic. */
  | { kind: 'list'; count: number; diagnostics: Diagnostic[] }
  /** Not a list (one object: a template, `az resource show`): its whole text, for readCheckInput. */
  | { kind: 'whole'; text: string };

/** Whether an item's text may hold `{"$unknown": …}` (any spelling of the key: `$` or an escape). */
function mayHoldUnknown(text: string): boolean {
  return text.includes('"$') || text.includes('\\');
}

/**
 * Bytes decoded at once. Node gives the text of a larger decode (past ~1,000,000 bytes: its StringBytes
 * EXTERN_APEX) as an external string outside V8's heap, two bytes a character, allocated with malloc: each
 * 1 MiB chunk of a check's input became 2 MiB of malloc'd memory, kept until a collection freed the item
 * strings sliced from it, and with worker threads (one malloc arena each) the arenas stayed full. Smaller
 * decodes give ordinary strings of the heap (issue 10: peak RSS of `check --jobs 2`, docs/ARCHITECTURE.md).
 */
const DECODE_BYTES = 1 << 18;

/** Whether a file's name says it is NDJSON (one JSON value a line): `.ndjson` (the NDJSON spec) or `.jsonl` (JSON Lines). */
export function isNdjsonName(path: string): boolean {
  return /\.(?:ndjson|jsonl)$/i.test(path);
}

/**
 * Reads a resource list from chunks of UTF-8 (or already decoded text). Throws ScanError for text that is
 * not strict JSON (kind 'syntax', at its line and column; a tolerant reader may still read it), that nests
 * too deep (kind 'depth'), or a line of NDJSON that is not one JSON value (kind 'lines', at the line and
 * column of its problem; stream-scan.ts says when the text is NDJSON).
 */
export async function readResourceStream(
  file: string,
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  onResource: (r: AzureResource, index: number) => void,
  /** Items for which this says false are not parsed (nor handed on): a second read of a checked list that needs only some. */
  want?: (index: number) => boolean,
  /** Awaited after each chunk: a consumer that needs to catch up (a worker out of credit) holds the reading. */
  between?: () => Promise<void> | undefined,
  /** The text is NDJSON from its first line (isNdjsonName of the file). */
  ndjson = false,
): Promise<StreamOutcome> {
  const diagnostics: Diagnostic[] = [];
  const onItem = (item: ScannedItem): void => {
    if (want !== undefined && !want(item.index)) return;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch (e) {
      throw scanner.itemError(item, (e as Error).message);
    }
    if (value !== null && typeof value === 'object' && mayHoldUnknown(item.text)) value = reviveInPlace(value);
    const loc: SourceLocation = { file, line: item.line, column: item.column };
    const r = resourceFromItem(value, item.index, file, loc);
    if ('diagnostic' in r) diagnostics.push(r.diagnostic);
    else onResource(r.resource, item.index);
  };
  const scanner = new ListScanner(onItem, undefined, ndjson);
  // ignoreBOM keeps a byte-order mark as U+FEFF, as readFile does: columns on line 1 then agree.
  // fatal: bytes that are not UTF-8 end the scan as a syntax error; the whole-text reader then refuses the
  // file at the line and column of the first bad byte, instead of reading U+FFFD into names (issue 13).
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  const decode = (chunk?: Uint8Array): string => {
    try {
      return decoder.decode(chunk, { stream: chunk !== undefined });
    } catch {
      throw new ScanError('the input is not valid UTF-8', 1, 1, 'syntax');
    }
  };
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') scanner.push(chunk);
    else for (let at = 0; at < chunk.length; at += DECODE_BYTES) scanner.push(decode(chunk.subarray(at, at + DECODE_BYTES)));
    const wait = between?.();
    if (wait) await wait;
  }
  scanner.push(decode());
  const end = scanner.end();
  if (end.kind === 'whole') return end;
  const next = end.nextPage;
  if (next) diagnostics.push(nextPageError(file, next.key, next.value, { file, line: next.line, column: next.column }, 'resources', 'IL5-CHECK-INPUT'));
  return { kind: 'list', count: end.items, diagnostics };
}
