import { ClusterError } from '../../errors/index.js';
import type { KubeClient } from '../client/kube-client.js';
import { type Condition, type Namespace, type Node, objectKey, type Pod } from '../objects/index.js';
import { type Clock, isoSeconds } from '../runtime/clock.js';
import { EventRecorder } from '../runtime/event-recorder.js';
import { Informer } from '../runtime/informer.js';
import { type AlgorithmOptions, SchedulingAlgorithm } from './algorithm.js';
import { type PodInfo, SchedulerCache } from './cache.js';
import { SchedulingQueue } from './queue.js';

export const defaultSchedulerName = 'default-scheduler';

export interface SchedulerOptions extends AlgorithmOptions {
  schedulerName?: string;
  /** Record a `Scheduled` Event per bound pod, as kube-scheduler does (default true). */
  recordScheduledEvents?: boolean;
  /** Pods scheduled per turn before yielding to other work (default 256). */
  batchSize?: number;
}

export interface SchedulerStats {
  scheduled: number;
  failedAttempts: number;
  bindErrors: number;
  preemptions: number;
  /** Wall-clock milliseconds spent inside scheduling cycles (filter + score + assume). */
  algorithmMs: number;
}

export interface Scheduler {
  start(): Promise<void>;
  stop(): void;
  /** No pod waiting in the active queue, no cycle or binding in flight. */
  idle(): boolean;
  /** Runs scheduling cycles until the active queue is empty; resolves with the pods bound by this call. */
  scheduleOnce(): Promise<number>;
  readonly cache: SchedulerCache;
  readonly stats: SchedulerStats;
}

