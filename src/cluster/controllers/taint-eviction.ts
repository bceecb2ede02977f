import type { Pod, Taint, Toleration } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { isPodTerminal } from '../objects/pod.js';
import { toleratesTaint } from '../objects/taints.js';
import { isoSeconds, parseTime } from '../runtime/clock.js';
import { EventRecorder } from '../runtime/event-recorder.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import { deepEqual } from '../store/immutable.js';
import type { Controller, InformerFactory } from './informer-factory.js';

/**
 * When a pod must leave its node because of NoExecute taints: now when one is not tolerated; otherwise when the
 * shortest tolerationSeconds of the tolerations in use runs out, counted from when the taint was added (or
 * first seen); never when every matching toleration is unbounded.
 */
export function evictionTime(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  firstSeen: number,
): number | undefined {
  let at: number | undefined;
  for (const t of taints) {
    if (t.effect !== 'NoExecute') continue;
    const matching = tolerations.filter((tol) => toleratesTaint(tol, t));
    if (matching.length === 0) return Number.NEGATIVE_INFINITY;
    const secs = matching.map((m) => m.tolerationSeconds).filter((s): s is number => s !== undefined);
    if (secs.length === 0 || secs.length < matching.length) continue;
    const since = parseTime(t.timeAdded) ?? firstSeen;
    const when = since + Math.max(0, Math.min(...secs)) * 1000;
    at = at === undefined ? when : Math.min(at, when);
  }
  return at;
}

/** Evicts pods from nodes with NoExecute taints they do not tolerate, honouring tolerationSeconds. */
export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  private readonly queue: WorkQueue<string>;
  private readonly firstSeen = new Map<string, number>();
  private readonly events: EventRecorder;

  constructor(private readonly f: InformerFactory) {
    this.queue = new WorkQueue(f.clock, 'taint-eviction');
    this.events = new EventRecorder(f.client, f.clock, 'taint-eviction-controller');
  }

  register(): void {
    const pods = this.f.for('Pod');
    const noExec = (ts: readonly Taint[] | undefined) => (ts ?? []).filter((t) => t.effect === 'NoExecute');
    this.f.for('Node').addHandler({
      onUpdate: (a, b) => {
        if (deepEqual(noExec(a.spec.taints), noExec(b.spec.taints))) return;
        for (const p of pods.byIndex('node', b.metadata.name)) this.queue.add(objectKey(p.metadata));
      },
      onAdd: (n) => {
        if (noExec(n.spec.taints).length === 0) return;
        for (const p of pods.byIndex('node', n.metadata.name)) this.queue.add(objectKey(p.metadata));
      },
    });
    pods.addHandler({
      onAdd: (p) => {
        if (p.spec.nodeName) this.queue.add(objectKey(p.metadata));
      },
      onUpdate: (a, b) => {
        if (
          b.spec.nodeName &&
          (a.spec.nodeName !== b.spec.nodeName || !deepEqual(a.spec.tolerations, b.spec.tolerations))
        ) {
          this.queue.add(objectKey(b.metadata));
        }
      },
      onDelete: (p) => this.firstSeen.delete(p.metadata.uid ?? ''),
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

  private async sync(key: string): Promise<HandlerResult> {
    const pod = this.f.for('Pod').getByKey(key);
    if (!pod?.spec.nodeName || pod.metadata.deletionTimestamp || isPodTerminal(pod)) return;
    const node = this.f.for('Node').get(pod.spec.nodeName);
    const uid = pod.metadata.uid ?? '';
    const now = this.f.clock.now();
    const taints = (node?.spec.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (taints.length === 0) {
      this.firstSeen.delete(uid);
      this.queue.cancelAfter(key);
      return;
    }
    if (!this.firstSeen.has(uid)) this.firstSeen.set(uid, now);
    const at = evictionTime(taints, pod.spec.tolerations ?? [], this.firstSeen.get(uid) as number);
    if (at === undefined) {
      this.queue.cancelAfter(key);
      return;
    }
    if (at > now) return { requeueAfterMs: at - now };
    await this.evict(pod);
    return undefined;
  }

  private async evict(pod: Pod): Promise<void> {
    const { name, namespace } = pod.metadata;
    const conditions = [
      ...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'),
      {
        type: 'DisruptionTarget',
        status: 'True' as const,
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: isoSeconds(this.f.clock.now()),
      },
    ];
    try {
      await this.f.client.patch('Pod', name, namespace, { status: { conditions } }, 'merge', {
        subresource: 'status',
      });
      await this.events.record(
        pod,
        'Normal',
        'TaintManagerEviction',
        `Marking for deletion Pod ${namespace}/${name}`,
      );
      await this.f.client.delete('Pod', name, namespace, { preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!isApiError(e, 'NotFound') && !isApiError(e, 'Conflict')) throw e;
    }
  }
}
