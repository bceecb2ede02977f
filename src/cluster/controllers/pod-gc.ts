import type { Pod } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import type { Controller, InformerFactory } from './informer-factory.js';

/** The pod garbage collector's orphan sweep: pods bound to a node that no longer exists are force-deleted. */
export class PodGarbageCollector implements Controller {
  readonly name = 'pod-garbage-collector';
  private readonly queue: WorkQueue<string>;

  constructor(private readonly f: InformerFactory) {
    this.queue = new WorkQueue(f.clock, 'podgc');
  }

  register(): void {
    const pods = this.f.for('Pod');
    this.f.for('Node').addHandler({
      onDelete: (n) => {
        for (const p of pods.byIndex('node', n.metadata.name)) this.queue.add(objectKey(p.metadata));
      },
    });
    pods.addHandler({ onAdd: (p: Pod) => p.spec.nodeName && this.queue.add(objectKey(p.metadata)) });
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

  private async sync(key: string): Promise<HandlerResult> {
    const p = this.f.for('Pod').getByKey(key);
    if (!p?.spec.nodeName || this.f.for('Node').get(p.spec.nodeName)) return;
    // Pods can be created already bound before their node registers; give it the upstream 40 s quarantine.
    const created = Date.parse(p.metadata.creationTimestamp ?? '');
    const age = this.f.clock.now() - (Number.isNaN(created) ? 0 : created);
    if (age < 40_000) return { requeueAfterMs: 40_000 - age };
    try {
      await this.f.client.delete('Pod', p.metadata.name, p.metadata.namespace, { gracePeriodSeconds: 0 });
    } catch (e) {
      if (!isApiError(e, 'NotFound')) throw e;
    }
    return undefined;
  }
}
