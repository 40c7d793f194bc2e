import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pythonInt } from '../../src/cli/parameters.js';
import { runMain } from '../helpers/cli.js';

/**
 * --parameters as `az deployment group create` takes them, in the cases session 19 found deviating:
 * parameters typed by a user-defined type ($ref, languageVersion 2.0), KEY=@FILE, and a URL given
 * where a file is expected (az downloads it; il5ml is offline).
 */

// As Bicep compiles `type netType = { cidr: string }` / `param net netType`: the parameter has no "type",
// only a "$ref" into "definitions" (https://learn.microsoft.com/azure/azure-resource-manager/templates/definitions, read 2026-12-07).
const TYPED = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  languageVersion: '2.0',
  contentVersion: '1.0.0.0',
  definitions: {
    netType: { type: 'object', properties: { cidr: { type: 'string' } } },
    countType: { type: 'int', minValue: 1 },
    countAlias: { $ref: '#/definitions/countType' },
    'flag/Type': { type: 'bool' },
    loopA: { $ref: '#/definitions/loopB' },
    loopB: { $ref: '#/definitions/loopA' },
  },
  parameters: {
    net: { $ref: '#/definitions/netType' },
    count: { $ref: '#/definitions/countAlias' },
    flag: { $ref: '#/definitions/flag~1Type' },
    name: { type: 'string', defaultValue: 'st' },
    loop: { $ref: '#/definitions/loopA', defaultValue: 'x' },
  },
  resources: {},
  outputs: {
    cidr: { type: 'string', value: "[parameters('net').cidr]" },
    count: { type: 'int', value: "[parameters('count')]" },
    flag: { type: 'bool', value: "[parameters('flag')]" },
    name: { type: 'string', value: "[parameters('name')]" },
    loop: { type: 'string', value: "[string(parameters('loop'))]" },
  },
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-parameters-az-'));
  writeFileSync(join(dir, 'typed.json'), JSON.stringify(TYPED));
  writeFileSync(join(dir, 'name.txt'), 'from-file\n');
  writeFileSync(join(dir, 'net.json'), '{"cidr": "10.20.0.0/16"}\n');
});

const run = (...args: string[]) => runMain(args, { cwd: dir });
const outputs = (stdout: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries((JSON.parse(stdout) as { outputs: Record<string, { value: unknown }> }).outputs).map(([k, v]) => [k, v.value]));

describe('KEY=VALUE typed by a user-defined type ($ref), as az resolves it', () => {
  it('il5ml expand typed.json -p net={"cidr":…} -p count=3 -p flag=false: object, int (through two $refs) and bool (escaped pointer)', async () => {
    const r = await run('expand', 'typed.json', '-p', 'net={"cidr":"10.0.0.0/24"}', '-p', 'count=3', '-p', 'flag=false');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(outputs(r.stdout)).toMatchObject({ cidr: '10.0.0.0/24', count: 3, flag: false });
  });

  it('a value that does not fit the referenced type is the typed error, not a string passed on', async () => {
    const r = await run('expand', 'typed.json', '-p', 'net=10.0.0.0/24', '-p', 'count=three', '-p', 'flag=true');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'net' is of type object; its value must be JSON");
    expect(r.stderr).toContain("'count' is of type int; 'three' is not a whole number");
  });

  it('a $ref cycle does not hang: the value is taken as written', async () => {
    const r = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', 'count=1', '-p', 'flag=true', '-p', 'loop=abc');
    expect(r.stderr).toBe('');
    expect(outputs(r.stdout).loop).toBe('abc');
  });
});

