import type { Condition, Lease, Node, Taint } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { nodeCondition, TaintKeys } from '../objects/node.js';
import { isoSeconds, type TimerHandle } from '../runtime/clock.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import { deepEqual } from '../store/immutable.js';
import type { Controller, InformerFactory } from './informer-factory.js';

export interface NodeLifecycleOptions {
  /** --node-monitor-grace-period: silence after which a node's conditions turn Unknown. */
  gracePeriodMs?: number;
  /** --node-monitor-period. */
  monitorPeriodMs?: number;
}

const managed = new Set<string>([TaintKeys.notReady, TaintKeys.unreachable, TaintKeys.unschedulable]);

/** The taints a node's Ready condition and spec.unschedulable call for (TaintNodesByCondition + NoExecute). */
export function conditionTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  const ready = nodeCondition(node, 'Ready')?.status;
  if (ready === 'False') {
    out.push(
      { key: TaintKeys.notReady, effect: 'NoSchedule' },
      { key: TaintKeys.notReady, effect: 'NoExecute' },
    );
  } else if (ready === 'Unknown') {
    out.push(
      { key: TaintKeys.unreachable, effect: 'NoSchedule' },
      { key: TaintKeys.unreachable, effect: 'NoExecute' },
    );
  } else if (ready === undefined) {
    out.push({ key: TaintKeys.notReady, effect: 'NoSchedule' });
  }
  if (node.spec.unschedulable) out.push({ key: TaintKeys.unschedulable, effect: 'NoSchedule' });
  return out;
}

/**
 * Watches node heartbeats (Leases and Ready heartbeats). A node silent for the grace period gets its conditions
 * set to Unknown ("Kubelet stopped posting node status."); and every node carries exactly the not-ready /
 * unreachable / unschedulable taints its state calls for, NoExecute ones stamped with timeAdded.
 */
export class NodeLifecycleController implements Controller {
  readonly name = 'nodelifecycle';
  private readonly queue: WorkQueue<string>;
  private readonly lastSeen = new Map<string, { renew?: string; at: number }>();
  private readonly grace: number;
  private readonly period: number;
  private timer?: TimerHandle;

  constructor(
    private readonly f: InformerFactory,
    opts: NodeLifecycleOptions = {},
  ) {
    this.queue = new WorkQueue(f.clock, 'nodelifecycle');
    this.grace = opts.gracePeriodMs ?? 40_000;
    this.period = opts.monitorPeriodMs ?? 5000;
  }

  private heartbeat(node: string, renew: string | undefined): void {
    const prev = this.lastSeen.get(node);
    if (!prev || prev.renew !== renew) this.lastSeen.set(node, { renew, at: this.f.clock.now() });
  }

  register(): void {
    this.f.for('Node').addHandler({
      onAdd: (n) => {
        this.heartbeat(n.metadata.name, nodeCondition(n, 'Ready')?.lastHeartbeatTime);
        this.queue.add(objectKey(n.metadata));
      },
      onUpdate: (_, n) => {
        const c = nodeCondition(n, 'Ready');
        if (c?.status !== 'Unknown') this.heartbeat(n.metadata.name, `node:${c?.lastHeartbeatTime}`);
        this.queue.add(objectKey(n.metadata));
      },
      onDelete: (n) => this.lastSeen.delete(n.metadata.name),
    });
    this.f.for('Lease').addHandler({
      onAdd: (l) => this.onLease(l),
      onUpdate: (_, l) => this.onLease(l),
    });
  }

  private onLease(l: Lease): void {
    if (l.metadata.namespace !== 'kube-node-lease') return;
    this.heartbeat(l.metadata.name, `lease:${l.spec.renewTime}`);
  }

  run(): void {
    this.queue.run((key) => this.sync(key));
    this.tick();
  }

  private tick(): void {
    this.timer = this.f.clock.setTimeout(
      () => {
        void this.monitor().finally(() => this.tick());
      },
      this.period,
      { background: true },
    );
  }

  stop(): void {
    this.queue.shutDown();
    if (this.timer) this.f.clock.clearTimeout(this.timer);
  }

  idle(): boolean {
    return this.queue.idle();
  }

  /** Marks silent nodes Unknown. */
  async monitor(): Promise<void> {
    const now = this.f.clock.now();
    for (const node of this.f.for('Node').values()) {
      const seen = this.lastSeen.get(node.metadata.name);
      if (!seen || now - seen.at <= this.grace) continue;
      const ready = nodeCondition(node, 'Ready');
      if (ready?.status === 'Unknown') continue;
      const stamp = isoSeconds(now);
      const conditions: Condition[] = (node.status?.conditions ?? []).map((c) => ({
        ...c,
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: stamp,
      }));
      if (!ready)
        conditions.push({
          type: 'Ready',
          status: 'Unknown',
          reason: 'NodeStatusNeverUpdated',
          message: 'Kubelet never posted node status.',
          lastTransitionTime: stamp,
          lastHeartbeatTime: stamp,
        });
      try {
        await this.f.client.patch(
          'Node',
          node.metadata.name,
          undefined,
          { status: { conditions } },
          'merge',
          { subresource: 'status' },
        );
      } catch (e) {
        if (!isApiError(e, 'NotFound')) throw e;
      }
    }
  }

  private async sync(name: string): Promise<HandlerResult> {
    const node = this.f.for('Node').get(name);
    if (!node) return;
    const current = node.spec.taints ?? [];
    const wanted = conditionTaints(node);
    const stamp = isoSeconds(this.f.clock.now());
    const next: Taint[] = current.filter(
      (t) => !managed.has(t.key) || wanted.some((w) => w.key === t.key && w.effect === t.effect),
    );
    for (const w of wanted) {
      if (next.some((t) => t.key === w.key && t.effect === w.effect)) continue;
      next.push(w.effect === 'NoExecute' ? { ...w, timeAdded: stamp } : w);
    }
    if (deepEqual(next, current)) return;
    try {
      await this.f.client.patch(
        'Node',
        name,
        undefined,
        { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: next } },
        'merge',
      );
    } catch (e) {
      if (isApiError(e, 'Conflict')) return { requeueAfterMs: 0 };
      if (!isApiError(e, 'NotFound')) throw e;
    }
    return undefined;
  }
}
