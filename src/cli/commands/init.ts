import { existsSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserInputError } from '../../core/diagnostic.js';
import { writeOutputFile } from '../files.js';
import { SPEC_FILE_NAMES } from '../spec-discovery.js';
import { EXIT_OK } from '../io.js';
import type { RegisterCommand } from './index.js';

/** schema/il5ml.spec.schema.json of this installation: three levels up from src/cli/commands or dist/cli/commands. */
export const SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schema', 'il5ml.spec.schema.json');

/**
 * The `$schema` reference for a spec written in `dir`: the relative path from there to the schema this
 * installation ships. A path, not a URL: editors resolve it offline (IL5 enclaves often have no Internet)
 * and it always matches the installed version of il5ml, which is the one that will read the spec.
 */
export function schemaRefFrom(dir: string, schemaFile: string = SCHEMA_FILE): string {
  const rel = relative(dir, schemaFile).split(sep).join('/');
  return rel.startsWith('.') || rel.startsWith('/') ? rel : `./${rel}`;
}

export const register: RegisterCommand = (program, io, setExit) => {
  program
    .command('init')
    .description(
      'Write the default spec: the runbook\'s environment as commented YAML, corrected where Azure refuses it.\n' +
        'Prints to stdout unless --out is given.',
    )
    .option('-o, --out <file>', 'write the spec to this file (atomically; refuses to overwrite without --force); JSON when it ends in .json')
    .option('-f, --force', 'overwrite --out if it exists', false)
    .action(async (opts: { out?: string; force: boolean }) => {
      // Loaded when run, not at start-up; the text and generated value of the built-in spec, without the YAML reader or zod.
      const { defaultSpecYaml: defaultSpecText } = await import('../../spec/default.js');
      const { defaultSpec } = await import('../../spec/default-loaded.js');
      if (opts.out === undefined) {
        io.stdout(defaultSpecText(schemaRefFrom(io.cwd)));
        setExit(EXIT_OK);
        return;
      }
      const target = resolve(io.cwd, opts.out);
      if (existsSync(target)) {
        const isDir = statSync(target).isDirectory();
        if (isDir || !opts.force) {
          throw new UserInputError([
            {
              severity: 'error',
              code: 'IL5-INIT-EXISTS',
              message: isDir ? `${target} is a directory` : `${target} already exists; il5ml init does not overwrite it`,
              fix: isDir ? 'name a file, e.g. --out il5ml.yaml' : 'choose another --out path, or add --force to replace the file',
              path: opts.out,
            },
          ]);
        }
      }
      const ref = schemaRefFrom(dirname(target));
      // JSON has no comments: a .json spec gets the same values, and `$schema`, which JSON editors read.
      const text = /\.json$/i.test(target) ? `${JSON.stringify({ $schema: ref, ...defaultSpec() }, null, 2)}\n` : defaultSpecText(ref);
      await writeOutputFile(target, text);
      const found = dirname(target) === resolve(io.cwd) && (SPEC_FILE_NAMES as readonly string[]).includes(basename(target));
      io.stdout(`wrote ${opts.out}\nnext: ${found ? `il5ml plan (it finds ${basename(target)} in this folder)` : `il5ml plan --spec ${opts.out}`}\n`);
      setExit(EXIT_OK);
    });
};
