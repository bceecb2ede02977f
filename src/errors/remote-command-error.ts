import { ModuleError } from './provision-error.js';

/** A command that failed on a host: carries what a user needs without a debugger (command masked by the caller). */
export class RemoteCommandError extends ModuleError {
  readonly command: string;
  readonly rc: number;
  readonly stdoutTail: string;
  readonly stderrTail: string;

  constructor(opts: {
    host: string;
    task?: string;
    command: string;
    rc: number;
    stdout: string;
    stderr: string;
    code?: string;
    message?: string;
  }) {
    const tail = (s: string) => s.split('\n').slice(-20).join('\n').trimEnd();
    super({
      code: opts.code ?? 'PRV401',
      host: opts.host,
      task: opts.task,
      message: opts.message ?? `command exited with ${opts.rc}: ${opts.command}`,
      snippet: tail(opts.stderr) || tail(opts.stdout) || undefined,
    });
    this.command = opts.command;
    this.rc = opts.rc;
    this.stdoutTail = tail(opts.stdout);
    this.stderrTail = tail(opts.stderr);
  }
}
