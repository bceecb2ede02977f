import type { DeleteOptions, ListOptions, WatchEvent, WatchEventType } from '../client/kube-client.js';
import type { KubeObject, ObjectMeta } from '../objects/index.js';
import { type Clock, isoSeconds } from '../runtime/clock.js';
import { SeededRandom } from '../runtime/random.js';
import { applyCreateDefaults, builtinPriorityClasses, validate } from './admission.js';
import { ApiError, alreadyExists, conflict, gone, notFound } from './api-error.js';
import { deepEqual, deepFreeze } from './immutable.js';
import { KindRegistry } from './resources.js';
import { ServiceIpAllocator } from './service-ips.js';
import { compileFilter, deliver, matchesFilter, type Watcher, WatchHub } from './watch-hub.js';

export interface ObjectStoreOptions {
  clock: Clock;
  seed?: number;
  /** Events kept per kind for watches that resume from a resourceVersion; older ones answer 410 Gone. */
  historyLimit?: number;
  serviceCidr?: string;
}

interface HistoryEntry {
  rv: number;
  type: WatchEventType;
  obj: KubeObject;
  prev: KubeObject | undefined;
}

/** One kind's objects, indexed by namespace (and by node for pods), with its recent change history. */
class KindTable {
  readonly byKey = new Map<string, KubeObject>();
  readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  readonly byNode = new Map<string, Map<string, KubeObject>>();
  readonly hub = new WatchHub();
  history: HistoryEntry[] = [];
  /** The rv of the newest event dropped from history: watching from before it is impossible. */
  compactedRv = 0;
}

const keyOf = (ns: string | undefined, name: string) => (ns ? `${ns}/${name}` : name);
const nodeOf = (o: KubeObject) => (o.spec as { nodeName?: string } | undefined)?.nodeName;

function addIndex(
  m: Map<string, Map<string, KubeObject>>,
  k: string | undefined,
  key: string,
  o: KubeObject,
) {
  if (k === undefined) return;
  let inner = m.get(k);
  if (!inner) {
    inner = new Map();
    m.set(k, inner);
  }
  inner.set(key, o);
}

const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * The model's API server storage: synchronous, single-threaded, with monotonically increasing resourceVersions.
 * Objects are frozen on write and shared on read (see immutable.ts); watch events are delivered synchronously
 * as each write commits, in commit order.
 */
export class ObjectStore {
  readonly kinds = new KindRegistry();
  readonly clock: Clock;
  private readonly random: SeededRandom;
  private readonly historyLimit: number;
  private readonly tables = new Map<string, KindTable>();
  private readonly serviceIps: ServiceIpAllocator;
  private rv = 0;
  private watcherSeq = 0;

