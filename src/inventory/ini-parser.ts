import type { SourceLocation } from '../errors/index.js';
import { expandHostEntry, HostPortError, HostRangeError } from './host-range.js';
import type { InventoryData } from './inventory-data.js';
import { inventoryError } from './inventory-error.js';
import { ShlexError, shlexSplit } from './posix-shlex.js';
import { iniValue } from './python-literal.js';

const SECTION_RE = /^\[([^:\]\s]+)(?::([\p{L}\p{N}_]+))?\]\s*(?:#.*)?$/u;
const GROUP_NAME_RE = /^([^:\]\s]+)\s*(?:#.*)?$/;

interface Pending {
  line: number;
  text: string;
  state: 'vars' | 'children';
  parents: string[];
}

export interface IniSource {
  /** Path used in error locations (as the user gave it). */
  file: string;
  /** Label for variable layers, e.g. `inventory/hosts.ini`. */
  label: string;
}

/**
 * Reads an Ansible INI inventory into `data`, following Ansible's INI plugin: hosts before any section are
 * ungrouped, `[g]`/`[g:children]`/`[g:vars]` sections, inline host vars and `:vars` values read as Python literals,
 * and a group referenced by `:children` or `:vars` must be declared somewhere in the file.
 */
export function parseIniInventory(text: string, source: IniSource, data: InventoryData): void {
  const lines = text.split(/\r?\n|\r/);
  const pending = new Map<string, Pending>();
  let group = 'ungrouped';
  let state: 'hosts' | 'vars' | 'children' = 'hosts';

  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const line = raw.trim();
    if (!line || line[0] === '#' || line[0] === ';') continue;
    const indent = raw.length - raw.trimStart().length;
    const loc = (offset = 0): SourceLocation => ({
      file: source.file,
      line: n + 1,
      col: indent + offset + 1,
    });
    const at = (offset = 0) => ({ location: loc(offset), line: raw });

    const m = SECTION_RE.exec(line);
    if (m) {
      group = m[1]!;
      const kind = m[2] ?? 'hosts';
      if (kind !== 'hosts' && kind !== 'children' && kind !== 'vars') {
        throw inventoryError('PRV102', `section [${group}:${kind}] has unknown type '${kind}'`, {
          ...at(group.length + 2),
          hint: `Use [${group}:children] for child groups or [${group}:vars] for group variables.`,
        });
      }
      state = kind;
      if (!data.groups.has(group)) {
        if (state === 'vars' && !pending.has(group)) {
          pending.set(group, { line: n + 1, text: raw, state: 'vars', parents: [] });
        }
        data.addGroup(group);
      }
      const waiting = pending.get(group);
      if (waiting && state !== 'vars') resolvePending(group, pending, data, source.file);
      continue;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      throw inventoryError('PRV101', `invalid section entry '${line}'`, at(0));
    }

    if (state === 'hosts') parseHostLine(line, group, source, data, at);
    else if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0) {
        throw inventoryError('PRV106', `expected key=value in [${group}:vars], got '${line}'`, at(0));
      }
      const key = line.slice(0, eq).trim();
      if (!key) throw inventoryError('PRV106', `missing variable name before '=' in [${group}:vars]`, at(0));
      data.setGroupVar(group, key, iniValue(line.slice(eq + 1).trim()), `${source.label} [${group}:vars]`);
    } else {
      const gm = GROUP_NAME_RE.exec(line);
      if (!gm) {
        throw inventoryError('PRV106', `expected a group name in [${group}:children], got '${line}'`, at(0));
      }
      const child = gm[1]!;
      if (data.groups.has(child)) data.addChild(group, child, at(0));
      else {
        const p = pending.get(child);
        if (p) p.parents.push(group);
        else pending.set(child, { line: n + 1, text: raw, state: 'children', parents: [group] });
      }
    }
  }

  for (const [name, p] of pending) {
    const where = { location: { file: source.file, line: p.line, col: 1 }, line: p.text };
    if (p.state === 'vars') {
      throw inventoryError(
        'PRV103',
        `section [${name}:vars] is for group '${name}', which is never defined`,
        where,
      );
    }
    throw inventoryError(
      'PRV103',
      `section [${p.parents[p.parents.length - 1]}:children] includes group '${name}', which is never defined`,
      where,
    );
  }
}

function resolvePending(
  group: string,
  pending: Map<string, Pending>,
  data: InventoryData,
  file: string,
): void {
  const p = pending.get(group);
  if (!p) return;
  pending.delete(group);
  if (p.state !== 'children') return;
  for (const parent of p.parents) {
    data.addChild(parent, group, { location: { file, line: p.line, col: 1 }, line: p.text });
    if (pending.get(parent)?.state === 'children') resolvePending(parent, pending, data, file);
  }
}

function parseHostLine(
  line: string,
  group: string,
  source: IniSource,
  data: InventoryData,
  at: (offset?: number) => { location: SourceLocation; line: string },
): void {
  let tokens: ReturnType<typeof shlexSplit>;
  try {
    tokens = shlexSplit(line);
  } catch (e) {
    if (e instanceof ShlexError) {
      throw inventoryError('PRV105', `cannot parse host line: ${e.message.toLowerCase()}`, at(e.offset));
    }
    throw e;
  }
  const first = tokens[0];
  if (!first || first.text === '') throw inventoryError('PRV105', 'host line has no host name', at(0));
  if (first.text.trim() === '---') {
    throw inventoryError('PRV115', "host '---' is normally a sign this is a YAML file", {
      ...at(0),
      hint: 'Name YAML inventories *.yml or *.yaml so they are read as YAML.',
    });
  }
  let entry: ReturnType<typeof expandHostEntry>;
  try {
    entry = expandHostEntry(first.text);
  } catch (e) {
    if (e instanceof HostPortError) throw inventoryError('PRV105', e.message, at(first.start));
    if (e instanceof HostRangeError) {
      throw inventoryError('PRV104', `invalid host range in '${first.text}': ${e.message}`, at(first.start));
    }
    throw e;
  }
  const vars: [string, unknown][] = [];
  for (const t of tokens.slice(1)) {
    const eq = t.text.indexOf('=');
    if (eq <= 0) {
      throw inventoryError(
        'PRV105',
        eq < 0
          ? `expected key=value host variable assignment, got '${t.text}'`
          : `missing variable name before '=' in '${t.text}'`,
        at(t.start),
      );
    }
    vars.push([t.text.slice(0, eq), iniValue(t.text.slice(eq + 1))]);
  }
  for (const host of entry.hosts) {
    data.addHost(host, group, { port: entry.port, source: source.label, file: source.file });
    for (const [k, v] of vars) data.setHostVar(host, k, v, source.label);
  }
}
