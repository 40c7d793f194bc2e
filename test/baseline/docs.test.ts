import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baselineRules } from '../../src/baseline/index.js';
import { renderRuleDoc, renderRuleIndex } from '../../src/baseline/docs.js';

/**
 * docs/rules/ is generated from rule metadata. `npm run golden:update` (UPDATE_GOLDEN=1) rewrites it;
 * otherwise a missing, stale or orphaned doc fails here.
 */
const DOCS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'rules');

function check(file: string, expected: string): void {
  const path = join(DOCS, file);
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(DOCS, { recursive: true });
    writeFileSync(path, expected, 'utf8');
    return;
  }
  if (!existsSync(path)) throw new Error(`docs/rules/${file} is missing: run \`npm run golden:update\` and commit it`);
  expect(readFileSync(path, 'utf8'), `docs/rules/${file} is stale: run \`npm run golden:update\``).toBe(expected);
}

describe('docs/rules', () => {
  for (const rule of baselineRules) {
    it(`${rule.id}.md is generated from the rule`, () => {
      const doc = renderRuleDoc(rule);
      for (const section of ['## Synopsis', '## Description', '## Remediation', '## Example', '## Links']) expect(doc).toContain(section);
      check(`${rule.id}.md`, doc);
    });
  }

  it('README.md indexes every rule', () => {
    check('README.md', renderRuleIndex(baselineRules));
  });

  it('holds no doc for a rule that does not exist', () => {
    const expected = new Set([...baselineRules.map((r) => `${r.id}.md`), 'README.md']);
    const extra = readdirSync(DOCS).filter((f) => !expected.has(f));
    expect(extra).toEqual([]);
  });
});
