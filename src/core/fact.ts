/**
 * Every fact in a catalog carries its source and the date it was read (../shared/STYLE.md, point 7).
 */
export interface Source {
  /** A URL (Microsoft Learn page, repository file) or a file in ../shared with its commit. */
  url: string;
  /** The date the fact was read from the source, YYYY-MM-DD. */
  read: string;
  /** Optional short note: which section or table of the source. */
  note?: string;
}

export interface Fact<T> {
  value: T;
  source: Source;
}
