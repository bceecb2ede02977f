/**
 * Time for the model, injected everywhere so tests and `model run` step it. Timers marked `background`
 * (heartbeats, periodic monitors) keep running but do not keep the model from being quiet.
 */
export interface TimerOptions {
  background?: boolean;
}

export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number, opts?: TimerOptions): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** RFC 3339 with second precision, as the API serves metav1.Time. */
let lastSecond = Number.NaN;
let lastIso = '';
export function isoSeconds(ms: number): string {
  // Called for every status write; model time mostly stands still between writes, so remember the last one.
  const sec = Math.floor(ms / 1000);
  if (sec !== lastSecond) {
    lastSecond = sec;
    lastIso = `${new Date(sec * 1000).toISOString().slice(0, 19)}Z`;
  }
  return lastIso;
}

/** RFC 3339 with microseconds, as the API serves metav1.MicroTime (Lease renewTime). */
export function isoMicros(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}

export function parseTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

export class RealClock implements Clock {
  private seq = 0;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  now(): number {
    return Date.now();
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    const t = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    t.unref?.();
    this.timers.set(id, t);
    return { id };
  }
  clearTimeout(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t) clearTimeout(t);
    this.timers.delete(handle.id);
  }
}

interface FakeTimer {
  id: number;
  at: number;
  fn: () => void;
  background: boolean;
}

/**
 * A clock that only moves when told to. Timers fire in (time, creation order), so runs are deterministic.
 * Kept as a binary heap: the model keeps thousands of heartbeat timers.
 */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private heap: FakeTimer[] = [];
  private readonly live = new Map<number, FakeTimer>();
  private foreground = 0;

  /** Starts at 2025-01-01T00:00:00Z unless told otherwise, so timestamps in golden files are stable. */
  constructor(startMs = Date.UTC(2025, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number, opts?: TimerOptions): TimerHandle {
    const timer: FakeTimer = {
      id: ++this.seq,
      at: this.current + Math.max(0, ms),
      fn,
      background: opts?.background === true,
    };
    this.live.set(timer.id, timer);
    if (!timer.background) this.foreground++;
    this.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle): void {
    const t = this.live.get(handle.id);
    if (!t) return;
    this.live.delete(handle.id);
    if (!t.background) this.foreground--;
  }

  /** When the next live timer fires, if any (optionally only foreground timers). */
  nextTimerAt(foregroundOnly = false): number | undefined {
    this.prune();
    if (!foregroundOnly) return this.heap[0]?.at;
    if (this.foreground === 0) return undefined;
    let best: number | undefined;
    for (const t of this.live.values()) if (!t.background && (best === undefined || t.at < best)) best = t.at;
    return best;
  }

  hasForegroundTimers(): boolean {
    return this.foreground > 0;
  }

  /** Fires every timer due at or before `time` in order, then sets the clock to `time`. */
  advanceTo(time: number): number {
    let fired = 0;
    for (;;) {
      this.prune();
      const top = this.heap[0];
      if (!top || top.at > time) break;
      this.pop();
      this.live.delete(top.id);
      if (!top.background) this.foreground--;
      if (top.at > this.current) this.current = top.at;
      fired++;
      top.fn();
    }
    if (time > this.current) this.current = time;
    return fired;
  }

  /** Fires only the timers due at the earliest pending instant; returns false when none. */
  fireNext(): boolean {
    const at = this.nextTimerAt();
    if (at === undefined) return false;
    this.advanceTo(at);
    return true;
  }

  advance(ms: number): number {
    return this.advanceTo(this.current + ms);
  }

  private prune(): void {
    while (this.heap.length > 0 && !this.live.has((this.heap[0] as FakeTimer).id)) this.pop();
  }

  private less(a: FakeTimer, b: FakeTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  private push(t: FakeTimer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i] as FakeTimer, h[p] as FakeTimer)) break;
      [h[i], h[p]] = [h[p] as FakeTimer, h[i] as FakeTimer];
      i = p;
    }
  }

  private pop(): FakeTimer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l] as FakeTimer, h[m] as FakeTimer)) m = l;
        if (r < h.length && this.less(h[r] as FakeTimer, h[m] as FakeTimer)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as FakeTimer, h[i] as FakeTimer];
        i = m;
      }
    }
    return top;
  }
}
