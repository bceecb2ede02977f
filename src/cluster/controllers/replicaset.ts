import type { Pod, ReplicaSet } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { compileLabelSelector } from '../objects/selectors.js';
import type { HandlerResult } from '../runtime/work-queue.js';
import { WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import { deepEqual } from '../store/immutable.js';
import { Expectations } from './expectations.js';
import { type Controller, type InformerFactory, podEventBatchMs } from './informer-factory.js';
import { compareForDeletion, isActivePod, isPodAvailable } from './pod-ranking.js';
import { podFromTemplate } from './pod-template.js';

/** How many pods one sync may create or delete (kube-controller-manager's burstReplicas). */
const burstReplicas = 500;

/** Keeps `spec.replicas` pods of each ReplicaSet, and reports how many are ready and available. */
export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  private readonly queue: WorkQueue<string>;
  private readonly expectations: Expectations;

  constructor(private readonly f: InformerFactory) {
    this.queue = new WorkQueue(f.clock, 'replicaset');
    this.expectations = new Expectations(() => f.clock.now());
  }

  private ownerKey(p: Pod): string | undefined {
    const ref = p.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet');
    return ref ? `${p.metadata.namespace}/${ref.name}` : undefined;
  }

  register(): void {
    const rs = this.f.for('ReplicaSet');
    const pods = this.f.for('Pod');
    rs.addHandler({
      onAdd: (o) => this.queue.add(objectKey(o.metadata)),
      onUpdate: (_, o) => this.queue.add(objectKey(o.metadata)),
      onDelete: (o) => this.expectations.forget(objectKey(o.metadata)),
    });
    pods.addHandler({
      onAdd: (p) => {
        const k = this.ownerKey(p);
        if (!k) return;
        this.expectations.observedAdd(k);
        this.queue.addAfter(k, podEventBatchMs);
      },
      onUpdate: (_, p) => {
        const k = this.ownerKey(p);
        if (k) this.queue.addAfter(k, podEventBatchMs);
      },
      onDelete: (p) => {
        const k = this.ownerKey(p);
        if (!k) return;
        this.expectations.observedDelete(k, p.metadata.uid);
        this.queue.addAfter(k, podEventBatchMs);
      },
    });
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

  private async sync(key: string): Promise<HandlerResult> {
    const rs = this.f.for('ReplicaSet').getByKey(key);
    if (!rs?.metadata.uid) return;
    const client = this.f.client;
    const now = this.f.clock.now();
    const selector = compileLabelSelector(rs.spec.selector);
    const owned = this.f
      .for('Pod')
      .byIndex('owner', rs.metadata.uid)
      .filter((p) => selector(p.metadata.labels));
    const active = owned.filter(isActivePod);
    const want = rs.spec.replicas ?? 1;
    if (!rs.metadata.deletionTimestamp && this.expectations.satisfied(key)) {
      const diff = active.length - want;
      if (diff < 0) {
        const n = Math.min(-diff, burstReplicas);
        this.expectations.expect(key, n);
        const pod = podFromTemplate(rs.spec.template, rs, `${rs.metadata.name}-`);
        for (let i = 0; i < n; i++) {
          try {
            await client.create(pod);
          } catch (e) {
            this.expectations.creationFailed(key);
            if (!isApiError(e)) throw e;
          }
        }
      } else if (diff > 0) {
        const victims = [...active].sort(compareForDeletion).slice(0, Math.min(diff, burstReplicas));
        this.expectations.expect(
          key,
          0,
          victims.map((p) => p.metadata.uid as string),
        );
        for (const v of victims) {
          try {
            await client.delete('Pod', v.metadata.name, v.metadata.namespace);
          } catch (e) {
            if (!isApiError(e, 'NotFound')) throw e;
            this.expectations.observedDelete(key, v.metadata.uid);
          }
        }
      }
    }
    const minReady = rs.spec.minReadySeconds ?? 0;
    const ready = active.filter((p) =>
      p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    const available = ready.filter((p) => isPodAvailable(p, minReady, now));
    const status: NonNullable<ReplicaSet['status']> = {
      replicas: active.length,
      fullyLabeledReplicas: active.filter((p) =>
        Object.entries(rs.spec.template.metadata?.labels ?? {}).every(
          ([k, v]) => p.metadata.labels?.[k] === v,
        ),
      ).length,
      readyReplicas: ready.length,
      availableReplicas: available.length,
      observedGeneration: rs.metadata.generation,
    };
    if (!deepEqual(rs.status, status)) {
      try {
        await client.updateStatus({ ...rs, status });
      } catch (e) {
        if (!isApiError(e, 'Conflict') && !isApiError(e, 'NotFound')) throw e;
        this.queue.add(key);
      }
    }
    // Pods ready but not yet available for minReadySeconds: look again when they will be.
    if (minReady > 0 && available.length < ready.length) return { requeueAfterMs: minReady * 1000 };
    return undefined;
  }
}
