import { spawn } from 'node:child_process';
import { LabError } from '../errors/index.js';

export interface CommandResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/** Runs a machine-side command without a shell; `input` goes to stdin (how passwords travel, never in argv). */
export function runCommand(
  file: string,
  args: readonly string[],
  input?: string,
  timeoutMs?: number,
): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(timeoutMs === undefined ? {} : { timeout: timeoutMs, killSignal: 'SIGKILL' as const }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', (err) => {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new LabError({
          code: missing ? 'PRV611' : 'PRV608',
          message: missing
            ? `${file} is not installed on this machine`
            : `cannot run ${file}: ${err.message}`,
          cause: err,
        }),
      );
    });
    child.on('close', (rc) => resolvePromise({ rc: rc ?? 1, stdout, stderr }));
    // A command may exit without reading its input; that is its exit code's business, not a crash here.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** Like runCommand, but a non-zero exit is a LabError showing the command and its stderr. */
export async function mustRun(file: string, args: readonly string[], input?: string): Promise<string> {
  const r = await runCommand(file, args, input);
  if (r.rc !== 0) {
    throw new LabError({
      code: 'PRV608',
      message: `${file} ${args.join(' ')} exited with ${r.rc}`,
      snippet: (r.stderr || r.stdout).trim().split('\n').slice(-10).join('\n') || undefined,
    });
  }
  return r.stdout;
}
