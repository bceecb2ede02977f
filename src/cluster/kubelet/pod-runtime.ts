import type { Condition, ContainerStatus, Pod, PodStatus } from '../objects/index.js';
import { isoSeconds } from '../runtime/clock.js';

/** One container as the simulated runtime runs it. */
export interface ContainerRun {
  name: string;
  image: string;
  restartCount: number;
  state: 'waiting' | 'running';
  reason?: string;
  message?: string;
  startedAt?: number;
  lastTerminated?: {
    exitCode: number;
    reason: string;
    message?: string;
    finishedAt: number;
    startedAt: number;
  };
  /** While crash-looping: when the next start may happen. */
  backoffUntil?: number;
  /** CPU wanted above the limit: it runs, throttled to the limit. */
  throttled?: boolean;
}

/**
 * A pod's life on its node, stage by stage (the kwok idea: lifecycles as data):
 * - `sandbox`: waiting for the pod network (or an IP) — ContainerCreating;
 * - `creating`: sandbox up, containers starting until `startAt` — ContainerCreating;
 * - `started`: each container running, or crash-looping with back-off.
 */
export interface PodRun {
  uid: string;
  stage: 'sandbox' | 'creating' | 'started';
  ip?: string;
  startAt: number;
  sandboxMessage?: string;
  containers: ContainerRun[];
  startTime: number;
}

export const crashBackoff = { baseMs: 10_000, maxMs: 300_000 };

/** CrashLoopBackOff delay after the n-th restart: 10 s doubling to 5 min. */
export function backoffDelay(restartCount: number): number {
  return Math.min(crashBackoff.maxMs, crashBackoff.baseMs * 2 ** Math.max(0, restartCount - 1));
}

function condition(
  type: string,
  ok: boolean,
  prev: readonly Condition[],
  now: string,
  reason?: string,
): Condition {
  const status = ok ? 'True' : 'False';
  const old = prev.find((c) => c.type === type);
  const c: Condition = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: old && old.status === status ? (old.lastTransitionTime ?? now) : now,
  };
  if (reason && !ok) c.reason = reason;
  return c;
}

function containerStatus(c: ContainerRun): ContainerStatus {
  const s: ContainerStatus = {
    name: c.name,
    image: c.image,
    imageID: '',
    ready: c.state === 'running',
    started: c.state === 'running',
    restartCount: c.restartCount,
    state:
      c.state === 'running'
        ? { running: { startedAt: isoSeconds(c.startedAt ?? 0) } }
        : {
            waiting: {
              reason: c.reason ?? 'ContainerCreating',
              ...(c.message ? { message: c.message } : {}),
            },
          },
  };
  if (c.lastTerminated) {
    s.lastState = {
      terminated: {
        exitCode: c.lastTerminated.exitCode,
        reason: c.lastTerminated.reason,
        ...(c.lastTerminated.message ? { message: c.lastTerminated.message } : {}),
        startedAt: isoSeconds(c.lastTerminated.startedAt),
        finishedAt: isoSeconds(c.lastTerminated.finishedAt),
      },
    };
  }
  return s;
}

/** The status the kubelet posts for a pod in `run`. */
export function podStatus(pod: Pod, run: PodRun, hostIP: string, nowMs: number): PodStatus {
  const prev = pod.status?.conditions ?? [];
  const now = isoSeconds(nowMs);
  const sandboxReady = run.stage !== 'sandbox';
  const allRunning = run.stage === 'started' && run.containers.every((c) => c.state === 'running');
  const notReadyReason = 'ContainersNotReady';
  const status: PodStatus = {
    phase: run.stage === 'started' ? 'Running' : 'Pending',
    conditions: [
      condition('PodReadyToStartContainers', sandboxReady, prev, now),
      condition('Initialized', true, prev, now),
      condition('Ready', allRunning, prev, now, notReadyReason),
      condition('ContainersReady', allRunning, prev, now, notReadyReason),
      condition('PodScheduled', true, prev, now),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime: isoSeconds(run.startTime),
    containerStatuses: run.containers.map(containerStatus),
    qosClass: pod.status?.qosClass,
  };
  if (run.ip) {
    status.podIP = run.ip;
    status.podIPs = [{ ip: run.ip }];
  }
  if (!status.qosClass) delete status.qosClass;
  return status;
}
