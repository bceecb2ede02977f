import type { KubeClient } from '../client/kube-client.js';
import type { Clock } from '../runtime/clock.js';
import { BootstrapTokenCleaner } from './bootstrap-token-cleaner.js';
import { DaemonSetController } from './daemonset.js';
import { DeploymentController } from './deployment.js';
import { EndpointSliceController } from './endpointslice.js';
import { GarbageCollector } from './garbage-collector.js';
import { type Controller, InformerFactory } from './informer-factory.js';
import { NamespaceController } from './namespace.js';
import { NodeIpamController } from './node-ipam.js';
import { NodeLifecycleController, type NodeLifecycleOptions } from './node-lifecycle.js';
import { PodGarbageCollector } from './pod-gc.js';
import { ReplicaSetController } from './replicaset.js';
import { StatefulSetController } from './statefulset.js';
import { TaintEvictionController } from './taint-eviction.js';

export interface ControllerManagerOptions extends NodeLifecycleOptions {
  /** --cluster-cidr; '' disables node CIDR allocation. */
  clusterCidr?: string;
  nodeCidrMaskSize?: number;
  /** Kinds the namespace controller empties (discovery); defaults to the built-in namespaced kinds. */
  discoverKinds?: () => Promise<string[]>;
}

/** kube-controller-manager in small: the controllers the model needs, over one shared informer factory. */
export class ControllerManager {
  readonly informers: InformerFactory;
  readonly controllers: Controller[];

  constructor(client: KubeClient, clock: Clock, opts: ControllerManagerOptions = {}) {
    const f = new InformerFactory(client, clock);
    this.informers = f;
    this.controllers = [
      new NodeIpamController(f, { clusterCidr: opts.clusterCidr, nodeCidrMaskSize: opts.nodeCidrMaskSize }),
      new NodeLifecycleController(f, opts),
      new TaintEvictionController(f),
      new ReplicaSetController(f),
      new DeploymentController(f),
      new DaemonSetController(f),
      new StatefulSetController(f),
      new EndpointSliceController(f),
      new GarbageCollector(f),
      new PodGarbageCollector(f),
      new NamespaceController(f, opts.discoverKinds),
      new BootstrapTokenCleaner(f),
    ];
  }

  async start(): Promise<void> {
    for (const c of this.controllers) c.register();
    await this.informers.start();
    for (const c of this.controllers) c.run();
  }

  stop(): void {
    for (const c of this.controllers) c.stop();
    this.informers.stop();
  }

  idle(): boolean {
    return this.informers.idle() && this.controllers.every((c) => c.idle());
  }

  get<T extends Controller>(name: string): T | undefined {
    return this.controllers.find((c) => c.name === name) as T | undefined;
  }
}
