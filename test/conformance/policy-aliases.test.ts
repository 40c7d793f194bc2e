/**
 * The generated alias table is what scripts/gen-aliases.ts makes of ../shared/azure-policy/aliases.json
 * today: regenerating gives the same bytes (deterministic, and not edited by hand), and every alias it
 * keeps has the type and default path Azure publishes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aliasesOfType } from '../../src/policy/aliases.js';
import { ALIAS_TABLE } from '../../src/policy/aliases.generated.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { SHARED, sharedPath } from './shared.js';

describe('alias table', () => {
  it('regenerates to the same bytes', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'il5ml-aliases-')), 'aliases.generated.ts');
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO_ROOT, 'scripts', 'gen-aliases.ts'), SHARED, '--out', out], { stdio: 'pipe' });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'src', 'policy', 'aliases.generated.ts'), 'utf8'));
  });

  it('every kept alias has the default path of the published table', () => {
    const published = JSON.parse(readFileSync(sharedPath('azure-policy', 'aliases.json'), 'utf8')) as Record<string, Record<string, string>>;
    const byLower = new Map<string, Map<string, string>>();
    for (const [t, m] of Object.entries(published)) {
      const inner = byLower.get(t.toLowerCase()) ?? new Map<string, string>();
      for (const [a, p] of Object.entries(m)) inner.set(a.toLowerCase(), p);
      byLower.set(t.toLowerCase(), inner);
    }
    let checked = 0;
    for (const [type] of ALIAS_TABLE) {
      for (const [alias, path] of aliasesOfType(type)) {
        expect(byLower.get(type.toLowerCase())?.get(alias), `${type} ${alias}`).toBe(path);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });
});