  constructor(opts: ObjectStoreOptions) {
    this.clock = opts.clock;
    this.random = new SeededRandom(opts.seed ?? 1);
    this.historyLimit = opts.historyLimit ?? 10_000;
    this.serviceIps = new ServiceIpAllocator(opts.serviceCidr ?? '10.96.0.0/12');
    for (const name of systemNamespaces) {
      this.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }

  resourceVersion(): string {
    return String(this.rv);
  }

  private table(kind: string): KindTable {
    let t = this.tables.get(kind);
    if (!t) {
      t = new KindTable();
      this.tables.set(kind, t);
    }
    return t;
  }

  /** Every kind the store holds objects of, sorted. */
  kindNames(): string[] {
    return [...this.tables.keys()].filter((k) => (this.tables.get(k)?.byKey.size ?? 0) > 0).sort();
  }

  private namespaceFor(
    kind: string,
    apiVersion: string | undefined,
    ns: string | undefined,
  ): string | undefined {
    return this.kinds.info(kind, apiVersion).namespaced ? ns || 'default' : undefined;
  }

  get(kind: string, name: string, namespace?: string): KubeObject | undefined {
    const t = this.tables.get(kind);
    if (!t) return undefined;
    return t.byKey.get(keyOf(this.namespaceFor(kind, undefined, namespace), name));
  }

  mustGet(kind: string, name: string, namespace?: string): KubeObject {
    const o = this.get(kind, name, namespace);
    if (!o) throw notFound(this.kinds.qualifiedResource(kind), name);
    return o;
  }

  list(kind: string, opts: ListOptions = {}): { items: KubeObject[]; resourceVersion: string } {
    const t = this.tables.get(kind);
    const resourceVersion = this.resourceVersion();
    if (!t) return { items: [], resourceVersion };
    const filter = compileFilter(opts);
    let source: Iterable<KubeObject>;
    if (filter.nodeName !== undefined) source = t.byNode.get(filter.nodeName)?.values() ?? [];
    else if (opts.namespace) source = t.byNamespace.get(opts.namespace)?.values() ?? [];
    else source = t.byKey.values();
    const items: KubeObject[] = [];
    const trivial = filter.fields.length === 0 && !opts.labelSelector;
    for (const o of source) if (trivial || matchesFilter(filter, o)) items.push(o);
    return { items, resourceVersion };
  }

  /**
   * Watches one kind. Without a resourceVersion, current objects arrive first as ADDED; with one, the changes
   * after it are replayed from history (410 Gone when they are no longer kept).
   */
  watch(
    kind: string,
    opts: ListOptions & { resourceVersion?: string },
    onEvent: (e: WatchEvent<KubeObject>) => void,
  ): { stop(): void } {
    const t = this.table(kind);
    const filter = compileFilter(opts);
    const w: Watcher = { id: ++this.watcherSeq, filter, onEvent };
    if (opts.resourceVersion === undefined || opts.resourceVersion === '' || opts.resourceVersion === '0') {
      for (const o of this.list(kind, opts).items) onEvent({ type: 'ADDED', object: o });
    } else {
      const from = Number(opts.resourceVersion);
      if (!Number.isFinite(from) || from < t.compactedRv)
        throw gone(`${opts.resourceVersion} (${t.compactedRv + 1})`);
      for (const e of t.history) if (e.rv > from) deliver(w, e.type, e.obj, e.prev);
    }
    t.hub.add(w);
    let stopped = false;
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        t.hub.remove(w);
      },
    };
  }

  private commit(kind: string, type: WatchEventType, obj: KubeObject, prev: KubeObject | undefined): void {
    const t = this.table(kind);
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    const ns = obj.metadata.namespace;
    if (type === 'DELETED') {
      t.byKey.delete(key);
      if (ns !== undefined) t.byNamespace.get(ns)?.delete(key);
      const n = nodeOf(obj);
      if (n !== undefined) t.byNode.get(n)?.delete(key);
    } else {
      t.byKey.set(key, obj);
      addIndex(t.byNamespace, ns, key, obj);
      const n0 = prev ? nodeOf(prev) : undefined;
      const n1 = nodeOf(obj);
      if (n0 !== undefined && n0 !== n1) t.byNode.get(n0)?.delete(key);
      addIndex(t.byNode, n1, key, obj);
    }
    t.history.push({ rv: this.rv, type, obj, prev });
    if (t.history.length > this.historyLimit * 2) {
      const drop = t.history.length - this.historyLimit;
      t.compactedRv = (t.history[drop - 1] as HistoryEntry).rv;
      t.history = t.history.slice(drop);
    }
    if (kind === 'CustomResourceDefinition' && type !== 'DELETED') this.kinds.registerCrd(obj);
    t.hub.dispatch(type, obj, prev);
  }

  /** Drops the watch history of every kind, so any watch resuming from an old resourceVersion gets 410 Gone. */
  compactHistory(): void {
    for (const t of this.tables.values()) {
      t.compactedRv = this.rv;
      t.history = [];
    }
  }

  private nextMeta(meta: ObjectMeta): ObjectMeta {
    return { ...meta, resourceVersion: String(++this.rv) };
  }

  create(input: KubeObject): KubeObject {
    if (!input || typeof input !== 'object' || typeof input.kind !== 'string' || !input.metadata) {
      throw new ApiError('BadRequest', 'Object has no kind or metadata');
    }
    const { kind } = input;
    const resource = this.kinds.qualifiedResource(kind, input.apiVersion);
    let name = input.metadata.name;
    if (!name && input.metadata.generateName) name = `${input.metadata.generateName}${this.random.suffix()}`;
    if (!name)
      throw new ApiError(
        'Invalid',
        `${kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      );
    const namespace = this.namespaceFor(kind, input.apiVersion, input.metadata.namespace);
    if (namespace !== undefined && kind !== 'Namespace') this.checkNamespaceWritable(namespace);
    if (this.get(kind, name, namespace)) throw alreadyExists(resource, name);
    const named: KubeObject = { ...input, metadata: { ...input.metadata, name, namespace } };
    if (namespace === undefined) delete named.metadata.namespace;
    validate(named);
    let obj = applyCreateDefaults(named, (c) => this.priorityOf(c));
    if (kind === 'Service')
      obj = this.serviceIps.assign(
        obj,
        (ip) =>
          new ApiError(
            'Invalid',
            `Service "${name}" is invalid: spec.clusterIPs: Invalid value: ["${ip}"]: provided IP is already allocated`,
          ),
      );
    const meta = this.nextMeta(obj.metadata);
    meta.uid = this.random.uuid();
    meta.creationTimestamp = isoSeconds(this.clock.now());
    meta.generation = 1;
    delete meta.deletionTimestamp;
    const stored = deepFreeze({ ...obj, metadata: meta });
    this.commit(kind, 'ADDED', stored, undefined);
    return stored;
  }

  private priorityOf(className: string): number | undefined {
    const builtin = builtinPriorityClasses[className];
    if (builtin !== undefined) return builtin;
    const pc = this.get('PriorityClass', className) as { value?: number } | undefined;
    return pc?.value;
  }

  private checkNamespaceWritable(namespace: string): void {
    const ns = this.get('Namespace', namespace);
    if (!ns) throw notFound('namespaces', namespace);
    if (ns.metadata.deletionTimestamp) {
      throw new ApiError(
        'Forbidden',
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  /**
   * Replaces an object. `part` says what the caller may change: 'main' keeps the stored status of kinds with a
   * status subresource; 'status' changes nothing but the status; 'all' (subresources such as pods/binding)
   * takes both.
   */
  update(input: KubeObject, part: 'main' | 'status' | 'all' = 'main'): KubeObject {
    const { kind } = input;
    const resource = this.kinds.qualifiedResource(kind, input.apiVersion);
    const namespace = this.namespaceFor(kind, input.apiVersion, input.metadata.namespace);
    const old = this.get(kind, input.metadata.name, namespace);
    if (!old) throw notFound(resource, input.metadata.name);
    const rv = input.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion)
      throw conflict(resource, old.metadata.name);
    if (input.metadata.uid && input.metadata.uid !== old.metadata.uid)
      throw conflict(resource, old.metadata.name);
    const info = this.kinds.info(kind, input.apiVersion);
    let next: KubeObject;
    if (part === 'status') {
      next = { ...old, status: input.status };
    } else {
      next = { ...input, metadata: { ...input.metadata } };
      if (info.statusSubresource && part === 'main') next.status = old.status;
      next.metadata.uid = old.metadata.uid;
      next.metadata.creationTimestamp = old.metadata.creationTimestamp;
      next.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      next.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      if (old.metadata.deletionTimestamp === undefined) delete next.metadata.deletionTimestamp;
      if (old.metadata.deletionGracePeriodSeconds === undefined)
        delete next.metadata.deletionGracePeriodSeconds;
      next.metadata.namespace = namespace;
      if (namespace === undefined) delete next.metadata.namespace;
      next.metadata.generation = old.metadata.generation ?? 1;
      if (specChanged(old, next)) next.metadata.generation += 1;
    }
    if (part === 'main' && kind !== 'Pod') validate(next);
    if (deepEqual(stripRv(next), stripRv(old))) return old;
    next.metadata = this.nextMeta(next.metadata);
    const stored = deepFreeze(next);
    if (stored.metadata.deletionTimestamp && isFinalized(stored)) {
      this.remove(kind, stored);
      return stored;
    }
    this.commit(kind, 'MODIFIED', stored, old);
    return stored;
  }

  private remove(kind: string, obj: KubeObject): KubeObject {
    const meta = this.nextMeta(obj.metadata);
    const gone = deepFreeze({ ...obj, metadata: meta });
    if (kind === 'Service') this.serviceIps.release(gone);
    this.commit(kind, 'DELETED', gone, undefined);
    return gone;
  }

  /** Deletes (or starts terminating) an object; returns undefined once it is gone, else its terminating state. */
  delete(kind: string, name: string, namespace?: string, opts: DeleteOptions = {}): KubeObject | undefined {
    const resource = this.kinds.qualifiedResource(kind);
    const old = this.get(kind, name, namespace);
    if (!old) throw notFound(resource, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw new ApiError(
        'Conflict',
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)
      throw conflict(resource, name);
    const now = this.clock.now();
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
      finalizers.push('foregroundDeletion');
    if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    let grace = 0;
    if (kind === 'Pod' && nodeOf(old) !== undefined) {
      grace =
        opts.gracePeriodSeconds ??
        (old.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds ??
        30;
      if (old.metadata.deletionGracePeriodSeconds !== undefined)
        grace = Math.min(grace, old.metadata.deletionGracePeriodSeconds);
    }
    const waitsForNamespace =
      kind === 'Namespace' &&
      ((old.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) > 0;
    if (finalizers.length === 0 && grace === 0 && !waitsForNamespace) {
      this.remove(kind, old);
      return undefined;
    }
    const meta: ObjectMeta = { ...old.metadata, finalizers: finalizers.length > 0 ? finalizers : undefined };
    if (!meta.finalizers) delete meta.finalizers;
    if (!old.metadata.deletionTimestamp || grace < (old.metadata.deletionGracePeriodSeconds ?? Infinity)) {
      meta.deletionTimestamp = isoSeconds(now + grace * 1000);
      if (kind === 'Pod') meta.deletionGracePeriodSeconds = grace;
    }
    let next: KubeObject = { ...old, metadata: meta };
    if (kind === 'Namespace') next = { ...next, status: { ...(old.status as object), phase: 'Terminating' } };
    if (deepEqual(next, old)) return old;
    next.metadata = this.nextMeta(next.metadata);
    const stored = deepFreeze(next);
    this.commit(kind, 'MODIFIED', stored, old);
    return stored;
  }
}

function stripRv(o: KubeObject): unknown {
  return { ...o, metadata: { ...o.metadata, resourceVersion: undefined } };
}

/** No finalizers left (and, for a namespace, no spec.finalizers): a terminating object can go. */
function isFinalized(o: KubeObject): boolean {
  if ((o.metadata.finalizers?.length ?? 0) > 0) return false;
  if (o.kind === 'Namespace')
    return ((o.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) === 0;
  // A pod in its grace period waits for its kubelet's final delete, not for an update.
  return o.kind !== 'Pod' || (o.metadata.deletionGracePeriodSeconds ?? 0) === 0;
}

/** Everything but metadata and status is "spec" for generation purposes (ConfigMap data included). */
function specChanged(a: KubeObject, b: KubeObject): boolean {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
    if (!deepEqual(a[k], b[k])) return true;
  }
  return false;
}
