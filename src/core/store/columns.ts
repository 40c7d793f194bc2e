import type { IntColumn } from './types.js';

/** `column[at] = value`, the column grown with zeros to reach `at` (columns indexed by id code). */
export function setAt(column: IntColumn, at: number, value: number): void {
  while (column.length <= at) column.push(0);
  column.set(at, value);
}
