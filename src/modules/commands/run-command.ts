import { ModuleError } from '../../errors/index.js';
import { shellQuote } from '../../transport/shell-quote.js';
import { type ModuleContext, type ModuleResult, okPlan, type Plan, unknownPlan } from '../module.js';

export interface CommandGuards {
  creates?: string;
  removes?: string;
}

/** Ansible's creates/removes: skip when the file already exists / is already gone. Read-only. */
export async function planGuards(guards: CommandGuards, ctx: ModuleContext): Promise<Plan | undefined> {
  const paths = [guards.creates, guards.removes].filter((p): p is string => p !== undefined);
  if (paths.length === 0) return undefined;
  for (const p of paths) {
    const task = ctx.pendingChange(p);
    if (task) return unknownPlan(`depends on ${p}, which task '${task}' would change`);
  }
  const probes = paths.map((p) => `test -e ${shellQuote(p)}`);
  const results = await ctx.transport.runBatch(probes, { become: ctx.become });
  let i = 0;
  if (guards.creates !== undefined) {
    if (results[i++]?.rc === 0)
      return okPlan(
        {
          rc: 0,
          stdout: `skipped, since ${guards.creates} exists`,
          msg: `skipped, since ${guards.creates} exists`,
        },
        `${guards.creates} exists`,
      );
  }
  if (guards.removes !== undefined) {
    if (results[i]?.rc !== 0)
      return okPlan(
        {
          rc: 0,
          stdout: `skipped, since ${guards.removes} does not exist`,
          msg: `skipped, since ${guards.removes} does not exist`,
        },
        `${guards.removes} does not exist`,
      );
  }
  return undefined;
}

/** Runs a shell command line on the host and shapes the result as Ansible's command/shell modules do. */
export async function runCommand(
  command: string,
  ctx: ModuleContext,
  opts: { chdir?: string; stdin?: string; stripEmptyEnds?: boolean; display?: string | string[] } = {},
): Promise<ModuleResult> {
  const start = new Date(ctx.now());
  const r = await ctx.transport.run(command, {
    cwd: opts.chdir,
    stdin: opts.stdin,
    become: ctx.become,
    env: ctx.environment,
  });
  const end = new Date(ctx.now());
  const strip = opts.stripEmptyEnds ?? true;
  const stdout = strip ? r.out.replace(/\n+$/, '') : r.out;
  const stderr = strip ? r.err.replace(/\n+$/, '') : r.err;
  const result: ModuleResult = {
    changed: true,
    rc: r.rc,
    stdout,
    stderr,
    stdout_lines: stdout === '' ? [] : stdout.split('\n'),
    stderr_lines: stderr === '' ? [] : stderr.split('\n'),
    cmd: opts.display ?? command,
    start: start.toISOString(),
    end: end.toISOString(),
    delta: formatDelta(end.getTime() - start.getTime()),
  };
  if (r.rc !== 0) {
    result.failed = true;
    result.msg = r.timedOut ? 'command timed out' : 'non-zero return code';
  }
  return result;
}

function formatDelta(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const micro = String((ms % 1000) * 1000).padStart(6, '0');
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.${micro}`;
}

export function noCommand(ctx: ModuleContext, module: string): ModuleError {
  return new ModuleError({
    code: 'PRV403',
    host: ctx.host,
    task: ctx.task,
    message: `${module} needs a command (free-form text, cmd or argv)`,
  });
}

/**
 * A command in check mode: its outcome is unknown, and the paths its creates/removes guard names are what it
 * would change, so later tasks that read them (a fetch of the file kubeadm init creates) say unknown too.
 */
export function commandCheckPlan(
  reason: string,
  apply: () => Promise<ModuleResult>,
  guards: CommandGuards,
): Plan {
  const paths = [guards.creates, guards.removes].filter((x): x is string => x !== undefined);
  return { ...unknownPlan(reason, apply), paths };
}
