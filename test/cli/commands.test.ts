import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { processIO } from '../../src/cli/io.js';
import { runMain } from '../helpers/cli.js';

/**
 * main() sets up only the command named first on the command line (issue 12, start-up), by the names in
 * src/cli/commands/index.ts: each must be the name its file registers, or that command would be unknown.
 */
describe('the command list', () => {
  it.each(commands.map(([name, register]) => [name, register] as const))('%s registers the command of that name, and only it', (name, register) => {
    const program = new Command('il5ml');
    register(program, processIO, () => undefined);
    expect(program.commands.map((c) => c.name())).toEqual([name]);
  });

  it('--help still lists every command, and a mistyped one still gets a suggestion', async () => {
    const help = await runMain(['--help']);
    for (const [name] of commands) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const typo = await runMain(['plann']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("(Did you mean plan?)");
  });

  it('a command named first parses, helps and refuses as before (its own definition only)', async () => {
    const bad = await runMain(['plan', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: unknown option '--bogus'\n/);
    expect(bad.stderr).toContain('Usage: il5ml plan [options]');
  });
});
