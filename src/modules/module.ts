import type { z } from 'zod';
import type { BecomeOptions, Transport } from '../transport/transport.js';

/**
 * A module: one file, a zod schema for its parameters, and a read-only `plan()` that probes the host and returns
 * what would change plus an `apply()` that changes it. The engine calls `apply` only outside check mode — the one
 * check-mode gate. Modules are POSIX shell + coreutils on the target.
 */

/** What a module returns to the engine (and what `register` stores). Extra keys are module-specific. */
export interface ModuleResult {
  changed?: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  rc?: number;
  stdout?: string;
  stderr?: string;
  stdout_lines?: string[];
  stderr_lines?: string[];
  [key: string]: unknown;
}

/** A before/after pair for `--diff`, as Ansible reports it. */
export interface FileDiff {
  before: string;
  after: string;
  /** Usually the path; shown as --- / +++ headers. */
  beforeHeader?: string;
  afterHeader?: string;
}

export type PlanOutcome = 'change' | 'ok' | 'unknown';

export interface Plan {
  outcome: PlanOutcome;
  /** Why: "content differs", "package absent", "depends on /etc/foo, which task X would create". */
  reason?: string;
  diff?: FileDiff[];
  /** Changes the host; present when outcome is 'change' (or 'unknown' when applying may change it). */
  apply?: () => Promise<ModuleResult>;
  /** The result when apply is not called (ok, or check mode). */
  result: ModuleResult;
  /** Remote paths this plan would create/modify/remove, so later check-mode tasks that read them say 'unknown'. */
  paths?: string[];
  /** Values in the result that are secrets (tokens, keys): masked everywhere before events leave the engine. */
  secretValues?: string[];
}

/** Resolves a local file a task names (copy src, template src, script) along role/playbook search paths. */
export interface LocalFiles {
  /** Absolute local path of `src`, searched in the role's `files/` or `templates/` then the playbook dir. Throws a ModuleError naming the places searched. */
  resolve(src: string, kind: 'files' | 'templates' | 'vars'): string;
  /** Reads a local file. */
  read(absPath: string): Promise<Buffer>;
}

export interface ModuleContext {
  /** inventory_hostname */
  host: string;
  /** Name of the task, for messages. */
  task: string;
  transport: Transport;
  /** Set when the task runs with become. Modules pass it to every transport call. */
  become?: BecomeOptions;
  checkMode: boolean;
  diffMode: boolean;
  /** The host's variables as seen by this task (read-only). */
  vars: Readonly<Record<string, unknown>>;
  files: LocalFiles;
  /** Renders a template text (handlebars + Jinja-style expressions) with the task's variables. */
  renderTemplate(text: string, sourceName: string): string;
  /**
   * In check mode: the name of an earlier task that would have changed `path` (not applied because of check mode),
   * else undefined. A plan that reads such a path returns outcome 'unknown' naming that task.
   */
  pendingChange(path: string): string | undefined;
  /** Environment variables from the task's `environment:` (merged down from play and blocks). */
  environment?: Record<string, string>;
  /** Local temp directory for the run (fetch staging etc.). */
  tmpDir: string;
  /** Milliseconds clock; injected so pause/wait_for/retries are testable. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Verbose log line (-v...). Never pass secrets. */
  log(level: 1 | 2 | 3, message: string): void;
}

export interface ModuleDefinition<P = Record<string, unknown>> {
  name: string;
  /** Other names; `ansible.builtin.X`, `ansible.posix.X`, `community.general.X` are added by the registry. */
  aliases?: readonly string[];
  schema: z.ZodType<P>;
  /** Takes free-form text (`command: ls -l`): the text is passed as the `_raw_params` parameter. */
  freeForm?: boolean;
  /** Runs on the controller only (debug, set_fact, assert, fail, pause, meta): no transport use. */
  controllerOnly?: boolean;
  plan(params: P, ctx: ModuleContext): Promise<Plan>;
}

/** Helper for the common case: the host already is as wanted. */
export function okPlan(result: ModuleResult = {}, reason?: string): Plan {
  return { outcome: 'ok', reason, result: { changed: false, ...result } };
}

/** Helper: a plan that changes the host with `apply`. */
export function changePlan(
  reason: string,
  apply: () => Promise<ModuleResult>,
  extra: Partial<Omit<Plan, 'outcome' | 'apply' | 'reason'>> = {},
): Plan {
  const { result, ...rest } = extra;
  return { outcome: 'change', reason, apply, ...rest, result: { changed: true, ...result } };
}

/** Helper: the outcome depends on something check mode could not make true. */
export function unknownPlan(reason: string, apply?: () => Promise<ModuleResult>): Plan {
  return { outcome: 'unknown', reason, apply, result: { changed: false } };
}

export function defineModule<P>(def: ModuleDefinition<P>): ModuleDefinition<P> {
  return def;
}
