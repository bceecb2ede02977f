import type { Clock, TimerHandle } from '../runtime/clock.js';

/** Backoff of a pod that failed scheduling: 1 s doubling per attempt up to 10 s (upstream's defaults). */
export const initialBackoffMs = 1000;
export const maxBackoffMs = 10_000;
/** Unschedulable pods are retried at the latest after this long even without a cluster event. */
export const maxInUnschedulableMs = 5 * 60_000;

interface Entry<T> {
  key: string;
  item: T;
  priority: number;
  /** Enqueue order: FIFO among equal priorities. */
  seq: number;
  attempts: number;
  /** When the last failed attempt's backoff ends (model ms). */
  backoffUntil: number;
}

/**
 * The scheduling queue: an active heap ordered by priority then FIFO, a backoff area for pods that failed and
 * whose backoff has not ended, and a parking lot of unschedulable pods that only a cluster event (node added or
 * changed, pod deleted) or the 5-minute flush moves back.
 */
export class SchedulingQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private readonly entries = new Map<string, Entry<T>>();
  private readonly where = new Map<string, 'active' | 'backoff' | 'unschedulable' | 'in-flight'>();
  private readonly timers = new Map<string, TimerHandle>();
  /** Keys parked as unschedulable, so a cluster event walks only them. */
  private readonly parked = new Set<string>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly onActive: () => void,
  ) {}

  get activeCount(): number {
    return this.heap.length;
  }

  get unschedulableCount(): number {
    return this.parked.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** A new or updated pending pod; an update of a queued pod replaces its object where it is. */
  add(key: string, item: T, priority: number): void {
    const e = this.entries.get(key);
    if (e) {
      e.item = item;
      return;
    }
    const entry: Entry<T> = { key, item, priority, seq: this.seq++, attempts: 0, backoffUntil: 0 };
    this.entries.set(key, entry);
    this.pushActive(entry);
  }

  delete(key: string): void {
    this.entries.delete(key);
    this.where.delete(key);
    this.parked.delete(key);
    this.cancelTimer(key);
    const i = this.heap.findIndex((e) => e.key === key);
    if (i >= 0) {
      const last = this.heap.pop() as Entry<T>;
      if (i < this.heap.length) {
        this.heap[i] = last;
        this.siftDown(i);
        this.siftUp(i);
      }
    }
  }

  /** The next pod to schedule, marked in flight until done() or failed(). */
  pop(): { key: string; item: T } | undefined {
    const top = this.heap[0];
    if (!top) return undefined;
    const last = this.heap.pop() as Entry<T>;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    this.where.set(top.key, 'in-flight');
    return { key: top.key, item: top.item };
  }

  /** A binding or API error after the pod left the queue: retry it after its backoff. */
  retryAfterError(key: string, item: T, priority: number): void {
    let e = this.entries.get(key);
    if (!e) {
      e = { key, item, priority, seq: this.seq++, attempts: 0, backoffUntil: 0 };
      this.entries.set(key, e);
    }
    e.item = item;
    this.where.set(key, 'in-flight');
    this.failed(key, false);
  }

  /** Scheduled (or gone): forget the pod. */
  done(key: string): void {
    this.entries.delete(key);
    this.where.delete(key);
    this.parked.delete(key);
    this.cancelTimer(key);
  }

  /**
   * The attempt failed. `unschedulable` parks the pod until a cluster event; otherwise (an error such as a failed
   * binding) it retries after its backoff.
   */
  failed(key: string, unschedulable: boolean): void {
    const e = this.entries.get(key);
    if (!e) return;
    e.attempts++;
    e.backoffUntil = this.clock.now() + Math.min(maxBackoffMs, initialBackoffMs * 2 ** (e.attempts - 1));
    if (unschedulable) {
      this.where.set(key, 'unschedulable');
      this.parked.add(key);
      this.setTimer(key, maxInUnschedulableMs, () => this.moveOne(e), true);
    } else this.toBackoff(e);
  }

  /** A cluster event that may make parked pods schedulable: back to active (or to backoff if still backing off). */
  moveAllToActive(): void {
    for (const key of [...this.parked]) {
      const e = this.entries.get(key);
      if (e) this.moveOne(e);
    }
  }

  private moveOne(e: Entry<T>): void {
    if (this.where.get(e.key) !== 'unschedulable') return;
    this.parked.delete(e.key);
    this.cancelTimer(e.key);
    if (e.backoffUntil > this.clock.now()) this.toBackoff(e);
    else this.pushActive(e);
  }

  private toBackoff(e: Entry<T>): void {
    this.where.set(e.key, 'backoff');
    this.setTimer(e.key, Math.max(0, e.backoffUntil - this.clock.now()), () => {
      if (this.where.get(e.key) === 'backoff') this.pushActive(e);
    });
  }

  private setTimer(key: string, ms: number, fn: () => void, background = false): void {
    this.cancelTimer(key);
    this.timers.set(
      key,
      this.clock.setTimeout(
        () => {
          this.timers.delete(key);
          fn();
        },
        ms,
        { background },
      ),
    );
  }

  private cancelTimer(key: string): void {
    const t = this.timers.get(key);
    if (t) this.clock.clearTimeout(t);
    this.timers.delete(key);
  }

  private pushActive(e: Entry<T>): void {
    this.cancelTimer(e.key);
    this.where.set(e.key, 'active');
    this.heap.push(e);
    this.siftUp(this.heap.length - 1);
    this.onActive();
  }

  private less(a: Entry<T>, b: Entry<T>): boolean {
    return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i] as Entry<T>, h[p] as Entry<T>)) break;
      [h[i], h[p]] = [h[p] as Entry<T>, h[i] as Entry<T>];
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l] as Entry<T>, h[m] as Entry<T>)) m = l;
      if (r < h.length && this.less(h[r] as Entry<T>, h[m] as Entry<T>)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m] as Entry<T>, h[i] as Entry<T>];
      i = m;
    }
  }
}
