import type { Namespace } from '../objects/index.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import type { Controller, InformerFactory } from './informer-factory.js';

/** Namespaced kinds deleted with their namespace when no discovery is given. */
export const defaultNamespacedKinds = [
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'StatefulSet',
  'Pod',
  'Service',
  'EndpointSlice',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'Lease',
  'PodDisruptionBudget',
  'Event',
  'ControllerRevision',
  'PersistentVolumeClaim',
  'Endpoints',
];

/**
 * Empties a terminating namespace (every namespaced kind discovery reports), then removes the `kubernetes`
 * finalizer so the API server lets the namespace go.
 */
export class NamespaceController implements Controller {
  readonly name = 'namespace';
  private readonly queue: WorkQueue<string>;

  constructor(
    private readonly f: InformerFactory,
    private readonly discoverKinds: () => Promise<string[]> = async () => defaultNamespacedKinds,
  ) {
    this.queue = new WorkQueue(f.clock, 'namespace');
  }

  register(): void {
    this.f.for('Namespace').addHandler({
      onAdd: (n) => n.metadata.deletionTimestamp && this.queue.add(n.metadata.name),
      onUpdate: (_, n) => n.metadata.deletionTimestamp && this.queue.add(n.metadata.name),
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

  private async sync(name: string): Promise<HandlerResult> {
    const ns = this.f.for('Namespace').get(name) as Namespace | undefined;
    if (!ns?.metadata.deletionTimestamp) return;
    const client = this.f.client;
    let remaining = 0;
    for (const kind of await this.discoverKinds()) {
      if (kind === 'Namespace') continue;
      const { items } = await client.list(kind, { namespace: name });
      for (const o of items) {
        if (o.metadata.namespace !== name) continue;
        remaining++;
        if (o.metadata.deletionTimestamp) continue;
        try {
          await client.delete(kind, o.metadata.name, name, { propagationPolicy: 'Background' });
        } catch (e) {
          if (!isApiError(e, 'NotFound')) throw e;
        }
      }
    }
    if (remaining > 0) return { requeueAfterMs: 1000 };
    try {
      await client.update({
        ...ns,
        spec: { finalizers: (ns.spec?.finalizers ?? []).filter((x) => x !== 'kubernetes') },
      });
    } catch (e) {
      if (isApiError(e, 'Conflict')) return { requeueAfterMs: 0 };
      if (!isApiError(e, 'NotFound')) throw e;
    }
    return undefined;
  }
}
