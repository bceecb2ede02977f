import { type ModuleContext, type Plan, unknownPlan } from '../module.js';

/**
 * Check-mode truth: when a path this task reads would have been changed by an earlier task that check mode did not
 * apply, what we probed is not what the real run would see. Returns the reason for an 'unknown' outcome, or
 * undefined when none of the paths is pending. Callers pass only the paths their answer really depends on.
 */
export function pendingReason(ctx: ModuleContext, ...paths: (string | undefined)[]): string | undefined {
  for (const path of paths) {
    if (path === undefined) continue;
    const task = ctx.pendingChange(path);
    if (task !== undefined) return `depends on ${path}, which task '${task}' would change`;
  }
  return undefined;
}

/**
 * An 'unknown' plan that still names the paths this task would change, so later check-mode tasks reading them are
 * 'unknown' too rather than reporting the host as it is now.
 */
export function unknownChange(reason: string, ...paths: string[]): Plan {
  return { ...unknownPlan(reason), paths };
}
