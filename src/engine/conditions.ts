import { stripMustache } from '../playbook/index.js';
import type { Condition } from '../playbook/ir.js';
import { evaluateCondition, renderValue, type Scope } from '../template/index.js';

/** All conditions must hold (a list is an AND). */
export function conditionsHold(conditions: readonly Condition[], scope: Scope): boolean {
  for (const c of conditions) {
    const ok =
      typeof c.source === 'boolean'
        ? c.source
        : evaluateCondition(stripMustache(c.source), scope, { location: c.loc });
    if (!ok) return false;
  }
  return true;
}

/** A keyword that is a boolean or a templated string, resolved for a host. */
export function resolveBoolish(value: boolean | string | undefined, scope: Scope): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  const v = renderValue(value, scope);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return /^(yes|true|on|1)$/i.test(v.trim());
  return Boolean(v);
}

export function resolveNumber(value: number | string | undefined, scope: Scope, fallback: number): number {
  if (value === undefined) return fallback;
  const v = typeof value === 'number' ? value : Number(renderValue(value, scope));
  return Number.isFinite(v) ? v : fallback;
}
