import type { SourceLocation } from '../errors/index.js';
import { inventoryError } from './inventory-error.js';

/** Variables one source set on a group or host, kept apart so a layer can say where it came from. */
export interface VarEntry {
  source: string;
  vars: Record<string, unknown>;
}

export interface GroupRecord {
  name: string;
  /** Direct members, in the order first added. */
  hosts: string[];
  hostSet: Set<string>;
  children: string[];
  parents: string[];
  vars: VarEntry[];
  /** `ansible_group_priority`: orders groups of equal depth (higher applies later). */
  priority: number;
}

export interface HostRecord {
  name: string;
  groups: string[];
  vars: VarEntry[];
  /** The inventory file that first defined the host (Ansible's `inventory_file`). */
  inventoryFile?: string;
}

/**
 * The mutable inventory that parsers fill, with Ansible's invariants: `all` and `ungrouped` always exist, every
 * top-level group becomes a child of `all` and hosts without any other group land in `ungrouped` (`reconcile`).
 */
export class InventoryData {
  readonly groups = new Map<string, GroupRecord>();
  readonly hosts = new Map<string, HostRecord>();
  readonly warnings: string[] = [];

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
  }

  addGroup(name: string): GroupRecord {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, hosts: [], hostSet: new Set(), children: [], parents: [], vars: [], priority: 1 };
      this.groups.set(name, g);
    }
    return g;
  }

  addHost(name: string, group: string, opts: { port?: number; source: string; file?: string }): HostRecord {
    let h = this.hosts.get(name);
    if (!h) {
      h = { name, groups: [], vars: [] };
      if (opts.file !== undefined) h.inventoryFile = opts.file;
      this.hosts.set(name, h);
    }
    const g = this.addGroup(group);
    if (!g.hostSet.has(name)) {
      g.hostSet.add(name);
      g.hosts.push(name);
      h.groups.push(group);
    }
    if (opts.port !== undefined) this.setHostVar(name, 'ansible_port', opts.port, opts.source);
    return h;
  }

  setHostVar(host: string, key: string, value: unknown, source: string): void {
    const h = this.hosts.get(host);
    if (h) lastEntry(h.vars, source)[key] = value;
  }

  setGroupVar(group: string, key: string, value: unknown, source: string): void {
    const g = this.addGroup(group);
    if (key === 'ansible_group_priority') {
      const n = Number(value);
      if (Number.isInteger(n)) {
        g.priority = n;
        return;
      }
    }
    lastEntry(g.vars, source)[key] = value;
  }

  /** Makes `child` a child of `parent`; a relation that would make a group its own ancestor is an error. */
  addChild(parent: string, child: string, at?: { location?: SourceLocation; line?: string }): void {
    const p = this.addGroup(parent);
    const c = this.addGroup(child);
    if (p.children.includes(child)) return;
    if (parent === child || this.isDescendant(child, parent)) {
      throw inventoryError('PRV109', `adding group '${child}' as a child of '${parent}' creates a loop`, at);
    }
    p.children.push(child);
    c.parents.push(parent);
  }

  private isDescendant(root: string, target: string): boolean {
    const seen = new Set<string>();
    const stack = [root];
    while (stack.length > 0) {
      const g = this.groups.get(stack.pop()!);
      if (!g) continue;
      for (const k of g.children) {
        if (k === target) return true;
        if (!seen.has(k)) {
          seen.add(k);
          stack.push(k);
        }
      }
    }
    return false;
  }

  /** Ansible's reconcile step, run once after all sources are read. */
  reconcile(): void {
    for (const g of this.groups.values()) {
      if (g.name !== 'all' && g.parents.length === 0) this.addChild('all', g.name);
    }
    const ungrouped = this.groups.get('ungrouped')!;
    const leaving = new Set<string>();
    for (const h of this.hosts.values()) {
      const others = h.groups.some((n) => n !== 'all' && n !== 'ungrouped');
      if (others) {
        if (ungrouped.hostSet.has(h.name)) {
          leaving.add(h.name);
          h.groups = h.groups.filter((n) => n !== 'ungrouped');
        }
      } else if (!ungrouped.hostSet.has(h.name)) {
        ungrouped.hostSet.add(h.name);
        ungrouped.hosts.push(h.name);
        h.groups.push('ungrouped');
      }
    }
    for (const name of this.hosts.keys()) {
      if (this.groups.has(name)) this.warnings.push(`found both a group and a host named '${name}'`);
    }
    if (leaving.size > 0) {
      ungrouped.hosts = ungrouped.hosts.filter((n) => !leaving.has(n));
      for (const n of leaving) ungrouped.hostSet.delete(n);
    }
  }
}

function lastEntry(entries: VarEntry[], source: string): Record<string, unknown> {
  const last = entries[entries.length - 1];
  if (last && last.source === source) return last.vars;
  const fresh: VarEntry = { source, vars: {} };
  entries.push(fresh);
  return fresh.vars;
}
