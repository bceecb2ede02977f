import type { Command } from 'commander';
import type { Output } from './output.js';

/** Subcommands owned by other areas (lab, model), loaded lazily so `provision run` pays nothing for them. */
export async function extraCommands(_out: Output, _setExit: (code: number) => void): Promise<Command[]> {
  const commands: Command[] = [];
  return commands;
}
