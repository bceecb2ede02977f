import type { KubeObject, OwnerReference } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import type { Informer } from '../runtime/informer.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import type { Controller, InformerFactory } from './informer-factory.js';

/** Kinds whose objects the collector watches as dependents and as owners. */
export const collectedKinds = [
  'Pod',
  'ReplicaSet',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'EndpointSlice',
  'Lease',
  'ControllerRevision',
  'Service',
  'ConfigMap',
  'Secret',
];
const clusterScopedOwners = new Set([
  'Node',
  'Namespace',
  'PersistentVolume',
  'ClusterRole',
  'CustomResourceDefinition',
]);

type Item = `${string}|${string}`;

/**
 * The garbage collector: deletes dependents whose owners are all gone (background propagation), deletes the
 * dependents of owners deleted in the foreground before letting the owner go, and strips owner references for
 * `orphan` deletions.
 */
export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  private readonly queue: WorkQueue<Item>;
  private readonly informers: Informer<string>[];

  constructor(private readonly f: InformerFactory) {
    this.queue = new WorkQueue(f.clock, 'garbage-collector');
    this.informers = [...collectedKinds, 'Node'].map((k) => f.for(k));
  }

  register(): void {
    for (const inf of this.informers) {
      const enqueue = (o: KubeObject) => this.queue.add(`${o.kind}|${objectKey(o.metadata)}`);
      inf.addHandler({
        onAdd: (o) => {
          if (o.metadata.ownerReferences?.length || o.metadata.deletionTimestamp) enqueue(o);
        },
        onUpdate: (_, o) => {
          if (o.metadata.ownerReferences?.length || o.metadata.deletionTimestamp) enqueue(o);
        },
        onDelete: (o) => {
          // Dependents of a vanished owner need a look.
          for (const dep of this.dependents(o.metadata.uid ?? '')) enqueue(dep);
        },
      });
    }
  }

  private dependents(uid: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const inf of this.informers) out.push(...inf.byIndex('owner', uid));
    return out;
  }

  run(): void {
    this.queue.run((item) => this.sync(item));
  }

  stop(): void {
    this.queue.shutDown();
  }

  idle(): boolean {
    return this.queue.idle();
  }

  private ownerAlive(ref: OwnerReference, namespace: string | undefined): KubeObject | undefined {
    const o = this.f.for(ref.kind).get(ref.name, clusterScopedOwners.has(ref.kind) ? undefined : namespace);
    return o && o.metadata.uid === ref.uid ? o : undefined;
  }

  private async sync(item: Item): Promise<HandlerResult> {
    const [kind, key] = item.split('|') as [string, string];
    const obj = this.f.for(kind).getByKey(key);
    if (!obj) return;
    const client = this.f.client;
    const { name, namespace } = obj.metadata;
    try {
      if (obj.metadata.deletionTimestamp) {
        const fins = obj.metadata.finalizers ?? [];
        const deps = this.dependents(obj.metadata.uid ?? '');
        if (fins.includes('orphan')) {
          for (const d of deps) {
            const refs = (d.metadata.ownerReferences ?? []).filter((r) => r.uid !== obj.metadata.uid);
            await client.patch(
              d.kind,
              d.metadata.name,
              d.metadata.namespace,
              { metadata: { ownerReferences: refs } },
              'merge',
            );
          }
          await client.patch(
            kind,
            name,
            namespace,
            { metadata: { finalizers: fins.filter((x) => x !== 'orphan') } },
            'merge',
          );
          return;
        }
        if (fins.includes('foregroundDeletion')) {
          const live = deps.filter(
            (d) => !d.metadata.deletionTimestamp || (d.metadata.finalizers ?? []).length > 0,
          );
          for (const d of deps.filter((x) => !x.metadata.deletionTimestamp)) {
            await client.delete(d.kind, d.metadata.name, d.metadata.namespace, {
              propagationPolicy: 'Foreground',
            });
          }
          if (live.length === 0 && deps.length === 0) {
            await client.patch(
              kind,
              name,
              namespace,
              { metadata: { finalizers: fins.filter((x) => x !== 'foregroundDeletion') } },
              'merge',
            );
            return;
          }
          return { requeueAfterMs: 1000 };
        }
      }
      const refs = obj.metadata.ownerReferences ?? [];
      if (refs.length === 0 || obj.metadata.deletionTimestamp) return;
      const alive = refs.filter((r) => this.ownerAlive(r, namespace));
      if (alive.length === 0) {
        await client.delete(kind, name, namespace, { propagationPolicy: 'Background' });
      } else {
        // An owner deleted in the foreground waits for this dependent: go with it.
        const fg = alive.some((r) => {
          const o = this.ownerAlive(r, namespace);
          return (
            r.blockOwnerDeletion &&
            o?.metadata.deletionTimestamp &&
            o.metadata.finalizers?.includes('foregroundDeletion')
          );
        });
        if (fg) await client.delete(kind, name, namespace, { propagationPolicy: 'Foreground' });
      }
    } catch (e) {
      if (!isApiError(e, 'NotFound') && !isApiError(e, 'Conflict')) throw e;
    }
    return undefined;
  }
}