describe('KEY=@FILE reads the value from the file, as az expands it', () => {
  it('a string from a file, its final newline dropped; an object from a JSON file', async () => {
    const r = await run('expand', 'typed.json', '-p', 'name=@name.txt', '-p', 'net=@net.json', '-p', 'count=1', '-p', 'flag=true');
    expect(r.stderr).toBe('');
    expect(outputs(r.stdout)).toMatchObject({ name: 'from-file', cidr: '10.20.0.0/16' });
  });

  it('a value from a file that does not fit is named by its file, its content never repeated', async () => {
    writeFileSync(join(dir, 'secret.txt'), 'TOPSECRETVALUE\n');
    const r = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', 'count=@secret.txt', '-p', 'flag=@secret.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'count' is of type int; the content of secret.txt is not a whole number");
    // A bool is false unless it is true (as az reads it): a warning, naming the file, not its content.
    expect(r.stderr).toContain("'flag' is of type bool and the content of secret.txt is not 'true', so it is false");
    expect(r.stderr).not.toContain('TOPSECRETVALUE');
  });

  it('@ with no such file is kept as written (az keeps it too)', async () => {
    const r = await run('expand', 'typed.json', '-p', 'name=@no-such.txt', '-p', 'net={"cidr":"a"}', '-p', 'count=1', '-p', 'flag=true');
    expect(r.code).toBe(0);
    expect(outputs(r.stdout).name).toBe('@no-such.txt');
  });
});

describe('a URL where a file is expected (az downloads it; il5ml is offline)', () => {
  it.each([
    [['expand', 'https://stil5.blob.core.usgovcloudapi.net/t/main.json?sv=2022&sig=SECRETSIG'], 'template https://stil5.blob.core.usgovcloudapi.net/t/main.json is a URL', 'curl -fsSLo main.json'],
    [['expand', 'typed.json', '-p', 'https://user:PASSWORD@example.com/p/azuredeploy.parameters.json'], 'parameters file https://example.com/p/azuredeploy.parameters.json is a URL', 'curl -fsSLo azuredeploy.parameters.json'],
    [['check', 'https://example.com/main.json'], 'input https://example.com/main.json is a URL', 'curl -fsSLo main.json'],
  ])('%j: one error saying so, the SAS token or password never repeated', async (args, message, fix) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('il5ml reads local files only and makes no network calls');
    expect(r.stderr).toContain(fix);
    expect(r.stderr).toContain('1 error; nothing was written.');
    expect(r.stderr).not.toMatch(/SECRETSIG|PASSWORD|https:\/(?!\/)/);
  });
});

