import type { KubeClient } from '../client/kube-client.js';
import type { Clock } from '../runtime/clock.js';
import { byNamespace, byNodeName, byOwnerUid, Informer } from '../runtime/informer.js';

/**
 * One informer per kind, shared by every controller (client-go's SharedInformerFactory), so the controller
 * manager lists and watches each kind once. Pods and ReplicaSets come indexed by owner, node and namespace.
 */
export class InformerFactory {
  private readonly informers = new Map<string, Informer<string>>();

  constructor(
    readonly client: KubeClient,
    readonly clock: Clock,
  ) {}

  for<K extends string>(kind: K): Informer<K> {
    const have = this.informers.get(kind);
    if (have) return have as unknown as Informer<K>;
    const inf = new Informer(this.client, kind, this.clock);
    inf.addIndex('namespace', byNamespace);
    inf.addIndex('owner', byOwnerUid);
    if (kind === 'Pod') inf.addIndex('node', byNodeName);
    this.informers.set(kind, inf as unknown as Informer<string>);
    return inf;
  }

  async start(): Promise<void> {
    for (const inf of this.informers.values()) await inf.start();
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
  }

  idle(): boolean {
    for (const inf of this.informers.values()) if (inf.busy()) return false;
    return true;
  }
}

/**
 * Pod events reach workload controllers after this much model time, so a burst of pod changes costs one sync of
 * their owner instead of one each (a sync is O(pods of the owner)); kube-controller-manager's queues batch the
 * same way under load.
 */
export const podEventBatchMs = 20;

/** A control loop run by the controller manager. */
export interface Controller {
  readonly name: string;
  /** Registers handlers on the shared informers; called before the informers start. */
  register(): void;
  /** Starts its workers once the informers have synced. */
  run(): void;
  stop(): void;
  idle(): boolean;
}
