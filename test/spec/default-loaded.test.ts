import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSpecModuleText } from '../../scripts/default-spec-module.js';
import { DEFAULT_SPEC_FILE, defaultSpec, loadDefaultSpec } from '../../src/spec/default-loaded.js';
import { defaultSpecText, loadSpec, type SpecPath } from '../../src/spec/load.js';
import { SpecSchema } from '../../src/spec/schema.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** Every key path of a value, parents first, and one absent child under each. */
function paths(value: unknown, prefix: SpecPath = []): SpecPath[] {
  const out: SpecPath[] = [prefix, [...prefix, 'absent'], [...prefix, 0]];
  if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

describe('the built-in spec without its YAML (issue 12, start-up)', () => {
  const read = loadSpec(defaultSpecText(), DEFAULT_SPEC_FILE);

  it('src/spec/default-spec.generated.ts is current', () => {
    const file = join(REPO_ROOT, 'src', 'spec', 'default-spec.generated.ts');
    expect(readFileSync(file, 'utf8'), 'src/spec/default-spec.generated.ts is stale: run `npm run gen:schema` and commit it').toBe(defaultSpecModuleText());
  });

  it('is the value loadSpec reads from the default text, key order included, and the schema defaults', () => {
    const loaded = loadDefaultSpec();
    expect(JSON.stringify(loaded.spec)).toBe(JSON.stringify(read.spec));
    expect(loaded.spec).toEqual(SpecSchema.parse({}));
    expect({ file: loaded.file, text: loaded.text, diagnostics: loaded.diagnostics }).toEqual({ file: read.file, text: read.text, diagnostics: read.diagnostics });
  });

  it('locates every key path (and absent ones) where loadSpec does', () => {
    const loaded = loadDefaultSpec();
    const all = paths(read.spec);
    expect(all.length).toBeGreaterThan(200);
    for (const p of [...all, ['compute', 'instance', 'name'], ['policy', 'exemptions', 0, 'rule'], ['network', 'subnets', 'bastion']]) {
      expect(loaded.locate(p), JSON.stringify(p)).toEqual(read.locate(p));
    }
    expect(loaded.locate(['keyVault', 'key', 'size'])).toEqual({ file: '<default>', line: expect.any(Number), column: expect.any(Number) });
  });

  it('gives a fresh copy each time', () => {
    const a = defaultSpec();
    a.tags.x = 'y';
    a.network.subnets.training = '10.0.0.0/24';
    expect(defaultSpec().tags).not.toHaveProperty('x');
    expect(loadDefaultSpec().spec.network.subnets.training).toBe('172.16.0.0/24');
  });
});
