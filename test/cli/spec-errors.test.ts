import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/diagnostic.js';
import { commands } from '../../src/cli/commands/index.js';
import type { CliIO } from '../../src/cli/io.js';
import { readSpec } from '../../src/cli/spec-input.js';
import { runMain } from '../helpers/cli.js';

/**
 * Bad specs as users write them, end to end through the CLI edge: the file is read from disk, loaded,
 * validated, and the CLI prints every error with file:line:column and a fix, exits 2, without a stack
 * trace. `il5ml plan` calls readSpec before it writes anything; its own end-to-end tests belong to the
 * plan command. Here a probe command does exactly what plan does first, so these tests do not depend
 * on plan's progress.
 */
commands.push([
  'spec-check-probe',
  (program, io, setExit) => {
    program
      .command('spec-check-probe')
      .option('--spec <file>')
      .action(async (opts: { spec?: string }) => {
        const { warnings } = await readSpec(opts.spec, io);
        io.stdout(`ok, ${warnings.length} warning(s)\n`);
        setExit(0);
      });
  },
]);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'il5ml-spec-errors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(name: string, text: string) {
  writeFileSync(join(dir, name), text);
  const r = await runMain(['spec-check-probe', '--spec', name], { cwd: dir });
  return r;
}

/** `file:line:col: error CODE` for each error line of stderr. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => / (error|warning) IL5-/.test(l)).map((l) => l.replace(/^(\S+: (error|warning) \S+):.*$/, '$1'));
}

interface Case {
  name: string;
  text: string;
  errors: string[];
}

const cases: Case[] = [
  { name: 'syntax.yaml', text: 'region: usgovvirginia\nnetwork:\n  subnets: [172.16.0.0/24\nprefix: abc\n', errors: ['syntax.yaml:4:1: error IL5-SPEC-SYNTAX'] },
  { name: 'unknown.yaml', text: 'prefix: abc\nkeyvault:\n  softDeleteRetentionDays: 30\n', errors: ['unknown.yaml:2:1: error IL5-SPEC-UNKNOWN-KEY'] },
  { name: 'eastus.yaml', text: '# a commercial region\nregion: eastus\n', errors: ['eastus.yaml:2:9: error IL5-SPEC-REGION'] },
  {
    name: 'overlap.yaml',
    text: 'network:\n  subnets:\n    training: 172.16.0.0/23\n    scoring: 172.16.1.0/24\n',
    errors: ['overlap.yaml:4:14: error IL5-SPEC-SUBNET-OVERLAP'],
  },
  { name: 'bastion27.yaml', text: 'network:\n  subnets:\n    bastion: 172.16.2.0/27\n', errors: ['bastion27.yaml:3:14: error IL5-SPEC-SUBNET-SIZE'] },
  { name: 'key1024.yaml', text: 'keyVault:\n  key:\n    size: 1024\n', errors: ['key1024.yaml:3:11: error IL5-SPEC-KEY-SIZE'] },
  { name: 'minmax.yaml', text: 'compute:\n  cluster:\n    minNodes: 3\n    maxNodes: 1\n', errors: ['minmax.yaml:3:15: error IL5-SPEC-CLUSTER-NODES'] },
  { name: 'spec.json', text: '{\n  "region": "usdodeast",\n  "keyVault": {"key": {"size": "3072"}}\n}\n', errors: ['spec.json:2:13: error IL5-SPEC-REGION', 'spec.json:3:32: error IL5-SPEC-TYPE'] },
  {
    name: 'many.yaml',
    text: [
      'prefix: IL5',
      'region: US Gov Arizona',
      'network:',
      '  addressSpace: 172.16.0.0/16',
      '  subnets:',
      '    training: 172.16.0.1/24',
      '    bastion: 172.16.2.0/27',
      'keyVault:',
      '  key:',
      '    size: 1024',
      'compute:',
      '  cluster: { minNodes: 2, maxNodes: 1 }',
      'jumpBox:',
      '  autoShutdown: { time: 1900 }',
      'colour: blue',
      '',
    ].join('\n'),
    errors: [
      'many.yaml:1:9: error IL5-SPEC-PREFIX',
      'many.yaml:2:9: error IL5-SPEC-REGION',
      'many.yaml:6:15: error IL5-SPEC-CIDR-FORMAT',
      'many.yaml:7:14: error IL5-SPEC-SUBNET-SIZE',
      'many.yaml:10:11: error IL5-SPEC-KEY-SIZE',
      'many.yaml:12:24: error IL5-SPEC-CLUSTER-NODES',
      'many.yaml:14:25: error IL5-SPEC-TYPE',
      'many.yaml:15:1: error IL5-SPEC-UNKNOWN-KEY',
    ],
  },
];

describe('bad specs exit 2 with every error, its position and a fix', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const before = readdirSync(dir).length;
      const r = await check(c.name, c.text);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(errorLines(r.stderr)).toEqual(c.errors);
      expect(r.stderr.match(/^ {2}fix: /gm)?.length).toBe(c.errors.length);
      expect(r.stderr).toContain(`${c.errors.length} error${c.errors.length === 1 ? '' : 's'}; nothing was written.`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(dir).length, 'no file written beyond the spec itself').toBe(before + 1);
    });
  }

  it('a missing spec file names its absolute path', async () => {
    const r = await runMain(['spec-check-probe', '--spec', 'nope.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error IL5-INPUT-FILE: spec file ${join(dir, 'nope.yaml')} does not exist`);
  });

  it('a warning alone does not fail', async () => {
    const r = await check('docker.yaml', 'network:\n  addressSpace: 172.17.0.0/16\n  subnets:\n    training: 172.17.0.0/24\n    scoring: 172.17.1.0/24\n    bastion: 172.17.2.0/26\n    firewall: 172.17.3.0/26\n    jumpBox: 172.17.4.0/27\n    privateEndpoints: 172.17.5.0/24\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok, 1 warning(s)\n');
  });

  it('no --spec reads the built-in default', async () => {
    const r = await runMain(['spec-check-probe'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok, 0 warning(s)\n');
  });
});

describe('readSpec', () => {
  const io: CliIO = { stdout: () => {}, stderr: () => {}, cwd: '/', env: {}, isTTY: false };

  it('returns the loaded default and no warnings without a path', async () => {
    const { loaded, warnings } = await readSpec(undefined, io);
    expect(loaded.file).toBe('<default>');
    expect(loaded.spec.region).toBe('usgovvirginia');
    expect(warnings).toEqual([]);
  });

  it('throws UserInputError carrying all diagnostics, sorted', async () => {
    writeFileSync(join(dir, 'two.yaml'), 'keyVault:\n  key:\n    size: 1\nregion: eastus\n');
    const err = await readSpec(join(dir, 'two.yaml'), io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as UserInputError).diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['IL5-SPEC-KEY-SIZE', 3],
      ['IL5-SPEC-REGION', 4],
    ]);
  });
});

// An empty spec file (a failed `> il5ml.yaml`, a comment left alone) is a spec of defaults (src/spec/load.ts):
// it planned the built-in environment without a word. Now every command that reads it says so (exit unchanged).
describe('a spec with no settings', () => {
  it.each([
    ['empty.yaml', ''],
    ['blank.json', '  \n\n'],
    ['comments.yml', '# prefix: il5prod\n#region: usgovarizona\n'],
  ])('%s: a warning at 1:1 naming the file, and the defaults used', async (name, text) => {
    const r = await check(name, text);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${name}:1:1: warning IL5-SPEC-EMPTY: ${name} has no settings (it is empty, or only comments): every value is the built-in default spec's`);
    expect(r.stderr).toContain('fix: write the spec (il5ml init --out il5ml.yaml writes the default with every setting)');
  });
  it('a spec with one setting and comments: no such warning', async () => {
    const r = await check('one.yaml', '# IL5 production\nprefix: il5prod # the prefix\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('IL5-SPEC-EMPTY');
  });
  it('egress says it too (every command that reads a spec)', async () => {
    writeFileSync(join(dir, 'e.yaml'), '');
    const r = await runMain(['egress', '--spec', 'e.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('e.yaml:1:1: warning IL5-SPEC-EMPTY');
  });
});
