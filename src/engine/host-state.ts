import type { RecapCounts } from '../report/event-schema.js';
import type { Transport } from '../transport/transport.js';

/** What the engine knows about one host during a run. */
export class HostState {
  transport?: Transport;
  connecting?: Promise<Transport>;
  /** Gathered facts (ansible_facts) — also readable as flat ansible_* variables. */
  facts: Record<string, unknown> = {};
  factsGathered = false;
  /** set_fact and register results: the set_fact/register precedence layer. */
  setFacts: Record<string, unknown> = {};
  includeVars: Record<string, unknown> = {};
  failed = false;
  unreachable = false;
  /** end_host / end_play for this host. */
  ended = false;
  /** Handler names (and listen topics) notified and not yet run. */
  readonly notified = new Set<string>();
  /** Check mode: remote paths an earlier task would have changed → that task's name. */
  readonly pendingPaths = new Map<string, string>();
  readonly recap: RecapCounts = {
    ok: 0,
    changed: 0,
    unreachable: 0,
    failed: 0,
    skipped: 0,
    rescued: 0,
    ignored: 0,
    unknown: 0,
  };

  constructor(readonly name: string) {}

  get active(): boolean {
    return !this.failed && !this.unreachable && !this.ended;
  }

  /** The earlier task that would change `path`, one of its parent directories, or (for a directory) something
   * under it — a module asking about /etc/apt learns of a repository file an earlier task would add. */
  pendingChange(path: string): string | undefined {
    const prefix = `${path.replace(/\/+$/, '')}/`;
    for (const [p, task] of this.pendingPaths) if (p.startsWith(prefix)) return task;
    let p = path.replace(/\/+$/, '');
    while (p !== '') {
      const t = this.pendingPaths.get(p);
      if (t !== undefined) return t;
      const slash = p.lastIndexOf('/');
      if (slash <= 0) break;
      p = p.slice(0, slash);
    }
    return this.pendingPaths.get('/');
  }
}
