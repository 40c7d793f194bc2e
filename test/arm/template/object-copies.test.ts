import { describe, expect, it } from 'vitest';
import { expand } from './helpers.js';

// An evaluated object is copied whole ({...o}) at its first changed value (Frame.evalObject); a renamed
// key, a property loop or a key left out then cuts the copy back to the keys before it. The result must be
// the object a copy made key by key from the start gives: the same keys in the same order.
describe('objects evaluated with some members changed', () => {
  it('keeps key order when a value changes before keys are renamed, looped or left out', () => {
    const r = expand({
      outputs: {
        o: {
          type: 'object',
          value: { a: "[concat('x')]", "[concat('b')]": 1, c: 2, copy: [{ name: 'd', count: 2, input: "[copyIndex('d')]" }], "[reference('nothere').k]": 5, e: "[concat('y')]", f: 3 },
        },
        p: { type: 'object', value: { a: 1, b: "[concat('z')]", "[concat('a')]": 2, c: [1, "[concat('q')]", 3] } },
      },
    });
    const o = r.outputs.o?.value as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(o).toEqual({ a: 'x', b: 1, c: 2, d: [0, 1], e: 'y', f: 3 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['IL5-ARM-UNKNOWN-KEY']);
    // A renamed key that names an earlier key replaces its value where it stands.
    const p = r.outputs.p?.value as Record<string, unknown>;
    expect(Object.keys(p)).toEqual(['a', 'b', 'c']);
    expect(p).toEqual({ a: 2, b: 'z', c: [1, 'q', 3] });
  });
});
