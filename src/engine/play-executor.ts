import { isAbsolute, resolve } from 'node:path';
import { ProvisionError } from '../errors/index.js';
import { LoadContext, loadTaskFile, RoleLoader } from '../playbook/index.js';
import type {
  BlockNode,
  IncludeRoleNode,
  IncludeTasksNode,
  Play,
  PlayNode,
  TaskNode,
} from '../playbook/ir.js';
import { renderString } from '../template/index.js';
import { mapLimit } from './concurrency.js';
import { conditionsHold, resolveBoolish, resolveNumber } from './conditions.js';
import type { HostState } from './host-state.js';
import { type Inherited, inherit, rootInherited } from './inherited.js';
import { loopItems } from './loop-items.js';
import type { RunContext } from './run-context.js';
import { taskSelected } from './tag-filter.js';
import { applyVariableEffects, runTaskOnHost, type TaskOutcome } from './task-runner.js';

/** Runs the node tree of one play for a set of hosts: linear (task by task across hosts) by construction; the
 * free strategy calls it with one host at a time. */
export class PlayExecutor {
  private readonly loader: LoadContext;
  private readonly roles: RoleLoader;

  constructor(
    private readonly rc: RunContext,
    private readonly play: Play,
    loaderOptions: ConstructorParameters<typeof LoadContext>[0],
  ) {
    this.loader = new LoadContext(loaderOptions);
    this.roles = new RoleLoader(this.loader, play.dir);
  }

  async runNodes(nodes: readonly PlayNode[], hosts: HostState[], inh: Inherited): Promise<void> {
    for (const node of nodes) {
      if (this.rc.aborted || !hosts.some((h) => h.active)) return;
      switch (node.kind) {
        case 'task':
          await this.runTask(node, hosts, inh, false);
          break;
        case 'block':
          await this.runBlock(node, hosts, inh);
          break;
        case 'include_tasks':
          await this.runInclude(node, hosts, inh);
          break;
        case 'include_role':
          await this.runInclude(node, hosts, inh);
          break;
      }
    }
  }

  private async runBlock(block: BlockNode, hosts: HostState[], inh: Inherited): Promise<void> {
    const kw = inherit(inh, block.keywords, block.role);
    const entering = hosts.filter((h) => h.active);
    if (entering.length === 0) return;
    await this.runNodes(block.block, entering, kw);
    const failedHere = entering.filter((h) => h.failed && !h.unreachable);
    if (block.rescue.length > 0 && failedHere.length > 0) {
      for (const h of failedHere) h.failed = false;
      await this.runNodes(block.rescue, failedHere, kw);
      for (const h of failedHere) {
        if (!h.failed) {
          h.recap.rescued++;
          h.recap.failed--;
        }
      }
    }
    if (block.always.length > 0) {
      const failed = entering.filter((h) => h.failed && !h.unreachable);
      for (const h of failed) h.failed = false;
      await this.runNodes(
        block.always,
        entering.filter((h) => h.active),
        kw,
      );
      for (const h of failed) h.failed = true;
    }
  }

  async runTask(task: TaskNode, hosts: HostState[], inh: Inherited, handler: boolean): Promise<void> {
    const active = hosts.filter(
      (h) => h.active || (handler && this.play.forceHandlers && !h.unreachable && !h.ended),
    );
    if (active.length === 0 || this.rc.aborted) return;
    const tags = [...new Set([...inh.tags, ...task.keywords.tags])];
    if (!handler && !taskSelected(tags, this.rc.options.tags, this.rc.options.skipTags)) return;
    if (this.rc.waitingForStart !== undefined && !handler) {
      if (task.name !== this.rc.waitingForStart) return;
      this.rc.waitingForStart = undefined;
    }
    if (task.module === 'meta') {
      await this.runMeta(task, active, inh);
      return;
    }
    this.rc.events.emit({ type: 'task_start', name: task.name, location: task.loc, handler });
    const eff = inherit(inh, task.keywords, task.role);
    const first = active[0]!;
    const firstScope = this.rc.taskScope(first.name, undefined, eff);
    const runOnce = resolveBoolish(eff.runOnce, firstScope) ?? false;
    const targets = runOnce ? [first] : active;
    const throttle = resolveNumber(eff.throttle, firstScope, 0);
    const limit = throttle > 0 ? Math.min(throttle, this.rc.options.forks) : this.rc.options.forks;
    const outcomes = await mapLimit(targets, limit, (h) => runTaskOnHost(this.rc, task, h, inh));
    for (const [i, h] of targets.entries()) this.applyOutcome(h, outcomes[i]!, eff);
    if (runOnce && outcomes[0]) {
      for (const h of active.slice(1)) {
        if (task.register) h.setFacts[task.register] = first.setFacts[task.register];
        if (outcomes[0].status === 'changed') for (const n of task.notify) h.notified.add(n);
        if (outcomes[0].result && outcomes[0].status !== 'failed')
          applyVariableEffects(this.rc, h, outcomes[0].result);
      }
    }
    const failed = targets.some((h) => h.failed);
    if (failed && (eff.anyErrorsFatal || this.play.keywords.anyErrorsFatal)) {
      this.rc.aborted = true;
      this.rc.events.emit({
        type: 'warning',
        message: `any_errors_fatal: task '${task.name}' failed, stopping the play for every host`,
      });
    }
  }

  private applyOutcome(h: HostState, o: TaskOutcome, eff: Inherited): void {
    if (o.status === 'failed') h.failed = true;
    if (o.status === 'unreachable' && !eff.ignoreUnreachable) h.unreachable = true;
  }

