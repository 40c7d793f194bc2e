import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

// Each IL5-POLICY-INVALID at the field at fault, not at the definition's start: the line and column of the
// key in the file as the user wrote it (pretty-printed, in an array, in a REST {"value": [...]} list).
describe('IL5-POLICY-INVALID at the field at fault', () => {
  /** file:line:column of the first occurrence of `needle` (a key, quoted) in `text`. */
  const at = (file: string, text: string, needle: string): string => {
    const offset = text.indexOf(needle);
    const before = text.slice(0, offset).split('\n');
    return `${file}:${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
  };
  const pretty = (v: unknown): string => JSON.stringify(v, null, 2);
  const cases: [string, (d: object) => unknown, object, string][] = [
    ['an unknown operator, the definition alone', (d) => d, def(rule({ allOf: [typeIs, { field: 'location', equalz: 'x' }] })), '"equalz"'],
    ['an unknown operator, in an array of definitions', (d) => [def(rule(typeIs)), d], def(rule({ anyOf: [typeIs, { field: 'name', lik: 'a*' }] })), '"lik"'],
    ['a misspelt effect, in a REST list', (d) => ({ value: [def(rule(typeIs)), d], nextLink: null }), def(rule(typeIs, 'audti')), '"effect": "audti"'],
    ['an effect parameter allowing a non-effect', (d) => d, def(rule(typeIs, "[parameters('effect')]"), { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Nope'] } }), '"Nope"'],
    ['two operators: at the second', (d) => d, def(rule({ field: 'type', equals: 'x', notEquals: 'y' })), '"notEquals"'],
    ['exists: "yes"', (d) => d, def(rule({ allOf: [typeIs, { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', exists: 'yes' }] })), '"exists"'],
  ];
  it.each(cases)('%s', async (_what, wrap, d, needle) => {
    const text = pretty(wrap(d));
    const cwd = dir({});
    writeFileSync(join(cwd, 'p.json'), text);
    const r = await runMain(['check', 't.json', '--policy', 'p.json'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${at('p.json', text, needle)}: error IL5-POLICY-INVALID`);
  });
});

