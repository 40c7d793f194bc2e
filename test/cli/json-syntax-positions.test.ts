import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';

// JSON files the user writes by hand, with the mistakes hands make. Node 20's JSON.parse names no position
// for a trailing comma in a list, a comment where a value goes or a file cut short ("Unexpected token ']',
// ..."x": [1, 2,]\u000a}\u000a" is not valid JSON"): --policy-params printed that with the file alone,
// --exemptions the file alone. The wording and the place are json-syntax.ts's firstJsonError's, the one
// finder since session 21: a trailing comma at the comma (before, at the bracket after it: 3:1 below).
describe('a syntax error in --policy-params / --exemptions JSON: at its line and column, with what is wrong', () => {
  const template = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [] });
  const cases: [string, string, string, RegExp][] = [
    ['--policy-params', 'pp.json', '{\n  "effect": "Audit",\n  "allowedLocations": ["usgovvirginia",]\n}\n', /^pp\.json:3:39: error IL5-POLICY-PARAMS: pp\.json is not valid JSON: a trailing comma: `,` before `\]`\n  fix: fix the JSON here: /m],
    ['--policy-params', 'pp.json', '{\n  "effect": // the IL5 default\n    "Deny"\n}\n', /^pp\.json:2:13: error IL5-POLICY-PARAMS: pp\.json is not valid JSON: a comment: JSON has no comments\n/m],
    ['--exemptions', 'ex.json', '{"exemptions": [\n  {"rule": "IL5-KV-001", "justification": "AO waiver", "expiresOn": "2099-01-01"},\n]}\n', /^ex\.json:2:82: error IL5-EXEMPT-JSON: ex\.json is not valid JSON: a trailing comma: `,` before `\]`\n/m],
    ['--exemptions', 'ex.json', '{"exemptions": [\n  {"rule": "IL5-KV-001", ', /^ex\.json:2:26: error IL5-EXEMPT-JSON: ex\.json is not valid JSON: the text ends where a key was expected\n/m],
  ];
  it.each(cases)('%s %s: %j', async (flag, name, text, want) => {
    const d = mkdtempSync(join(tmpdir(), 'il5ml-json-syntax-'));
    writeFileSync(join(d, 't.json'), template);
    writeFileSync(join(d, name), text);
    const r = await runMain(['check', 't.json', flag, name, '--baseline', 'none'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(want);
    expect(r.stderr).not.toMatch(/\\u000a/);
  });
});