function validateOptions(opts: SchedulerOptions): void {
  const pct = opts.percentageOfNodesToScore;
  if (pct !== undefined && (!Number.isFinite(pct) || pct < 0 || pct > 100)) {
    throw new ClusterError({
      code: 'PRV790',
      message: `percentageOfNodesToScore must be between 0 and 100, got ${pct}`,
    });
  }
  const batch = opts.batchSize;
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) {
    throw new ClusterError({ code: 'PRV790', message: `batchSize must be a positive integer, got ${batch}` });
  }
}

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Node changes that can make a parked pod schedulable (upstream's queueing hints, coarsely). */
function nodeChangeMatters(oldNode: Node, node: Node): boolean {
  return (
    JSON.stringify(oldNode.metadata.labels ?? {}) !== JSON.stringify(node.metadata.labels ?? {}) ||
    JSON.stringify(oldNode.spec.taints ?? []) !== JSON.stringify(node.spec.taints ?? []) ||
    (oldNode.spec.unschedulable ?? false) !== (node.spec.unschedulable ?? false) ||
    JSON.stringify(oldNode.status?.allocatable ?? {}) !== JSON.stringify(node.status?.allocatable ?? {})
  );
}

/**
 * kube-scheduler as a loop over any KubeClient: informers on nodes, pods and namespaces feed the cache and the
 * queue; each cycle runs the algorithm synchronously, assumes the pod on its node in the cache and binds through
 * pods/binding without waiting, so the next cycle already sees the placement. Failures set PodScheduled=False
 * (reason Unschedulable) and record a FailedScheduling Event with the upstream message.
 */
export function createScheduler(client: KubeClient, clock: Clock, opts: SchedulerOptions = {}): Scheduler {
  validateOptions(opts);
  const schedulerName = opts.schedulerName ?? defaultSchedulerName;
  const batchSize = opts.batchSize ?? 256;
  const cache = new SchedulerCache();
  const algorithm = new SchedulingAlgorithm(cache, opts);
  const recorder = new EventRecorder(client, clock, schedulerName);
  const nodes = new Informer(client, 'Node', clock);
  const pods = new Informer(client, 'Pod', clock);
  const namespaces = new Informer(client, 'Namespace', clock);
  const stats: SchedulerStats = {
    scheduled: 0,
    failedAttempts: 0,
    bindErrors: 0,
    preemptions: 0,
    algorithmMs: 0,
  };
  let inFlight = 0;
  let pumping = false;
  let pumpQueued = false;
  let stopped = true;
  const queue = new SchedulingQueue<Pod>(clock, () => kick());

  const responsible = (p: Pod) => (p.spec.schedulerName ?? defaultSchedulerName) === schedulerName;
  const keyOf = (p: Pod) =>
    objectKey({ name: p.metadata.name, namespace: p.metadata.namespace ?? 'default' });

  function observePod(p: Pod): void {
    const key = keyOf(p);
    if (p.spec.nodeName) {
      queue.done(key);
      if (isTerminal(p)) {
        cache.remove(key);
        queue.moveAllToActive();
        return;
      }
      const placed = cache.placedPod(key);
      if (placed && placed.node?.name === p.spec.nodeName && placed.pod.metadata.uid === p.metadata.uid) {
        // The binding came back through the watch: the assumed pod is now confirmed.
        placed.assumed = false;
        placed.pod = p;
        return;
      }
      cache.place(cache.podInfo(p), p.spec.nodeName, false);
      return;
    }
    if (p.metadata.deletionTimestamp || isTerminal(p) || !responsible(p)) return;
    if (cache.placedPod(key)?.assumed) return;
    queue.add(key, p, p.spec.priority ?? 0);
  }

  function forgetPod(p: Pod): void {
    const key = keyOf(p);
    queue.delete(key);
    if (cache.remove(key)) queue.moveAllToActive();
  }

  nodes.addHandler({
    onAdd: (n) => {
      cache.upsertNode(n);
      queue.moveAllToActive();
    },
    onUpdate: (o, n) => {
      cache.upsertNode(n);
      if (nodeChangeMatters(o, n)) queue.moveAllToActive();
    },
    onDelete: (n) => cache.removeNode(n.metadata.name),
  });
  pods.addHandler({ onAdd: observePod, onUpdate: (_o, p) => observePod(p), onDelete: forgetPod });
  namespaces.addHandler({
    onAdd: (ns: Namespace) => cache.groups.namespaceLabels.set(ns.metadata.name, ns.metadata.labels),
    onUpdate: (_o, ns: Namespace) => cache.groups.namespaceLabels.set(ns.metadata.name, ns.metadata.labels),
    onDelete: (ns: Namespace) => cache.groups.namespaceLabels.delete(ns.metadata.name),
  });

  function kick(): void {
    if (stopped || pumping || pumpQueued) return;
    pumpQueued = true;
    queueMicrotask(() => {
      pumpQueued = false;
      void pump();
    });
  }

  async function pump(): Promise<number> {
    if (pumping) return 0;
    pumping = true;
    let bound = 0;
    try {
      for (;;) {
        let n = 0;
        while (n < batchSize) {
          const next = queue.pop();
          if (!next) break;
          if (scheduleOne(next.key, next.item)) bound++;
          n++;
        }
        if (n < batchSize) break;
        // Yield so watches, bindings and other loops make progress between batches.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (stopped) break;
      }
    } finally {
      pumping = false;
    }
    return bound;
  }

  function scheduleOne(key: string, pod: Pod): boolean {
    const current = pods.getByKey(key) ?? pod;
    if (current.spec.nodeName || current.metadata.deletionTimestamp) {
      queue.done(key);
      return false;
    }
    const t0 = performance.now();
    const info = cache.podInfo(current);
    const result = algorithm.schedule(info);
    if (result.kind === 'scheduled') {
      cache.place(info, result.node.name, true);
      stats.algorithmMs += performance.now() - t0;
      queue.done(key);
      stats.scheduled++;
      void bind(info, result.node.name);
      return true;
    }
    stats.algorithmMs += performance.now() - t0;
    stats.failedAttempts++;
    queue.failed(key, true);
    void reportFailure(current, result.message, result.preemption?.node.name);
    if (result.preemption) {
      stats.preemptions++;
      for (const v of result.preemption.victims) void preemptVictim(v, current, result.preemption.node.name);
    }
    return false;
  }

  async function bind(info: PodInfo, nodeName: string): Promise<void> {
    inFlight++;
    const p = info.pod;
    try {
      await client.bind(
        { name: p.metadata.name, namespace: p.metadata.namespace ?? 'default', uid: p.metadata.uid },
        nodeName,
      );
      if (opts.recordScheduledEvents !== false) {
        await recorder.record(
          p,
          'Normal',
          'Scheduled',
          `Successfully assigned ${p.metadata.namespace ?? 'default'}/${p.metadata.name} to ${nodeName}`,
        );
      }
    } catch {
      // Binding failed (pod changed or gone): forget the assumption and retry the pod after its backoff.
      stats.bindErrors++;
      stats.scheduled--;
      cache.remove(info.key);
      const latest = pods.getByKey(info.key);
      if (latest && !latest.spec.nodeName && !latest.metadata.deletionTimestamp) {
        queue.retryAfterError(info.key, latest, latest.spec.priority ?? 0);
      }
    } finally {
      inFlight--;
    }
  }

  async function reportFailure(pod: Pod, message: string, nominatedNode: string | undefined): Promise<void> {
    inFlight++;
    try {
      const prior = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
      const changed =
        prior?.status !== 'False' || prior.reason !== 'Unschedulable' || prior.message !== message;
      if (changed || nominatedNode !== undefined) {
        const condition: Condition = {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message,
          lastProbeTime: null,
          lastTransitionTime:
            prior?.status === 'False' && prior.lastTransitionTime
              ? prior.lastTransitionTime
              : isoSeconds(clock.now()),
        };
        const conditions = [
          ...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
          condition,
        ];
        const status: Record<string, unknown> = { conditions };
        if (nominatedNode !== undefined) status.nominatedNodeName = nominatedNode;
        await client.patch('Pod', pod.metadata.name, pod.metadata.namespace, { status }, 'merge', {
          subresource: 'status',
        });
      }
      await recorder.record(pod, 'Warning', 'FailedScheduling', message);
    } catch {
      // The pod went away or changed meanwhile; the next attempt reports again.
    } finally {
      inFlight--;
    }
  }

  async function preemptVictim(victim: PodInfo, preemptor: Pod, nodeName: string): Promise<void> {
    inFlight++;
    try {
      const v = victim.pod;
      await recorder.record(
        v,
        'Normal',
        'Preempted',
        `Preempted by pod ${preemptor.metadata.uid ?? preemptor.metadata.name} on node ${nodeName}`,
      );
      await client.delete('Pod', v.metadata.name, v.metadata.namespace);
    } catch {
      // Already gone.
    } finally {
      inFlight--;
    }
  }

  return {
    cache,
    stats,
    async start() {
      if (!stopped) return;
      stopped = false;
      await namespaces.start();
      await nodes.start();
      await pods.start();
      kick();
    },
    stop() {
      stopped = true;
      pods.stop();
      nodes.stop();
      namespaces.stop();
    },
    idle() {
      return (
        queue.activeCount === 0 && inFlight === 0 && !pumping && !pumpQueued && !nodes.busy() && !pods.busy()
      );
    },
    async scheduleOnce() {
      return pump();
    },
  };
}
