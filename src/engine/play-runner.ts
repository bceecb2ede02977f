import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { PlaybookError } from '../errors/index.js';
import { applyLimit, type Inventory, parseLimit, selectHosts } from '../inventory/index.js';
import type { LoaderOptions, Play, TaskNode } from '../playbook/index.js';
import { renderString } from '../template/index.js';
import { createScope } from '../vars/index.js';
import { parseYamlSource } from '../yaml-source/index.js';
import { mapLimit } from './concurrency.js';
import type { HostState } from './host-state.js';
import { type Inherited, inherit, rootInherited } from './inherited.js';
import { PlayExecutor } from './play-executor.js';
import type { RunContext } from './run-context.js';

/** Hosts a play targets: its pattern (templated with extra vars), narrowed by --limit, in inventory order. */
export function selectPlayHosts(
  inventory: Inventory,
  play: Play,
  extraVars: Record<string, unknown>,
  limit?: string,
): string[] {
  const scope = createScope([{ name: 'extra vars', vars: extraVars, templated: true }], {
    groups: inventory.groupsMap(),
  });
  const hosts = selectHosts(renderString(play.hosts, scope), inventory);
  return limit ? applyLimit(hosts, parseLimit(limit, { cwd: process.cwd() }), inventory) : hosts;
}

/** serial: a number, a percentage, or a list of them (the last repeats) → host batches. */
export function serialBatches(hosts: string[], serial: (number | string)[]): string[][] {
  if (serial.length === 0) return hosts.length > 0 ? [hosts] : [];
  const batches: string[][] = [];
  let i = 0;
  let k = 0;
  while (i < hosts.length) {
    const s = serial[Math.min(k, serial.length - 1)]!;
    const size =
      typeof s === 'string' && s.endsWith('%')
        ? Math.max(1, Math.floor((hosts.length * Number.parseFloat(s)) / 100))
        : Number(s);
    batches.push(hosts.slice(i, i + Math.max(1, size)));
    i += Math.max(1, size);
    k++;
  }
  return batches;
}

function gatherTask(play: Play): TaskNode {
  return {
    kind: 'task',
    name: 'Gathering Facts',
    named: true,
    loc: play.loc,
    module: 'setup',
    args: {},
    keywords: { when: [], tags: ['always'], environment: [], vars: {}, checkMode: false },
    notify: [],
    baseDir: play.dir,
  };
}

function loadVarsFiles(rc: RunContext, play: Play, host: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const vf of play.varsFiles) {
    let path = vf.path;
    if (path.includes('{{')) {
      const scope = rc.taskScope(host ?? 'localhost', undefined, rootInherited());
      path = renderString(path, scope, { location: vf.loc });
      if (!isAbsolute(path)) path = resolve(play.dir, path);
    }
    if (!existsSync(path))
      throw new PlaybookError({ code: 'PRV202', message: `vars file not found: ${path}`, location: vf.loc });
    const src = parseYamlSource(readFileSync(path, 'utf8'), path);
    if (src.value !== null && typeof src.value === 'object' && !Array.isArray(src.value))
      Object.assign(out, src.value);
    else if (src.value !== null)
      throw new PlaybookError({
        code: 'PRV203',
        message: `vars file ${path} must be a map of variables`,
        location: vf.loc,
      });
  }
  return out;
}

export async function runPlay(rc: RunContext, play: Play, loaderOptions: LoaderOptions): Promise<void> {
  rc.play = play;
  rc.playVarsFiles = {};
  const all = selectPlayHosts(rc.inventory, play, rc.options.extraVars, rc.options.limit);
  rc.playHosts = all;
  rc.events.emit({ type: 'play_start', name: play.name, hosts: all, location: play.loc });
  if (all.length === 0) {
    rc.events.emit({
      type: 'warning',
      message: `no hosts matched '${play.hosts}'${rc.options.limit ? ` with --limit ${rc.options.limit}` : ''}; skipping the play`,
    });
    return;
  }
  rc.playVarsFiles = loadVarsFiles(rc, play, all[0]);
  const exec = new PlayExecutor(rc, play, loaderOptions);
  const playInh: Inherited = inherit(rootInherited(), play.keywords);
  for (const batch of serialBatches(all, play.serial)) {
    if (rc.aborted) break;
    rc.playBatch = batch;
    const hosts = batch.map((n) => rc.host(n)).filter((h) => !h.failed && !h.unreachable);
    for (const h of hosts) h.ended = false;
    if (play.gatherFacts)
      await exec.runTask(
        gatherTask(play),
        hosts.filter((h) => !h.factsGathered),
        playInh,
        false,
      );
    if (play.strategy === 'free') {
      await mapLimit(hosts, rc.options.forks, (h) => runSections(exec, play, [h], playInh));
    } else {
      await runSections(exec, play, hosts, playInh);
    }
    if (play.maxFailPercentage !== undefined) {
      const failed = hosts.filter((h) => h.failed || h.unreachable).length;
      if ((failed / hosts.length) * 100 > play.maxFailPercentage) {
        rc.events.emit({
          type: 'warning',
          message: `max_fail_percentage ${play.maxFailPercentage}% exceeded (${failed}/${hosts.length} hosts failed); stopping the play`,
        });
        break;
      }
    }
  }
  for (const h of rc.knownHosts()) h.ended = false;
  rc.aborted = false;
}

/** pre_tasks, then roles and tasks, then post_tasks — with handlers flushed after each, as Ansible does. */
async function runSections(
  exec: PlayExecutor,
  play: Play,
  hosts: HostState[],
  inh: Inherited,
): Promise<void> {
  const groups: (typeof play.sections)[] = [
    play.sections.filter((s) => s.name === 'pre_tasks'),
    play.sections.filter((s) => s.name === 'roles' || s.name === 'tasks'),
    play.sections.filter((s) => s.name === 'post_tasks'),
  ];
  for (const group of groups) {
    for (const s of group) await exec.runNodes(s.nodes, hosts, inh);
    if (group.length > 0)
      await exec.flushHandlers(play.forceHandlers ? hosts : hosts.filter((h) => h.active));
  }
}
