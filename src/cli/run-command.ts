import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type EngineOptions,
  type EventListener,
  runPlaybooks,
  selectPlayHosts,
  systemClock,
} from '../engine/index.js';
import { OptionsError } from '../errors/index.js';
import { type Inventory, loadInventory } from '../inventory/index.js';
import { defaultModuleRegistry } from '../modules/registry.js';
import { type LoaderOptions, loadPlaybook, type Playbook } from '../playbook/index.js';
import { jsonRenderer, plainRenderer } from '../report/index.js';
import { loadAnsibleSettings } from './ansible-config.js';
import { wantsClusterPlan } from './cluster/wants-cluster-plan.js';
import { transportFactory } from './connect.js';
import { parseExtraVars } from './extra-vars.js';
import { listHosts, listTags, listTasks } from './list-playbook.js';
import type { Output } from './output.js';
import { promptSecret } from './prompt.js';
import { ttyRenderer } from './tty-renderer.js';

export interface RunFlags {
  inventory?: string[];
  limit?: string;
  tags?: string[];
  skipTags?: string[];
  extraVars?: string[];
  check?: boolean;
  diff?: boolean;
  forks?: string;
  connection?: string;
  user?: string;
  become?: boolean;
  becomeUser?: string;
  privateKey?: string;
  verbose?: number;
  listHosts?: boolean;
  listTasks?: boolean;
  listTags?: boolean;
  syntaxCheck?: boolean;
  startAtTask?: string;
  askBecomePass?: boolean;
  output?: string;
  color?: boolean;
  acceptNewHostKeys?: boolean;
  secretVar?: string[];
}

/** The project's roles/ (shipped with the package), searched after the playbook's and ansible.cfg's. */
export function projectRolesDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'roles');
}

const splitList = (values: string[] | undefined) =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

export async function loadInventoryFor(flags: Pick<RunFlags, 'inventory'>, cwd: string): Promise<Inventory> {
  const settings = loadAnsibleSettings(cwd);
  const sources =
    flags.inventory && flags.inventory.length > 0 ? flags.inventory : (settings.inventory ?? []);
  if (sources.length === 0) throw new OptionsError({ code: 'PRV803', message: 'no inventory given' });
  return loadInventory(sources, { cwd });
}

/** `provision [run] -i INV PLAYBOOK…` */
export async function runCommand(playbookPaths: string[], flags: RunFlags, out: Output): Promise<number> {
  const cwd = process.cwd();
  const settings = loadAnsibleSettings(cwd);
  if (playbookPaths.length === 0)
    throw new OptionsError({
      code: 'PRV800',
      message: 'no playbook given',
      hint: 'provision -i INVENTORY PLAYBOOK.yml',
    });
  const forks = flags.forks === undefined ? (settings.forks ?? 50) : Number(flags.forks);
  if (!Number.isInteger(forks) || forks < 1)
    throw new OptionsError({
      code: 'PRV800',
      message: `--forks must be a positive integer, got ${flags.forks}`,
    });
  const output = flags.output ?? 'text';
  if (output !== 'text' && output !== 'json')
    throw new OptionsError({ code: 'PRV800', message: `--output must be text or json, got ${output}` });
  if (flags.connection && flags.connection !== 'ssh' && flags.connection !== 'local') {
    throw new OptionsError({
      code: 'PRV800',
      message: `--connection must be ssh or local, got ${flags.connection}`,
    });
  }
  const registry = defaultModuleRegistry();
  const loaderOptions: LoaderOptions = {
    registry,
    rolesPath: settings.rolesPath,
    projectRolesDir: projectRolesDir(),
  };
  const playbooks: Playbook[] = playbookPaths.map((p) => loadPlaybook(resolve(cwd, p), loaderOptions));
  const extraVars = parseExtraVars(flags.extraVars ?? [], cwd);
  if (flags.syntaxCheck) {
    for (const pb of playbooks) out.line(`\nplaybook: ${pb.file}`);
    return 0;
  }
  const tags = splitList(flags.tags);
  const skipTags = splitList(flags.skipTags);
  if (flags.listTasks) {
    for (const l of listTasks(playbooks, tags, skipTags)) out.line(l);
    return 0;
  }
  if (flags.listTags) {
    for (const l of listTags(playbooks)) out.line(l);
    return 0;
  }
  const inventory = await loadInventoryFor(flags, cwd);
  for (const w of inventory.warnings) out.error(`[WARNING]: ${w}`);
  if (flags.listHosts) {
    for (const l of listHosts(playbooks, (play) => selectPlayHosts(inventory, play, extraVars, flags.limit)))
      out.line(l);
    return 0;
  }
  const becomePassword = flags.askBecomePass ? await promptSecret('BECOME password: ') : undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'provision-'));
  const verbosity = flags.verbose ?? 0;
  const options: EngineOptions = {
    check: flags.check ?? false,
    diff: flags.diff ?? false,
    forks,
    limit: flags.limit,
    tags,
    skipTags,
    extraVars,
    startAtTask: flags.startAtTask,
    verbosity,
    connection: flags.connection as EngineOptions['connection'],
    remoteUser: flags.user ?? settings.remoteUser,
    privateKeyFile: flags.privateKey ?? settings.privateKeyFile,
    become: flags.become ? true : undefined,
    becomeUser: flags.becomeUser,
    becomePassword,
    secretVarNames: splitList(flags.secretVar),
    factCacheDir: process.env.PROVISION_FACT_CACHE ?? resolve(cwd, '.provision', 'facts'),
    tmpDir: tmp,
    clock: systemClock,
    connect: transportFactory({
      acceptNewHostKeys: flags.acceptNewHostKeys ?? settings.hostKeyChecking === false,
    }),
  };
  if (settings.hostKeyChecking === false && !flags.acceptNewHostKeys) {
    out.error(
      '[WARNING]: host_key_checking = False in ansible.cfg: unknown host keys are accepted and recorded (trust on first use); changed keys are still refused',
    );
  }
  const listeners: EventListener[] = [];
  if (output === 'json') listeners.push(jsonRenderer((l) => out.line(l)));
  else if (out.isTTY && verbosity === 0) listeners.push(ttyRenderer(out, { color: flags.color !== false }));
  else
    listeners.push(
      plainRenderer((l) => out.line(l), { color: flags.color !== false && out.isTTY, verbosity }),
    );
  try {
    const summary = await runPlaybooks(playbooks, inventory, registry, options, loaderOptions, listeners);
    if (options.check && output === 'text' && wantsClusterPlan(playbooks)) {
      const { clusterPlanLines } = await import('./cluster/cluster-plan.js');
      const lines = await clusterPlanLines(inventory, {
        extraVars,
        acceptNewHostKeys: flags.acceptNewHostKeys ?? false,
      });
      out.line('');
      for (const l of lines) out.line(l);
    }
    return summary.exitCode;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
