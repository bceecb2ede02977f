import { HostUnreachable, ModuleError, ProvisionError, RemoteCommandError } from '../errors/index.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../modules/module.js';
import type { TaskNode } from '../playbook/ir.js';
import type { HostStatus } from '../report/event-schema.js';
import { renderString, renderValue, type Scope, UnknownValue, UnknownValueError } from '../template/index.js';
import type { BecomeOptions } from '../transport/transport.js';
import { conditionsHold, resolveBoolish, resolveNumber } from './conditions.js';
import type { HostState } from './host-state.js';
import { type Inherited, inherit } from './inherited.js';
import { localFiles } from './local-files.js';
import { loopItems } from './loop-items.js';
import type { RunContext } from './run-context.js';
import { aggregateLoop, type ItemOutcome, publicResult, registeredValue } from './task-result.js';

export interface TaskOutcome {
  status: HostStatus;
  registered?: unknown;
  /** Module results that steer the engine: meta actions, set_fact, include_vars. */
  result?: ModuleResult;
}

const NO_LOG_RESULT = {
  censored: "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
};

/** Runs one task on one host: conditions, loop, templating, plan, the check-mode gate, apply, register, notify. */
export async function runTaskOnHost(
  rc: RunContext,
  task: TaskNode,
  host: HostState,
  parent: Inherited,
): Promise<TaskOutcome> {
  const started = rc.options.clock.now();
  const eff = inherit(parent, task.keywords, task.role);
  // biome-ignore lint/suspicious/noExplicitAny: any module's parameters
  const mod = rc.registry.get(task.module) as ModuleDefinition<any>;
  const baseScope = rc.taskScope(host.name, undefined, eff);
  let checkMode = rc.options.check;
  let noLog = false;
  let outcome: {
    status: HostStatus;
    result: ModuleResult;
    reason?: string;
    items?: ItemOutcome[];
    diff?: ItemOutcome['diff'];
  };
  let registered: unknown;
  let delegatedTo: string | undefined;
  try {
    checkMode = resolveBoolish(eff.checkMode, baseScope) ?? rc.options.check;
    noLog = resolveBoolish(eff.noLog, baseScope) ?? false;
    const scope =
      checkMode === rc.options.check ? baseScope : rc.taskScope(host.name, undefined, eff, {}, checkMode);
    if (task.loop === undefined) {
      if (!conditionsHold(eff.when, scope)) {
        outcome = {
          status: 'skipped',
          result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' },
        };
      } else {
        const o = await runItem(rc, task, mod, host, eff, scope, checkMode, undefined);
        delegatedTo = o.delegatedTo;
        outcome = o;
        registered = o.registered;
      }
    } else {
      const items = loopItems(task, scope, host.name);
      const loopVar = task.loopControl?.loopVar ?? 'item';
      const outcomes: ItemOutcome[] = [];
      for (let i = 0; i < items.length; i++) {
        const extra: Record<string, unknown> = { [loopVar]: items[i], ansible_loop_var: loopVar };
        if (task.loopControl?.indexVar) extra[task.loopControl.indexVar] = i;
        if (task.loopControl?.extended)
          extra.ansible_loop = {
            index: i + 1,
            index0: i,
            first: i === 0,
            last: i === items.length - 1,
            length: items.length,
            allitems: items,
          };
        const itemScope = rc.taskScope(host.name, undefined, eff, extra, checkMode);
        const label = task.loopControl?.label
          ? renderString(task.loopControl.label, itemScope)
          : labelOf(items[i]);
        if (!conditionsHold(eff.when, itemScope)) {
          outcomes.push({
            status: 'skipped',
            result: { changed: false, skipped: true },
            item: items[i],
            label,
          });
          continue;
        }
        const o = await runItem(rc, task, mod, host, eff, itemScope, checkMode, items[i]);
        delegatedTo = o.delegatedTo;
        outcomes.push({ ...o, item: items[i], label });
        if (task.loopControl?.pauseSeconds)
          await rc.options.clock.sleep(task.loopControl.pauseSeconds * 1000);
      }
      const agg = aggregateLoop(outcomes);
      const reason = outcomes.find((o) => o.status === 'unknown')?.reason;
      outcome = { ...agg, reason, items: outcomes, diff: outcomes.flatMap((o) => o.diff ?? []) };
      registered =
        agg.status === 'unknown'
          ? registeredValue({ status: 'unknown', result: agg.result, reason }, checkMode, false, task.name)
          : agg.result;
    }
  } catch (e) {
    if (e instanceof UnknownValueError && task.module === 'set_fact') {
      // A fact set from an unknown value is itself unknown, so tasks reading it say so instead of failing.
      for (const k of Object.keys(task.args))
        if (k !== 'cacheable') host.setFacts[k] = new UnknownValue(e.reason);
    }
    outcome = failureOutcome(e, host, task);
    registered =
      outcome.status === 'unknown' ? registeredValue(outcome, checkMode, false, task.name) : outcome.result;
  }
  if (outcome.status === 'failed') {
    const ignore = safeBoolish(eff.ignoreErrors, baseScope);
    if (ignore) outcome = { ...outcome, status: 'ignored' };
  }
  if (task.register) host.setFacts[task.register] = registered ?? outcome.result;
  if ((outcome.status === 'changed' || outcome.status === 'unknown') && task.notify.length > 0) {
    for (const n of task.notify) host.notified.add(renderString(n, baseScope));
  }
  emitResult(rc, task, host, outcome, noLog, delegatedTo, rc.options.clock.now() - started);
  return { status: outcome.status, registered, result: outcome.result };
}

