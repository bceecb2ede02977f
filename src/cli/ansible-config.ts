import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, resolve } from 'node:path';

/** The ansible.cfg settings provision honours, with the matching ANSIBLE_* variables winning, as in Ansible. */
export interface AnsibleSettings {
  inventory?: string[];
  forks?: number;
  rolesPath?: string[];
  remoteUser?: string;
  privateKeyFile?: string;
  hostKeyChecking?: boolean;
  /** The file the settings came from, if any. */
  file?: string;
}

/** Ansible's search order: $ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg. */
export function findAnsibleCfg(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [
    env.ANSIBLE_CONFIG,
    resolve(cwd, 'ansible.cfg'),
    resolve(homedir(), '.ansible.cfg'),
    '/etc/ansible/ansible.cfg',
  ];
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
}

function parseIniSection(text: string, section: string): Record<string, string> {
  const out: Record<string, string> = {};
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      current = sec[1]!.trim();
      continue;
    }
    if (current !== section) continue;
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (kv) out[kv[1]!.trim()] = kv[2]!.replace(/\s+[#;].*$/, '').trim();
  }
  return out;
}

const truthy = (v: string) => /^(1|yes|true|on|y|t)$/i.test(v.trim());
const expand = (p: string, base: string) => resolve(base, p.replace(/^~(?=\/|$)/, homedir()));
const paths = (v: string, base: string, sep: string) =>
  v
    .split(sep)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((p) => expand(p, base));

export function loadAnsibleSettings(cwd: string, env: NodeJS.ProcessEnv = process.env): AnsibleSettings {
  const s: AnsibleSettings = {};
  const file = findAnsibleCfg(cwd, env);
  if (file) {
    s.file = file;
    const base = dirname(file);
    const d = parseIniSection(readFileSync(file, 'utf8'), 'defaults');
    if (d.inventory) s.inventory = paths(d.inventory, base, ',');
    if (d.forks && /^\d+$/.test(d.forks)) s.forks = Number(d.forks);
    if (d.roles_path) s.rolesPath = paths(d.roles_path, base, ':');
    if (d.remote_user) s.remoteUser = d.remote_user;
    if (d.private_key_file) s.privateKeyFile = expand(d.private_key_file, base);
    if (d.host_key_checking !== undefined) s.hostKeyChecking = truthy(d.host_key_checking);
  }
  if (env.ANSIBLE_INVENTORY) s.inventory = paths(env.ANSIBLE_INVENTORY, cwd, ',');
  if (env.ANSIBLE_FORKS && /^\d+$/.test(env.ANSIBLE_FORKS)) s.forks = Number(env.ANSIBLE_FORKS);
  if (env.ANSIBLE_ROLES_PATH) s.rolesPath = paths(env.ANSIBLE_ROLES_PATH, cwd, delimiter);
  if (env.ANSIBLE_REMOTE_USER) s.remoteUser = env.ANSIBLE_REMOTE_USER;
  if (env.ANSIBLE_PRIVATE_KEY_FILE) s.privateKeyFile = expand(env.ANSIBLE_PRIVATE_KEY_FILE, cwd);
  if (env.ANSIBLE_HOST_KEY_CHECKING !== undefined) s.hostKeyChecking = truthy(env.ANSIBLE_HOST_KEY_CHECKING);
  return s;
}
