import { UserInputError, formatDiagnostic, hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { LoadedSpec } from '../spec/load.js';
import { readUserFile } from './files.js';
import type { CliIO } from './io.js';
import { discoverSpec, specLine, type SpecChoice } from './spec-discovery.js';

/**
 * The edge between a user's spec file and the pure core: finds the spec (--spec, else il5ml.yaml /
 * il5ml.yml / il5ml.json in the working folder, else the built-in default; src/cli/spec-discovery.ts),
 * says on stderr which one is used, loads it with positions and runs every rule. Any error stops here,
 * before a command writes anything: UserInputError carries all diagnostics (errors and warnings, for one
 * sorted report), and the CLI prints them and exits 2. A missing file is named by its absolute path.
 */
/**
 * A spec is written by hand: the default, with every comment, is about 10 KB. The YAML library keeps a node
 * of several hundred bytes per value, so 4 MB of tags took over 2 GB and a minute; 1 MiB bounds both.
 */
export const MAX_SPEC_BYTES = 1024 * 1024;

/** The spec rules and the built-in spec, when a command has them loaded already (plan: src/cli/plan-engines.ts). */
export type SpecEngines = Pick<typeof import('../validate/index.js'), 'validateSpec'> & Pick<typeof import('../spec/default-loaded.js'), 'loadDefaultSpec'>;

function emptySpecWarning(file: string): Diagnostic {
  return {
    severity: 'warning',
    code: 'IL5-SPEC-EMPTY',
    message: `${file} has no settings (it is empty, or only comments): every value is the built-in default spec's`,
    fix: 'write the spec (il5ml init --out il5ml.yaml writes the default with every setting), or leave --spec out to use the default on purpose',
    location: { file, line: 1, column: 1 },
  };
}

export async function readSpec(
  specPath: string | undefined,
  io: CliIO,
  engines?: (choice: SpecChoice) => Promise<SpecEngines>,
): Promise<{ loaded: LoadedSpec; warnings: Diagnostic[]; choice: SpecChoice }> {
  const choice = discoverSpec(specPath, io);
  io.stderr(`${specLine(choice, io.cwd)}\n`);
  // Loaded when a command reads a spec, not at start-up: the schemas and rules are most of a start's cost.
  const given = engines ? await engines(choice) : undefined;
  const { validateSpec } = given ?? (await import('../validate/index.js'));
  let loaded: LoadedSpec;
  if (choice.kind === 'default') {
    // The built-in spec as loadSpec reads it, from generated data: no YAML reader, no zod schema to load.
    loaded = (given ?? (await import('../spec/default-loaded.js'))).loadDefaultSpec();
  } else {
    const { loadSpec } = await import('../spec/load.js');
    const { text } = await readUserFile(choice.path, io.cwd, 'spec file', { maxBytes: MAX_SPEC_BYTES, limitWhy: 'a spec may hold (the default, with every comment, is 10 KB)' });
    loaded = loadSpec(text, choice.path);
    // An empty document is a spec of defaults (src/spec/load.ts): a file emptied by a failed `> il5ml.yaml`
    // planned the built-in environment without a word. Said on stderr, for every command that reads a spec.
    if (text.replace(/#[^\n]*/g, '').trim() === '') io.stderr(`${formatDiagnostic(emptySpecWarning(choice.path))}\n`);
  }
  const diagnostics = validateSpec(loaded);
  if (hasErrors(diagnostics)) throw new UserInputError(diagnostics);
  return { loaded, warnings: diagnostics, choice };
}
