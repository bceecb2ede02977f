import path from 'node:path';
import type { GroupRecord, InventoryData } from './inventory-data.js';
import { type VarLayer, VarsFileCache } from './vars-files.js';

/** Names that make Ansible create the implicit `localhost` when a pattern names them and no host has the name. */
export const LOCALHOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

export interface InventoryOptions {
  cwd: string;
  /** Directories whose `group_vars/` and `host_vars/` belong to the inventory, in source order. */
  varsDirs?: string[];
}

/**
 * The loaded inventory: hosts, groups and their variables, answering the questions the engine asks with Ansible's
 * semantics (implicit `all`/`ungrouped`/`localhost`, group order by depth, priority and name).
 */
export class Inventory {
  readonly warnings: readonly string[];
  private readonly varsDirs: string[];
  private readonly varsFiles: VarsFileCache;
  private readonly cwd: string;
  private implicitLocalhost: string | undefined;
  private readonly hostsOfGroup = new Map<string, string[]>();
  private readonly depthCache = new Map<string, number>();

  constructor(
    private readonly data: InventoryData,
    opts: InventoryOptions,
  ) {
    this.warnings = data.warnings;
    this.cwd = opts.cwd;
    this.varsDirs = (opts.varsDirs ?? []).map((d) => path.resolve(opts.cwd, d));
    this.varsFiles = new VarsFileCache(opts.cwd);
  }

  /** All inventory hosts, in Ansible's order for `all` (the implicit localhost is not one of them). */
  hostNames(): string[] {
    return this.groupHosts('all');
  }

  /** Inventory hosts in the order they were first defined (how Ansible matches host names against globs). */
  definedHostNames(): string[] {
    return [...this.data.hosts.keys()];
  }

  hasHost(name: string): boolean {
    return this.data.hosts.has(name) || name === this.implicitLocalhost;
  }

  groupNames(): string[] {
    return [...this.data.groups.keys()];
  }

  hasGroup(name: string): boolean {
    return this.data.groups.has(name);
  }

  /** Direct members and child groups, as declared. */
  group(name: string): { hosts: readonly string[]; children: readonly string[] } | undefined {
    const g = this.data.groups.get(name);
    return g ? { hosts: g.hosts, children: g.children } : undefined;
  }

  /** Ansible's `group_names`: every group the host is in, transitively, sorted, without `all`. */
  groupNamesOf(host: string): string[] {
    return this.ancestorGroups(host).sort(compareNames);
  }

