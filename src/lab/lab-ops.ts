import { LabError } from '../errors/index.js';
import type { LabAddressing } from './addresses.js';
import { killCgroupTrees, removeCgroupTree } from './cgroups.js';
import { checkCount, checkGroupName, planHosts } from './host-plan.js';
import { bootHost, ensureHostResources, type LabContext, waitForHost } from './lab-host.js';
import { addHosts } from './lab-up.js';
import { machineRunning, stopMachine } from './nspawn.js';
import { checkLabPrerequisites } from './preflight.js';
import {
  checkLabName,
  findHost,
  type HostState,
  type LabState,
  labDir,
  labFiles,
  readLabState,
  writeLabState,
} from './state.js';

export interface LabRef {
  cwd: string;
  name: string;
}

/** The running lab's context, or PRV604 when there is none here. */
export async function openLab(ref: LabRef): Promise<LabContext> {
  checkLabName(ref.name);
  const dir = labDir(ref.cwd, ref.name);
  const state = await readLabState(dir);
  if (!state) {
    throw new LabError({ code: 'PRV604', message: `no lab "${ref.name}" is up in ${ref.cwd}` });
  }
  return { cwd: ref.cwd, dir, state };
}

export async function labAdd(ref: LabRef & { count: number; group: string }): Promise<HostState[]> {
  checkCount(ref.count, '-n');
  checkGroupName(ref.group);
  checkLabPrerequisites();
  const ctx = await openLab(ref);
  const addressing: LabAddressing = { subnetIndex: ctx.state.subnetIndex };
  const next = Math.max(0, ...ctx.state.hosts.map((h) => h.index)) + 1;
  const planned = planHosts(ref.name, addressing, [{ group: ref.group, count: ref.count }], next);
  await addHosts(ctx, planned);
  return ctx.state.hosts.filter((h) => planned.some((p) => p.name === h.name));
}

/** Stops the host's nspawn (a clean systemd shutdown); its root and network stay for `start`. */
export async function labStop(ref: LabRef & { host: string }): Promise<{ wasRunning: boolean }> {
  checkLabPrerequisites();
  const ctx = await openLab(ref);
  const host = findHost(ctx.state, ref.host);
  const wasRunning = await machineRunning(host.pid, host.name);
  if (wasRunning && host.pid !== null) await stopMachine(host.pid, host.name);
  await killCgroupTrees(host.cgroupDirs);
  for (const d of host.cgroupDirs) await removeCgroupTree(d);
  host.pid = null;
  await writeLabState(ctx.dir, ctx.state);
  return { wasRunning };
}

/** Boots a stopped host again on the same root and address, returning once its sshd answers. */
export async function labStart(ref: LabRef & { host: string }): Promise<{ wasRunning: boolean }> {
  checkLabPrerequisites();
  const ctx = await openLab(ref);
  const host = findHost(ctx.state, ref.host);
  if (await machineRunning(host.pid, host.name)) return { wasRunning: true };
  await ensureHostResources(ctx, host);
  host.pid = await bootHost(ctx, host);
  await writeLabState(ctx.dir, ctx.state);
  await waitForHost(ctx, host, 120_000);
  return { wasRunning: false };
}

export interface HostStatus {
  name: string;
  group: string;
  address: string;
  running: boolean;
  pid: number | null;
}

export async function labStatus(
  ref: LabRef,
): Promise<{ state: LabState; hosts: HostStatus[]; inventoryPath: string }> {
  const ctx = await openLab(ref);
  const hosts = await Promise.all(
    ctx.state.hosts.map(async (h) => ({
      name: h.name,
      group: h.group,
      address: h.address,
      running: await machineRunning(h.pid, h.name),
      pid: h.pid,
    })),
  );
  return { state: ctx.state, hosts, inventoryPath: labFiles.inventory(ctx.dir) };
}

/** The arguments of a real `ssh` to the host with the lab's key and known_hosts (host keys checked). */
export function sshArgs(dir: string, host: HostState, user: string, command: readonly string[]): string[] {
  return [
    '-i',
    labFiles.privateKey(dir),
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `UserKnownHostsFile=${labFiles.knownHosts(dir)}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    `${user}@${host.address}`,
    ...command,
  ];
}
