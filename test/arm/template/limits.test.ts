import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../../helpers/cli.js';

// Issue 13, class 3 (deep, huge, endless input) and class 4 (templates ARM refuses): every input ends in
// bounded time with exit 2 and a message naming the limit — never exit 3 or a hang.

const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const HEAD = `{"$schema":"${schema}","contentVersion":"1.0.0.0"`;
const tpl = (extra: object): string => JSON.stringify({ $schema: schema, contentVersion: '1.0.0.0', resources: [], ...extra });
const deployment = (name: string, props: object): object => ({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name, properties: { mode: 'Incremental', ...props } });
const pip = (extra: object = {}): object => ({ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2023-04-01', name: "[concat('p', copyIndex())]", location: 'x', ...extra });
const copyOf = (n: number, inner: object): object => JSON.parse(tpl({ resources: [{ ...deployment("[concat('d', copyIndex())]", { template: inner }), copy: { name: 'c', count: n } }] })) as object;

function vars(n: number, each: (i: number) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) out[`v${i}`] = each(i);
  return out;
}

type Case = [name: string, files: Record<string, string>, args: string[], expected: string | RegExp];
const E = (name: string, template: string, expected: string | RegExp, extra: Record<string, string> = {}, args: string[] = []): Case => [name, { 't.json': template, ...extra }, ['expand', 't.json', ...args], expected];

const leaf = JSON.parse(tpl({ resources: [pip({ copy: { name: 'c', count: 800 } })] })) as object;
const dag: Record<string, string> = {};
for (let i = 0; i < 40; i++) {
  dag[`l/t${i}.json`] = i === 39 ? tpl({ resources: [pip({ name: 'p' })] }) : tpl({ resources: [0, 1].map((k) => deployment(`l${k}`, { templateLink: { relativePath: `t${i + 1}.json` } })) });
}

const cases: Case[] = [
  // JSON nesting, before any parse
  E('a template nesting arrays 100,000 deep', `${HEAD},"resources":[],"variables":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`, 'nests deeper than 512 levels of objects and arrays'),
  E('a parameters file nesting 100,000 deep', tpl({ parameters: { a: { type: 'array' } } }), 'p.json nests deeper than 512 levels', { 'p.json': `{"parameters":{"a":{"value":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}` }, ['--parameters', 'p.json']),
  E('nested inline deployments 2,000 deep', `${`${HEAD},"resources":[{"type":"Microsoft.Resources/deployments","apiVersion":"2022-09-01","name":"d","properties":{"mode":"Incremental","template":`.repeat(2000)}${tpl({})}${'}}]}'.repeat(2000)}`, 'nests deeper than 512 levels'),
  ['a policy with allOf 20,000 deep', { 't.json': tpl({}), 'pol.json': `{"properties":{"mode":"All","policyRule":{"if":${'{"allOf":['.repeat(20_000)}{"field":"type","equals":"x"}${']}'.repeat(20_000)},"then":{"effect":"audit"}}}}` }, ['check', 't.json', '--policy', 'pol.json'], 'pol.json nests deeper than 512 levels'],
  ['a policy with not 20,000 deep', { 't.json': tpl({}), 'pol.json': `{"properties":{"mode":"All","policyRule":{"if":${'{"not":'.repeat(20_000)}{"field":"type","equals":"x"}${'}'.repeat(20_000)},"then":{"effect":"audit"}}}}` }, ['check', 't.json', '--policy', 'pol.json'], 'pol.json nests deeper than 512 levels'],
  ['a service tags file nesting 100,000 deep', { 'tags.json': `{"changeNumber":1,"cloud":"AzureGovernment","values":${'['.repeat(100_000)}${']'.repeat(100_000)}}` }, ['egress', '--service-tags', 'tags.json'], 'tags.json nests deeper than 512 levels'],
  // expressions
  E('an expression nested 100,000 deep', tpl({ outputs: { o: { type: 'string', value: `[${'concat('.repeat(100_000)}'a'${')'.repeat(100_000)}]` } } }), 'ARM allows at most 24576 in a template expression'),
  E('an expression nested 3,000 deep within 24,576 characters', tpl({ outputs: { o: { type: 'array', value: `[${'not('.repeat(3000)}true${')'.repeat(3000)}]` } } }), 'the expression nests deeper than 256 levels'),
  E('a property chain 10,000 long', tpl({ outputs: { o: { type: 'string', value: `[createObject()${'.a'.repeat(10_000)}]` } } }), 'the expression nests deeper than 256 levels'),
  // evaluation depth
  E('a chain of 500 variables', tpl({ variables: vars(500, (i) => (i === 499 ? 'x' : `[variables('v${i + 1}')]`)), outputs: { o: { type: 'string', value: "[variables('v0')]" } } }), "is evaluated 100 levels deep"),
  E('a user-defined function calling itself', tpl({ functions: [{ namespace: 'f', members: { g: { parameters: [{ name: 'x', type: 'int' }], output: { type: 'int', value: "[f.g(parameters('x'))]" } } } }], outputs: { o: { type: 'int', value: '[f.g(1)]' } } }), 'ARM does not allow a user-defined function to call user-defined functions'),
  E('a user-defined function calling another', tpl({ functions: [{ namespace: 'f', members: { a: { parameters: [], output: { type: 'int', value: 1 } }, b: { parameters: [], output: { type: 'int', value: '[f.a()]' } } } }], outputs: { o: { type: 'int', value: '[f.b()]' } } }), 'user-defined function f.a is called from inside a user-defined function'),
  // work
  E('copy loops of 800 multiplied through two nested deployments', JSON.stringify(copyOf(800, copyOf(800, leaf))), 'IL5-ARM-WORK'),
  E('lambdas over 10,000-element ranges nested three deep', tpl({ outputs: { o: { type: 'int', value: "[length(map(range(0, 10000), lambda('i', map(range(0, 10000), lambda('j', map(range(0, 10000), lambda('k', lambdaVariables('k'))))))))]" } } }), 'IL5-ARM-WORK'),
  ['linked templates each linking the next twice, 40 deep', dag, ['expand', 'l/t0.json'], 'IL5-ARM-WORK'],
  // values doubling: small in memory (each level shares the one below), exponential as text (issue 13 §3)
  E('strings doubling 60 times', tpl({ variables: vars(60, (i) => (i === 0 ? 'ab' : `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`)), outputs: { o: { type: 'string', value: "[variables('v59')]" } } }), 'IL5-ARM-WORK'),
  E('arrays doubling 60 times', tpl({ variables: vars(60, (i) => (i === 0 ? '[createArray(1)]' : `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`)), outputs: { o: { type: 'int', value: "[length(variables('v59'))]" } } }), 'IL5-ARM-WORK'),
  E('objects doubling 60 times, then string()', tpl({ variables: vars(60, (i) => (i === 0 ? { a: 1 } : { l: `[variables('v${i - 1}')]`, r: `[variables('v${i - 1}')]` })), outputs: { o: { type: 'string', value: "[string(variables('v59'))]" } } }), 'IL5-ARM-WORK'),
  E('objects doubling 60 times, then printed', tpl({ variables: vars(60, (i) => (i === 0 ? { a: 1 } : { l: `[variables('v${i - 1}')]`, r: `[variables('v${i - 1}')]` })), outputs: { o: { type: 'object', value: "[variables('v59')]" } } }), 'IL5-ARM-WORK'),
  E('arrays nesting doubling 60 times, then json(string())', tpl({ variables: vars(60, (i) => (i === 0 ? '[createArray(1)]' : `[createArray(variables('v${i - 1}'), variables('v${i - 1}'))]`)), outputs: { o: { type: 'array', value: "[json(string(variables('v59')))]" } } }), 'IL5-ARM-WORK'),
  E('an object doubling 60 times in reduce()', tpl({ outputs: { o: { type: 'int', value: "[length(string(reduce(range(0, 60), createObject('a', 1), lambda('acc', 'i', createObject('l', lambdaVariables('acc'), 'r', lambdaVariables('acc'))))))]" } } }), 'IL5-ARM-WORK'),
  E('a doubled object read by 600 resource properties', tpl({ variables: vars(16, (i) => (i === 0 ? { a: 1 } : { l: `[variables('v${i - 1}')]`, r: `[variables('v${i - 1}')]` })), resources: [pip({ name: 'p', properties: vars(600, () => "[variables('v15')]") })] }), 'IL5-ARM-WORK'),
  E('equals() on a doubled object 10,000 times in filter()', tpl({ variables: vars(18, (i) => (i === 0 ? { a: 1 } : { l: `[variables('v${i - 1}')]`, r: `[variables('v${i - 1}')]` })), outputs: { o: { type: 'int', value: "[length(filter(range(0, 10000), lambda('i', equals(variables('v17'), variables('v17')))))]" } } }), 'IL5-ARM-WORK'),
  ['objects doubling 60 times, checked', { 't.json': tpl({ variables: vars(60, (i) => (i === 0 ? { a: 1 } : { l: `[variables('v${i - 1}')]`, r: `[variables('v${i - 1}')]` })), outputs: { o: { type: 'string', value: "[string(variables('v59'))]" } } }) }, ['check', 't.json'], 'IL5-ARM-WORK'],
  // ARM's documented limits
  E('801 resources in one deployment', tpl({ resources: [pip({ copy: { name: 'c', count: 800 } }), pip({ name: 'one-more' })] }), 'declares 801 resources (copies included); ARM allows at most 800'),
  E('65 outputs', tpl({ outputs: vars(65, (i) => ({ type: 'int', value: i })) }), 'the template has 65 outputs; ARM allows at most 64'),
  E('513 variables', tpl({ variables: vars(513, (i) => i) }), 'the template has 513 variables; ARM allows at most 512'),
  E('257 parameters', tpl({ parameters: vars(257, () => ({ type: 'int', defaultValue: 1 })) }), 'the template has 257 parameters; ARM allows at most 256'),
  E('a template over 4 MB', tpl({ variables: { big: 'x'.repeat(4 * 1024 * 1024) } }), 'ARM accepts at most 4 MB'),
  E('a copy count of 801', tpl({ resources: [pip({ copy: { name: 'c', count: 801 } })] }), 'copy count must be an integer from 0 to 800'),
  // templates ARM refuses (class 4)
  E('outputs that are not an object', tpl({ outputs: [] }), "'outputs' must be an object, but it is an array"),
  E('variables that are not an object', tpl({ variables: 3 }), "'variables' must be an object, but it is number 3"),
  E('a parameter declaration that is not an object', tpl({ parameters: { a: 'string' } }), "the declaration of parameter 'a' must be an object"),
  E('an output without type', tpl({ outputs: { o: { value: 1 } } }), "output 'o' has no 'type'"),
  E('an output of an unknown type', tpl({ outputs: { o: { type: 'strnig', value: 'a' } } }), `output 'o' has type string "strnig", which ARM does not know`),
  E('a minValue that is not a number', tpl({ parameters: { a: { type: 'int', minValue: 'x', defaultValue: 1 } } }), "'minValue' of parameter 'a' must be a number"),
  E('a copy without name', tpl({ resources: [pip({ copy: { count: 2 } })] }), "the resource copy loop has no 'name'"),
  E('an integer beyond 64 bits', `${HEAD},"resources":[],"outputs":{"o":{"type":"int","value":99999999999999999999}}}`, 'the integer 99999999999999999999 does not fit in 64 bits'),
];

describe('hostile and invalid templates end with exit 2 and the limit named', () => {
  for (const [name, files, args, expected] of cases) {
    it(name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'il5ml-limits-'));
      for (const [f, text] of Object.entries(files)) {
        mkdirSync(join(dir, f, '..'), { recursive: true });
        writeFileSync(join(dir, f), text);
      }
      const r = await runMain(args, { cwd: dir });
      expect(r.code, r.stderr.slice(0, 500)).toBe(2);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toContain('internal error');
      expect(r.stderr).not.toContain('call stack');
    }, 60_000);
  }

  it('mlz-sized nesting stays allowed: 70 nested deployments, 99 chained variables, an expression 200 deep', async () => {
    let nest: object = JSON.parse(tpl({ resources: [pip({ name: 'p' })] })) as object;
    for (let i = 0; i < 70; i++) nest = JSON.parse(tpl({ resources: [deployment(`d${i}`, { template: nest })] })) as object;
    const chain = tpl({ variables: vars(99, (i) => (i === 98 ? 'x' : `[variables('v${i + 1}')]`)), outputs: { o: { type: 'string', value: "[variables('v0')]" }, e: { type: 'bool', value: `[${'not('.repeat(200)}true${')'.repeat(200)}]` } } });
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-limits-'));
    writeFileSync(join(dir, 'n.json'), JSON.stringify(nest));
    writeFileSync(join(dir, 'v.json'), chain);
    const n = await runMain(['expand', 'n.json'], { cwd: dir });
    expect(n.code, n.stderr).toBe(0);
    expect((JSON.parse(n.stdout) as { resources: unknown[] }).resources).toHaveLength(71);
    const v = await runMain(['expand', 'v.json'], { cwd: dir });
    expect(v.code, v.stderr).toBe(0);
    expect((JSON.parse(v.stdout) as { outputs: Record<string, { value: unknown }> }).outputs).toEqual({ o: { type: 'string', value: 'x' }, e: { type: 'bool', value: true } });
  });
});
