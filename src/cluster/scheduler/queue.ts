import type { Clock, TimerHandle } from '../runtime/clock.js';

/** Backoff of a pod that failed scheduling: 1 s doubling per attempt up to 10 s (upstream's defaults). */
export const initialBackoffMs = 1000;
export const maxBackoffMs = 10_000;
/** Unschedulable pods are retried at the latest after this long even without a cluster event. */
export const maxInUnschedulableMs = 5 * 60_000;

type Place = 'active' | 'backoff' | 'unschedulable' | 'in-flight';

interface Entry<T> {
  key: string;
  item: T;
  priority: number;
  /** Enqueue order: FIFO among equal priorities. */
  seq: number;
  attempts: number;
  /** When the last failed attempt's backoff ends (model ms). */
  backoffUntil: number;
  place: Place;
  timer: TimerHandle | undefined;
}

/**
 * The scheduling queue: an active heap ordered by priority then FIFO, a backoff area for pods that failed and
 * whose backoff has not ended, and a parking lot of unschedulable pods that only a cluster event (node added or
 * changed, pod deleted) or the 5-minute flush moves back.
 */
export class SchedulingQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private readonly entries = new Map<string, Entry<T>>();
  /** Parked as unschedulable, so a cluster event walks only them. */
  private readonly parked = new Set<Entry<T>>();
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
    const entry: Entry<T> = {
      key,
      item,
      priority,
      seq: this.seq++,
      attempts: 0,
      backoffUntil: 0,
      place: 'active',
      timer: undefined,
    };
    this.entries.set(key, entry);
    this.pushActive(entry);
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.forget(e);
    const i = this.heap.indexOf(e);
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
    top.place = 'in-flight';
    return top;
  }

  /** A binding or API error after the pod left the queue: retry it after its backoff. */
  retryAfterError(key: string, item: T, priority: number): void {
    let e = this.entries.get(key);
    if (!e) {
      e = {
        key,
        item,
        priority,
        seq: this.seq++,
        attempts: 0,
        backoffUntil: 0,
        place: 'in-flight',
        timer: undefined,
      };
      this.entries.set(key, e);
    }
    e.item = item;
    e.place = 'in-flight';
    this.failed(key, false);
  }

  /** Scheduled (or gone): forget the pod. */
  done(key: string): void {
    const e = this.entries.get(key);
    if (e) this.forget(e);
  }

  private forget(e: Entry<T>): void {
    this.entries.delete(e.key);
    this.parked.delete(e);
    this.cancelTimer(e);
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
      e.place = 'unschedulable';
      this.parked.add(e);
      this.setTimer(e, maxInUnschedulableMs, () => this.moveOne(e), true);
    } else this.toBackoff(e);
  }

  /** A cluster event that may make parked pods schedulable: back to active (or to backoff if still backing off). */
  moveAllToActive(): void {
    if (this.parked.size === 0) return;
    for (const e of [...this.parked]) this.moveOne(e);
  }

  private moveOne(e: Entry<T>): void {
    if (e.place !== 'unschedulable') return;
    this.parked.delete(e);
    this.cancelTimer(e);
    if (e.backoffUntil > this.clock.now()) this.toBackoff(e);
    else this.pushActive(e);
  }

  private toBackoff(e: Entry<T>): void {
    e.place = 'backoff';
    this.setTimer(e, Math.max(0, e.backoffUntil - this.clock.now()), () => {
      if (e.place === 'backoff') this.pushActive(e);
    });
  }

  private setTimer(e: Entry<T>, ms: number, fn: () => void, background = false): void {
    this.cancelTimer(e);
    e.timer = this.clock.setTimeout(
      () => {
        e.timer = undefined;
        fn();
      },
      ms,
      { background },
    );
  }

  private cancelTimer(e: Entry<T>): void {
    if (e.timer) this.clock.clearTimeout(e.timer);
    e.timer = undefined;
  }

  private pushActive(e: Entry<T>): void {
    this.cancelTimer(e);
    e.place = 'active';
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
