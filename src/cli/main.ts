import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { UserInputError, formatDiagnostic, sortDiagnostics } from '../core/diagnostic.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, type CliIO, processIO } from './io.js';
import { fsReason, isEnvironmentFailure } from './fs-reason.js';
import { streamlessOutput } from './output-config.js';
import { commands } from './commands/index.js';

/** What a command's action returns: its exit code. */
export type CommandResult = number;

/**
 * A UserInputError, also of another copy of its module: `plan`'s engines run from their own bundle file with
 * the code cache (src/cli/plan-engines.ts), whose classes are not this bundle's.
 */
export function isUserInputError(e: unknown): e is UserInputError {
  return e instanceof UserInputError || (e instanceof Error && e.name === 'UserInputError' && Array.isArray((e as { diagnostics?: unknown }).diagnostics));
}

/**
 * Runs the CLI with argv (as process.argv: node, script, args…) and returns the exit code.
 * Never throws: user errors become diagnostics and exit 2; defects become exit 3 with a short message.
 */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let exitCode = EXIT_OK;
  // A real run answers commander's terminal questions without building process.stdout when it can.
  const output = { writeOut: io.stdout, writeErr: io.stderr, ...(io === processIO ? streamlessOutput() : {}) };
  const program = new Command('il5ml')
    .description(
      'A secure Azure Machine Learning environment for Azure Government at DoD Impact Level 5, as code:\n' +
        'spec -> validated plan -> ARM templates -> firewall and DNS change requests -> IL5 verdicts.',
    )
    .version(PACKAGE_VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput(output);

  // A command named first is the only one set up (issue 12, start-up): its parsing, help and errors read its
  // own definition alone. Anything else (`--help`, `--version`, `help`, a mistyped name) sets them all up.
  const named = commands.filter(([name]) => name === argv[2]);
  for (const [, register] of named.length > 0 ? named : commands) {
    register(program, io, (code) => {
      exitCode = code;
    });
  }
  for (const c of program.commands) c.exitOverride().configureOutput(output);

  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with exit code 0; a bad flag or argument is bad input.
      return e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (isUserInputError(e)) {
      const diags = sortDiagnostics(e.diagnostics);
      io.stderr(diags.map(formatDiagnostic).join('\n') + '\n');
      const errors = diags.filter((d) => d.severity === 'error').length;
      io.stderr(`${errors} error${errors === 1 ? '' : 's'}; nothing was written.\n`);
      return EXIT_BAD_INPUT;
    }
    const err = e as Error;
    // The last line of defence for hostile input: every reader and evaluator bounds its nesting (JSON
    // depth, expression depth, evaluation depth), but should some input still exhaust the call stack,
    // it is the input's fault and exit 2, not a defect report.
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      io.stderr('il5ml: error IL5-INPUT-DEPTH: the input nests too deeply to be processed (the call stack ran out)\n  fix: flatten the deepest structure of the input\n1 error; nothing was written.\n');
      if (io.env.IL5ML_DEBUG) io.stderr(`${err.stack ?? ''}\n`);
      return EXIT_BAD_INPUT;
    }
    // A full disk, a quota or a limit met by a working file (the check's spools under the temporary folder)
    // is the machine's state, not a defect: exit 2 with what to do. Files the user names report their own
    // path (files.ts); this is the net for the rest.
    if (isEnvironmentFailure(err)) {
      // node:os is read here, on this path alone: loading it at start-up would cost every command.
      const { tmpdir } = createRequire(import.meta.url)('node:os') as typeof import('node:os');
      const where = typeof err.path === 'string' ? `cannot use ${err.path}` : 'a file operation failed';
      io.stderr(
        `il5ml: error IL5-WORK-FILES: ${where}: ${fsReason(err)} (${err.code ?? ''} in ${err.syscall ?? ''})\n` +
          `  fix: free space (or raise the limit) where il5ml writes: the output's folder, and its working files under ${tmpdir()} (a large check's are about the size of its input); or point TMPDIR at a folder with room\n` +
          '1 error; nothing was written.\n',
      );
      if (io.env.IL5ML_DEBUG) io.stderr(`${err.stack ?? ''}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(`il5ml: internal error: ${err.message}\n`);
    if (io.env.IL5ML_DEBUG) io.stderr(`${err.stack ?? ''}\n`);
    else io.stderr('This is a defect in il5ml. Set IL5ML_DEBUG=1 to see where it happened, and report it.\n');
    return EXIT_INTERNAL;
  }
}

/** Kept in step with package.json by a test. */
export const PACKAGE_VERSION = '0.1.0';
