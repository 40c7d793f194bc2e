import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError } from '../core/diagnostic.js';
import type { CliIO } from './io.js';

/**
 * Which spec a command works on. As PSRule finds `ps-rule.yaml` and Checkov `.checkov.yaml` in the working
 * folder, il5ml looks there for the file `il5ml init --out il5ml.yaml` writes: `--spec FILE` first, then
 * the one of SPEC_FILE_NAMES that exists, else the built-in default. Two candidates at once is an error,
 * since picking one silently is how a network team gets rules for the wrong address space.
 */
export const SPEC_FILE_NAMES = ['il5ml.yaml', 'il5ml.yml', 'il5ml.json'] as const;

export type SpecChoice = { kind: 'flag'; path: string } | { kind: 'found'; path: string } | { kind: 'default' };

function isFile(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}

export function discoverSpec(given: string | undefined, io: Pick<CliIO, 'cwd'>): SpecChoice {
  if (given !== undefined) return { kind: 'flag', path: given };
  const found = SPEC_FILE_NAMES.filter((n) => isFile(join(io.cwd, n)));
  if (found.length > 1) {
    throw new UserInputError([
      {
        severity: 'error',
        code: 'IL5-SPEC-AMBIGUOUS',
        message: `${found.join(' and ')} are both in ${io.cwd}; il5ml does not guess which spec you mean`,
        fix: `name one with --spec ${found[0] ?? 'il5ml.yaml'}, or remove the others`,
      },
    ]);
  }
  const one = found[0];
  return one !== undefined ? { kind: 'found', path: one } : { kind: 'default' };
}

/**
 * The line that says which spec is used. It goes to stderr, so that stdout stays exactly the artifact
 * (CSV, JSON, EDL) a script or a ticket takes; on a terminal it is still the first line the user sees.
 */
export function specLine(choice: SpecChoice, cwd: string): string {
  switch (choice.kind) {
    case 'flag':
      return `il5ml: spec ${choice.path} (--spec)`;
    case 'found':
      return `il5ml: spec ${choice.path} (found in ${cwd})`;
    default:
      return `il5ml: spec <built-in default> (no ${SPEC_FILE_NAMES.join(', ')} in ${cwd}; \`il5ml init --out il5ml.yaml\` writes one, --spec names another)`;
  }
}

/** The spec as artifacts' headers name it. */
export function specLabel(choice: SpecChoice): string {
  return choice.kind === 'default' ? '<built-in default>' : choice.path;
}
