import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LabError } from '../errors/index.js';
import { createCgroups, currentHierarchies, hostCgroupDirs } from './cgroups.js';
import { createLabUsers } from './host-users.js';
import { createHostNetwork, netnsExists } from './network.js';
import { machineRunning, startMachine, waitForBoot } from './nspawn.js';
import { applyHostRoot, hostRootPaths, mountHostRoot, mountsUnder, writeRootHome } from './overlay.js';
import { etcHosts, planHostRoot, planRootHome } from './rootfs.js';
import { generateHostKey } from './ssh-keys.js';
import { type HostState, type LabState, labFiles, labsRoot } from './state.js';
import { waitForSsh } from './wait-ssh.js';

/** Per-host lifecycle: prepare (network + root), boot, wait for sshd. */

export interface LabContext {
  cwd: string;
  dir: string;
  state: LabState;
}

export async function machineAptSources(): Promise<{ listDir: string[]; hasSourcesList: boolean }> {
  let listDir: string[] = [];
  try {
    listDir = await readdir('/etc/apt/sources.list.d');
  } catch {
    listDir = [];
  }
  return { listDir, hasSourcesList: existsSync('/etc/apt/sources.list') };
}

async function skelFiles(): Promise<Array<{ name: string; content: string }>> {
  const files: Array<{ name: string; content: string }> = [];
  for (const name of ['.bashrc', '.profile']) {
    try {
      files.push({ name, content: await readFile(join('/etc/skel', name), 'utf8') });
    } catch {
      // A machine without /etc/skel gives the host an empty home; the shell falls back to its defaults.
    }
  }
  return files;
}

/** Creates the host's namespace and root, returning its fresh public host key. */
export async function prepareHost(ctx: LabContext, host: HostState, authorizedKey: string): Promise<string> {
  const { state, dir } = ctx;
  await createHostNetwork(state.bridge, state.bridgeAddress, host);
  const hostDir = labFiles.hostDir(dir, host.name);
  await mkdir(hostDir, { recursive: true, mode: 0o700 });
  const key = await generateHostKey(join(hostDir, 'host-key.tmp'), host.name);
  const root = await mountHostRoot(hostDir);
  const plan = planHostRoot({
    hostname: host.name,
    machineId: randomBytes(16).toString('hex'),
    hosts: state.hosts,
    repoUrl: `http://${state.bridgeAddress}:${state.repoPort}/`,
    repoHost: state.bridgeAddress,
    authorizedKey,
    hostKeyPrivate: key.privateKey,
    hostKeyPublic: key.publicKey,
    machineAptSources: await machineAptSources(),
  });
  await applyHostRoot(root, plan);
  await createLabUsers(root, authorizedKey, state.labpassPassword);
  await writeRootHome(hostRootPaths(hostDir).rootHome, planRootHome(authorizedKey, await skelFiles()));
  return key.publicKey.trim();
}

export async function bootHost(ctx: LabContext, host: HostState): Promise<number> {
  const hostDir = labFiles.hostDir(ctx.dir, host.name);
  const cgroupDirs = hostCgroupDirs(await currentHierarchies(), host.netns);
  await createCgroups(cgroupDirs);
  host.cgroupDirs = cgroupDirs;
  return startMachine({
    cgroupDirs,
    machine: host.name,
    root: hostRootPaths(hostDir).root,
    rootHome: hostRootPaths(hostDir).rootHome,
    netns: host.netns,
    hiddenDir: labsRoot(ctx.cwd),
    consoleLog: join(hostDir, 'console.log'),
  });
}

/** Waits until the host's sshd sends its banner; a host that dies or stays silent is a LabError with its log. */
export async function waitForHost(ctx: LabContext, host: HostState, timeoutMs: number): Promise<void> {
  const started = Date.now();
  const ok = await waitForSsh(host.address, timeoutMs, () => machineRunning(host.pid, host.name));
  if (ok && host.pid !== null) {
    await waitForBoot(host.pid, Math.max(1_000, timeoutMs - (Date.now() - started)));
    return;
  }
  const log = join(labFiles.hostDir(ctx.dir, host.name), 'console.log');
  let tail = '';
  try {
    tail = (await readFile(log, 'utf8')).split('\n').slice(-15).join('\n');
  } catch {
    tail = '';
  }
  throw new LabError({
    code: 'PRV607',
    message: `${host.name} (${host.address}) did not answer on port 22 within ${timeoutMs / 1000} s; console log: ${log}`,
    snippet: tail.replace(/\x1b\[[0-9;]*m/g, '').trim() || undefined,
  });
}

/** Before `start`: the root is still mounted and the namespace still there, unless the machine was rebooted. */
export async function ensureHostResources(ctx: LabContext, host: HostState): Promise<void> {
  const hostDir = labFiles.hostDir(ctx.dir, host.name);
  const { root } = hostRootPaths(hostDir);
  if (!(await mountsUnder(root)).includes(root)) await mountHostRoot(hostDir);
  if (!(await netnsExists(host.netns)))
    await createHostNetwork(ctx.state.bridge, ctx.state.bridgeAddress, host);
}

/** After `add`: every host's /etc/hosts lists every lab host (written through the mounted roots). */
export async function refreshEtcHosts(ctx: LabContext): Promise<void> {
  for (const host of ctx.state.hosts) {
    const { root } = hostRootPaths(labFiles.hostDir(ctx.dir, host.name));
    await writeFile(join(root, 'etc/hosts'), etcHosts(host.name, ctx.state.hosts), { mode: 0o644 });
  }
}
