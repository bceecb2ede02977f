import type { Inventory } from '../inventory/index.js';
import type { ModuleRegistry } from '../modules/registry.js';
import type { LoaderOptions, Playbook } from '../playbook/index.js';
import type { RecapCounts } from '../report/event-schema.js';
import type { EventListener } from './event-bus.js';
import type { EngineOptions } from './options.js';
import { runPlay } from './play-runner.js';
import { RunContext } from './run-context.js';

export interface RunSummary {
  exitCode: 0 | 2 | 4;
  recap: Record<string, RecapCounts>;
}

/** Runs playbooks in order and reports through events; the exit code follows ansible-playbook's. */
export async function runPlaybooks(
  playbooks: Playbook[],
  inventory: Inventory,
  registry: ModuleRegistry,
  options: EngineOptions,
  loaderOptions: LoaderOptions,
  listeners: EventListener[],
): Promise<RunSummary> {
  const rc = new RunContext(inventory, registry, options);
  for (const l of listeners) rc.events.subscribe(l);
  const started = options.clock.now();
  rc.events.emit({
    type: 'run_start',
    playbooks: playbooks.map((p) => p.file),
    check: options.check,
    diff: options.diff,
  });
  try {
    for (const pb of playbooks) for (const play of pb.plays) await runPlay(rc, play, loaderOptions);
  } finally {
    await rc.closeAll();
  }
  const recap: Record<string, RecapCounts> = {};
  const counters: Record<
    string,
    ReturnType<NonNullable<ReturnType<typeof rc.host>['transport']>['counters']>
  > = {};
  for (const h of rc.knownHosts()) {
    recap[h.name] = h.recap;
    if (h.transport) counters[h.name] = h.transport.counters();
  }
  rc.events.emit({
    type: 'recap',
    hosts: recap,
    counters,
    check: options.check,
    durationMs: options.clock.now() - started,
  });
  const hosts = Object.values(recap);
  const exitCode = hosts.some((r) => r.unreachable > 0) ? 4 : hosts.some((r) => r.failed > 0) ? 2 : 0;
  return { exitCode, recap };
}
