import type { Taint } from './node.js';
import type { Toleration } from './pod.js';

/**
 * Whether a toleration matches a taint (k8s.io/api/core/v1 toleration.go ToleratesTaint): an empty effect
 * matches every effect; an empty key with operator Exists matches every key; Exists ignores the value; Equal
 * (the default operator) compares values.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) return false;
  const op = toleration.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if ((toleration.key ?? '') === '' && op === 'Equal') return false;
  return (toleration.value ?? '') === (taint.value ?? '');
}

export function taintToleratedBy(taint: Taint, tolerations: readonly Toleration[] | undefined): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** `key=value:Effect` or `key:Effect`, as kubectl prints and accepts taints. */
export function formatTaint(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** Same key and effect: the identity of a taint on a node (values do not make two taints distinct). */
export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}
