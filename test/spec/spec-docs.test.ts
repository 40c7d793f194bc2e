import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CheckSchema } from '../../src/spec/schema.js';

/** docs/spec.md shows the `check:` section: every key the schema takes, so none is found only by reading code. */
describe('docs/spec.md', () => {
  it('names every key of the check: section', () => {
    const doc = readFileSync(new URL('../../docs/spec.md', import.meta.url), 'utf8');
    const block = /## `check:`[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const documented = [...block.matchAll(/^ {2}([A-Za-z]+):/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(CheckSchema.shape).sort());
  });
});
