import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { LabError } from '../errors/index.js';

/** Everything `lab down` needs to undo exactly what the lab created, written before each thing is created. */
const hostStateSchema = z.object({
  name: z.string(),
  index: z.number().int(),
  group: z.string(),
  address: z.string(),
  netns: z.string(),
  veth: z.string(),
  /** PID of the host's systemd-nspawn, null while the host is stopped. */
  pid: z.number().int().nullable(),
  hostKey: z.string(),
  /** The cgroups the host's nspawn runs in (see cgroups.ts), removed once it stops. */
  cgroupDirs: z.array(z.string()).default([]),
});
export type HostState = z.infer<typeof hostStateSchema>;

const labStateSchema = z.object({
  version: z.literal(1),
  name: z.string(),
  subnetIndex: z.number().int(),
  bridge: z.string(),
  bridgeAddress: z.string(),
  /** Whether this lab created the bridge (so `down` removes it, and only then). */
  bridgeCreated: z.boolean(),
  repoPort: z.number().int(),
  repoServerPid: z.number().int().nullable(),
  /** Password of the `labpass` user, for become-with-password tests; kept in this 0600 file, never printed. */
  labpassPassword: z.string(),
  hosts: z.array(hostStateSchema),
});
export type LabState = z.infer<typeof labStateSchema>;

export const DEFAULT_LAB_NAME = 'lab';
const LAB_NAME = /^[a-z][a-z0-9-]{0,19}$/;

export function checkLabName(name: string): void {
  if (!LAB_NAME.test(name)) {
    throw new LabError({
      code: 'PRV606',
      message: `invalid lab name "${name}"`,
      hint: 'A lab name is 1–20 lowercase letters, digits or dashes, starting with a letter.',
    });
  }
}

/** `.provision/lab` under `cwd`: hidden from lab hosts, which otherwise see the machine's whole root. */
export function labsRoot(cwd: string): string {
  return resolve(cwd, '.provision', 'lab');
}

/** Where one lab keeps its state, key, known_hosts, inventory, host roots and repository. */
export function labDir(cwd: string, name: string): string {
  return join(labsRoot(cwd), name);
}

export const labFiles = {
  state: (dir: string) => join(dir, 'state.json'),
  inventory: (dir: string) => join(dir, 'inventory.ini'),
  privateKey: (dir: string) => join(dir, 'id_ed25519'),
  knownHosts: (dir: string) => join(dir, 'known_hosts'),
  repo: (dir: string) => join(dir, 'repo'),
  repoServerScript: (dir: string) => join(dir, 'repo-server.mjs'),
  repoServerLog: (dir: string) => join(dir, 'repo-server.log'),
  hostDir: (dir: string, host: string) => join(dir, 'hosts', host),
  hostsDir: (dir: string) => join(dir, 'hosts'),
};

export async function readLabState(dir: string): Promise<LabState | undefined> {
  let text: string;
  try {
    text = await readFile(labFiles.state(dir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = labStateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new LabError({
      code: 'PRV608',
      message: `lab state ${labFiles.state(dir)} is unreadable: ${parsed.error.message}`,
    });
  }
  return parsed.data;
}

/** Atomic (temp + rename) and private: the file holds the labpass password. */
export async function writeLabState(dir: string, state: LabState): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${labFiles.state(dir)}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, labFiles.state(dir));
}

export function findHost(state: LabState, name: string): HostState {
  const host = state.hosts.find((h) => h.name === name || h.address === name);
  if (!host) {
    throw new LabError({
      code: 'PRV605',
      message: `no host "${name}" in lab ${state.name} (hosts: ${state.hosts.map((h) => h.name).join(', ')})`,
    });
  }
  return host;
}