function safeBoolish(v: boolean | string | undefined, scope: Scope): boolean {
  try {
    return resolveBoolish(v, scope) ?? false;
  } catch {
    return false;
  }
}

function labelOf(item: unknown): string {
  if (typeof item === 'string') return item;
  return JSON.stringify(item);
}

interface ItemRun extends ItemOutcome {
  registered?: unknown;
  delegatedTo?: string;
}

async function runItem(
  rc: RunContext,
  task: TaskNode,
  // biome-ignore lint/suspicious/noExplicitAny: any module's parameters
  mod: ModuleDefinition<any>,
  host: HostState,
  eff: Inherited,
  scope: Scope,
  checkMode: boolean,
  item: unknown,
): Promise<ItemRun> {
  const rendered = renderValue(task.args, scope) as Record<string, unknown>;
  const parsed = mod.schema.safeParse(rendered);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `parameter '${issue.path.join('.')}'` : 'parameters';
    throw new ModuleError({
      code: 'PRV403',
      host: host.name,
      task: task.name,
      message: `${task.module}: ${where}: ${issue?.message ?? 'invalid'}`,
    });
  }
  const delegate = eff.delegateTo === undefined ? undefined : renderString(eff.delegateTo, scope);
  const target = delegate ?? host.name;
  const transport = mod.controllerOnly
    ? undefined
    : await rc.transportFor(target, delegate ? rc.hostvarsScope(target) : scope);
  const become = becomeFor(rc, eff, scope);
  const diffMode = resolveBoolish(eff.diff, scope) ?? rc.options.diff;
  const environment = environmentFor(eff, scope);
  const ctx: ModuleContext = {
    environment,
    host: host.name,
    task: task.name,
    transport: transport ?? noTransport(host.name, task.name),
    become,
    checkMode,
    diffMode,
    vars: scope,
    files: localFiles({
      rolePath: task.role?.path,
      baseDir: task.baseDir,
      playbookDir: rc.play?.dir ?? task.baseDir,
      host: host.name,
      task: task.name,
    }),
    renderTemplate: (text, sourceName) =>
      renderString(text, scope, { location: { file: sourceName, line: 1, col: 1 } }),
    pendingChange: (p) => (checkMode ? host.pendingChange(p) : undefined),
    tmpDir: rc.options.tmpDir,
    now: () => rc.options.clock.now(),
    sleep: (ms) => rc.options.clock.sleep(ms),
    log: (level, message) => {
      if (rc.options.verbosity >= level) rc.events.emit({ type: 'verbose', level, message, host: host.name });
    },
  };
  const retries = task.until ? resolveNumber(task.retries, scope, 3) : 0;
  const delayMs = resolveNumber(task.delay, scope, 5) * 1000;
  for (let attempt = 0; ; attempt++) {
    const plan = await mod.plan(parsed.data, ctx);
    for (const s of plan.secretValues ?? []) rc.masker.add(s);
    let result: ModuleResult = plan.result;
    let applied = false;
    if (!checkMode && plan.apply) {
      result = await plan.apply();
      applied = true;
      for (const s of plan.secretValues ?? []) rc.masker.add(s);
    } else if (checkMode && plan.outcome !== 'ok') {
      for (const p of plan.paths ?? [])
        host.pendingPaths.set(p.length > 1 ? p.replace(/\/+$/, '') : p, task.name);
    }
    // A result check mode could not produce stays unknown for whoever reads it, even when changed_when
    // settles the task's own status (a read-only probe with changed_when: false is 'ok', its output unknown).
    const unknownResult = plan.outcome === 'unknown' && !applied;
    let status: HostStatus = unknownResult ? 'unknown' : result.changed ? 'changed' : 'ok';
    if (result.failed) status = 'failed';
    const registerAs = (s: HostStatus) =>
      registeredValue(
        { status: unknownResult ? 'unknown' : s, result, reason: plan.reason },
        checkMode,
        applied,
        task.name,
      );
    let registered = registerAs(status);
    const withResult = task.register
      ? rc.taskScope(
          host.name,
          undefined,
          eff,
          {
            [task.register]: registered,
            ...(item === undefined ? {} : { [task.loopControl?.loopVar ?? 'item']: item }),
          },
          checkMode,
        )
      : scope;
    if (task.changedWhen && status !== 'failed') {
      const changed = conditionsHold(task.changedWhen, withResult);
      status = changed ? 'changed' : 'ok';
      result = { ...result, changed };
    }
    if (task.failedWhen) {
      const failed = conditionsHold(task.failedWhen, withResult);
      result = { ...result, failed };
      status = failed ? 'failed' : status === 'failed' ? (result.changed ? 'changed' : 'ok') : status;
    }
    registered = registerAs(status);
    if (task.until && status !== 'unknown') {
      const scopeWithResult = task.register
        ? rc.taskScope(host.name, undefined, eff, { [task.register]: registered }, checkMode)
        : scope;
      const done = status !== 'failed' && conditionsHold(task.until, scopeWithResult);
      if (!done) {
        if (attempt < retries) {
          ctx.log(1, `retrying (${attempt + 1}/${retries}): ${task.name}`);
          await ctx.sleep(delayMs);
          continue;
        }
        result = {
          ...result,
          failed: true,
          attempts: attempt + 1,
          msg: result.msg ?? `condition not met after ${attempt + 1} attempts`,
        };
        status = 'failed';
      } else if (attempt > 0) result = { ...result, attempts: attempt + 1 };
    }
    if (status !== 'failed' && status !== 'unknown') applyVariableEffects(rc, host, result);
    return {
      status,
      result,
      reason: plan.reason,
      diff: diffMode ? plan.diff : undefined,
      registered,
      delegatedTo: delegate,
    };
  }
}

