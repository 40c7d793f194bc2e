import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFailOn, parseFormats, useColor } from '../../src/cli/check-output.js';
import type { CliIO } from '../../src/cli/io.js';
import { mixedEstate } from '../baseline/pass-corpora.js';
import { runBin, runMain } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/schema.js';

const sarifValidate = sarifValidator();

// A key vault without purge protection (NonCompliant, IL5-KV-001: high, audit) and a subnet-less VNet.
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers';
const estate = [
  { id: `${SUB}/Microsoft.KeyVault/vaults/kv1`, type: 'Microsoft.KeyVault/vaults', name: 'kv1', location: 'usgovvirginia', apiVersion: '2023-07-01', properties: { enablePurgeProtection: false, enableSoftDelete: true } },
];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-check-out-'));
  writeFileSync(join(dir, 'estate.json'), JSON.stringify(estate, null, 2));
  // Many NonCompliant results of every severity and several effects.
  writeFileSync(join(dir, 'mixed.json'), JSON.stringify(mixedEstate(true).map(({ source: _s, ...r }) => r)));
});
const run = (...args: string[]) => runMain(args, { cwd: dir, env: { SOURCE_DATE_EPOCH: '1780272000' } });

describe('check outputs', () => {
  it('--format list with --out-dir writes <input name>.<ext> for each, atomically, and prints one summary line', async () => {
    const r = await run('check', 'estate.json', '--format', 'sarif,md,html,oscal,json,junit', '--out-dir', 'reports');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readdirSync(join(dir, 'reports')).sort()).toEqual(['estate.html', 'estate.json', 'estate.junit.xml', 'estate.md', 'estate.oscal.json', 'estate.sarif']);
    expect(r.stderr.split('\n').filter((l) => l)).toHaveLength(1);
    expect(r.stderr).toMatch(/^il5ml check: \d+ verdicts over 1 resources \(NonCompliant [1-9]\d*, .*\); wrote reports\/estate\.sarif, reports\/estate\.md, .*; exit 1: \d+ NonCompliant at --fail-on any\n$/);
    // What was checked: the input's SHA-256, in the Markdown and the OSCAL.
    const sha = createHash('sha256').update(readFileSync(join(dir, 'estate.json'))).digest('hex');
    expect(readFileSync(join(dir, 'reports', 'estate.md'), 'utf8')).toContain(sha);
    expect(readFileSync(join(dir, 'reports', 'estate.oscal.json'), 'utf8')).toContain(sha);
    const sarif = JSON.parse(readFileSync(join(dir, 'reports', 'estate.sarif'), 'utf8')) as { runs: { automationDetails: { id: string }; results: { locations: { physicalLocation?: unknown }[] }[] }[] };
    expect(sarif.runs[0]?.automationDetails.id).toBe('il5ml/check/estate/');
    // Every result has a physical location (here the resource's line in the list).
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
    for (const res of sarif.runs[0]?.results ?? []) expect(res.locations[0]?.physicalLocation).toMatchObject({ artifactLocation: { uri: 'estate.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 2 } });
  });

  it('the same input twice gives byte-identical OSCAL (deterministic UUIDs)', async () => {
    await run('check', 'estate.json', '--format', 'oscal', '--out', 'a.oscal.json');
    await run('check', 'estate.json', '--format', 'oscal', '--out', 'b.oscal.json');
    expect(readFileSync(join(dir, 'a.oscal.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.oscal.json'), 'utf8'));
  });

  it('--out writes one format and names the file in the summary', async () => {
    const r = await run('check', 'estate.json', '--format', 'md', '--out', 'one.md');
    expect(r.stderr).toContain('; wrote one.md; exit 1');
    expect(readFileSync(join(dir, 'one.md'), 'utf8')).toMatch(/^# IL5 check: estate\.json/);
  });

  it.each([
    [['--format', 'sarif,md'], /writes 2 reports[\s\S]*--out-dir/],
    [['--format', 'sarif,pdf', '--out-dir', 'x'], /unknown format "pdf"/],
    [['--format', 'md', '--out', 'a.md', '--out-dir', 'x'], /--out and --out-dir together/],
    [['--fail-on', 'critical'], /unknown threshold "critical"/],
    [['--fail-on', 'high,low'], /two severities/],
    [['--format', 'json', '--out-dir', '.'], /would overwrite the input/],
  ])('%j: exit 2 with what to do', async (flags, message) => {
    const r = await run('check', 'estate.json', ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [[], 1, /exit 1: \d+ NonCompliant at --fail-on any/],
    [['--fail-on', 'high'], 1, /exit 1: \d+ NonCompliant at --fail-on severity high or higher/],
    [['--fail-on', 'deny'], 0, /exit 0: no NonCompliant at --fail-on effect deny \(\d+ below it\)/],
    [['--fail-on', 'medium,audit'], 1, /exit 1: .*severity medium or higher and effect audit/],
    [['--soft-fail'], 0, /exit 0: \d+ NonCompliant at --fail-on any \(--soft-fail: not failing the run\)/],
  ])('%j → exit %i', async (flags, code, line) => {
    const r = await run('check', 'estate.json', '--format', 'json', ...flags);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(line);
  });

  // JSON is written from a spool of the report's texts, of which only the NonCompliant are parsed to be
  // counted; SARIF counts the results held in memory; the table counts from its own spool as it reads it.
  it.each([[[]], [['--fail-on', 'high']], [['--fail-on', 'medium,audit']], [['--fail-on', 'low']], [['--fail-on', 'deny']]])('%j: JSON counts the results that fail the run as SARIF and the table do', async (flags) => {
    const lines = await Promise.all(['json', 'sarif', 'table'].map(async (f) => (await run('check', 'mixed.json', '--format', f, ...flags)).stderr));
    expect(lines[0]).toMatch(/; exit [01]: /);
    expect(lines[1]).toBe(lines[0]);
    expect(lines[2]).toBe(lines[0]);
  });

  it('--list all lists the Compliant evidence in Markdown', async () => {
    const a = await run('check', 'estate.json', '--format', 'md');
    const b = await run('check', 'estate.json', '--format', 'md', '--list', 'all');
    expect(a.stdout).not.toContain('## Compliant evidence');
    expect(b.stdout).toMatch(/## Compliant evidence \([1-9]/);
  });

  it('as a user types it: the binary writes the files and exits 1', () => {
    const r = runBin(['check', 'estate.json', '--format', 'sarif,html', '--out-dir', 'bin-out'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'bin-out', 'estate.html'))).toBe(true);
    expect(r.stderr).toMatch(/^il5ml check: /);
  });
});

describe('flags', () => {
  it.each([
    ['sarif', ['sarif']],
    ['SARIF, md ,sarif', ['sarif', 'md']],
    ['oscal,html', ['oscal', 'html']],
  ])('--format %j → %j', (text, formats) => expect(parseFormats(text)).toEqual(formats));

  it.each([
    [undefined, { effects: [] }],
    ['any', { effects: [] }],
    ['high', { severity: 'high', effects: [] }],
    ['Deny,auditIfNotExists', { effects: ['deny', 'auditifnotexists'] }],
    ['low,deny', { severity: 'low', effects: ['deny'] }],
  ])('--fail-on %j → %j', (text, want) => expect(parseFailOn(text)).toEqual(want));

  const io = (env: Record<string, string>): CliIO => ({ stdout: () => undefined, stderr: () => undefined, cwd: '/', env, isTTY: true });
  it.each([
    [undefined, {}, true, true],
    [undefined, { NO_COLOR: '1' }, true, false],
    [true, { NO_COLOR: '1' }, false, true],
    [false, {}, true, false],
    [undefined, {}, false, false],
  ])('--color %j with env %j on a terminal %j → %j', (flag, env, tty, want) => expect(useColor(flag, io(env), tty)).toBe(want));
});

describe('check outputs: paths and parameters', () => {
  it('an --out-dir that cannot be created is bad input (exit 2) naming it, not a defect', async () => {
    const r = await run('check', 'estate.json', '--format', 'md', '--out-dir', 'estate.json/reports');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL5-OUTPUT-FILE: cannot write \S*estate\.json\/reports\/estate\.md: a part of the path is a file/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });

  it('parameter values are shown in the assessor formats, except secure ones and ones named like secrets', async () => {
    writeFileSync(
      join(dir, 't.json'),
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        parameters: { prefix: { type: 'string' }, adminPassword: { type: 'secureString' }, apiToken: { type: 'string' } },
        resources: [],
      }),
    );
    writeFileSync(join(dir, 't.parameters.json'), JSON.stringify({ parameters: { prefix: { value: 'il5ml' }, adminPassword: { value: 'Hunter2!secret' }, apiToken: { value: 'tok-123' } } }));
    const r = await run('check', 't.json', '--parameters', 't.parameters.json', '--format', 'md,oscal,html', '--out-dir', 'params');
    expect(r.code).toBe(0);
    for (const f of ['t.md', 't.oscal.json', 't.html']) {
      const text = readFileSync(join(dir, 'params', f), 'utf8');
      expect(text).toContain('il5ml');
      expect(text).not.toContain('Hunter2');
      expect(text).not.toContain('tok-123');
    }
  });
});

// docs/check-json.md, SARIF: "URIs are relative to %SRCROOT% (the folder il5ml check ran in); a file
// outside it keeps a file:// URI". A template reached by `..` or by an absolute path elsewhere used to
// come out as `../in/bad.json` (a relative reference climbing out of the repository root), with %SRCROOT%.
describe('check outputs: file locations inside and outside the working folder', () => {
  let root = '';
  beforeAll(() => {
    // Spaces and non-ASCII in the folder names, which a URI must percent-encode.
    root = mkdtempSync(join(tmpdir(), 'il5ml uri é-'));
    mkdirSync(join(root, 'in'));
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'in', 'bad kv.json'), JSON.stringify(estate, null, 2));
  });
  const fileUri = (abs: string): string => `file://${abs.split('/').map(encodeURIComponent).join('/')}`;
  type Sarif = { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
  const sarifOf = async (cwd: string, input: string): Promise<{ uri: string; uriBaseId?: string }[]> => {
    const r = await runMain(['check', input, '--format', 'sarif'], { cwd });
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as Sarif;
    expect(sarifValidate(doc), JSON.stringify(sarifValidate.errors?.slice(0, 3))).toBe(true);
    return [...new Map((doc.runs[0]?.results ?? []).map((x) => x.locations[0]?.physicalLocation.artifactLocation).map((l) => [JSON.stringify(l), l as { uri: string; uriBaseId?: string }])).values()];
  };

  it.each([
    ['relative, inside', '.', 'in/bad kv.json', { uri: 'in/bad%20kv.json', uriBaseId: '%SRCROOT%' }],
    ['absolute, inside', '.', '<root>/in/bad kv.json', { uri: 'in/bad%20kv.json', uriBaseId: '%SRCROOT%' }],
    ['`..` out of the working folder', 'sub', '../in/bad kv.json', { uri: '<file>' }],
    ['absolute, outside', 'sub', '<root>/in/bad kv.json', { uri: '<file>' }],
  ])('%s: %s / %s', async (_what, cwd, input, want) => {
    const got = await sarifOf(join(root, cwd), input.replace('<root>', root));
    expect(got).toEqual([want.uri === '<file>' ? { uri: fileUri(join(root, 'in', 'bad kv.json')) } : want]);
  });

  it('OSCAL hrefs and the Markdown input name follow: absolute outside the working folder', async () => {
    const r = await runMain(['check', '../in/bad kv.json', '--format', 'md,oscal', '--out-dir', 'rep'], { cwd: join(root, 'sub'), env: { SOURCE_DATE_EPOCH: '1780272000' } });
    expect(r.code, r.stderr).toBe(1);
    const oscal = readFileSync(join(root, 'sub', 'rep', 'bad kv.oscal.json'), 'utf8');
    expect(oscal).toContain(`"href": "${fileUri(join(root, 'in', 'bad kv.json'))}"`);
    expect(oscal).toContain(`"href": "${fileUri(join(root, 'in', 'bad kv.json'))}#L2"`);
    expect(oscal).not.toContain('"href": "../');
    expect(readFileSync(join(root, 'sub', 'rep', 'bad kv.md'), 'utf8')).toContain(`| Input | \`${join(root, 'in', 'bad kv.json')}\``);
  });
});
