import type { KubeObject, Pod } from '../objects/index.js';
import { isoSeconds } from '../runtime/clock.js';
import { ApiError } from '../store/api-error.js';
import type { ObjectStore } from '../store/object-store.js';
import { mergePatch, strategicMergePatch } from '../store/patch.js';
import { evictionAllowed } from './eviction.js';
import type {
  DeleteOptions,
  KubeClient,
  ListOptions,
  ObjectList,
  ObjectOf,
  PatchOptions,
  PatchType,
  WatchClosed,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from './kube-client.js';

/**
 * KubeClient over the in-process store. Calls resolve asynchronously (as a remote API's would), while the store
 * itself commits synchronously, so a write is visible to every later call.
 */
export class InProcessClient implements KubeClient {
  constructor(readonly store: ObjectStore) {}

  async get<K extends string>(kind: K, name: string, namespace?: string): Promise<ObjectOf<K>> {
    return this.store.mustGet(kind, name, namespace) as ObjectOf<K>;
  }

  async list<K extends string>(kind: K, opts?: ListOptions): Promise<ObjectList<ObjectOf<K>>> {
    return this.store.list(kind, opts) as unknown as ObjectList<ObjectOf<K>>;
  }

  async watch<K extends string>(
    kind: K,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<ObjectOf<K>>) => void,
    _onClosed?: WatchClosed,
  ): Promise<WatchHandle> {
    return this.store.watch(kind, opts, onEvent as (e: WatchEvent<KubeObject>) => void);
  }

  async create<T extends KubeObject>(obj: T): Promise<T> {
    return this.store.create(obj) as T;
  }

  async update<T extends KubeObject>(obj: T): Promise<T> {
    return this.store.update(obj, 'main') as T;
  }

  async updateStatus<T extends KubeObject>(obj: T): Promise<T> {
    return this.store.update(obj, 'status') as T;
  }

  async patch<K extends string>(
    kind: K,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    type: PatchType = 'strategic',
    opts: PatchOptions = {},
  ): Promise<ObjectOf<K>> {
    const current = this.store.mustGet(kind, name, namespace);
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new ApiError('BadRequest', 'the patch must be a JSON object');
    }
    const apply = type === 'merge' ? mergePatch : strategicMergePatch;
    const merged = apply(current, patch) as KubeObject;
    // A patch only names a resourceVersion to ask for optimistic concurrency; otherwise it applies to the latest.
    const rv = (patch as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
    const next = {
      ...merged,
      metadata: { ...merged.metadata, resourceVersion: rv ?? current.metadata.resourceVersion },
    };
    return this.store.update(next, opts.subresource === 'status' ? 'status' : 'main') as ObjectOf<K>;
  }

  async delete(
    kind: string,
    name: string,
    namespace?: string,
    opts?: DeleteOptions,
  ): Promise<KubeObject | undefined> {
    return this.store.delete(kind, name, namespace, opts);
  }

  async bind(ref: { name: string; namespace: string; uid?: string }, nodeName: string): Promise<void> {
    const pod = this.store.mustGet('Pod', ref.name, ref.namespace) as Pod;
    if (ref.uid && pod.metadata.uid !== ref.uid) {
      throw new ApiError(
        'Conflict',
        `Operation cannot be fulfilled on pods/binding "${ref.name}": pod UID changed`,
      );
    }
    if (pod.spec.nodeName) {
      throw new ApiError(
        'Conflict',
        `Operation cannot be fulfilled on pods/binding "${ref.name}": pod ${ref.name} is already assigned to node "${pod.spec.nodeName}"`,
      );
    }
    if (pod.metadata.deletionTimestamp) {
      throw new ApiError(
        'Conflict',
        `Operation cannot be fulfilled on pods/binding "${ref.name}": pod ${ref.name} is being deleted, cannot be assigned to a host`,
      );
    }
    const now = isoSeconds(this.store.clock.now());
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.unshift({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: now,
    });
    const bound: Pod = { ...pod, spec: { ...pod.spec, nodeName }, status: { ...pod.status, conditions } };
    this.store.update(bound, 'all');
  }

  async evict(ref: { name: string; namespace: string }): Promise<void> {
    const pod = this.store.mustGet('Pod', ref.name, ref.namespace) as Pod;
    if (!pod.metadata.deletionTimestamp) {
      const verdict = evictionAllowed(
        pod,
        this.store.list('PodDisruptionBudget', { namespace: ref.namespace }).items,
        this.store.list('Pod', { namespace: ref.namespace }).items,
        (kind, name) => {
          if (kind !== 'ReplicaSet' && kind !== 'StatefulSet') return undefined;
          const owner = this.store.get(kind, name, ref.namespace) as
            | { spec?: { replicas?: number } }
            | undefined;
          return owner?.spec?.replicas;
        },
      );
      if (!verdict.allowed) {
        throw new ApiError(
          'TooManyRequests',
          "Cannot evict pod as it would violate the pod's disruption budget.",
        );
      }
    }
    this.store.delete('Pod', ref.name, ref.namespace);
  }
}
