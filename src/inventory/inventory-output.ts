import { inventoryError } from './inventory-error.js';
import type { Inventory } from './inventory-model.js';

export interface ListGroup {
  hosts?: string[];
  children?: string[];
  vars?: Record<string, unknown>;
}

export type InventoryList = { _meta: { hostvars: Record<string, Record<string, unknown>> } } & Record<
  string,
  ListGroup | { hostvars: Record<string, Record<string, unknown>> }
>;

/**
 * The structure `ansible-inventory --list` prints: groups reachable from `all` with their direct hosts and
 * children (empty keys and empty groups left out), and `_meta.hostvars` with each host's merged variables.
 * With `export`, group vars are listed on groups and hostvars hold only the host's own variables, as
 * `--list --export` does.
 */
export function inventoryListJson(
  inv: Inventory,
  opts: { export?: boolean; playbookDirs?: string[] } = {},
): InventoryList {
  const groups: Record<string, ListGroup> = {};
  const seen = new Set<string>(['all']);
  const visit = (name: string) => {
    const g = inv.group(name);
    if (!g) return;
    const entry: ListGroup = {};
    if (name !== 'all' && g.hosts.length > 0) entry.hosts = [...g.hosts];
    if (g.children.length > 0) entry.children = [...g.children];
    if (opts.export) {
      const vars = inv.groupVars(name);
      if (Object.keys(vars).length > 0) entry.vars = vars;
    }
    if (Object.keys(entry).length > 0) groups[name] = entry;
    for (const child of g.children) {
      if (!seen.has(child)) {
        seen.add(child);
        visit(child);
      }
    }
  };
  visit('all');
  const hostvars: Record<string, Record<string, unknown>> = {};
  for (const host of inv.hostNames()) {
    const vars = opts.export ? inv.ownHostVars(host) : inv.hostVars(host, opts.playbookDirs);
    if (Object.keys(vars).length > 0) hostvars[host] = vars;
  }
  return { _meta: { hostvars }, ...groups } as InventoryList;
}

/** JSON text as ansible-inventory prints it: keys sorted, four-space indent. */
export function toSortedJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sortKeys(value), null, 4);
}

/** The tree `ansible-inventory --graph` prints: `@group:` lines, children before hosts, `  |--` per level. */
export function inventoryGraph(inv: Inventory, start = 'all'): string {
  if (!inv.hasGroup(start)) {
    throw inventoryError('PRV113', `'${start}' is not a group`, {
      hint: 'The --graph pattern must be a group name.',
    });
  }
  const lines: string[] = [];
  const name = (text: string, depth: number) => (depth > 0 ? `${'  |'.repeat(depth)}--${text}` : text);
  const walk = (group: string, depth: number) => {
    lines.push(name(`@${group}:`, depth));
    const g = inv.group(group)!;
    for (const child of g.children) walk(child, depth + 1);
    if (group !== 'all') for (const host of g.hosts) lines.push(name(host, depth + 1));
  };
  walk(start, 0);
  return lines.join('\n');
}

/** What `ansible-inventory --host H` prints: the host's merged variables. */
export function inventoryHostVars(
  inv: Inventory,
  host: string,
  playbookDirs?: string[],
): Record<string, unknown> {
  if (!inv.hasHost(host) && !inv.ensureImplicitLocalhost(host)) {
    throw inventoryError('PRV116', `host '${host}' is not in the inventory`);
  }
  return inv.hostVars(host, playbookDirs);
}