  private async runMeta(task: TaskNode, hosts: HostState[], inh: Inherited): Promise<void> {
    const action = String(task.args._raw_params ?? task.args.action ?? '').trim();
    const eff = inherit(inh, task.keywords, task.role);
    const applies = hosts.filter((h) => conditionsHold(eff.when, this.rc.taskScope(h.name, undefined, eff)));
    switch (action) {
      case 'flush_handlers':
        await this.flushHandlers(hosts);
        return;
      case 'end_play':
        if (applies.length > 0) for (const h of hosts) h.ended = true;
        return;
      case 'end_host':
        for (const h of applies) h.ended = true;
        return;
      case 'clear_host_errors':
        for (const h of this.rc.knownHosts()) h.failed = false;
        return;
      case 'clear_facts':
        for (const h of applies) h.facts = {};
        return;
      case 'noop':
      case 'refresh_inventory':
        return;
      default:
        this.rc.events.emit({ type: 'warning', message: `meta: ${action} is not supported; ignored` });
    }
  }

  async flushHandlers(hosts: HostState[]): Promise<void> {
    for (const handler of this.play.handlers) {
      const names = [handler.name, ...(handler.listen ?? [])];
      const targets = hosts.filter((h) => names.some((n) => h.notified.has(n)));
      if (targets.length === 0) continue;
      for (const h of targets) h.notified.delete(handler.name);
      await this.runTask(
        handler,
        targets,
        inherit(rootInherited(), { when: [], tags: [], environment: [], vars: {} }, handler.role),
        true,
      );
    }
    const known = new Set(this.play.handlers.flatMap((hd) => [hd.name, ...(hd.listen ?? [])]));
    for (const h of hosts) for (const n of [...h.notified]) if (known.has(n)) h.notified.delete(n);
  }

  private async runInclude(
    node: IncludeTasksNode | IncludeRoleNode,
    hosts: HostState[],
    inh: Inherited,
  ): Promise<void> {
    const eff = inherit(inh, { ...node.keywords, when: [], vars: {} });
    const kwNoWhen = { ...node.keywords, when: [] };
    const groups = new Map<
      string,
      { hosts: HostState[]; nodes: PlayNode[]; vars: Record<string, unknown> }
    >();
    this.rc.events.emit({ type: 'task_start', name: node.name, location: node.loc, handler: false });
    for (const h of hosts.filter((x) => x.active)) {
      const scope = this.rc.taskScope(h.name, undefined, inherit(inh, node.keywords));
      try {
        if (!conditionsHold([...inh.when, ...node.keywords.when], scope)) continue;
        const items =
          node.loop === undefined
            ? [undefined]
            : loopItems({ loop: node.loop, name: node.name }, scope, h.name);
        items.forEach((item, index) => {
          const loopVar = node.loopControl?.loopVar ?? 'item';
          const vars: Record<string, unknown> = item === undefined ? {} : { [loopVar]: item };
          const itemScope = this.rc.taskScope(h.name, undefined, inherit(inh, node.keywords), vars);
          const key =
            node.kind === 'include_tasks'
              ? this.resolveTaskFile(node, itemScope)
              : `role:${renderString(node.role, itemScope)}`;
          const id = `${key}#${node.loop === undefined ? '' : index}`;
          let g = groups.get(id);
          if (!g) {
            g = { hosts: [], nodes: this.loadInclude(node, key, vars), vars };
            groups.set(id, g);
          }
          g.hosts.push(h);
        });
        this.rc.events.emit({
          type: 'host_result',
          host: h.name,
          task: node.name,
          location: node.loc,
          status: 'ok',
          msg: 'included',
          result: { changed: false },
          durationMs: 0,
        });
        h.recap.ok++;
      } catch (e) {
        h.failed = true;
        h.recap.failed++;
        const msg =
          e instanceof ProvisionError ? `${e.message}${e.where() ? ` (${e.where()})` : ''}` : String(e);
        this.rc.events.emit({
          type: 'host_result',
          host: h.name,
          task: node.name,
          location: node.loc,
          status: 'failed',
          msg,
          result: { failed: true, msg },
          durationMs: 0,
        });
      }
    }
    for (const g of groups.values()) {
      const kw = inherit(eff, { ...kwNoWhen, vars: g.vars });
      await this.runNodes(g.nodes, g.hosts, kw);
    }
  }

  private resolveTaskFile(node: IncludeTasksNode, scope: Parameters<typeof renderString>[1]): string {
    const file = renderString(node.file, scope);
    return isAbsolute(file) ? file : resolve(node.baseDir, file);
  }

  private loadInclude(
    node: IncludeTasksNode | IncludeRoleNode,
    key: string,
    params: Record<string, unknown>,
  ): PlayNode[] {
    if (node.kind === 'include_tasks') {
      return loadTaskFile(this.loader, key, {
        baseDir: node.role ? node.role.path : node.baseDir,
        role: node.role,
        importRole: (n, t, w, p) => this.roles.load(n, w, p, t, true).block,
        checkRole: (n, w) => void this.roles.find(n, w),
      });
    }
    const name = key.slice('role:'.length);
    const src = {
      src: { file: node.loc.file, text: '', value: null, locate: () => node.loc, lineAt: () => '' },
      path: [],
    };
    const loaded = this.roles.load(name, src, { ...node.keywords.vars, ...params }, node.tasksFrom, true);
    for (const hd of loaded.handlers) if (!this.play.handlers.includes(hd)) this.play.handlers.push(hd);
    for (const r of loaded.contexts) if (!this.play.roles.includes(r)) this.play.roles.push(r);
    return [loaded.block];
  }
}
