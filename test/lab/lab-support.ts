import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { type HostState, labFiles, labPrerequisiteProblem } from '../../src/lab/index.js';
import { sshArgs } from '../../src/lab/lab-ops.js';

/** Lab tests run only where the lab can: otherwise they fail with the reason, unless PROVISION_SKIP_LAB=1. */
export const skipLab = process.env.PROVISION_SKIP_LAB === '1';

export function requireLab(): void {
  const problem = labPrerequisiteProblem();
  if (problem) {
    throw new Error(
      `lab tests cannot run here: ${problem.message} (${problem.hint ?? ''}). Set PROVISION_SKIP_LAB=1 to skip them.`,
    );
  }
}

export interface Ran {
  rc: number;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: readonly string[], input?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (rc) => resolve({ rc: rc ?? 255, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** A real OpenSSH login with the lab's key and known_hosts (strict host-key checking). */
export function ssh(
  dir: string,
  host: HostState,
  command: string,
  opts: { user?: string; input?: string } = {},
) {
  return run('ssh', sshArgs(dir, host, opts.user ?? 'root', [command]), opts.input);
}

export async function machineValue(path: string): Promise<string> {
  return (await readFile(path, 'utf8')).trim();
}

/** Prints through a collector so tests can read what a subcommand said. */
export function collector(): { lines: string[]; print: (line: string) => void } {
  const lines: string[] = [];
  return { lines, print: (line) => lines.push(line) };
}

export { labFiles };
