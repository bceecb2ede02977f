import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { inventoryError } from './inventory-error.js';
import { readYamlFile } from './yaml-inventory.js';

/** One source of variables, lowest precedence first in a list of layers. */
export interface VarLayer {
  /** Where the values came from, e.g. `inventory/hosts.ini [web:vars]` or `group_vars/all.yml`. */
  source: string;
  kind: 'group' | 'host';
  vars: Record<string, unknown>;
}

const VARS_EXTENSIONS = ['.yml', '.yaml', '.json'];

function entryKind(p: string): 'file' | 'dir' | undefined {
  try {
    const st = statSync(p);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads `group_vars/NAME` and `host_vars/NAME` next to inventories and playbooks, as Ansible's host_group_vars
 * plugin does: the first of `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json` that exists; a directory contributes its
 * files (recursively, lexical order, hidden and `~` backups skipped, only vars extensions or none). Results are
 * cached: an inventory asks for the same files for every host.
 */
export class VarsFileCache {
  private readonly listings = new Map<string, Set<string> | null>();
  private readonly files = new Map<string, Record<string, unknown>>();

  constructor(private readonly cwd: string) {}

  layers(baseDir: string, kind: 'group_vars' | 'host_vars', name: string): VarLayer[] {
    const dir = path.join(baseDir, kind);
    const entries = this.listing(dir);
    if (!entries) return [];
    for (const ext of ['', ...VARS_EXTENSIONS]) {
      const entry = name + ext;
      if (!entries.has(entry)) continue;
      const full = path.join(dir, entry);
      const k = entryKind(full);
      if (k === 'dir' && ext === '') return this.dirFiles(full).map((f) => this.layer(f, kind));
      if (k === 'file') return [this.layer(full, kind)];
    }
    return [];
  }

  private listing(dir: string): Set<string> | null {
    let entries = this.listings.get(dir);
    if (entries === undefined) {
      try {
        entries = new Set(readdirSync(dir));
      } catch {
        entries = null;
      }
      this.listings.set(dir, entries);
    }
    return entries;
  }

  private dirFiles(dir: string): string[] {
    const out: string[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name.endsWith('~')) continue;
      const full = path.join(dir, name);
      const ext = path.extname(name);
      const k = entryKind(full);
      if (k === 'dir' && !ext) out.push(...this.dirFiles(full));
      else if (k === 'file' && (!ext || VARS_EXTENSIONS.includes(ext))) out.push(full);
    }
    return out;
  }

  private layer(file: string, kind: 'group_vars' | 'host_vars'): VarLayer {
    return {
      source: path.relative(this.cwd, file) || file,
      kind: kind === 'group_vars' ? 'group' : 'host',
      vars: this.read(file),
    };
  }

  private read(file: string): Record<string, unknown> {
    const cached = this.files.get(file);
    if (cached) return cached;
    const display = path.relative(this.cwd, file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw inventoryError('PRV110', `cannot read vars file ${display}: ${(e as Error).message}`);
    }
    if (text.startsWith('$ANSIBLE_VAULT')) {
      throw inventoryError('PRV112', `${display} is vault-encrypted, which is not supported`, {
        location: { file: display, line: 1, col: 1 },
        hint: 'Decrypt it (ansible-vault decrypt) and keep secrets in a file outside version control.',
      });
    }
    const src = readYamlFile(text, display);
    const value = src.value;
    let vars: Record<string, unknown>;
    if (value === null || value === undefined) vars = {};
    else if (typeof value === 'object' && !Array.isArray(value)) vars = value as Record<string, unknown>;
    else {
      const location = src.locate([]);
      throw inventoryError('PRV112', `${display} must hold a mapping of variables`, {
        location,
        line: src.lineAt(location.line),
      });
    }
    this.files.set(file, vars);
    return vars;
  }
}
