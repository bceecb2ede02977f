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
} from '../../../src/cluster/client/kube-client.js';
import type { KubeObject } from '../../../src/cluster/objects/index.js';
import type { Clock } from '../../../src/cluster/runtime/clock.js';
import { SeededRandom } from '../../../src/cluster/runtime/random.js';
import { ApiError } from '../../../src/cluster/store/api-error.js';

export interface SlowClientOptions {
  seed?: number;
  /** Each call and each watch event is delayed by up to this much model time. */
  maxDelayMs?: number;
  /** Chance that a watch event ends the watch instead of arriving. */
  dropChance?: number;
  /** Chance that starting a watch from a resourceVersion answers 410 Gone. */
  goneChance?: number;
  /** Upper bound on injected faults, so every run ends. */
  maxFaults?: number;
}

/**
 * A deliberately bad API connection for tests: every call is slow, watch events arrive late and out of order,
 * watches drop, and resuming a watch sometimes answers 410 Gone — all seeded, on the model's clock.
 */
export class SlowClient implements KubeClient {
  private readonly random: SeededRandom;
  private faults = 0;
  stats = { drops: 0, gones: 0, events: 0 };

  constructor(
    private readonly inner: KubeClient,
    private readonly clock: Clock,
    private readonly opts: SlowClientOptions = {},
  ) {
    this.random = new SeededRandom(opts.seed ?? 7);
  }

  private delay(): Promise<void> {
    const ms = this.random.int((this.opts.maxDelayMs ?? 50) + 1);
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  private fault(chance: number | undefined): boolean {
    if (this.faults >= (this.opts.maxFaults ?? 20)) return false;
    if (this.random.next() >= (chance ?? 0)) return false;
    this.faults++;
    return true;
  }

  private async slow<T>(call: () => Promise<T>): Promise<T> {
    await this.delay();
    const out = await call();
    await this.delay();
    return out;
  }

  get<K extends string>(kind: K, name: string, namespace?: string): Promise<ObjectOf<K>> {
    return this.slow(() => this.inner.get(kind, name, namespace));
  }
  list<K extends string>(kind: K, opts?: ListOptions): Promise<ObjectList<ObjectOf<K>>> {
    return this.slow(() => this.inner.list(kind, opts));
  }
  create<T extends KubeObject>(obj: T): Promise<T> {
    return this.slow(() => this.inner.create(obj));
  }
  update<T extends KubeObject>(obj: T): Promise<T> {
    return this.slow(() => this.inner.update(obj));
  }
  updateStatus<T extends KubeObject>(obj: T): Promise<T> {
    return this.slow(() => this.inner.updateStatus(obj));
  }
  patch<K extends string>(
    kind: K,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    type?: PatchType,
    opts?: PatchOptions,
  ): Promise<ObjectOf<K>> {
    return this.slow(() => this.inner.patch(kind, name, namespace, patch, type, opts));
  }
  delete(
    kind: string,
    name: string,
    namespace?: string,
    opts?: DeleteOptions,
  ): Promise<KubeObject | undefined> {
    return this.slow(() => this.inner.delete(kind, name, namespace, opts));
  }
  bind(pod: { name: string; namespace: string; uid?: string }, nodeName: string): Promise<void> {
    return this.slow(() => this.inner.bind(pod, nodeName));
  }
  evict(pod: { name: string; namespace: string }): Promise<void> {
    return this.slow(() => this.inner.evict(pod));
  }

  async watch<K extends string>(
    kind: K,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<ObjectOf<K>>) => void,
    onClosed?: WatchClosed,
  ): Promise<WatchHandle> {
    await this.delay();
    if (opts.resourceVersion && this.fault(this.opts.goneChance)) {
      this.stats.gones++;
      throw new ApiError('Gone', `too old resource version: ${opts.resourceVersion}`);
    }
    let open = true;
    const close = (err?: unknown) => {
      if (!open) return;
      open = false;
      handle.stop();
      onClosed?.(err);
    };
    const handle = await this.inner.watch(kind, opts, (e) => {
      if (!open) return;
      if (this.fault(this.opts.dropChance)) {
        this.stats.drops++;
        close(new Error('watch dropped'));
        return;
      }
      // Each event takes its own random delay, so later events can overtake earlier ones.
      const ms = this.random.int((this.opts.maxDelayMs ?? 50) + 1);
      this.clock.setTimeout(() => {
        if (!open) return;
        this.stats.events++;
        onEvent(e);
      }, ms);
    });
    return {
      stop: () => {
        open = false;
        handle.stop();
      },
    };
  }
}
