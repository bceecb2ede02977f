import type { Clock, TimerHandle } from './clock.js';

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

/** What a handler may ask for besides success: to see the key again after a delay (minReadySeconds, timeouts). */
export type HandlerResult = void | { requeueAfterMs: number; background?: boolean };

/**
 * client-go's rate-limited work queue, in small: a key is queued at most once, a key being processed that is
 * added again is processed once more afterwards (never concurrently), failures retry with per-key exponential
 * backoff on the injected clock, and processing runs on microtasks so an in-process model drains completely
 * before its clock moves.
 */
export class WorkQueue<K = string> {
  private readonly queue: K[] = [];
  private head = 0;
  private readonly queued = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly dirty = new Set<K>();
  private readonly failures = new Map<K, number>();
  private readonly delayed = new Map<K, { at: number; timer: TimerHandle }>();
  private handler?: (key: K) => Promise<HandlerResult>;
  private active = 0;
  private pumping = false;
  private stopped = false;
  private readonly baseMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly clock: Clock,
    readonly name: string,
    private readonly concurrency = 1,
    backoff: BackoffOptions = {},
  ) {
    this.baseMs = backoff.baseMs ?? 5;
    this.maxMs = backoff.maxMs ?? 1000_000;
  }

  /** Starts processing with `handler`; a thrown error requeues the key with backoff. */
  run(handler: (key: K) => Promise<HandlerResult>): void {
    this.handler = handler;
    this.schedule();
  }

  add(key: K): void {
    if (this.stopped) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.schedule();
  }

  /** Drops a pending delayed add (the reason to look again went away). */
  cancelAfter(key: K): void {
    const cur = this.delayed.get(key);
    if (!cur) return;
    this.clock.clearTimeout(cur.timer);
    this.delayed.delete(key);
  }

  /**
   * Adds the key after `ms` of model time; an earlier pending add wins. `background` delays (deadline checks) do
   * not keep an in-process model from counting as quiet.
   */
  addAfter(key: K, ms: number, background = false): void {
    if (this.stopped) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + ms;
    const cur = this.delayed.get(key);
    if (cur && cur.at <= at) return;
    if (cur) this.clock.clearTimeout(cur.timer);
    const timer = this.clock.setTimeout(
      () => {
        this.delayed.delete(key);
        this.add(key);
      },
      ms,
      { background },
    );
    this.delayed.set(key, { at, timer });
  }

  addRateLimited(key: K): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.maxMs, this.baseMs * 2 ** n));
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  retries(key: K): number {
    return this.failures.get(key) ?? 0;
  }

  /** Nothing queued or being processed (delayed keys wait on the clock, which the runner steps). */
  idle(): boolean {
    return this.queued.size === 0 && this.active === 0;
  }

  get length(): number {
    return this.queued.size;
  }

  shutDown(): void {
    this.stopped = true;
    for (const d of this.delayed.values()) this.clock.clearTimeout(d.timer);
    this.delayed.clear();
  }

  private schedule(): void {
    if (this.pumping || !this.handler) return;
    this.pumping = true;
    queueMicrotask(() => {
      this.pumping = false;
      this.pump();
    });
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler) return;
    while (this.active < this.concurrency && this.head < this.queue.length && !this.stopped) {
      const key = this.queue[this.head++] as K;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.queued.delete(key);
      this.processing.add(key);
      this.active++;
      handler(key).then(
        (result) => this.done(key, undefined, result),
        (err) => this.done(key, err, undefined),
      );
    }
  }

  private done(key: K, err: unknown, result: HandlerResult): void {
    this.active--;
    this.processing.delete(key);
    if (err !== undefined) this.addRateLimited(key);
    else {
      this.forget(key);
      if (result && result.requeueAfterMs >= 0)
        this.addAfter(key, result.requeueAfterMs, result.background === true);
    }
    if (this.dirty.delete(key)) this.add(key);
    this.pump();
  }
}