  /** Ansible's `groups`: every group (with `all` and `ungrouped`) → its hosts, transitively, in inventory order. */
  groupsMap(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const name of this.data.groups.keys()) out[name] = this.groupHosts(name);
    return out;
  }

  /** Hosts of a group including those of its descendants, breadth first as Ansible walks them. */
  groupHosts(name: string): string[] {
    const cached = this.hostsOfGroup.get(name);
    if (cached) return [...cached];
    const start = this.data.groups.get(name);
    if (!start) return [];
    const hosts: string[] = [];
    const seenHosts = new Set<string>();
    const seenGroups = new Set<string>([name]);
    let level: GroupRecord[] = [start];
    while (level.length > 0) {
      const next: GroupRecord[] = [];
      for (const g of level) {
        for (const h of g.hosts) {
          if (!seenHosts.has(h)) {
            seenHosts.add(h);
            hosts.push(h);
          }
        }
        for (const c of g.children) {
          if (seenGroups.has(c)) continue;
          seenGroups.add(c);
          const child = this.data.groups.get(c);
          if (child) next.push(child);
        }
      }
      level = next;
    }
    this.hostsOfGroup.set(name, hosts);
    return [...hosts];
  }

  /** The inventory file that defined a host (Ansible's `inventory_file`); undefined for the implicit localhost. */
  inventoryFileOf(host: string): string | undefined {
    return this.data.hosts.get(host)?.inventoryFile;
  }

  /**
   * Makes Ansible's implicit localhost exist (named as first asked) when `name` is a localhost name that no
   * inventory host has. Returns whether `name` is now a host.
   */
  ensureImplicitLocalhost(name: string): boolean {
    if (this.data.hosts.has(name)) return true;
    if (!LOCALHOST_NAMES.includes(name)) return false;
    if (this.implicitLocalhost === undefined) this.implicitLocalhost = name;
    return this.implicitLocalhost === name;
  }

  isImplicit(host: string): boolean {
    return host === this.implicitLocalhost && !this.data.hosts.has(host);
  }

  /**
   * The host's variable layers, lowest precedence first, in Ansible's documented order: inventory-file group vars
   * (`all`, then the other groups), inventory `group_vars/all`, playbook `group_vars/all`, inventory
   * `group_vars/*`, playbook `group_vars/*`, then inventory-file host vars, inventory `host_vars/`, playbook
   * `host_vars/`. Groups are ordered by depth, `ansible_group_priority`, then name.
   */
  hostVarLayers(host: string, playbookDirs: string[] = []): VarLayer[] {
    const record = this.data.hosts.get(host);
    const implicit = !record && this.isImplicit(host);
    if (!record && !implicit) return [];
    const groups = this.sortedGroups(implicit ? [] : this.ancestorGroups(host));
    const invDirs = this.varsDirs;
    const pbDirs = playbookDirs.map((d) => path.resolve(this.cwd, d)).filter((d) => !invDirs.includes(d));
    const layers: VarLayer[] = [];
    const inventoryGroupVars = (g: string) => {
      for (const e of this.data.groups.get(g)?.vars ?? [])
        layers.push({ source: e.source, kind: 'group', vars: e.vars });
    };
    inventoryGroupVars('all');
    for (const g of groups) inventoryGroupVars(g);
    for (const dir of invDirs) layers.push(...this.varsFiles.layers(dir, 'group_vars', 'all'));
    for (const dir of pbDirs) layers.push(...this.varsFiles.layers(dir, 'group_vars', 'all'));
    for (const dir of invDirs)
      for (const g of groups) layers.push(...this.varsFiles.layers(dir, 'group_vars', g));
    for (const dir of pbDirs)
      for (const g of groups) layers.push(...this.varsFiles.layers(dir, 'group_vars', g));
    if (implicit) {
      layers.push({ source: 'implicit localhost', kind: 'host', vars: { ansible_connection: 'local' } });
    }
    for (const e of record?.vars ?? []) layers.push({ source: e.source, kind: 'host', vars: e.vars });
    for (const dir of invDirs) layers.push(...this.varsFiles.layers(dir, 'host_vars', host));
    for (const dir of pbDirs) layers.push(...this.varsFiles.layers(dir, 'host_vars', host));
    return layers;
  }

  /** Reads every inventory `group_vars`/`host_vars` file for known groups and hosts, so broken ones fail early. */
  preloadVarsFiles(): void {
    for (const dir of this.varsDirs) {
      for (const g of this.data.groups.keys()) this.varsFiles.layers(dir, 'group_vars', g);
      for (const h of this.data.hosts.keys()) this.varsFiles.layers(dir, 'host_vars', h);
    }
  }

  /** The merged variables: later layers win; a dict replaces a dict (Ansible's default hash_behaviour=replace). */
  hostVars(host: string, playbookDirs: string[] = []): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const layer of this.hostVarLayers(host, playbookDirs)) Object.assign(out, layer.vars);
    return out;
  }

  /** The host's own variables from the inventory (inline, then `host_vars/` beside it), without group vars. */
  ownHostVars(host: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const e of this.data.hosts.get(host)?.vars ?? []) Object.assign(out, e.vars);
    for (const dir of this.varsDirs)
      for (const l of this.varsFiles.layers(dir, 'host_vars', host)) Object.assign(out, l.vars);
    return out;
  }

  /** The variables set on a group by the inventory itself (files and `group_vars/` beside it). */
  groupVars(name: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const e of this.data.groups.get(name)?.vars ?? []) Object.assign(out, e.vars);
    for (const dir of this.varsDirs)
      for (const l of this.varsFiles.layers(dir, 'group_vars', name)) Object.assign(out, l.vars);
    return out;
  }

  /** Transitive groups of a host without `all` (it includes `ungrouped` for ungrouped hosts, as Ansible does). */
  private ancestorGroups(host: string): string[] {
    const record = this.data.hosts.get(host);
    if (!record) return [];
    const seen = new Set<string>();
    const stack = [...record.groups];
    while (stack.length > 0) {
      const g = stack.pop()!;
      if (seen.has(g)) continue;
      seen.add(g);
      stack.push(...(this.data.groups.get(g)?.parents ?? []));
    }
    seen.delete('all');
    return [...seen];
  }

  private sortedGroups(names: string[]): string[] {
    const key = (n: string) => ({ depth: this.depth(n), priority: this.data.groups.get(n)?.priority ?? 1 });
    return names.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return ka.depth - kb.depth || ka.priority - kb.priority || compareNames(a, b);
    });
  }

  /** Longest path from `all`, as Ansible's group depth. */
  private depth(name: string): number {
    const cached = this.depthCache.get(name);
    if (cached !== undefined) return cached;
    const parents = this.data.groups.get(name)?.parents ?? [];
    const d = name === 'all' || parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => this.depth(p)));
    this.depthCache.set(name, d);
    return d;
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
