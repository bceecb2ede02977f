import { randomBytes } from 'node:crypto';
import { TransportError } from '../errors/index.js';
import { atomicPutCommand } from './atomic-put.js';
import { buildBatchScript, parseBatchOutput } from './batch-script.js';
import { shellQuote } from './shell-quote.js';
import type { BatchOptions, CommandResult, GetOptions, PutOptions, RunOptions } from './transport.js';

/** What the shared operations need of a transport: its host name and a way to run one shell command. */
interface ShellRunner {
  readonly host: string;
  run(command: string, options?: RunOptions): Promise<CommandResult>;
}

/**
 * runBatch, put and get expressed as one shell command each, so every transport gets them in one round trip and
 * with become, by implementing only `run`.
 */
export async function runBatchThroughShell(
  t: ShellRunner,
  commands: readonly string[],
  options: BatchOptions = {},
): Promise<CommandResult[]> {
  if (commands.length === 0) return [];
  const marker = `__PRV_${randomBytes(6).toString('hex')}`;
  const result = await t.run(buildBatchScript(commands, marker), {
    ...(options.become ? { become: options.become } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  if (result.rc !== 0 && result.stdout.length === 0) {
    throw new TransportError({
      code: 'PRV502',
      host: t.host,
      message: `probe batch failed: ${result.err.trim()}`,
    });
  }
  return parseBatchOutput(result.stdout, commands.length, marker);
}

export async function putThroughShell(
  t: ShellRunner,
  path: string,
  content: Buffer | string,
  options: PutOptions = {},
): Promise<void> {
  const result = await t.run(atomicPutCommand(path, options), {
    stdin: content,
    ...(options.become ? { become: options.become } : {}),
  });
  if (result.rc !== 0) {
    throw new TransportError({
      code: 'PRV503',
      host: t.host,
      message: `cannot write ${path}: ${result.err.trim()}`,
    });
  }
}

export async function getThroughShell(
  t: ShellRunner,
  path: string,
  options: GetOptions = {},
): Promise<Buffer> {
  const result = await t.run(`cat -- ${shellQuote(path)}`, {
    ...(options.become ? { become: options.become } : {}),
  });
  if (result.rc !== 0) {
    throw new TransportError({
      code: 'PRV504',
      host: t.host,
      message: `cannot read ${path}: ${result.err.trim()}`,
    });
  }
  return result.stdout;
}
