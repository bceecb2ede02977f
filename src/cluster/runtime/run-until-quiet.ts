import type { FakeClock } from './clock.js';

/** Something that can still be working without any timer pending: work queues, informers mid-list. */
export interface Busy {
  idle(): boolean;
}

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Lets every microtask chain (queue workers awaiting client calls) finish. In process one macrotask turn is enough;
 * work that waits on the model clock (a slow client's delays) cannot finish by waiting, so after a few idle-less
 * turns the caller moves the clock on.
 */
export async function drain(parts: readonly Busy[], maxRounds = 3): Promise<void> {
  for (let i = 0; i < maxRounds; i++) {
    await macrotask();
    if (parts.every((p) => p.idle())) return;
  }
}

export interface QuietResult {
  /** Model time that passed. */
  elapsedMs: number;
  /** True when the model stopped because nothing but background timers (heartbeats) remained. */
  quiet: boolean;
}

/**
 * Steps the fake clock through pending timers until nothing is left to do: no work in progress and no timer
 * before the deadline other than background ones. Heartbeats keep firing while other work is pending.
 */
export async function runUntilQuiet(
  clock: FakeClock,
  parts: readonly Busy[],
  maxModelTimeMs: number,
): Promise<QuietResult> {
  const start = clock.now();
  const deadline = start + maxModelTimeMs;
  for (;;) {
    await drain(parts);
    if (!clock.hasForegroundTimers()) return { elapsedMs: clock.now() - start, quiet: true };
    const next = clock.nextTimerAt();
    if (next === undefined || next > deadline) return { elapsedMs: clock.now() - start, quiet: false };
    clock.advanceTo(next);
  }
}

/** Runs the model for exactly `ms` of model time, firing every timer due on the way. */
export async function runFor(clock: FakeClock, parts: readonly Busy[], ms: number): Promise<void> {
  const deadline = clock.now() + ms;
  for (;;) {
    await drain(parts);
    const next = clock.nextTimerAt();
    if (next === undefined || next > deadline) {
      clock.advanceTo(deadline);
      await drain(parts);
      return;
    }
    clock.advanceTo(next);
  }
}
