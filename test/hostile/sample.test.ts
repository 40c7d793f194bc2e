import { beforeAll, describe, expect, it } from 'vitest';
import { allCases, type Case } from './cases.js';
import { runCases, type Outcome } from './runner.js';

// Issue 13: a sample of the hostile campaign — at most three cases a class, typed as a user types them
// (`node bin/il5ml.cjs …`, built by `npm test` first). The whole campaign is `npm run hostile`.

const PER_CLASS = 3;
const sample: Case[] = [];
const taken = new Map<string, number>();
for (const c of allCases()) {
  if (!c.sample) continue;
  const n = taken.get(c.cls) ?? 0;
  if (n >= PER_CLASS) continue;
  taken.set(c.cls, n + 1);
  sample.push(c);
}

let outcomes = new Map<string, Outcome>();
beforeAll(async () => {
  const done = await runCases(sample, { concurrency: 3, bounds: { timeoutMs: 60_000, addressSpace: 6 * 1024 ** 3 } });
  outcomes = new Map(done.map((o) => [o.id, o]));
}, 600_000);

describe('hostile input (sample of npm run hostile)', () => {
  it('covers every class of the campaign', () => {
    expect([...taken.keys()].sort()).toEqual(['deep', 'encoding', 'escapes', 'invalid', 'live', 'outputs', 'secrets', 'size', 'special-input', 'work']);
  });
  for (const c of sample) {
    it(`[${c.cls}] ${c.id}`, () => {
      const o = outcomes.get(c.id);
      expect(o?.failures, o?.stderrHead).toEqual([]);
    });
  }
});
