import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';

// Issue 13, class 4: definitions and assignment parameters Azure refuses are refused (exit 2), all files'
// errors together; a misspelt effect no longer makes a definition vanish from the verdicts.

const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
let n = 0;
const def = (policyRule: unknown, parameters?: object) => ({ name: `aaaaaaaa-0000-0000-0000-${String(++n).padStart(12, '0')}`, properties: { displayName: `d${n}`, mode: 'All', ...(parameters ? { parameters } : {}), policyRule } });
const rule = (cond: unknown, effect: unknown = 'audit') => ({ if: cond, then: { effect } });
const typeIs = { field: 'type', equals: 'Microsoft.KeyVault/vaults' };

const refused: [string, object, string][] = [
  ['a misspelt effect', def(rule(typeIs, 'audti')), "policyRule.then.effect 'audti' is not an effect"],
  ['an effect parameter allowing a non-effect', def(rule(typeIs, "[parameters('effect')]"), { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Nope'] } }), `gives the effect "Nope", which is not an effect`],
  ['an unknown operator', def(rule({ field: 'type', equalz: 'x' })), "policyRule.if: 'equalz' is not a condition operator"],
  ['two operators in one condition', def(rule({ field: 'type', equals: 'x', notEquals: 'y' })), 'policyRule.if has 2 operators (equals, notEquals)'],
  ['a condition without operator', def(rule({ allOf: [{ field: 'type' }] })), 'policyRule.if.allOf[0] has no operator'],
  ['a null if', def(rule(null)), 'policyRule.if must be a condition object, but it is null'],
  ['a parameter used but not declared', def(rule({ field: 'location', equals: "[parameters('where')]" })), "the rule uses parameters('where'), which the definition does not declare"],
  ['an unknown operator deep in count.where', def(rule({ count: { field: 'x[*]', where: { field: 'x[*].y', lik: 'a' } }, greater: 0 })), "policyRule.if.count.where: 'lik' is not a condition operator"],
];

function dir(files: Record<string, unknown>): string {
  const d = mkdtempSync(join(tmpdir(), 'il5ml-validate-'));
  writeFileSync(join(d, 't.json'), JSON.stringify({ $schema: schema, contentVersion: '1.0.0.0', resources: [] }));
  for (const [f, v] of Object.entries(files)) writeFileSync(join(d, f), JSON.stringify(v));
  return d;
}

describe('policy definitions Azure refuses', () => {
  for (const [what, d, message] of refused) {
    it(`${what}: exit 2`, async () => {
      const r = await runMain(['check', 't.json', '--policy', 'p.json'], { cwd: dir({ 'p.json': d }) });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('IL5-POLICY-INVALID');
      expect(r.stderr).toContain(message);
    });
  }

  it('reports the errors of every file together', async () => {
    const r = await runMain(['check', 't.json', '--policy', 'a.json', '--policy', 'b.json'], { cwd: dir({ 'a.json': refused[0]?.[1], 'b.json': refused[5]?.[1] }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a.json');
    expect(r.stderr).toContain('b.json');
  });

  it('accepts a deployIfNotExists whose embedded template reads its own parameters', async () => {
    const dine = def({
      if: typeIs,
      then: { effect: 'deployIfNotExists', details: { type: 'Microsoft.Insights/diagnosticSettings', roleDefinitionIds: [], deployment: { properties: { mode: 'incremental', template: { parameters: { vaultName: { type: 'string' } }, resources: [{ name: "[parameters('vaultName')]" }] }, parameters: {} } } } },
    });
    const r = await runMain(['check', 't.json', '--policy', 'p.json', '--baseline', 'none'], { cwd: dir({ 'p.json': dine }) });
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('--policy-params Azure would refuse in an assignment', () => {
  const good = def(rule(typeIs, "[parameters('effect')]"), { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Disabled'] }, n: { type: 'Integer', defaultValue: 1 } });
  it.each([
    ['an undeclared name', { efect: 'Disabled' }, "parameter 'efect' in pp.json is not a parameter of the policies given"],
    ['a value of the wrong type', { n: 'one' }, `parameter 'n' in pp.json is declared Integer but the value is string "one"`],
  ])('%s: exit 2', async (_what, params, message) => {
    const r = await runMain(['check', 't.json', '--policy', 'p.json', '--policy-params', 'pp.json'], { cwd: dir({ 'p.json': good, 'pp.json': params }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('a declared name of the right type is used', async () => {
    const r = await runMain(['check', 't.json', '--policy', 'p.json', '--policy-params', 'pp.json', '--baseline', 'none'], { cwd: dir({ 'p.json': good, 'pp.json': { effect: 'Disabled', n: 2 } }) });
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('spec tags', () => {
  it('keep __proto__, a legal Azure tag name, in the template and deploy.sh', async () => {
    const d = mkdtempSync(join(tmpdir(), 'il5ml-proto-'));
    writeFileSync(join(d, 's.yaml'), 'region: usgovvirginia\ntags:\n  __proto__: kept\n  owner: me\n');
    const r = await runMain(['plan', '--spec', 's.yaml', '--out', 'o'], { cwd: d });
    expect(r.code).toBeLessThan(2);
    const { readFileSync } = await import('node:fs');
    const t = JSON.parse(readFileSync(join(d, 'o', 'azuredeploy.json'), 'utf8')) as { resources: { tags?: Record<string, string> }[] };
    const tagged = t.resources.filter((x) => x.tags);
    expect(tagged.length).toBeGreaterThan(0);
    for (const x of tagged) expect(Object.getOwnPropertyDescriptor(x.tags, '__proto__')?.value).toBe('kept');
    expect(readFileSync(join(d, 'o', 'deploy.sh'), 'utf8')).toContain('__proto__=kept');
  });
});

describe('several inputs', () => {
  it('a missing input and a template ARM refuses: both reported, exit 2', async () => {
    const d = dir({ 'bad.json': { $schema: schema, contentVersion: '1.0.0.0', resources: [], outputs: [] } });
    const r = await runMain(['check', 'missing.json', 'bad.json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.json does not exist');
    expect(r.stderr).toContain("'outputs' must be an object");
  });
});
