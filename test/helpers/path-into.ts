/** A JSON path into `v`, chosen by `picks` (fast-check's integers), sometimes ending in a key or index that is not there. */
export function pathInto(v: unknown, picks: number[]): (string | number)[] {
  const path: (string | number)[] = [];
  let at: unknown = v;
  for (const p of picks) {
    if (Array.isArray(at)) {
      const i = at.length === 0 || p % 7 === 0 ? at.length + (p % 3) : p % at.length;
      path.push(i);
      at = at[i];
    } else if (at !== null && typeof at === 'object') {
      const keys = Object.keys(at);
      const k = keys.length === 0 || p % 7 === 0 ? `missing${p}` : (keys[p % keys.length] as string);
      path.push(k);
      at = (at as Record<string, unknown>)[k];
    } else break;
  }
  return path;
}
