import type { Pod, StatefulSet } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { isPodReady } from '../objects/pod.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import { deepEqual } from '../store/immutable.js';
import type { Controller, InformerFactory } from './informer-factory.js';
import { isActivePod } from './pod-ranking.js';
import { controllerRef } from './pod-template.js';

/**
 * Basic StatefulSets: pods `<name>-0 … <name>-(n-1)` with stable names; OrderedReady creates the next only when
 * all before it are Running and Ready, and scales down from the highest ordinal; Parallel does all at once.
 */
export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  private readonly queue: WorkQueue<string>;

  constructor(private readonly f: InformerFactory) {
    this.queue = new WorkQueue(f.clock, 'statefulset');
  }

  register(): void {
    this.f.for('StatefulSet').addHandler({
      onAdd: (s) => this.queue.add(objectKey(s.metadata)),
      onUpdate: (_, s) => this.queue.add(objectKey(s.metadata)),
    });
    const byPod = (p: Pod) => {
      const ref = p.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'StatefulSet');
      if (ref) this.queue.add(`${p.metadata.namespace}/${ref.name}`);
    };
    this.f.for('Pod').addHandler({ onAdd: byPod, onUpdate: (_, p) => byPod(p), onDelete: byPod });
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
    const sts = this.f.for('StatefulSet').getByKey(key);
    if (!sts?.metadata.uid || sts.metadata.deletionTimestamp) return;
    const name = sts.metadata.name;
    const ns = sts.metadata.namespace as string;
    const replicas = sts.spec.replicas ?? 1;
    const parallel = sts.spec.podManagementPolicy === 'Parallel';
    const pods = this.f.for('Pod').byIndex('owner', sts.metadata.uid);
    const byOrdinal = new Map<number, Pod>();
    for (const p of pods) {
      const m = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(p.metadata.name);
      if (m) byOrdinal.set(Number(m[1]), p);
    }
    const client = this.f.client;
    try {
      for (let i = 0; i < replicas; i++) {
        const p = byOrdinal.get(i);
        if (!p) {
          const labels = {
            ...sts.spec.template.metadata?.labels,
            'statefulset.kubernetes.io/pod-name': `${name}-${i}`,
            'apps.kubernetes.io/pod-index': String(i),
          };
          await client.create({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: `${name}-${i}`, namespace: ns, labels, ownerReferences: [controllerRef(sts)] },
            spec: {
              ...sts.spec.template.spec,
              hostname: `${name}-${i}`,
              ...(sts.spec.serviceName ? { subdomain: sts.spec.serviceName } : {}),
            },
          } as Pod);
          if (!parallel) break;
        } else if (!parallel && (!isActivePod(p) || !isPodReady(p))) break;
      }
      const extra = [...byOrdinal.keys()].filter((i) => i >= replicas).sort((a, b) => b - a);
      for (const i of parallel ? extra : extra.slice(0, 1)) {
        const p = byOrdinal.get(i) as Pod;
        if (!p.metadata.deletionTimestamp) await client.delete('Pod', p.metadata.name, ns);
      }
    } catch (e) {
      if (!isApiError(e, 'AlreadyExists') && !isApiError(e, 'NotFound')) throw e;
    }
    const active = pods.filter(isActivePod);
    const status: NonNullable<StatefulSet['status']> = {
      observedGeneration: sts.metadata.generation,
      replicas: active.length,
      readyReplicas: active.filter(isPodReady).length,
      currentReplicas: active.length,
      updatedReplicas: active.length,
      availableReplicas: active.filter(isPodReady).length,
    };
    if (!deepEqual(sts.status, status))
      await client.updateStatus({ ...sts, status }).catch(() => this.queue.add(key));
    return undefined;
  }
}
