import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS } from '../../src/report/index.js';
import { runMain } from '../helpers/cli.js';

// Secure parameter values planted in every way a template can receive one; no output of any command,
// in any format, may contain them (issue 13, class 1).
const SECRET = 'Zq9-S3cr3t-Val';
const SECRET_OBJ = 'Obj-S3cr3t-Member';
const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const tpl = (extra: object) => ({ $schema: schema, contentVersion: '1.0.0.0', resources: [], ...extra });

const cases: Record<string, { template: object; parameters?: object }> = {
  'minLength and maxLength broken': {
    template: tpl({ parameters: { pw: { type: 'securestring', minLength: 40 }, pw2: { type: 'secureString', maxLength: 3 } } }),
    parameters: { parameters: { pw: { value: SECRET }, pw2: { value: `${SECRET}x` } } },
  },
  'allowedValues and a secureObject too long': {
    template: tpl({ parameters: { pw: { type: 'securestring', allowedValues: ['a'] }, o: { type: 'secureObject', maxLength: 0 } } }),
    parameters: { parameters: { pw: { value: SECRET }, o: { value: { k: SECRET_OBJ } } } },
  },
  'wrong type': {
    template: tpl({ parameters: { pw: { type: 'securestring' }, o: { type: 'secureObject' } } }),
    parameters: { parameters: { pw: { value: [SECRET] }, o: { value: SECRET_OBJ } } },
  },
  'read back through outputs and deployment()': {
    template: tpl({
      parameters: { pw: { type: 'securestring' } },
      outputs: { a: { type: 'string', value: "[parameters('pw')]" }, b: { type: 'object', value: '[deployment().properties.parameters]' } },
      resources: [{ type: 'Microsoft.KeyVault/vaults/secrets', apiVersion: '2023-07-01', name: 'kv/s', properties: { value: "[parameters('pw')]" } }],
    }),
    parameters: { parameters: { pw: { value: SECRET } } },
  },
  'passed to a nested deployment, and a literal given to a nested secure parameter': {
    template: tpl({
      parameters: { pw: { type: 'securestring' } },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'n',
          properties: {
            mode: 'Incremental',
            expressionEvaluationOptions: { scope: 'inner' },
            parameters: { inner: { value: "[parameters('pw')]" }, lit: { value: SECRET_OBJ } },
            template: tpl({ parameters: { inner: { type: 'securestring', minLength: 99 }, lit: { type: 'securestring' } }, outputs: { o: { type: 'object', value: '[deployment().properties.parameters]' } } }),
          },
        },
      ],
    }),
    parameters: { parameters: { pw: { value: SECRET } } },
  },
};

function scan(dir: string, run: { stdout: string; stderr: string }): string[] {
  const leaks: string[] = [];
  const texts: [string, string][] = [['stdout', run.stdout], ['stderr', run.stderr], ...readdirSync(dir).filter((f) => f !== 't.json' && f !== 'p.json').map((f): [string, string] => [f, readFileSync(join(dir, f), 'utf8')])];
  for (const [where, text] of texts) for (const s of [SECRET, SECRET_OBJ]) if (text.includes(s)) leaks.push(`${where} holds ${s}`);
  return leaks;
}

describe('secure parameter values never leave il5ml', () => {
  for (const [name, c] of Object.entries(cases)) {
    const commands: [string, string[]][] = [
      ['expand json', ['expand', 't.json', '--parameters', 'p.json']],
      ['expand table', ['expand', 't.json', '--parameters', 'p.json', '--format', 'table']],
      ...REPORT_FORMATS.map((f): [string, string[]] => [`check ${f} --out`, ['check', 't.json', '--parameters', 'p.json', '--format', f, '--out', 'report.out']]),
      ...REPORT_FORMATS.map((f): [string, string[]] => [`check ${f}`, ['check', 't.json', '--parameters', 'p.json', '--format', f]]),
    ];
    for (const [label, args] of commands) {
      it(`${name}: il5ml ${label}`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'il5ml-secret-'));
        writeFileSync(join(dir, 't.json'), JSON.stringify(c.template));
        writeFileSync(join(dir, 'p.json'), JSON.stringify(c.parameters ?? {}));
        const r = await runMain(args, { cwd: dir });
        expect(r.code, r.stderr).toBeLessThan(3);
        expect(scan(dir, r)).toEqual([]);
      });
    }
  }

  it('an error about a secure value names the parameter and the rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il5ml-secret-'));
    writeFileSync(join(dir, 't.json'), JSON.stringify(cases['minLength and maxLength broken']?.template));
    writeFileSync(join(dir, 'p.json'), JSON.stringify(cases['minLength and maxLength broken']?.parameters));
    const r = await runMain(['expand', 't.json', '--parameters', 'p.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("parameter 'pw' breaks its minLength of 40: its secure value is 14 characters long");
    expect(r.stderr).toContain("parameter 'pw2' breaks its maxLength of 3");
  });
});
