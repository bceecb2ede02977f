import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { bridgeAddress, bridgeName, type LabAddressing } from './addresses.js';
import { type GroupCounts, planHosts } from './host-plan.js';
import { renderInventory } from './inventory.js';
import { labDown } from './lab-down.js';
import { bootHost, type LabContext, prepareHost, refreshEtcHosts, waitForHost } from './lab-host.js';
import { createLabBridge } from './network.js';
import { checkLabPrerequisites } from './preflight.js';
import { regenerateRepoIndex } from './repo.js';
import { REPO_PORT, startRepoServer } from './repo-server.js';
import { generateKeyPair, knownHostsText } from './ssh-keys.js';
import {
  checkLabName,
  type HostState,
  type LabState,
  labDir,
  labFiles,
  readLabState,
  writeLabState,
} from './state.js';

/** How long `up` and `add` wait for the hosts' sshd; `up` returns only once every host answers. */
const BOOT_TIMEOUT_MS = 120_000;

export interface LabUpResult {
  alreadyUp: boolean;
  inventoryPath: string;
  state: LabState;
}

export async function labUp(opts: { cwd: string; name: string; groups: GroupCounts }): Promise<LabUpResult> {
  checkLabName(opts.name);
  checkLabPrerequisites();
  const dir = labDir(opts.cwd, opts.name);
  const existing = await readLabState(dir);
  if (existing) return { alreadyUp: true, inventoryPath: labFiles.inventory(dir), state: existing };

  await mkdir(dir, { recursive: true, mode: 0o700 });
  let addressing: LabAddressing | undefined;
  try {
    addressing = await createLabBridge();
    const state: LabState = {
      version: 1,
      name: opts.name,
      subnetIndex: addressing.subnetIndex,
      bridge: bridgeName(addressing),
      bridgeAddress: bridgeAddress(addressing),
      bridgeCreated: true,
      repoPort: REPO_PORT,
      repoServerPid: null,
      labpassPassword: randomBytes(12).toString('base64url'),
      hosts: [],
    };
    await writeLabState(dir, state);
    await generateKeyPair(labFiles.privateKey(dir), `provision-lab-${opts.name}`);
    await regenerateRepoIndex(labFiles.repo(dir));
    state.repoServerPid = await startRepoServer({
      script: labFiles.repoServerScript(dir),
      repoDir: labFiles.repo(dir),
      host: state.bridgeAddress,
      port: state.repoPort,
      log: labFiles.repoServerLog(dir),
    });
    await writeLabState(dir, state);
    const ctx: LabContext = { cwd: opts.cwd, dir, state };
    await addHosts(ctx, planHosts(opts.name, addressing, opts.groups, 1));
    return { alreadyUp: false, inventoryPath: labFiles.inventory(dir), state };
  } catch (err) {
    // A half-built lab is taken down whole: nothing the failed `up` created stays behind.
    await labDown({ cwd: opts.cwd, name: opts.name }).catch(() => undefined);
    throw err;
  }
}

/** Prepares, boots and waits for new hosts, then rewrites known_hosts, the inventory and every /etc/hosts. */
export async function addHosts(
  ctx: LabContext,
  planned: ReadonlyArray<Omit<HostState, 'pid' | 'hostKey' | 'cgroupDirs'>>,
) {
  const { state, dir } = ctx;
  const fresh: HostState[] = planned.map((p) => ({ ...p, pid: null, hostKey: '', cgroupDirs: [] }));
  state.hosts.push(...fresh);
  await writeLabState(dir, state);
  const authorizedKey = await readFile(`${labFiles.privateKey(dir)}.pub`, 'utf8');
  await Promise.all(
    fresh.map(async (host) => {
      host.hostKey = await prepareHost(ctx, host, authorizedKey);
    }),
  );
  await refreshEtcHosts(ctx);
  for (const host of fresh) host.pid = await bootHost(ctx, host);
  await writeLabState(dir, state);
  await writeFile(labFiles.knownHosts(dir), knownHostsText(state.hosts), { mode: 0o644 });
  await writeFile(
    labFiles.inventory(dir),
    renderInventory({
      hosts: state.hosts,
      privateKeyPath: labFiles.privateKey(dir),
      knownHostsPath: labFiles.knownHosts(dir),
    }),
    { mode: 0o644 },
  );
  await Promise.all(fresh.map((host) => waitForHost(ctx, host, BOOT_TIMEOUT_MS)));
}
