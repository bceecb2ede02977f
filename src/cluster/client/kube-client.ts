import type {
  ConfigMap,
  DaemonSet,
  Deployment,
  EndpointSlice,
  Event,
  KubeObject,
  Lease,
  Namespace,
  Node,
  Pod,
  PodDisruptionBudget,
  PriorityClass,
  ReplicaSet,
  Secret,
  Service,
  StatefulSet,
} from '../objects/index.js';

/** Kinds with a typed shape; any other kind reads and writes as a plain KubeObject. */
export interface KindMap {
  Pod: Pod;
  Node: Node;
  Namespace: Namespace;
  Service: Service;
  EndpointSlice: EndpointSlice;
  ConfigMap: ConfigMap;
  Secret: Secret;
  Lease: Lease;
  Event: Event;
  Deployment: Deployment;
  ReplicaSet: ReplicaSet;
  DaemonSet: DaemonSet;
  StatefulSet: StatefulSet;
  PodDisruptionBudget: PodDisruptionBudget;
  PriorityClass: PriorityClass;
}
export type ObjectOf<K extends string> = K extends keyof KindMap ? KindMap[K] : KubeObject;

export interface ListOptions {
  /** Omit for every namespace (and for cluster-scoped kinds). */
  namespace?: string;
  /** `app=web,tier in (a,b)` */
  labelSelector?: string;
  /** `spec.nodeName=n1,status.phase!=Running`; fields: metadata.name, metadata.namespace, spec.nodeName, status.phase. */
  fieldSelector?: string;
}

export interface ObjectList<T> {
  items: readonly T[];
  /** The store's resourceVersion at the time of the list: watch from here to miss nothing. */
  resourceVersion: string;
}

export interface WatchOptions extends ListOptions {
  /**
   * Events after this version. Omitted: synthetic ADDED events for every current object, then changes. Older
   * than the store's event history: the watch fails with 410 Gone.
   */
  resourceVersion?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

export interface WatchHandle {
  stop(): void;
}

/** Called once when the server ends a watch (dropped connection, 410 Gone); not called after stop(). */
export type WatchClosed = (err?: unknown) => void;

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  /** 0 deletes at once; otherwise pods bound to a node terminate gracefully (deletionTimestamp set). */
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type PatchType = 'merge' | 'strategic';

export interface PatchOptions {
  subresource?: 'status';
}

/**
 * The Kubernetes API as the scheduler, controllers and kubelets see it. Implemented in process over the model's
 * store, and (on lab hosts) over a remote API server; every loop talks only through this interface.
 *
 * Ownership: objects returned are frozen and shared — never mutate them; build a new object to write. Objects
 * passed to create/update are taken over by the implementation (and may be frozen).
 */
export interface KubeClient {
  get<K extends string>(kind: K, name: string, namespace?: string): Promise<ObjectOf<K>>;
  list<K extends string>(kind: K, opts?: ListOptions): Promise<ObjectList<ObjectOf<K>>>;
  watch<K extends string>(
    kind: K,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<ObjectOf<K>>) => void,
    onClosed?: WatchClosed,
  ): Promise<WatchHandle>;
  create<T extends KubeObject>(obj: T): Promise<T>;
  /** Replaces the object except its status (for kinds with a status subresource); needs a current resourceVersion. */
  update<T extends KubeObject>(obj: T): Promise<T>;
  /** Replaces only the status. */
  updateStatus<T extends KubeObject>(obj: T): Promise<T>;
  patch<K extends string>(
    kind: K,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    type?: PatchType,
    opts?: PatchOptions,
  ): Promise<ObjectOf<K>>;
  /** Returns the object as it is after the call: gone (undefined) or terminating (with deletionTimestamp). */
  delete(
    kind: string,
    name: string,
    namespace?: string,
    opts?: DeleteOptions,
  ): Promise<KubeObject | undefined>;
  /** pods/binding: sets spec.nodeName of an unbound pod. */
  bind(pod: { name: string; namespace: string; uid?: string }, nodeName: string): Promise<void>;
  /** pods/eviction: deletes the pod unless a PodDisruptionBudget forbids it (429 TooManyRequests). */
  evict(pod: { name: string; namespace: string }): Promise<void>;
}
