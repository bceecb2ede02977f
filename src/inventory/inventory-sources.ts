import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HostRangeError, splitHostPort } from './host-range.js';
import { type IniSource, parseIniInventory } from './ini-parser.js';
import { InventoryData } from './inventory-data.js';
import { inventoryError } from './inventory-error.js';
import { Inventory } from './inventory-model.js';
import { parseYamlInventory } from './yaml-inventory.js';

/** Names Ansible skips in an inventory directory (INVENTORY_IGNORE_EXTS and the always-ignored entries). */
const IGNORED_SUFFIXES = [
  '.pyc',
  '.pyo',
  '.swp',
  '.bak',
  '~',
  '.rpm',
  '.md',
  '.txt',
  '.rst',
  '.orig',
  '.cfg',
  '.retry',
];
const IGNORED_NAMES = new Set(['group_vars', 'host_vars', 'vars_plugins']);
const YAML_EXTENSIONS = new Set(['.yml', '.yaml', '.json']);

export function isIgnoredInventoryEntry(name: string): boolean {
  return name.startsWith('.') || IGNORED_NAMES.has(name) || IGNORED_SUFFIXES.some((s) => name.endsWith(s));
}

/** Guesses the format of a file without a YAML extension from its first meaningful line. */
export function looksLikeYaml(text: string): boolean {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    if (line === '---' || line.startsWith('{')) return true;
    return /^[^\s#;[=][^=\s]*:(\s|$)/.test(line);
  }
  return false;
}

interface LoadContext {
  cwd: string;
  data: InventoryData;
  varsDirs: string[];
}

function display(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

async function loadFile(abs: string, ctx: LoadContext): Promise<void> {
  const shown = display(ctx.cwd, abs);
  let text: string;
  let mode: number;
  try {
    mode = (await stat(abs)).mode;
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw inventoryError('PRV110', `cannot read inventory ${shown}: ${(e as Error).message}`);
  }
  if (text.startsWith('#!')) {
    throw inventoryError('PRV111', `${shown} is a dynamic inventory script, which is not supported`, {
      location: { file: shown, line: 1, col: 1 },
      line: text.split('\n', 1)[0],
    });
  }
  if (mode & 0o111) {
    ctx.data.warnings.push(`${shown} is executable but has no #! line; reading it as a static inventory`);
  }
  const source: IniSource = { file: shown, label: shown };
  const ext = path.extname(abs).toLowerCase();
  if (YAML_EXTENSIONS.has(ext) || (ext !== '.ini' && looksLikeYaml(text))) {
    parseYamlInventory(text, source, ctx.data);
  } else parseIniInventory(text, source, ctx.data);
}

async function loadDirectory(abs: string, ctx: LoadContext): Promise<void> {
  const names = (await readdir(abs)).sort();
  for (const name of names) {
    if (isIgnoredInventoryEntry(name)) continue;
    const full = path.join(abs, name);
    const st = await stat(full).catch(() => undefined);
    if (st?.isDirectory()) await loadDirectory(full, ctx);
    else if (st?.isFile()) await loadFile(full, ctx);
  }
}

/** `host1,host2:2222,` — Ansible's host_list source: every name ungrouped, no ranges. */
function loadHostList(text: string, data: InventoryData): void {
  for (const item of text.split(',')) {
    const h = item.trim();
    if (!h) continue;
    let entry: { host: string; port?: number };
    try {
      entry = splitHostPort(h);
    } catch (e) {
      if (!(e instanceof HostRangeError)) throw e;
      entry = { host: h };
    }
    data.addHost(entry.host, 'ungrouped', { port: entry.port, source: 'host list' });
  }
}

/**
 * Loads and merges inventory sources as `-i` gives them: files (INI or YAML), directories of such files, or
 * comma-separated host lists. `group_vars/` and `host_vars/` beside each file (or inside each directory) belong
 * to the inventory; they are read here once so a broken vars file fails before anything runs.
 */
export async function loadInventory(sources: string[], opts: { cwd: string }): Promise<Inventory> {
  const ctx: LoadContext = { cwd: opts.cwd, data: new InventoryData(), varsDirs: [] };
  for (const source of sources) {
    const abs = path.resolve(opts.cwd, source);
    const st = await stat(abs).catch(() => undefined);
    if (!st && source.includes(',')) {
      loadHostList(source, ctx.data);
      continue;
    }
    if (!st) {
      throw inventoryError('PRV110', `inventory source '${source}' does not exist`, {
        hint:
          source.includes('/') || source.includes('.')
            ? undefined
            : `For a single host, add a trailing comma: -i '${source},'.`,
      });
    }
    const varsDir = st.isDirectory() ? abs : path.dirname(abs);
    if (!ctx.varsDirs.includes(varsDir)) ctx.varsDirs.push(varsDir);
    if (st.isDirectory()) await loadDirectory(abs, ctx);
    else await loadFile(abs, ctx);
  }
  ctx.data.reconcile();
  const inv = new Inventory(ctx.data, { cwd: opts.cwd, varsDirs: ctx.varsDirs });
  inv.preloadVarsFiles();
  return inv;
}
