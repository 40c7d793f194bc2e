import type { Command } from 'commander';
import type { CliIO } from '../io.js';

/** A command registers itself on the program; setExit records the exit code its action decided. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

// One file a command. The order here is the order `il5ml --help` lists them.
export const commands: RegisterCommand[] = [];
