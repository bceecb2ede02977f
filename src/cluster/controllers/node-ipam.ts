import { type Cidr, formatCidr, nthSubnet, parseCidr, subnetCount } from '../net/cidr.js';
import type { Node } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { EventRecorder } from '../runtime/event-recorder.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import type { Controller, InformerFactory } from './informer-factory.js';

export interface NodeIpamOptions {
  /** --cluster-cidr (kubeadm's --pod-network-cidr); '' or undefined: no allocation (--allocate-node-cidrs off). */
  clusterCidr?: string;
  /** --node-cidr-mask-size, 24 by default for IPv4. */
  nodeCidrMaskSize?: number;
}

/**
 * The range allocator: gives each node without one the lowest free /24 of the cluster CIDR as spec.podCIDR(s).
 * When the range is exhausted the node keeps no podCIDR and gets a CIDRNotAvailable event, as upstream.
 */
export class NodeIpamController implements Controller {
  readonly name = 'nodeipam';
  private readonly queue: WorkQueue<string>;
  private readonly cidr?: Cidr;
  private readonly mask: number;
  private readonly used = new Map<number, string>();
  /** Ranges handed out but maybe not yet seen on the node (slow watch): never hand a node two. */
  private readonly assigned = new Map<string, Cidr>();
  private readonly events: EventRecorder;

  constructor(
    private readonly f: InformerFactory,
    opts: NodeIpamOptions,
  ) {
    this.queue = new WorkQueue(f.clock, 'nodeipam');
    this.cidr = opts.clusterCidr ? parseCidr(opts.clusterCidr) : undefined;
    this.mask = opts.nodeCidrMaskSize ?? 24;
    this.events = new EventRecorder(f.client, f.clock, 'cidrAllocator');
  }

  get enabled(): boolean {
    return this.cidr !== undefined;
  }

  private occupy(node: Node): void {
    const c = parseCidr(node.spec.podCIDR ?? '');
    if (c && this.cidr) this.used.set(c.base, node.metadata.name);
  }

  register(): void {
    if (!this.cidr) return;
    this.f.for('Node').addHandler({
      onAdd: (n) => {
        this.occupy(n);
        if (!n.spec.podCIDR) this.queue.add(objectKey(n.metadata));
      },
      onUpdate: (_, n) => {
        this.occupy(n);
        if (!n.spec.podCIDR) this.queue.add(objectKey(n.metadata));
      },
      onDelete: (n) => {
        const c = parseCidr(n.spec.podCIDR ?? '');
        if (c && this.used.get(c.base) === n.metadata.name) this.used.delete(c.base);
        this.assigned.delete(n.metadata.name);
        // Nodes waiting for a range may get the freed one.
        for (const other of this.f.for('Node').values())
          if (!other.spec.podCIDR) this.queue.add(other.metadata.name);
      },
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
    const node = this.f.for('Node').get(name);
    if (!node || node.spec.podCIDR || !this.cidr) return;
    const count = subnetCount(this.cidr, this.mask);
    let free: Cidr | undefined = this.assigned.get(name);
    for (let i = 0; i < count && !free; i++) {
      const c = nthSubnet(this.cidr, this.mask, i) as Cidr;
      if (!this.used.has(c.base)) free = c;
    }
    if (!free) {
      await this.events.record(
        node,
        'Normal',
        'CIDRNotAvailable',
        `Node ${name} status is now: CIDRNotAvailable`,
      );
      return;
    }
    this.used.set(free.base, name);
    this.assigned.set(name, free);
    const podCIDR = formatCidr(free);
    try {
      await this.f.client.patch('Node', name, undefined, { spec: { podCIDR, podCIDRs: [podCIDR] } }, 'merge');
    } catch (e) {
      this.used.delete(free.base);
      if (!isApiError(e, 'NotFound')) throw e;
    }
  }
}
