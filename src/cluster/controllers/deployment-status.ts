import type { Condition, Deployment } from '../objects/index.js';
import { resolveIntOrPercent } from '../objects/workloads.js';

export const revisionAnnotation = 'deployment.kubernetes.io/revision';

/** maxSurge (rounded up) and maxUnavailable (rounded down) for a RollingUpdate; both zero would stall, so 1. */
export function rollingLimits(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const replicas = d.spec.replicas ?? 1;
  const ru = d.spec.strategy?.rollingUpdate;
  const maxSurge = resolveIntOrPercent(ru?.maxSurge, replicas, true, '25%');
  let maxUnavailable = resolveIntOrPercent(ru?.maxUnavailable, replicas, false, '25%');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

export interface RolloutStatus {
  done: boolean;
  /** kubectl rollout status's words. */
  message: string;
  failed?: boolean;
}

/** What `kubectl rollout status deployment/NAME` would print now. */
export function rolloutStatus(d: Deployment): RolloutStatus {
  const name = d.metadata.name;
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) {
    return { done: false, message: 'Waiting for deployment spec update to be observed...' };
  }
  const progressing = s.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { done: false, failed: true, message: `deployment "${name}" exceeded its progress deadline` };
  }
  const replicas = d.spec.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  const available = s.availableReplicas ?? 0;
  if (updated < replicas) {
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`,
    };
  }
  if ((s.replicas ?? 0) > updated) {
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...`,
    };
  }
  if (available < updated) {
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  }
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}

export function setCondition(conds: readonly Condition[], next: Condition, now: string): Condition[] {
  const old = conds.find((c) => c.type === next.type);
  const same =
    old && old.status === next.status && old.reason === next.reason && old.message === next.message;
  const merged: Condition = same
    ? (old as Condition)
    : {
        ...next,
        lastUpdateTime: now,
        lastTransitionTime: old && old.status === next.status ? (old.lastTransitionTime ?? now) : now,
      };
  return [...conds.filter((c) => c.type !== next.type), merged].sort((a, b) => (a.type < b.type ? -1 : 1));
}
