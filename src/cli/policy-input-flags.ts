/**
 * What `check` and `audit` read besides the definitions, as Azure holds it:
 * - `--assignment FILE` (repeatable): real policy assignments, so that their scope, notScopes,
 *   resourceSelectors, overrides and parameters decide what is evaluated and with which effect
 *   (src/policy/assignment.ts). FILE: what `az policy assignment show` or `list` prints, the REST API's
 *   JSON, or a resource list holding Microsoft.Authorization/policyAssignments resources (`il5ml expand`);
 * - `--aliases FILE` (repeatable): provider alias listings (`az provider show --namespace NS --expand
 *   resourceTypes/aliases`) adding per-API-version paths and newer aliases to the table
 *   (src/policy/alias-input.ts).
 */
import type { Command } from 'commander';
import { pushAll } from '../core/array.js';
import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import type { AliasDeclaration } from '../policy/aliases.js';
import type { AssignmentDoc } from '../policy/assignment.js';
import { readUserFile } from './files.js';
import type { CliIO } from './io.js';

export const ASSIGNMENT_HELP =
  'a policy assignment as `az policy assignment show` (or list) prints it, or policyAssignments resources of a resource list (repeatable): only what it assigns is evaluated, within its scope, notScopes and resourceSelectors, with its parameters and effect overrides';

/** A repeatable flag's values, in the order given. */
function collectFiles(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const ALIASES_HELP =
  'alias listing as `az provider show --namespace NS --expand resourceTypes/aliases` prints it (repeatable): aliases read at the path of the resource\'s apiVersion, and aliases newer than il5ml\'s table';

export const INITIATIVE_HELP =
  'the policy set to evaluate among those --policy gives, by display name, GUID or id (repeatable); default: every set given, or the DoD IL5 initiative alone when it is one of several (docs/policy-inputs.md)';

export function addPolicyInputOptions(cmd: Command): Command {
  return cmd
    .option('--initiative <name>', INITIATIVE_HELP, collectFiles)
    .option('--assignment <file>', ASSIGNMENT_HELP, collectFiles)
    .option('--aliases <file>', ALIASES_HELP, collectFiles);
}

function flagError(message: string, fix: string): Diagnostic {
  return { severity: 'error', code: 'IL5-CLI-FLAG', message, fix };
}

/**
 * Reads and validates every --assignment file; problems of all files at once (as diagnostics, errors
 * and warnings). Flag combinations Azure's model rules out are errors: an assignment assigns policies
 * given to --policy, and carries its own parameter values.
 */
export async function readAssignmentFlags(
  opts: { assignment?: string[]; policy?: string[]; policyParams?: string },
  io: CliIO,
): Promise<{ docs: AssignmentDoc[] | undefined; diagnostics: Diagnostic[] }> {
  const files = opts.assignment ?? [];
  if (!files.length) return { docs: undefined, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  if (!opts.policy?.length) diagnostics.push(flagError('--assignment needs --policy: the definitions and sets the assignment assigns', 'e.g. --policy azure-policy/built-in-policies --assignment il5-assignment.json (docs/policy-inputs.md)'));
  if (opts.policyParams !== undefined) diagnostics.push(flagError('--policy-params and --assignment both give parameter values', 'put the values in the assignment\'s "parameters" (as Azure stores them), and leave out --policy-params'));
  const { parseAssignments } = await import('../policy/assignment.js');
  const docs = await readEach(files, io, 'assignment file', diagnostics, (file, text) => {
    const p = parseAssignments(file, text);
    return { items: p.assignments, diagnostics: p.diagnostics };
  });
  return { docs, diagnostics };
}

/**
 * Every file read and parsed, its problems added; all files are tried, so that the problems of all come
 * together.
 */
async function readEach<T>(files: readonly string[], io: CliIO, what: string, diagnostics: Diagnostic[], parse: (file: string, text: string) => { items: T[]; diagnostics: Diagnostic[] }): Promise<T[]> {
  const out: T[] = [];
  for (const file of files) {
    let f: { path: string; text: string };
    try {
      f = await readUserFile(file, io.cwd, what);
    } catch (e) {
      if (!(e instanceof UserInputError)) throw e;
      pushAll(diagnostics, e.diagnostics);
      continue;
    }
    const parsed = parse(f.path, f.text);
    // Not push(...items): an argument per item, and a listing of every provider's aliases has more than
    // the call stack holds (core/array.ts).
    pushAll(diagnostics, parsed.diagnostics);
    pushAll(out, parsed.items);
  }
  return out;
}

/** --aliases: every listing read and validated; the declarations, in the order given (a later one wins). */
export async function readAliasFlags(opts: { aliases?: string[] }, io: CliIO): Promise<{ declarations: AliasDeclaration[]; diagnostics: Diagnostic[] }> {
  const files = opts.aliases ?? [];
  if (!files.length) return { declarations: [], diagnostics: [] };
  const { parseAliasListing } = await import('../policy/alias-input.js');
  const diagnostics: Diagnostic[] = [];
  const declarations = await readEach(files, io, 'alias listing', diagnostics, (file, text) => {
    const p = parseAliasListing(file, text);
    return { items: p.declarations, diagnostics: p.diagnostics };
  });
  return { declarations, diagnostics };
}
