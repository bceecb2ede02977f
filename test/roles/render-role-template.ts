import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const rolesDir = join(repoRoot, 'roles');

/** Hosts of the sample inventory; every one runs locally and has no gathered facts, so addresses come from
 * ansible_host. */
export interface SampleInventory {
  controlPlanes: number;
  workers: number;
  lb?: boolean;
  /** Extra `key=value` text per host name. */
  hostVars?: Record<string, string>;
}

function inventoryText(inv: SampleInventory): string {
  const line = (name: string, address: string) =>
    `${name} ansible_host=${address} ${inv.hostVars?.[name] ?? ''}`.trimEnd();
  const out = ['[control_plane]'];
  for (let i = 1; i <= inv.controlPlanes; i++) out.push(line(`cp${i}`, `198.18.0.${10 + i}`));
  out.push('', '[workers]');
  for (let i = 1; i <= inv.workers; i++) out.push(line(`w${i}`, `198.18.0.${20 + i}`));
  if (inv.lb) out.push('', '[lb]', line('lb1', '198.18.0.30'));
  out.push('', '[all:vars]', 'ansible_connection=local', '');
  return out.join('\n');
}

/**
 * Renders one role template with the `template` module, locally into a temp directory, with the cluster defaults
 * (role kube-defaults) and the role's own vars in scope, as the role would on `host`. Returns the rendered text.
 * Nothing but the temp directory is touched.
 */
export async function renderRoleTemplate(opts: {
  role: string;
  template: string;
  host: string;
  inventory: SampleInventory;
  vars?: Record<string, unknown>;
}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'prv-roles-'));
  process.env.PROVISION_FACT_CACHE = join(dir, 'facts');
  const out = join(dir, 'rendered');
  writeFileSync(join(dir, 'inventory.ini'), inventoryText(opts.inventory));
  writeFileSync(join(dir, 'vars.json'), JSON.stringify(opts.vars ?? {}));
  const roleVars = join(rolesDir, opts.role, 'vars', 'main.yml');
  const playbook = [
    '- hosts: all',
    '  gather_facts: false',
    '  roles:',
    '    - kube-defaults',
    `  vars_files: ${JSON.stringify(safeVarsFiles(roleVars))}`,
    '  tasks:',
    '    - template:',
    `        src: ${JSON.stringify(join(rolesDir, opts.role, 'templates', opts.template))}`,
    `        dest: ${JSON.stringify(out)}`,
    '        mode: "0644"',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'render.yml'), playbook);
  const r = await runCli([
    '-i',
    join(dir, 'inventory.ini'),
    join(dir, 'render.yml'),
    '--limit',
    opts.host,
    '-e',
    `@${join(dir, 'vars.json')}`,
  ]);
  if (r.code !== 0) throw new Error(`rendering ${opts.role}/${opts.template} failed:\n${r.all}`);
  return readFileSync(out, 'utf8');
}

function safeVarsFiles(path: string): string[] {
  try {
    readFileSync(path);
    return [path];
  } catch {
    return [];
  }
}
