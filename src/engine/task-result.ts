import type { ModuleResult, Plan } from '../modules/module.js';
import type { HostStatus } from '../report/event-schema.js';
import { UnknownValue } from '../template/index.js';

/** Keys a module fills only when it really runs; in check mode they are unknown, never empty. */
const RUN_OUTPUT_KEYS = [
  'stdout',
  'stderr',
  'rc',
  'stdout_lines',
  'stderr_lines',
  'content',
  'json',
  'status',
  'results',
];

export interface ItemOutcome {
  status: HostStatus;
  result: ModuleResult;
  reason?: string;
  item?: unknown;
  label?: string;
  diff?: Plan['diff'];
}

/** The value `register` stores for one item: real results as they are; check-mode predictions with the outputs
 * that only a real run would give marked unknown, so later tasks that read them report 'unknown' instead of
 * misbehaving on an empty value. */
export function registeredValue(
  o: ItemOutcome,
  checkMode: boolean,
  applied: boolean,
  taskName: string,
): unknown {
  if (o.status === 'unknown')
    return new UnknownValue(
      `the result of task '${taskName}' is not known in check mode: ${o.reason ?? 'it was not run'}`,
    );
  if (!checkMode || applied || o.status !== 'changed') return o.result;
  const out: Record<string, unknown> = { ...o.result };
  for (const k of RUN_OUTPUT_KEYS) {
    if (!(k in out))
      out[k] = new UnknownValue(`'${k}' of task '${taskName}' is only known after a real run (check mode)`);
  }
  return out;
}

/** One result for a looped task, as Ansible registers it. */
export function aggregateLoop(outcomes: ItemOutcome[]): { status: HostStatus; result: ModuleResult } {
  const statuses = outcomes.map((o) => o.status);
  const failed = statuses.some((s) => s === 'failed');
  const status: HostStatus = failed
    ? 'failed'
    : statuses.some((s) => s === 'unknown')
      ? 'unknown'
      : statuses.some((s) => s === 'changed')
        ? 'changed'
        : statuses.length > 0 && statuses.every((s) => s === 'skipped')
          ? 'skipped'
          : 'ok';
  const result: ModuleResult = {
    changed: statuses.some((s) => s === 'changed'),
    failed,
    msg: failed ? 'One or more items failed' : 'All items completed',
    results: outcomes.map((o) => ({ ...o.result, item: o.item, ansible_loop_var: 'item' })),
  };
  if (status === 'skipped') result.skipped = true;
  return { status, result };
}

/** Internal keys modules use to talk to the engine; never shown. */
export function publicResult(result: ModuleResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result)) {
    if (k.startsWith('_provision')) continue;
    if (v instanceof UnknownValue) continue;
    out[k] = v;
  }
  return out;
}
