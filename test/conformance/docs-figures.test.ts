/**
 * The figures README.md and docs/ci.md print for a check of Mission Landing Zone are what il5ml gives today:
 * the summary line of `il5ml check mlz.json … --policy <the DoD IL5 initiative>` (they had drifted once:
 * 390 verdicts printed, 395 given).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runMain } from '../helpers/cli.js';
import { sharedPath } from './shared.js';

const SUMMARY = /il5ml check: (\d+ verdicts over \d+ resources \([^)]*\))/;
const printed = (doc: string): string => {
  const m = SUMMARY.exec(readFileSync(join(REPO_ROOT, doc), 'utf8'));
  if (!m?.[1]) throw new Error(`${doc} prints no summary line`);
  return m[1];
};

describe('the Mission Landing Zone figures the docs print', () => {
  it.each(['README.md', 'docs/ci.md'])('%s', async (doc) => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-docs-figures-'));
    const r = await runMain(['check', sharedPath('templates', 'missionlz', 'mlz.json'), '--parameters', 'identifier=mlz1', '--policy', sharedPath('azure-policy'), '--format', 'json', '--out', join(dir, 'r.json')], { cwd: dir });
    expect(r.code).toBe(1);
    expect(SUMMARY.exec(r.stderr)?.[1]).toBe(printed(doc));
  });
});
