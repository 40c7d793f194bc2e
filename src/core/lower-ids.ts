/**
 * One string for each lower-cased id that an index keeps (issue 12 memory): a check's lookups key every
 * kept resource, parent and dependsOn target by its lower-case id, and the same id comes up in several of
 * them (the baseline's by-id and dependsOn maps, the children maps of both engines, the policy pass's
 * stubs). Each is a string of ~150-250 bytes in V8; kept once, a large estate holds one instead of three
 * to five. Only what an index keeps goes through `of`: a lookup's query is lower-cased as usual.
 */
export class LowerIds {
  private readonly known = new Map<string, string>();

  /** `s.toLowerCase()`, the same string object for equal ids. */
  of(s: string): string {
    const lower = s.toLowerCase();
    const known = this.known.get(lower);
    if (known !== undefined) return known;
    this.known.set(lower, lower);
    return lower;
  }

  get size(): number {
    return this.known.size;
  }
}
