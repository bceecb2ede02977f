import { InProcessClient } from './client/in-process-client.js';
import type { KubeClient } from './client/kube-client.js';
import { ControllerManager, type ControllerManagerOptions } from './controllers/manager.js';
import { Kubelet, type KubeletConfig } from './kubelet/kubelet.js';
import { VirtualNodeHost } from './kubelet/node-host.js';
import type { KubeObject } from './objects/index.js';
import { FakeClock } from './runtime/clock.js';
import { type Busy, type QuietResult, runFor, runUntilQuiet } from './runtime/run-until-quiet.js';
import { createScheduler, type Scheduler, type SchedulerOptions } from './scheduler/scheduler.js';
import { isApiError } from './store/api-error.js';
import { ObjectStore } from './store/object-store.js';

/** The scheduling loop as the facade needs it; any implementation over a KubeClient fits. */
export interface SchedulerLoop extends Busy {
  start(): Promise<void> | void;
  stop(): void;
}

export interface ClusterOptions extends ControllerManagerOptions {
  clock?: FakeClock;
  seed?: number;
  serviceCidr?: string;
  historyLimit?: number;
  /** false: no scheduler (pods stay Pending unless bound by hand). */
  scheduler?: false | SchedulerOptions;
  /** Gives each component its client; the default is the in-process client. Tests wrap it (slow, reordering). */
  clientFor?: (component: 'controllers' | 'scheduler' | 'kubelet', base: InProcessClient) => KubeClient;
}

export interface NodeSpecForModel extends KubeletConfig {
  /** Files on the node before the kubelet starts (a CNI config, static pod manifests). */
  files?: Record<string, string>;
}

/**
 * An in-process cluster: the store behind the API-shaped client, the controller manager, the scheduler and one
 * simulated kubelet per node, all on one fake clock. Same input, same output.
 */
export class Cluster {
  readonly clock: FakeClock;
  readonly store: ObjectStore;
  readonly client: InProcessClient;
  readonly controllers: ControllerManager;
  readonly scheduler?: SchedulerLoop;
  readonly kubelets = new Map<string, Kubelet>();
  private readonly opts: ClusterOptions;

  private constructor(opts: ClusterOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? new FakeClock();
    this.store = new ObjectStore({
      clock: this.clock,
      seed: opts.seed,
      serviceCidr: opts.serviceCidr,
      historyLimit: opts.historyLimit,
    });
    this.client = new InProcessClient(this.store);
    const clientFor = (c: 'controllers' | 'scheduler' | 'kubelet') =>
      opts.clientFor?.(c, this.client) ?? this.client;
    this.controllers = new ControllerManager(clientFor('controllers'), this.clock, {
      ...opts,
      discoverKinds:
        opts.discoverKinds ??
        (async () => this.store.kindNames().filter((k) => this.store.kinds.info(k).namespaced)),
    });
    if (opts.scheduler !== false) {
      this.scheduler = createScheduler(clientFor('scheduler'), this.clock, {
        seed: opts.seed,
        ...(opts.scheduler ?? {}),
      }) as Scheduler;
    }
  }

  static async create(opts: ClusterOptions = {}): Promise<Cluster> {
    const c = new Cluster(opts);
    await c.drive(c.controllers.start());
    if (c.scheduler) await c.drive(Promise.resolve(c.scheduler.start()));
    return c;
  }

  /**
   * Waits for a start-up step, moving the fake clock when only time can make progress (a slow client's delays):
   * nothing in the model can finish by waiting on a clock nobody steps.
   */
  private async drive<T>(p: Promise<T>): Promise<T> {
    let settled = false;
    const tracked = p.finally(() => {
      settled = true;
    });
    tracked.catch(() => undefined);
    for (let stalls = 0; !settled; ) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (settled) break;
      if (!this.clock.fireNext() && ++stalls > 3) break;
    }
    return tracked;
  }

  private parts(): Busy[] {
    const parts: Busy[] = [this.controllers, ...this.kubelets.values()];
    if (this.scheduler) parts.push(this.scheduler);
    return parts;
  }

  /** Starts a kubelet for a new node (it registers the Node itself). */
  async addNode(spec: NodeSpecForModel): Promise<Kubelet> {
    const { files, ...config } = spec;
    const host = new VirtualNodeHost(config.nodeName, files);
    const client = this.opts.clientFor?.('kubelet', this.client) ?? this.client;
    const k = new Kubelet(client, this.clock, host, config);
    this.kubelets.set(config.nodeName, k);
    await this.drive(k.start());
    return k;
  }

  /** The node goes dark: its kubelet stops heartbeating and updating pods. */
  stopNode(name: string): void {
    this.kubelets.get(name)?.stop();
  }

  /** Creates each object, or replaces it when it exists (kubectl apply without the three-way merge). */
  async apply(objects: readonly KubeObject[]): Promise<KubeObject[]> {
    const out: KubeObject[] = [];
    for (const o of objects) {
      try {
        out.push(await this.client.create(o));
      } catch (e) {
        if (!isApiError(e, 'AlreadyExists')) throw e;
        const cur = this.store.mustGet(o.kind, o.metadata.name, o.metadata.namespace);
        out.push(
          await this.client.update({
            ...o,
            metadata: { ...o.metadata, resourceVersion: cur.metadata.resourceVersion },
          }),
        );
      }
    }
    return out;
  }

  runUntilQuiet(maxModelTimeMs: number): Promise<QuietResult> {
    return runUntilQuiet(this.clock, this.parts(), maxModelTimeMs);
  }

  runFor(ms: number): Promise<void> {
    return runFor(this.clock, this.parts(), ms);
  }

  stop(): void {
    for (const k of this.kubelets.values()) k.stop();
    this.scheduler?.stop();
    this.controllers.stop();
  }
}