describe('KEY=VALUE takes exactly what az takes (_try_parse_key_value_object, azure-cli custom.py, read 2026-12-08)', () => {
  // What Python 3.11's int() answers for each (run here with python3 -c 'int(s)', 2026-12-08); None: ValueError.
  it.each([
    ['5', 5],
    ['+5', 5],
    ['-5', -5],
    [' +5 ', 5],
    ['\t7\n', 7],
    ['\u00a05', 5],
    ['\u30005', 5],
    ['\u00855', 5],
    ['007', 7],
    ['1_000', 1000],
    ['\u0663', 3],
    ['\u0661\u0662', 12],
    ['\u{1d7d3}', 5],
    ['\u0967\u0968_3', 123],
    ['1__0', undefined],
    ['_1', undefined],
    ['1_', undefined],
    ['+_1', undefined],
    ['- 1', undefined],
    ['5.0', undefined],
    ['0x10', undefined],
    ['', undefined],
    [' ', undefined],
    ['yes', undefined],
    ['\u001c5', undefined],
    ['\ufeff5', undefined],
    ['\u200b5', undefined],
  ])('int(%j) is %s', (text, value) => {
    expect(pythonInt(text)).toBe(value);
  });

  it('il5ml expand typed.json -p count=+5 -p flag=yes: taken as az takes them (5, and false with a warning), exit 0', async () => {
    const r = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', 'count=+5', '-p', 'flag=yes');
    expect(r.code, r.stderr).toBe(0);
    expect(outputs(r.stdout)).toMatchObject({ count: 5, flag: false });
    expect(r.stderr).toBe(
      "--parameters: warning IL5-CLI-PARAMETERS: --parameters flag=…: 'flag' is of type bool and 'yes' is not 'true', so it is false, as az reads it (az takes any value but true as false)\n  fix: write flag=true or flag=false\n",
    );
  });

  it('bool: TRUE is true and False false without a word; an empty value is false, said', async () => {
    const t = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', 'count=1', '-p', 'flag=TRUE');
    expect(t.stderr).toBe('');
    expect(outputs(t.stdout).flag).toBe(true);
    const f = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', 'count=1', '-p', 'flag=False');
    expect(f.stderr).toBe('');
    expect(outputs(f.stdout).flag).toBe(false);
    const e = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', 'count=1', '-p', 'flag=');
    expect(e.code).toBe(0);
    expect(outputs(e.stdout).flag).toBe(false);
    expect(e.stderr).toContain("'flag' is of type bool and '' is not 'true', so it is false");
  });

  it('int: 1_000 is 1000 and digits of another script are read, each said; 5.0 is still an error', async () => {
    const r = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', 'count=1_000', '-p', 'flag=true');
    expect(r.code).toBe(0);
    expect(outputs(r.stdout).count).toBe(1000);
    expect(r.stderr).toContain("'count' is of type int and '1_000' is read as 1000, as az reads it");
    const bad = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', 'count=5.0', '-p', 'flag=true');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'count' is of type int; '5.0' is not a whole number");
  });

  // An ARM int is Int64 (Azure/bicep issue 5324, read 2026-12-08); il5ml's numbers are exact to 2^53 - 1.
  // Before, 9007199254740993 was taken as 9007199254740992 and 10^23 as 1e+23, without a word.
  it.each([
    ['9007199254740993', "is an ARM int (64-bit), but past ±9007199254740991 (2^53 - 1), beyond which il5ml computes numbers inexactly: it would become 9007199254740992, so il5ml does not take it"],
    ['-9_223_372_036_854_775_808', 'is an ARM int (64-bit), but past ±9007199254740991 (2^53 - 1), beyond which il5ml computes numbers inexactly: it would become -9223372036854776000'],
    ['9223372036854775808', 'is outside the range of an ARM int, a 64-bit integer (-9223372036854775808 to 9223372036854775807)'],
    ['-9223372036854775809', 'is outside the range of an ARM int, a 64-bit integer (-9223372036854775808 to 9223372036854775807)'],
    [`000${'9'.repeat(400)}`, 'is outside the range of an ARM int, a 64-bit integer'],
  ])('int: count=%s is refused (exit 2), never rounded', async (value, why) => {
    const r = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', `count=${value}`, '-p', 'flag=true');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`--parameters count=…: 'count' is of type int; '${value}' ${why}`);
    expect(r.stderr).toContain('fix: write count=<whole number from -9007199254740991 to 9007199254740991>');
  });

  it('int: ±9007199254740991 (2^53 - 1), the largest exact, are taken as written', async () => {
    for (const value of ['9007199254740991', '-9007199254740991']) {
      const r = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', `count=${value}`, '-p', 'flag=true');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`"value": ${value}`);
    }
  });

  it("a KEY in another case than the template's: az refuses it (a dict lookup), so il5ml does, naming the declared spelling", async () => {
    const r = await run('expand', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', 'Count=5', '-p', 'flag=true');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--parameters Count=…: typed.json declares 'count', not 'Count': az matches a KEY=VALUE name as written");
    expect(r.stderr).toContain('fix: write count=…');
  });

  it('check takes them the same way and says the same warning', async () => {
    const r = await run('check', 'typed.json', '-p', 'net={"cidr":"a"}', '-p', 'count=+5', '-p', 'flag=yes', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("'flag' is of type bool and 'yes' is not 'true', so it is false");
  });
});

// Several parameters files merged (as az merges them): one with a syntax error named the file alone, with
// "give it alone to see where" as the fix.
describe('a parameters file merged with others that is not JSON: at its line and column', () => {
  it.each([
    ['a missing comma (jsonc-parser)', 'b.json', '{\n  "parameters": {\n    "count": {"value": 1}\n    "flag": {"value": true}\n  }\n}\n', 'b.json:4:5: error IL5-ARM-PARAMFILE: b.json is not valid JSON'],
    ['a comment past the tolerant limit (strictSyntaxError)', 'c.json', `{\n  "parameters": {${' '.repeat(32 * 1024 * 1024)}\n    "count": // one\n 1}}\n`, 'c.json:3:14: error IL5-ARM-PARAMFILE: c.json is not valid JSON'],
  ])('%s', async (_what, name, text, want) => {
    writeFileSync(join(dir, name), text);
    const r = await run('expand', 'typed.json', '-p', 'net=@net.json', '-p', 'flag=true', '-p', name);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(want);
    expect(r.stderr).toContain('fix: fix the JSON syntax at this position');
  });
});