// "exists": "bool" (policy rule, Conditions, https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule,
// read 2026-12-08); the definition schema types it ["string", "boolean"]
// (https://schema.management.azure.com/schemas/2020-10-01/policyDefinition.json). Anything but a boolean or its
// text is refused where it is written; before, "yes" was read as false.
describe('exists takes a boolean or its text', () => {
  const existsDef = (v: unknown) => def(rule({ allOf: [typeIs, { field: 'Microsoft.KeyVault/vaults/enablePurgeProtection', exists: v }] }));
  it.each([['yes'], ['1'], [1], [null], [['true']]])('exists: %j is refused', async (v) => {
    const r = await runMain(['check', 't.json', '--policy', 'p.json'], { cwd: dir({ 'p.json': existsDef(v) }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`policyRule.if.allOf[1].exists takes true or false ("exists": "bool"), not ${JSON.stringify(v)}`);
  });
  it.each([[true], [false], ['true'], ['False'], ["[parameters('e')]"]])('exists: %j is accepted', async (v) => {
    const d = existsDef(v) as { properties: { parameters?: object } };
    if (typeof v === 'string' && v.startsWith('[')) d.properties.parameters = { e: { type: 'String', defaultValue: 'true' } };
    const r = await runMain(['check', 't.json', '--policy', 'p.json', '--baseline', 'none'], { cwd: dir({ 'p.json': d }) });
    expect(r.code, r.stderr).toBe(0);
  });
});

// "The policy rule conditions that an array type of parameter may be used with is limited to in and notIn";
// Azure refuses `"equals": "[parameters('allowedLocations')]"` with "Evaluation result of language expression
// '[parameters('allowedLocations')]' is type 'Array', expected type is 'String'" ("Author policies for array
// properties", Array conditions, https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays#array-conditions,
// read 2026-12-08). Before, il5ml compared the location with the array: NonCompliant in an allowed location.
describe('an Array parameter as the operand of a condition other than in / notIn', () => {
  const locations = { allowedLocations: { type: 'Array', defaultValue: ['usgovvirginia'] } };
  it.each(['equals', 'notEquals', 'like', 'contains'])('%s: refused at the operator, with Azure\'s words', async (op) => {
    const d = def(rule({ not: { field: 'location', [op]: "[parameters('allowedLocations')]" } }), locations);
    const r = await runMain(['check', 't.json', '--policy', 'p.json'], { cwd: dir({ 'p.json': d }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`policyRule.if.not.${op} uses the Array parameter 'allowedLocations'; Azure refuses it: "Evaluation result of language expression '[parameters('allowedLocations')]' is type 'Array', expected type is 'String'"`);
  });
  it.each([
    ['in', { not: { field: 'location', in: "[parameters('allowedLocations')]" } }, locations],
    ['notIn', { field: 'location', notIn: "[parameters('allowedLocations')]" }, locations],
    ['a String parameter with equals', { field: 'location', equals: "[parameters('where')]" }, { where: { type: 'String', defaultValue: 'usgovvirginia' } }],
    ['a value count over the Array parameter', { count: { value: "[parameters('allowedLocations')]", where: { field: 'location', equals: '[current()]' } }, equals: 0 }, locations],
  ])('%s: accepted', async (_what, cond, parameters) => {
    const r = await runMain(['check', 't.json', '--policy', 'p.json', '--baseline', 'none'], { cwd: dir({ 'p.json': def(rule(cond), parameters) }) });
    expect(r.code, r.stderr).toBe(0);
  });
});

// "All Resource Manager template functions are available to use within a policy rule, except the following
// functions" (policy rule, Policy functions, https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#policy-functions,
// read 2026-12-08): a rule calling one is refused at the string. Before, il5ml evaluated dateTimeAdd() and
// dateTimeToEpoch() into verdicts, and called resourceId() and the others unknown functions to spell again.
describe('template functions a policy rule does not have', () => {
  const KEYS = 'Microsoft.KeyVault/vaults';
  it.each([
    ['dateTimeAdd', { value: "[dateTimeAdd(utcNow(), 'P1D')]", greater: '2020-01-01' }],
    ['dateTimeToEpoch', { value: "[dateTimeToEpoch('2020-01-01T00:00:00Z')]", greater: 0 }],
    ['resourceId', { field: 'id', equals: "[resourceId('Microsoft.KeyVault/vaults', 'kv1')]" }],
    ['listKeys', { value: "[listKeys(field('id'), '2019-09-01').keys[0].value]", exists: 'true' }],
    ['reference', { value: "[length(reference(field('id')).x)]", equals: 1 }],
    ['environment', { value: '[environment().name]', equals: 'AzureUSGovernment' }],
  ])('%s: refused at the expression', async (name, cond) => {
    const r = await runMain(['check', 't.json', '--policy', 'p.json'], { cwd: dir({ 'p.json': def(rule({ allOf: [typeIs, cond] })) }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`policyRule\\.if\\.allOf\\[1\\]\\.(value|equals) calls ${name}\\(\\), which is not available in a policy rule`));
  });
  it('in a deployIfNotExists existenceCondition: refused; in the template it deploys: accepted', async () => {
    const dine = (existence: unknown) =>
      def({
        if: typeIs,
        then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Insights/diagnosticSettings', existenceCondition: existence, deployment: { properties: { mode: 'incremental', template: { resources: [{ name: "[variables('n')]", id: "[resourceId('Microsoft.KeyVault/vaults', 'kv1')]" }] } } } } },
      });
    const bad = await runMain(['check', 't.json', '--policy', 'p.json'], { cwd: dir({ 'p.json': dine({ field: 'id', equals: "[subscriptionResourceId('Microsoft.Network/virtualNetworks', 'v')]" }) }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('policyRule.then.details.existenceCondition.equals calls subscriptionResourceId(), which is not available in a policy rule');
    const good = await runMain(['check', 't.json', '--policy', 'p.json', '--baseline', 'none'], { cwd: dir({ 'p.json': dine({ field: 'Microsoft.Insights/diagnosticSettings/logs.enabled', equals: 'true' }) }) });
    expect(good.code, good.stderr).toBe(0);
  });
  it('the name in a string literal, or a function the rule has (utcNow, field, concat): accepted', async () => {
    const cond = { allOf: [{ field: 'name', notEquals: "[concat('resourceId(', field('name'))]" }, { value: '[utcNow()]', greater: '2020-01-01' }, { field: 'type', equals: KEYS }] };
    const r = await runMain(['check', 't.json', '--policy', 'p.json', '--baseline', 'none'], { cwd: dir({ 'p.json': def(rule(cond)) }) });
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

// A --policy-params value the set refuses (outside allowedValues) is one error, at its key in the user's
// file; the set references that use the parameter are counted into it, not reported as broken expressions
// of Microsoft's set (the repro: {"effect-d0793b48…": "Block"} against the DoD IL5 initiative).
describe('a --policy-params value outside allowedValues: one error, in the user\'s file', () => {
  const GUID = 'd0793b48-0edc-4296-a390-4c75d1bdfd71';
  const P = `effect-${GUID}`;
  const effectDef = (name: string) => ({
    name,
    properties: { displayName: `def ${name}`, mode: 'All', parameters: { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } }, policyRule: rule(typeIs, "[parameters('effect')]") },
  });
  const ref = (name: string) => ({ policyDefinitionReferenceId: `ref-${name}`, policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${name}`, parameters: { effect: { value: `[parameters('${P}')]` } } });
  const setOf = (names: string[], defaultValue = 'Audit') => ({
    name: 'ssssssss-0000-0000-0000-000000000001',
    properties: { displayName: 'DoD Impact Level 5', parameters: { [P]: { type: 'String', defaultValue, allowedValues: ['Audit', 'Deny', 'Disabled'] } }, policyDefinitions: names.map(ref) },
  });
  const one = [GUID];
  const two = [GUID, 'aaaaaaaa-1111-0000-0000-000000000002'];
  const files = (names: string[], setDefault?: string): Record<string, string> => ({
    'set.json': JSON.stringify(setOf(names, setDefault)),
    ...Object.fromEntries(names.map((d) => [`${d}.json`, JSON.stringify(effectDef(d))])),
  });
  const cases: { what: string; files: Record<string, string>; pp?: string; at: RegExp; message: string; not?: string[]; errors: number }[] = [
    { what: 'the repro: "Block" for the one reference that uses it', files: files(one), pp: `{\n  "${P}": "Block"\n}\n`, at: /^pp\.json:2:3: error IL5-POLICY-PARAM: /m, message: `'"Block"' is not an allowed value of '${P}' in 'DoD Impact Level 5' (1 of the set's definition references uses it and is left out until it has an allowed one)\n  fix: use one of ["Audit","Deny","Disabled"]`, errors: 1 },
    { what: 'two references use it: one error counting both', files: files(two), pp: `{"${P}": "Block"}`, at: /^pp\.json:1:2: error IL5-POLICY-PARAM: /m, message: '(2 of the set\'s definition references use it and are left out until it has an allowed one)', errors: 1 },
    { what: 'the ARM parameters file form, the key in another case', files: files(one), pp: `{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": {\n    "${P.toUpperCase()}": { "value": "Block" }\n  }\n}\n`, at: /^pp\.json:5:5: error IL5-POLICY-PARAM: /m, message: `'"Block"' is not an allowed value of '${P}'`, errors: 1 },
    { what: 'the set\'s own default outside its allowed values: the set file, "(default)"', files: files(one, 'Block'), at: /^set\.json: error IL5-POLICY-PARAM: /m, message: `'"Block"' (default) is not an allowed value of '${P}' in 'DoD Impact Level 5' (1 of the set's definition references uses it`, errors: 1 },
    { what: 'a definition given alone: the user\'s file', files: { 'd.json': JSON.stringify(effectDef(GUID)) }, pp: '{\n  "effect": "Block"\n}', at: /^pp\.json:2:3: error IL5-POLICY-PARAM: /m, message: `'"Block"' is not an allowed value of 'effect' in 'def ${GUID}'`, errors: 1 },
    // "Allowed value comparisons are case-sensitive when assigning a policy, meaning that the selected parameter
    // values in the assignment must match the casing of values in the allowedValues array in the definition"
    // (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-parameters#parameter-properties,
    // read 2026-12-08): Azure refuses "audit" where "Audit" is allowed, so il5ml does, naming the spelling.
    { what: 'the allowed value in another case: refused, the fix names the spelling', files: files(one), pp: `{\n  "${P}": "audit"\n}\n`, at: /^pp\.json:2:3: error IL5-POLICY-PARAM: /m, message: `'"audit"' is not an allowed value of '${P}' in 'DoD Impact Level 5' (1 of the set's definition references uses it and is left out until it has an allowed one)\n  fix: use one of ["Audit","Deny","Disabled"]: allowed values match in case, as Azure compares them ("Audit", not "audit")`, errors: 1 },
    { what: 'a definition given alone, the allowed value in another case', files: { 'd.json': JSON.stringify(effectDef(GUID)) }, pp: '{\n  "effect": "DENY"\n}', at: /^pp\.json:2:3: error IL5-POLICY-PARAM: /m, message: `'"DENY"' is not an allowed value of 'effect' in 'def ${GUID}'\n  fix: use one of ["Audit","Deny","Disabled"]: allowed values match in case, as Azure compares them ("Deny", not "DENY")`, errors: 1 },
    // A value of another type is refused twice (its type, and its allowed values), both at its key; no third error from the set.
    { what: 'a number for a String with allowed values: type and allowed values, at the key', files: files(one), pp: `{"${P}": 5}`, at: /^pp\.json:1:2: error IL5-POLICY-PARAMS: parameter '.*' in pp\.json is declared String but the value is number 5$/m, message: `pp.json:1:2: error IL5-POLICY-PARAM: '5' is not an allowed value of '${P}'`, errors: 2 },
  ];
  it.each(cases)('$what', async (c) => {
    const d = mkdtempSync(join(tmpdir(), 'il5ml-pp-'));
    writeFileSync(join(d, 't.json'), JSON.stringify({ $schema: schema, contentVersion: '1.0.0.0', resources: [] }));
    mkdirSync(join(d, 'pol'));
    for (const [f, text] of Object.entries(c.files)) writeFileSync(join(d, f === 'set.json' ? f : join('pol', f)), text);
    if (c.pp !== undefined) writeFileSync(join(d, 'pp.json'), c.pp);
    const policies = Object.keys(c.files).includes('set.json') ? ['--policy', 'set.json', '--policy', 'pol'] : ['--policy', 'pol'];
    const r = await runMain(['check', 't.json', ...policies, ...(c.pp !== undefined ? ['--policy-params', 'pp.json'] : []), '--baseline', 'none'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(c.at);
    expect(r.stderr).toContain(c.message);
    // No knock-on error blaming the set's expression, and the count of errors is the user's mistakes.
    expect(r.stderr).not.toContain('declares no such parameter');
    expect(r.stderr).not.toContain('fix the expression in the set');
    expect(r.stderr).toContain(`${c.errors} error${c.errors === 1 ? '' : 's'}; nothing was written.`);
  });
});
