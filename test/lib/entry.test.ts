import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { moduleSpecifiers } from '../../scripts/bundle-lib.js';
import { expandTemplate } from '../../src/arm/template/index.js';
import * as source from '../../src/index.js';
import { REPO_ROOT } from '../helpers/cli.js';

/**
 * The library entry (`import … from 'il5ml'`): package.json points at files the build makes, the file is
 * the bundle of src/index.ts (scripts/bundle-lib.ts), it imports nothing but Node's built-ins and the
 * package's own dependencies, and it runs the same engines as the sources. `npm test` builds first.
 */

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  main: string;
  types: string;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
};
const ENTRY = join(REPO_ROOT, 'dist', 'index.js');

describe('the library entry', () => {
  it('is what package.json names, and the build made it with its types', () => {
    expect(pkg.main).toBe('dist/index.js');
    expect(pkg.types).toBe('dist/index.d.ts');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(existsSync(ENTRY)).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'dist', 'index.d.ts'))).toBe(true);
  });

  it('is one bundle: it imports only built-ins and the dependencies, none of its own modules', () => {
    const text = readFileSync(ENTRY, 'utf8');
    const specifiers = moduleSpecifiers(text);
    expect(specifiers.length).toBeGreaterThan(0);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const foreign = specifiers.filter((s) => !builtins.has(s) && !Object.keys(pkg.dependencies).some((d) => s === d || s.startsWith(`${d}/`)));
    expect(foreign).toEqual([]);
    expect(text).not.toMatch(/import\(\s*["']\.\.?\//);
  });

  it('exports what src/index.ts exports', async () => {
    const built = (await import(pathToFileURL(ENTRY).href)) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
    for (const [name, value] of Object.entries(source)) expect(typeof built[name], name).toBe(typeof value);
  });

  it('expands a template as the sources do, and plans the built-in spec', async () => {
    const built = (await import(pathToFileURL(ENTRY).href)) as typeof source;
    const file = join(REPO_ROOT, 'test', 'arm', 'template', 'fixtures', 'subscription-nested.json');
    const input = { text: readFileSync(file, 'utf8'), file };
    const mine = built.expandTemplate(input);
    expect(mine.resources.length).toBeGreaterThan(0);
    expect(JSON.stringify(mine)).toBe(JSON.stringify(expandTemplate(input)));
    const spec = built.loadDefaultSpec();
    expect(built.validateSpec(spec).filter((d) => d.severity === 'error')).toEqual([]);
    const plan = built.buildPlan(spec.spec);
    expect(plan.template.resources.length).toBeGreaterThan(0);
    expect(plan.deploySh).toContain('az deployment');
  });
});
