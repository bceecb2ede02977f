import type { Command } from 'commander';
import type { Output } from './output.js';

/** Subcommands owned by other areas (lab, model), loaded lazily so `provision run` pays nothing for them. */
export async function extraCommands(
  argv: readonly string[],
  out: Output,
  setExit: (code: number) => void,
): Promise<Command[]> {
  const commands: Command[] = [];
  if (argv.includes('lab') || argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    const { labCommand } = await import('../lab/lab-command.js');
    commands.push(labCommand({ print: (line) => out.line(line) }));
  }
  if (argv.includes('model') || argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    const { modelCommand } = await import('./model-command.js');
    commands.push(modelCommand(out, setExit));
  }
  return commands;
}
