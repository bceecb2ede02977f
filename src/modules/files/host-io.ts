import { ModuleError, RemoteCommandError } from '../../errors/index.js';
import type { CommandResult } from '../../transport/transport.js';
import type { ModuleContext } from '../module.js';

/**
 * How the file modules talk to the host: probes in one batch, mutating commands that throw a RemoteCommandError
 * when they fail, atomic writes — always with the task's become.
 */

export async function probeBatch(ctx: ModuleContext, commands: readonly string[]): Promise<CommandResult[]> {
  const results = await ctx.transport.runBatch(commands, { become: ctx.become });
  if (results.length !== commands.length) {
    throw fileError(ctx, 'PRV401', `probe batch returned ${results.length} of ${commands.length} results`);
  }
  return results;
}

/** Runs a mutating command; a non-zero exit is a failure carrying the command's output. */
export async function runChecked(
  ctx: ModuleContext,
  command: string,
  stdin?: Buffer | string,
): Promise<CommandResult> {
  const res = await ctx.transport.run(command, { become: ctx.become, stdin });
  if (res.rc !== 0) {
    throw new RemoteCommandError({
      host: ctx.host,
      task: ctx.task,
      command,
      rc: res.rc,
      stdout: res.out,
      stderr: res.err,
    });
  }
  return res;
}

export function putFile(
  ctx: ModuleContext,
  path: string,
  content: Buffer | string,
  attrs: { mode?: string; owner?: string; group?: string },
): Promise<void> {
  return ctx.transport.put(path, content, { ...attrs, become: ctx.become });
}

export function fileError(ctx: ModuleContext, code: string, message: string, hint?: string): ModuleError {
  return new ModuleError({ code, message, host: ctx.host, task: ctx.task, hint });
}

/** The parent directory of a remote path ('/' for top-level paths). */
export function parentDir(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const slash = trimmed.lastIndexOf('/');
  if (slash > 0) return trimmed.slice(0, slash);
  return slash === 0 ? '/' : '.';
}

export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function joinRemote(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}
