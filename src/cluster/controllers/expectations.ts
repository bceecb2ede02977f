/**
 * client-go's ControllerExpectations: after asking for N creations or deletions, a controller waits until its
 * informer has seen them before computing the next diff, so slow or reordered watch events cannot make it create
 * twice. Expectations expire after a timeout in case an event never comes.
 */
export class Expectations {
  private readonly pending = new Map<string, { adds: number; dels: Set<string>; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  expect(key: string, adds: number, deleteUids: readonly string[] = []): void {
    this.pending.set(key, { adds, dels: new Set(deleteUids), at: this.now() });
  }

  observedAdd(key: string): void {
    const e = this.pending.get(key);
    if (e && e.adds > 0) e.adds--;
  }

  observedDelete(key: string, uid: string | undefined): void {
    if (uid) this.pending.get(key)?.dels.delete(uid);
  }

  /** Lowers the count for a creation that failed (it will never be observed). */
  creationFailed(key: string): void {
    this.observedAdd(key);
  }

  satisfied(key: string): boolean {
    const e = this.pending.get(key);
    if (!e) return true;
    if ((e.adds <= 0 && e.dels.size === 0) || this.now() - e.at > this.ttlMs) {
      this.pending.delete(key);
      return true;
    }
    return false;
  }

  forget(key: string): void {
    this.pending.delete(key);
  }
}
