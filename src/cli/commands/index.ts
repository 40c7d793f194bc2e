import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { register as init } from './init.js';
import { register as plan } from './plan.js';
import { register as egress } from './egress.js';
import { register as dns } from './dns.js';
import { register as expand } from './expand.js';
import { register as check } from './check.js';
import { register as rules } from './rules.js';
import { register as audit } from './audit.js';
import { register as preflight } from './preflight.js';

/** A command registers itself on the program; setExit records the exit code its action decided. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

// One file a command. The order here is the order `il5ml --help` lists them; the name is the command's
// (main() registers only the command named on the command line; test/cli/commands.test.ts checks the names).
export const commands: [name: string, register: RegisterCommand][] = [
  ['init', init],
  ['plan', plan],
  ['egress', egress],
  ['dns', dns],
  ['expand', expand],
  ['check', check],
  ['rules', rules],
  ['audit', audit],
  ['preflight', preflight],
];
