import type { Pod } from '../objects/index.js';
import { isPodReady, isPodTerminal } from '../objects/pod.js';

/** Pods that count towards a controller's replicas: not finished and not being deleted. */
export function isActivePod(p: Pod): boolean {
  return !isPodTerminal(p) && !p.metadata.deletionTimestamp;
}

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

const restarts = (p: Pod) => (p.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);

/**
 * Order in which a controller deletes surplus pods (controller.ActivePods): unscheduled before scheduled,
 * pending before running, not ready before ready, more restarts first, newest first; ties by name.
 */
export function compareForDeletion(a: Pod, b: Pod): number {
  const sa = a.spec.nodeName ? 1 : 0;
  const sb = b.spec.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const pa = phaseRank[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = phaseRank[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  const xa = restarts(a);
  const xb = restarts(b);
  if (xa !== xb) return xb - xa;
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.metadata.name < b.metadata.name ? 1 : -1;
}

/** Available: ready for at least minReadySeconds (by the Ready condition's transition time). */
export function isPodAvailable(p: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(p)) return false;
  if (minReadySeconds <= 0) return true;
  const c = p.status?.conditions?.find((x) => x.type === 'Ready');
  const since = c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : Number.NaN;
  return !Number.isNaN(since) && nowMs - since >= minReadySeconds * 1000;
}