/** Results that set variables take effect at once, so the next loop item sees them (the set_fact idiom
 * `x: "{{ x | default([]) + [item] }}"`): set_fact, include_vars, and facts returned by modules. */
export function applyVariableEffects(rc: RunContext, host: HostState, r: ModuleResult): void {
  if (r._provision_set_facts && typeof r._provision_set_facts === 'object')
    Object.assign(host.setFacts, r._provision_set_facts);
  if (r._provision_include_vars && typeof r._provision_include_vars === 'object')
    Object.assign(host.includeVars, r._provision_include_vars);
  if (r.ansible_facts && typeof r.ansible_facts === 'object') {
    Object.assign(host.facts, r.ansible_facts);
    host.factsGathered = true;
    if (r._provision_gathered) rc.saveFacts(host.name, host.facts);
  }
}

/** `environment:` maps from play, blocks and task, rendered and merged (inner wins). */
function environmentFor(eff: Inherited, scope: Scope): Record<string, string> | undefined {
  if (eff.environment.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const e of eff.environment) {
    const v = renderValue(e, scope);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, val] of Object.entries(v)) if (val !== undefined && val !== null) env[k] = String(val);
    }
  }
  return env;
}

function becomeFor(rc: RunContext, eff: Inherited, scope: Scope): BecomeOptions | undefined {
  const on =
    resolveBoolish(eff.become, scope) ??
    rc.options.become ??
    (resolveBoolish(scope.ansible_become as boolean | string | undefined, scope) || false);
  if (!on) return undefined;
  const user =
    (eff.becomeUser ? renderString(eff.becomeUser, scope) : undefined) ??
    rc.options.becomeUser ??
    (scope.ansible_become_user as string | undefined) ??
    'root';
  const password = (scope.ansible_become_password ??
    scope.ansible_become_pass ??
    rc.options.becomePassword) as string | undefined;
  if (password) rc.masker.add(password);
  return { user, method: 'sudo', password };
}

