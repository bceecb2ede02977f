import { ModuleError } from '../../errors/index.js';
import { shellQuote as shq } from '../../transport/shell-quote.js';
import type { CommandResult, RunOptions } from '../../transport/transport.js';
import type { FileDiff, ModuleContext, ModuleResult } from '../module.js';

/**
 * What every system module shares when it talks to the host: probes in one batch with the task's become, mutating
 * commands with their result, and the two ways a module fails — a typed ModuleError when it cannot do its job at
 * all (a tool is missing, a probe is unreadable), or a `failed: true` result, as Ansible's fail_json, when it ran
 * and the host said no (so `register`, `until` and `failed_when` still see rc/stdout/stderr).
 */

/** Runs read-only probes in one round trip. */
export function probe(ctx: ModuleContext, commands: readonly string[]): Promise<CommandResult[]> {
  return ctx.transport.runBatch(commands, { become: ctx.become });
}

/** Runs one probe; a single round trip like `probe` with one command. */
export async function probeOne(ctx: ModuleContext, command: string): Promise<CommandResult> {
  const [res] = await probe(ctx, [command]);
  if (!res) throw probeError(ctx, command, 'the probe returned no result');
  return res;
}

/** Runs a mutating command with the task's become. */
export function runOnHost(
  ctx: ModuleContext,
  command: string,
  options: Omit<RunOptions, 'become'> = {},
): Promise<CommandResult> {
  return ctx.transport.run(command, { ...options, become: ctx.become });
}

/** Writes a file atomically with the task's become. */
export function putOnHost(
  ctx: ModuleContext,
  path: string,
  content: string,
  options: { mode?: string; owner?: string; group?: string } = {},
): Promise<void> {
  return ctx.transport.put(path, content, { ...options, become: ctx.become });
}

export function moduleError(
  ctx: ModuleContext,
  code: string,
  message: string,
  snippet?: string,
): ModuleError {
  return new ModuleError({ code, message, host: ctx.host, task: ctx.task, snippet });
}

/** A probe answered with something we cannot read: a bug or an unexpected host, never a guess. */
export function probeError(ctx: ModuleContext, command: string, detail: string): ModuleError {
  return moduleError(ctx, 'PRV450', `cannot read the host's state (${detail})`, command);
}

function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** The fields Ansible returns with a command's outcome. */
export function commandFields(command: string, res: CommandResult): ModuleResult {
  return {
    cmd: command,
    rc: res.rc,
    stdout: res.out,
    stderr: res.err,
    stdout_lines: lines(res.out),
    stderr_lines: lines(res.err),
  };
}

/** A failed result (Ansible's fail_json) for a command the host refused. */
export function commandFailed(command: string, res: CommandResult, msg?: string): ModuleResult {
  const why = res.err.trim().split('\n').slice(-1)[0] ?? '';
  return {
    ...commandFields(command, res),
    changed: false,
    failed: true,
    msg: msg ?? `'${command.split('\n')[0]}' failed with rc ${res.rc}${why ? `: ${why}` : ''}`,
  };
}

export function failedResult(msg: string, extra: ModuleResult = {}): ModuleResult {
  return { changed: false, ...extra, failed: true, msg };
}

/**
 * Runs commands in order, stopping at the first failure. Returns the failure as a failed result, or undefined
 * when all succeeded (with their outputs collected in `out`).
 */
export async function runSteps(
  ctx: ModuleContext,
  commands: readonly string[],
  out: CommandResult[] = [],
  options: Omit<RunOptions, 'become'> = {},
): Promise<ModuleResult | undefined> {
  for (const command of commands) {
    const res = await runOnHost(ctx, command, options);
    out.push(res);
    if (res.rc !== 0) return commandFailed(command, res);
  }
  return undefined;
}

/**
 * In check mode: the earlier task that would have changed one of `paths` (or anything under one of `dirs`, when
 * the engine answers for directories), else undefined.
 */
export function pendingAmong(
  ctx: ModuleContext,
  paths: readonly string[],
  dirs: readonly string[] = [],
): { path: string; task: string } | undefined {
  if (!ctx.checkMode) return undefined;
  for (const path of [...paths, ...dirs]) {
    const task = ctx.pendingChange(path);
    if (task !== undefined) return { path, task };
  }
  return undefined;
}

/** Text of a file probe: `cat FILE` exits 1 when the file is missing. */
export function catProbe(path: string): string {
  return `if [ -e ${shq(path)} ]; then cat -- ${shq(path)}; else exit 3; fi`;
}

/** A --diff entry for a file edit, as Ansible shows it. */
export function fileDiff(path: string, before: string, after: string): FileDiff {
  return { before, after, beforeHeader: path, afterHeader: path };
}

/** Parent directory of an absolute path. */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
