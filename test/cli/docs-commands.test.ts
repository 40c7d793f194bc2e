import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import type { CliIO } from '../../src/cli/io.js';
import { REPO_ROOT } from '../helpers/cli.js';

// Every il5ml command line the README and docs/ show a user, in their code blocks, parses: its command
// exists and every flag it gives is one the command declares, with the values it needs. The lines are parsed
// by the CLI's own commander definitions with every action replaced by nothing, so nothing runs and no file
// is read. A flag renamed in the code and not in the docs fails here.

interface DocLine {
  where: string;
  text: string;
  /** In prose (inline code) it may name a command or a flag without what it needs: only names are checked. */
  inline?: boolean;
}

/** Lines of fenced code blocks that run il5ml, with `\` continuations (shell and YAML `|` blocks) joined. */
function docLines(): DocLine[] {
  const files = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const out: DocLine[] = [];
  for (const file of files) {
    const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
    let fenced = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (/^\s*```/.test(line)) {
        fenced = !fenced;
        continue;
      }
      if (!fenced) {
        // Inline code in prose: `il5ml check x.json --flag`.
        for (const span of line.matchAll(/`(?:npx )?il5ml ([a-z][a-z-]*(?: [^`]*)?)`/g)) out.push({ where: `${file}:${i + 1}`, text: span[1] ?? '', inline: true });
        continue;
      }
      // A command word, then a space or the end: `il5ml check: 395 verdicts…` is output, not a command.
      const m = /^\s*(?:-\s+)?(?:\$ )?(?:npx )?il5ml ([a-z][a-z-]*(?:\s.*)?)$/.exec(line);
      if (!m) continue;
      let text = m[1] ?? '';
      const start = i;
      while (/\\\s*$/.test(text) && i + 1 < lines.length) text = text.replace(/\\\s*$/, ' ') + (lines[++i] ?? '').trim();
      out.push({ where: `${file}:${start + 1}`, text });
    }
  }
  return out;
}

/** A synopsis (`[--flag X]`, `A | B`, `ID…`) describes a command; it is not a line to type. */
const isSynopsis = (text: string): boolean => /\[--|…|\s\|\s/.test(text.replace(/#.*$/, ''));

/**
 * Shell words of a command line, as far as a user's shell would hand them to il5ml: a comment, a pipe,
 * a redirection or `&&` ends it; quotes are removed; `$(…)`, `${{ … }}`, `$VAR` and `<placeholder>` stand
 * for one word.
 */
function words(text: string): string[] {
  const s = text
    .replace(/\$\{\{[^}]*\}\}/g, 'X')
    .replace(/\$\([^)]*\)/g, 'X')
    .replace(/<[a-z][^>]*>/gi, 'X');
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (quote) {
      if (c === quote) quote = '';
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      has = true;
      continue;
    }
    if (c === '#' && !has) break;
    if (c === '|' || c === '>' || (c === '&' && s[i + 1] === '&')) break;
    if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
      continue;
    }
    cur += c;
    has = true;
  }
  if (has) out.push(cur);
  return out.map((w) => w.replace(/\$[A-Za-z_]\w*/g, 'X'));
}

/** The CLI's program with every command registered and no action: parsing only. */
function parser(): { program: Command; errors: string[] } {
  const errors: string[] = [];
  const io: CliIO = { stdout: () => {}, stderr: (t: string) => void errors.push(t), cwd: REPO_ROOT, env: {} } as unknown as CliIO;
  const program = new Command('il5ml').exitOverride().configureOutput({ writeOut: () => {}, writeErr: (t) => void errors.push(t) });
  for (const [, register] of commands) register(program, io, () => {});
  const quiet = (c: Command): void => {
    c.exitOverride().configureOutput({ writeOut: () => {}, writeErr: (t) => void errors.push(t) });
    c.action(() => {});
    for (const sub of c.commands) quiet(sub);
  };
  for (const c of program.commands) quiet(c);
  return { program, errors };
}

/** What a line in prose names that the CLI lacks: its command, or flags its command does not declare. */
function unknownNames(text: string): string[] {
  const { program } = parser();
  const argv = words(text);
  let cmd = program.commands.find((c) => c.name() === argv[0]);
  if (!cmd) return [`command ${argv[0] ?? ''}`];
  const sub = cmd.commands.find((c) => c.name() === argv[1]);
  if (sub) cmd = sub;
  const declared = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => f !== undefined));
  return argv
    .filter((w) => /^--?[a-z]/i.test(w))
    .map((w) => w.split('=')[0] ?? w)
    .filter((f) => f !== '--help' && f !== '-h' && !declared.has(f));
}

const LINES = docLines();
const RUNNABLE = LINES.filter((l) => !isSynopsis(l.text));

describe('the il5ml command lines of README.md and docs/', () => {
  it('finds them (the extraction itself works)', () => {
    expect(RUNNABLE.length).toBeGreaterThanOrEqual(25);
    const commandsShown = new Set(RUNNABLE.map((l) => words(l.text)[0]));
    for (const c of ['init', 'plan', 'egress', 'dns', 'check', 'audit', 'preflight']) expect(commandsShown, c).toContain(c);
  });

  it('splits words as a shell would hand them over', () => {
    expect(words(`check out/a.json --policy "my dir/" --subscription $(az account show) # note`)).toEqual(['check', 'out/a.json', '--policy', 'my dir/', '--subscription', 'X']);
    expect(words('egress --format csv --service-tags t.json > egress.csv')).toEqual(['egress', '--format', 'csv', '--service-tags', 't.json']);
    expect(words('check infra/${{ matrix.template }}.json --out "$sub.json"')).toEqual(['check', 'infra/X.json', '--out', 'X.json']);
    expect(words('dns --subscription-id <guid> --resource-group rg')).toEqual(['dns', '--subscription-id', 'X', '--resource-group', 'rg']);
  });

  it('a flag that does not exist fails the parse (the check itself can fail)', async () => {
    const { program, errors } = parser();
    await expect(program.parseAsync(['check', 'x.json', '--no-such-flag'], { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
    expect(errors.join('')).toContain("unknown option '--no-such-flag'");
  });

  it('a command or flag named in prose that does not exist is found', () => {
    expect(unknownNames('check --policy x --no-such')).toEqual(['--no-such']);
    expect(unknownNames('egress diff a b --exit-code')).toEqual([]);
    expect(unknownNames('nosuch --x')).toEqual(['command nosuch']);
  });

  it.each(RUNNABLE.filter((l) => l.inline).map((l) => [l.where, l.text] as const))('%s (in prose): il5ml %s names a command and its flags', (_where, text) => {
    expect(unknownNames(text)).toEqual([]);
  });

  it.each(RUNNABLE.filter((l) => !l.inline).map((l) => [l.where, l.text] as const))('%s: il5ml %s', async (_where, text) => {
    const { program, errors } = parser();
    const argv = words(text);
    let failure = '';
    try {
      await program.parseAsync(argv, { from: 'user' });
    } catch (e) {
      if (!(e instanceof CommanderError)) throw e;
      failure = `${e.message} ${errors.join('')}`;
    }
    expect(failure).toBe('');
  });
});
