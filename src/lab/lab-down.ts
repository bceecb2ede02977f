import { existsSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LabError } from '../errors/index.js';
import { killCgroupTrees, removeCgroupTree } from './cgroups.js';
import { removeBridge, removeHostNetwork } from './network.js';
import { machineRunning, stopMachine } from './nspawn.js';
import { mountsUnder, unmountAllUnder } from './overlay.js';
import { stopRepoServer } from './repo-server.js';
import { checkLabName, labDir, labFiles, readLabState } from './state.js';

export interface LabDownResult {
  /** False when there was no lab to take down (running `down` twice is fine). */
  found: boolean;
  dir: string;
}

/**
 * Undoes exactly what the lab created, in reverse: hosts (by recorded PID), the repository server, the mounts,
 * namespaces and veths, the bridge, then the state directory — which is deleted only once nothing is mounted
 * below it, so a deletion can never reach through a host root into the machine's files.
 */
export async function labDown(opts: { cwd: string; name: string }): Promise<LabDownResult> {
  checkLabName(opts.name);
  const dir = labDir(opts.cwd, opts.name);
  const state = await readLabState(dir);
  if (!state && !existsSync(dir)) return { found: false, dir };
  if (state) {
    await Promise.all(
      state.hosts.map(async (h) => {
        if (h.pid !== null && (await machineRunning(h.pid, h.name))) await stopMachine(h.pid, h.name);
      }),
    );
    for (const h of state.hosts) {
      await killCgroupTrees(h.cgroupDirs);
      for (const d of h.cgroupDirs) await removeCgroupTree(d);
    }
    if (state.repoServerPid !== null)
      await stopRepoServer(state.repoServerPid, labFiles.repoServerScript(dir));
  }
  await unmountAllUnder(dir);
  if (state) {
    for (const h of state.hosts) await removeHostNetwork(h);
    if (state.bridgeCreated) await removeBridge(state.bridge);
  }
  const left = await mountsUnder(dir);
  if (left.length > 0) {
    throw new LabError({ code: 'PRV612', message: `not removing ${dir}: still mounted ${left.join(', ')}` });
  }
  await rm(dir, { recursive: true, force: true });
  // Leave no empty .provision/lab or .provision behind either; rmdir refuses when something else lives there.
  for (const parent of [dirname(dir), dirname(dirname(dir))]) await rmdir(parent).catch(() => undefined);
  return { found: true, dir };
}
