import { CommanderError } from 'commander';
import { ExitCode, ProvisionError } from '../errors/index.js';
import { extraCommands } from './extra-commands.js';
import { type Output, processOutput } from './output.js';
import { buildProgram } from './program.js';

/**
 * The one place that turns errors into messages and exit codes: typed errors print their code, location and hint;
 * anything else is a bug, reported without a stack trace unless PROVISION_DEBUG is set.
 */
export async function main(argv: string[], out: Output = processOutput()): Promise<number> {
  let code: number = ExitCode.ok;
  const json = argv.includes('--output') && argv[argv.indexOf('--output') + 1] === 'json';
  try {
    const setExit = (c: number) => {
      code = c;
    };
    const program = buildProgram(out, setExit, await extraCommands(argv.slice(2), out, setExit));
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return ExitCode.ok;
      return ExitCode.badOptions;
    }
    if (e instanceof ProvisionError) {
      if (json) {
        out.line(
          JSON.stringify({
            type: 'error',
            time: new Date().toISOString(),
            code: e.code,
            message: e.message,
            where: e.where(),
            hint: e.hint,
          }),
        );
      } else out.error(e.format());
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    out.error(
      `ERROR PRV900: internal error: ${message}\n  hint: this is a bug in provision; re-run with PROVISION_DEBUG=1 and report it`,
    );
    if (process.env.PROVISION_DEBUG && e instanceof Error) out.error(e.stack ?? '');
    return ExitCode.error;
  }
}
