import type { KubeClient, ListOptions, ObjectOf, WatchEvent, WatchHandle } from '../client/kube-client.js';
import type { KubeObject } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import type { Clock, TimerHandle } from './clock.js';

export interface EventHandler<T> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

export type IndexFn<T> = (obj: T) => readonly string[];

const rvNumber = (o: KubeObject) => {
  const n = Number(o.metadata.resourceVersion);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * A shared informer: lists, then watches from the list's resourceVersion, keeping a local cache and indexes that
 * controllers read instead of the API. When the watch ends (dropped, 410 Gone) it relists and replays the
 * difference as events, so handlers never miss a change. Events older than what the cache holds are ignored, so
 * a transport that reorders events cannot roll the cache back.
 */
export class Informer<K extends string> {
  private readonly cache = new Map<string, ObjectOf<K>>();
  private readonly tombstones = new Map<string, number>();
  private readonly handlers: EventHandler<ObjectOf<K>>[] = [];
  private readonly indexFns = new Map<string, IndexFn<ObjectOf<K>>>();
  private readonly indexes = new Map<string, Map<string, Map<string, ObjectOf<K>>>>();
  private watch?: WatchHandle;
  private relistTimer?: TimerHandle;
  private generation = 0;
  private synced = false;
  private stopped = true;
  private pending = 0;
  /** Times the informer listed (1 + relists): visible for tests of watch failures. */
  lists = 0;

  constructor(
    private readonly client: KubeClient,
    readonly kind: K,
    private readonly clock: Clock,
    private readonly opts: ListOptions = {},
  ) {}

  addIndex(name: string, fn: IndexFn<ObjectOf<K>>): void {
    this.indexFns.set(name, fn);
    const idx = new Map<string, Map<string, ObjectOf<K>>>();
    this.indexes.set(name, idx);
    for (const [key, o] of this.cache) for (const v of fn(o)) this.indexPut(idx, v, key, o);
  }

  addHandler(h: EventHandler<ObjectOf<K>>): void {
    this.handlers.push(h);
    if (this.synced) for (const o of this.cache.values()) h.onAdd?.(o);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Listing in progress: the model is not quiet yet. */
  busy(): boolean {
    return this.pending > 0;
  }

  get(name: string, namespace?: string): ObjectOf<K> | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): ObjectOf<K> | undefined {
    return this.cache.get(key);
  }

  list(): ObjectOf<K>[] {
    return [...this.cache.values()];
  }

  values(): IterableIterator<ObjectOf<K>> {
    return this.cache.values();
  }

  get size(): number {
    return this.cache.size;
  }

  byIndex(name: string, value: string): ObjectOf<K>[] {
    const m = this.indexes.get(name)?.get(value);
    return m ? [...m.values()] : [];
  }

  countByIndex(name: string, value: string): number {
    return this.indexes.get(name)?.get(value)?.size ?? 0;
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.relist();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.watch?.stop();
    this.watch = undefined;
    if (this.relistTimer) this.clock.clearTimeout(this.relistTimer);
  }

  private scheduleRelist(delayMs: number): void {
    if (this.stopped) return;
    this.generation++;
    this.watch?.stop();
    this.watch = undefined;
    if (this.relistTimer) this.clock.clearTimeout(this.relistTimer);
    this.relistTimer = this.clock.setTimeout(() => {
      this.relistTimer = undefined;
      void this.relist();
    }, delayMs);
  }

  private async relist(): Promise<void> {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.pending++;
    try {
      this.lists++;
      const { items, resourceVersion } = await this.client.list(this.kind, this.opts);
      if (gen !== this.generation) return;
      this.replace(items);
      this.synced = true;
      const handle = await this.client.watch(
        this.kind,
        { ...this.opts, resourceVersion },
        (e) => {
          if (gen === this.generation) this.apply(e);
        },
        () => {
          if (gen === this.generation) this.scheduleRelist(1000);
        },
      );
      if (gen !== this.generation) handle.stop();
      else this.watch = handle;
    } catch {
      if (gen === this.generation) this.scheduleRelist(1000);
    } finally {
      this.pending--;
    }
  }

  private replace(items: readonly ObjectOf<K>[]): void {
    const seen = new Set<string>();
    for (const o of items) {
      const key = objectKey(o.metadata);
      seen.add(key);
      const old = this.cache.get(key);
      if (!old) this.put(key, o, undefined);
      else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) this.put(key, o, old);
    }
    for (const [key, old] of [...this.cache]) if (!seen.has(key)) this.remove(key, old);
    this.tombstones.clear();
  }

  private apply(e: WatchEvent<ObjectOf<K>>): void {
    const key = objectKey(e.object.metadata);
    const old = this.cache.get(key);
    const rv = rvNumber(e.object);
    if (rv !== undefined) {
      const oldRv = old ? rvNumber(old) : this.tombstones.get(key);
      if (oldRv !== undefined && rv <= oldRv) return;
    }
    if (e.type === 'DELETED') {
      if (rv !== undefined) this.tombstones.set(key, rv);
      if (old) this.remove(key, e.object);
    } else {
      this.tombstones.delete(key);
      this.put(key, e.object, old);
    }
  }

  private indexPut(idx: Map<string, Map<string, ObjectOf<K>>>, v: string, key: string, o: ObjectOf<K>): void {
    let m = idx.get(v);
    if (!m) {
      m = new Map();
      idx.set(v, m);
    }
    m.set(key, o);
  }

  private reindex(key: string, o: ObjectOf<K> | undefined, old: ObjectOf<K> | undefined): void {
    for (const [name, fn] of this.indexFns) {
      const idx = this.indexes.get(name) as Map<string, Map<string, ObjectOf<K>>>;
      if (old) for (const v of fn(old)) idx.get(v)?.delete(key);
      if (o) for (const v of fn(o)) this.indexPut(idx, v, key, o);
    }
  }

  private put(key: string, o: ObjectOf<K>, old: ObjectOf<K> | undefined): void {
    this.cache.set(key, o);
    if (this.indexFns.size > 0) this.reindex(key, o, old);
    for (const h of this.handlers) {
      if (old) h.onUpdate?.(old, o);
      else h.onAdd?.(o);
    }
  }

  private remove(key: string, last: ObjectOf<K>): void {
    const old = this.cache.get(key);
    this.cache.delete(key);
    if (this.indexFns.size > 0) this.reindex(key, undefined, old);
    for (const h of this.handlers) h.onDelete?.(last);
  }
}

/** Index functions most controllers need. */
export const byNamespace = (o: KubeObject) => (o.metadata.namespace ? [o.metadata.namespace] : []);
export const byOwnerUid = (o: KubeObject) => (o.metadata.ownerReferences ?? []).map((r) => r.uid);
export const byNodeName = (o: KubeObject) => {
  const n = (o.spec as { nodeName?: string } | undefined)?.nodeName;
  return n ? [n] : [];
};