function noTransport(host: string, task: string): never & ModuleContext['transport'] {
  return new Proxy({} as ModuleContext['transport'], {
    get: () => {
      throw new ModuleError({
        code: 'PRV406',
        host,
        task,
        message: 'a controller-only module tried to reach the host',
      });
    },
  }) as never;
}

function failureOutcome(e: unknown, host: HostState, task: TaskNode): ItemOutcome {
  if (e instanceof UnknownValueError)
    return { status: 'unknown', result: { changed: false }, reason: e.reason };
  if (e instanceof HostUnreachable) {
    // The code and hint matter most here: they say how to fix a refused host key or an unknown host.
    return {
      status: 'unreachable',
      result: {
        unreachable: true,
        msg: e.message,
        code: e.code,
        ...(e.hint ? { hint: e.hint } : {}),
        changed: false,
      },
    };
  }
  if (e instanceof RemoteCommandError) {
    return {
      status: 'failed',
      result: { failed: true, msg: e.message, rc: e.rc, stdout: e.stdoutTail, stderr: e.stderrTail },
    };
  }
  if (e instanceof ProvisionError) {
    const where = e.location ? ` (${e.where()})` : '';
    return {
      status: 'failed',
      result: {
        failed: true,
        msg: `${e.message}${where}`,
        code: e.code,
        ...(e.hint ? { hint: e.hint } : {}),
      },
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    status: 'failed',
    result: {
      failed: true,
      msg: `internal error in task '${task.name}' on ${host.name}: ${message}`,
      code: 'PRV900',
    },
  };
}

function emitResult(
  rc: RunContext,
  task: TaskNode,
  host: HostState,
  outcome: {
    status: HostStatus;
    result: ModuleResult;
    reason?: string;
    items?: ItemOutcome[];
    diff?: ItemOutcome['diff'];
  },
  noLog: boolean,
  delegatedTo: string | undefined,
  durationMs: number,
): void {
  const r = host.recap;
  switch (outcome.status) {
    case 'changed':
      r.ok++;
      r.changed++;
      break;
    case 'ok':
      r.ok++;
      break;
    case 'skipped':
      r.skipped++;
      break;
    case 'failed':
      r.failed++;
      break;
    case 'ignored':
      r.ignored++;
      break;
    case 'unreachable':
      r.unreachable++;
      break;
    case 'unknown':
      r.unknown++;
      break;
    default:
      break;
  }
  const result = noLog ? NO_LOG_RESULT : publicResult(outcome.result);
  const msg = noLog ? undefined : typeof outcome.result.msg === 'string' ? outcome.result.msg : undefined;
  rc.events.emit({
    type: 'host_result',
    host: host.name,
    task: task.name,
    module: task.module,
    location: task.loc,
    status: outcome.status,
    reason: noLog ? undefined : outcome.reason,
    msg,
    delegatedTo,
    diff: noLog || !outcome.diff || outcome.diff.length === 0 ? undefined : outcome.diff,
    items: outcome.items?.map((i) => ({
      label: noLog ? '(censored)' : (i.label ?? ''),
      status: i.status,
      msg: noLog ? undefined : (i.result.msg as string | undefined),
    })),
    result,
    durationMs,
  });
}
