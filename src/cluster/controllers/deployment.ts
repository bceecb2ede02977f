import type { Deployment, Pod, ReplicaSet } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { isoSeconds } from '../runtime/clock.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import { deepEqual } from '../store/immutable.js';
import { revisionAnnotation, rollingLimits, setCondition } from './deployment-status.js';
import { type Controller, type InformerFactory, podEventBatchMs } from './informer-factory.js';
import { isActivePod, isPodAvailable } from './pod-ranking.js';
import { controllerRef, templateHash } from './pod-template.js';

interface RsState {
  rs: ReplicaSet;
  replicas: number;
  pods: Pod[];
  available: number;
  ready: number;
}

const revisionOf = (rs: ReplicaSet) => Number(rs.metadata.annotations?.[revisionAnnotation] ?? 0);

/**
 * Rolls Deployments out through ReplicaSets: Recreate (old to zero, then new) or RollingUpdate within maxSurge
 * and maxUnavailable, counting availability from the pods themselves; keeps revisionHistoryLimit old sets.
 */
export class DeploymentController implements Controller {
  readonly name = 'deployment';
  private readonly queue: WorkQueue<string>;

  constructor(private readonly f: InformerFactory) {
    this.queue = new WorkQueue(f.clock, 'deployment');
  }

  private ownerOfRs(rs: ReplicaSet | undefined): string | undefined {
    const ref = rs?.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
    return ref && rs ? `${rs.metadata.namespace}/${ref.name}` : undefined;
  }

  register(): void {
    const rsInf = this.f.for('ReplicaSet');
    const enqueueRs = (rs: ReplicaSet) => {
      const k = this.ownerOfRs(rs);
      if (k) this.queue.add(k);
    };
    this.f.for('Deployment').addHandler({
      onAdd: (d) => this.queue.add(objectKey(d.metadata)),
      onUpdate: (_, d) => this.queue.add(objectKey(d.metadata)),
    });
    rsInf.addHandler({ onAdd: enqueueRs, onUpdate: (_, rs) => enqueueRs(rs), onDelete: enqueueRs });
    const enqueuePod = (p: Pod) => {
      const ref = p.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet');
      if (!ref) return;
      const k = this.ownerOfRs(rsInf.get(ref.name, p.metadata.namespace));
      if (k) this.queue.addAfter(k, podEventBatchMs);
    };
    this.f
      .for('Pod')
      .addHandler({ onAdd: enqueuePod, onUpdate: (_, p) => enqueuePod(p), onDelete: enqueuePod });
  }

  run(): void {
    this.queue.run((key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  idle(): boolean {
    return this.queue.idle();
  }

  private state(rs: ReplicaSet, minReady: number, now: number): RsState {
    const pods = this.f
      .for('Pod')
      .byIndex('owner', rs.metadata.uid ?? '')
      .filter(isActivePod);
    return {
      rs,
      replicas: rs.spec.replicas ?? 0,
      pods,
      available: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
      ready: pods.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
        .length,
    };
  }

  private async scale(s: RsState, replicas: number, d: Deployment): Promise<void> {
    if (s.replicas === replicas) return;
    s.replicas = replicas;
    const annotations = { 'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1) };
    await this.f.client.patch(
      'ReplicaSet',
      s.rs.metadata.name,
      s.rs.metadata.namespace,
      { metadata: { annotations }, spec: { replicas } },
      'merge',
    );
  }

  private async sync(key: string): Promise<HandlerResult> {
    const d = this.f.for('Deployment').getByKey(key);
    if (!d?.metadata.uid || d.metadata.deletionTimestamp) return;
    try {
      return await this.reconcile(d);
    } catch (e) {
      if (isApiError(e, 'Conflict') || isApiError(e, 'NotFound') || isApiError(e, 'AlreadyExists')) {
        this.queue.addAfter(key, 10);
        return;
      }
      throw e;
    }
  }

  private async reconcile(d: Deployment): Promise<HandlerResult> {
    const now = this.f.clock.now();
    const minReady = d.spec.minReadySeconds ?? 0;
    const replicas = d.spec.replicas ?? 1;
    const hash = templateHash(d.spec.template);
    const owned = this.f.for('ReplicaSet').byIndex('owner', d.metadata.uid as string);
    const states = owned.map((rs) => this.state(rs, minReady, now));
    let current = states.find((s) => s.rs.metadata.labels?.['pod-template-hash'] === hash);
    const olds = states.filter((s) => s !== current).sort((a, b) => revisionOf(a.rs) - revisionOf(b.rs));
    const maxOldRevision = Math.max(0, ...olds.map((s) => revisionOf(s.rs)));
    const recreate = d.spec.strategy?.type === 'Recreate';

    if (!d.spec.paused) {
      if (current && revisionOf(current.rs) <= maxOldRevision) {
        const annotations = { [revisionAnnotation]: String(maxOldRevision + 1) };
        await this.f.client.patch(
          'ReplicaSet',
          current.rs.metadata.name,
          current.rs.metadata.namespace,
          { metadata: { annotations } },
          'merge',
        );
      }
      if (recreate) {
        for (const s of olds) await this.scale(s, 0, d);
        const oldPodsLeft = olds.some((s) => s.pods.length > 0);
        if (!oldPodsLeft) {
          if (!current) current = await this.createRs(d, hash, replicas, maxOldRevision + 1, minReady, now);
          else await this.scale(current, replicas, d);
        }
      } else {
        const { maxSurge, maxUnavailable } = rollingLimits(d);
        // Pods a scaled-down set has not deleted yet still count, so surge is never exceeded by real pods.
        const size = (s: RsState) => Math.max(s.replicas, s.pods.length);
        const total = () =>
          states.reduce((n, s) => n + size(s), 0) +
          (current && !states.includes(current) ? size(current) : 0);
        if (!current) {
          const up = Math.max(0, Math.min(replicas + maxSurge - total(), replicas));
          current = await this.createRs(
            d,
            hash,
            olds.length === 0 ? replicas : up,
            maxOldRevision + 1,
            minReady,
            now,
          );
        } else if (current.replicas > replicas) {
          await this.scale(current, replicas, d);
        } else if (current.replicas < replicas) {
          const up = Math.min(replicas + maxSurge - total(), replicas - current.replicas);
          if (up > 0) await this.scale(current, current.replicas + up, d);
        }
        // Scale old sets down only as far as availability allows (deployment/rolling.go reconcileOldReplicaSets).
        const minAvailable = replicas - maxUnavailable;
        const newUnavailable = Math.max(0, current.replicas - current.available);
        let budget = total() - minAvailable - newUnavailable;
        for (const s of olds) {
          if (budget <= 0) break;
          const unhealthy = Math.max(0, s.replicas - s.available);
          const down = Math.min(budget, unhealthy);
          if (down > 0) {
            await this.scale(s, s.replicas - down, d);
            budget -= down;
          }
        }
        const totalAvailable = states.reduce((n, s) => n + Math.min(s.available, s.replicas), 0);
        let canDown = Math.min(budget, totalAvailable - minAvailable);
        for (const s of olds) {
          if (canDown <= 0) break;
          const down = Math.min(s.replicas, canDown);
          if (down > 0) {
            await this.scale(s, s.replicas - down, d);
            canDown -= down;
          }
        }
      }
      await this.cleanupHistory(d, olds);
    }
    return this.writeStatus(d, current, olds, now);
  }

  private async createRs(
    d: Deployment,
    hash: string,
    replicas: number,
    revision: number,
    minReady: number,
    now: number,
  ): Promise<RsState> {
    const labels = { ...d.spec.template.metadata?.labels, 'pod-template-hash': hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels,
        annotations: {
          [revisionAnnotation]: String(revision),
          'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1),
        },
        ownerReferences: [controllerRef(d)],
      },
      spec: {
        replicas,
        minReadySeconds: d.spec.minReadySeconds,
        selector: {
          ...d.spec.selector,
          matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': hash },
        },
        template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } },
      },
    };
    if (rs.spec.minReadySeconds === undefined) delete rs.spec.minReadySeconds;
    const created = await this.f.client.create(rs);
    return this.state(created, minReady, now);
  }

  private async cleanupHistory(d: Deployment, olds: RsState[]): Promise<void> {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const idle = olds.filter(
      (s) => s.replicas === 0 && s.pods.length === 0 && (s.rs.status?.replicas ?? 0) === 0,
    );
    for (const s of idle.slice(0, Math.max(0, idle.length - limit))) {
      await this.f.client.delete('ReplicaSet', s.rs.metadata.name, s.rs.metadata.namespace).catch((e) => {
        if (!isApiError(e, 'NotFound')) throw e;
      });
    }
  }

  private async writeStatus(
    d: Deployment,
    current: RsState | undefined,
    olds: RsState[],
    now: number,
  ): Promise<HandlerResult> {
    const all = current ? [current, ...olds] : olds;
    const replicas = d.spec.replicas ?? 1;
    const podCount = all.reduce((n, s) => n + s.pods.length, 0);
    const available = all.reduce((n, s) => n + s.available, 0);
    const updated = current?.pods.length ?? 0;
    const { maxUnavailable } =
      d.spec.strategy?.type === 'Recreate' ? { maxUnavailable: 0 } : rollingLimits(d);
    const stamp = isoSeconds(now);
    let conditions = d.status?.conditions ?? [];
    conditions = setCondition(
      conditions,
      available >= replicas - maxUnavailable
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
      stamp,
    );
    const rsName = current?.rs.metadata.name ?? d.metadata.name;
    const complete = updated === replicas && available >= replicas && podCount === replicas;
    const progressingBefore = d.status?.conditions?.find((c) => c.type === 'Progressing');
    const deadline = (d.spec.progressDeadlineSeconds ?? 600) * 1000;
    const lastProgress = Date.parse(progressingBefore?.lastUpdateTime ?? stamp);
    const progressed = !deepEqual(
      [d.status?.updatedReplicas, d.status?.availableReplicas, d.status?.replicas],
      [updated, available, podCount],
    );
    let requeue: number | undefined;
    if (complete) {
      conditions = setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
        },
        stamp,
      );
    } else if (
      !progressed &&
      progressingBefore?.reason !== 'NewReplicaSetAvailable' &&
      now - lastProgress > deadline
    ) {
      conditions = setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: `ReplicaSet "${rsName}" has timed out progressing.`,
        },
        stamp,
      );
    } else {
      const next = {
        type: 'Progressing',
        status: 'True' as const,
        reason: 'ReplicaSetUpdated',
        message: `ReplicaSet "${rsName}" is progressing.`,
      };
      conditions = progressed
        ? [
            ...conditions.filter((c) => c.type !== 'Progressing'),
            {
              ...next,
              lastUpdateTime: stamp,
              lastTransitionTime:
                progressingBefore?.status === 'True'
                  ? (progressingBefore.lastTransitionTime ?? stamp)
                  : stamp,
            },
          ].sort((a, b) => (a.type < b.type ? -1 : 1))
        : setCondition(conditions, next, stamp);
      requeue = deadline + 1000;
    }
    const status: NonNullable<Deployment['status']> = {
      observedGeneration: d.metadata.generation,
      replicas: podCount,
      updatedReplicas: updated,
      readyReplicas: all.reduce((n, s) => n + s.ready, 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicas - available),
      conditions,
    };
    if (!deepEqual(d.status, status)) await this.f.client.updateStatus({ ...d, status });
    return requeue !== undefined ? { requeueAfterMs: requeue, background: true } : undefined;
  }
}
