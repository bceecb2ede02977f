import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Each host's nspawn starts in its own cgroup. Without one, every nspawn started from the same cgroup puts its
 * container under the same `payload` cgroup, so the hosts' systemds share unit cgroups (one host stopping a unit
 * would kill another host's processes, and boots race on creating them). The cgroups are children of this
 * process's own, in every hierarchy systemd uses (the unified one and, on hybrid machines, name=systemd).
 */
export interface CgroupHierarchy {
  /** Where the hierarchy is mounted on the machine. */
  mount: string;
  /** This process's cgroup in that hierarchy. */
  ownPath: string;
}

/** Pure: the hierarchies systemd uses, from /proc/mounts and /proc/self/cgroup text. */
export function parseCgroupHierarchies(mountsText: string, selfCgroupText: string): CgroupHierarchy[] {
  const own = new Map<string, string>();
  for (const line of selfCgroupText.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (m?.[2] !== undefined) own.set(m[1] ?? '', m[2]);
  }
  const out: CgroupHierarchy[] = [];
  for (const line of mountsText.split('\n')) {
    const [, mount, type, options] = line.split(' ');
    if (!mount || !type) continue;
    if (type === 'cgroup2' && own.has('')) out.push({ mount, ownPath: own.get('') ?? '/' });
    if (type === 'cgroup' && options?.split(',').includes('name=systemd') && own.has('name=systemd')) {
      out.push({ mount, ownPath: own.get('name=systemd') ?? '/' });
    }
  }
  return out;
}

export function hostCgroupDirs(hierarchies: readonly CgroupHierarchy[], leaf: string): string[] {
  return hierarchies.map((h) => join(h.mount, h.ownPath, leaf));
}

/** A per-host cgroup as hostCgroupDirs names it (leaf = the host's netns name, `provision-lab…`). */
export function isHostCgroup(dir: string): boolean {
  return dir.startsWith('/sys/fs/cgroup/') && basename(dir).startsWith('provision-lab');
}

export async function currentHierarchies(): Promise<CgroupHierarchy[]> {
  return parseCgroupHierarchies(
    await readFile('/proc/mounts', 'utf8'),
    await readFile('/proc/self/cgroup', 'utf8'),
  );
}

export async function createCgroups(dirs: readonly string[]): Promise<void> {
  for (const d of dirs) await mkdir(d, { recursive: true });
}

/** Removes a stopped host's cgroup tree bottom-up with rmdir (cgroups are only ever removed that way). */
export async function removeCgroupTree(dir: string): Promise<void> {
  if (!isHostCgroup(dir)) return;
  await removeTree(dir);
}

async function removeTree(dir: string): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory()) await removeTree(join(dir, e.name));
  await rmdir(dir).catch(() => undefined);
}

async function procsIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return pids;
  }
  try {
    const text = await readFile(join(dir, 'cgroup.procs'), 'utf8');
    for (const p of text.split('\n')) if (p.trim() !== '') pids.push(Number(p));
  } catch {
    // not a cgroup directory (or already gone)
  }
  for (const e of entries) if (e.isDirectory()) pids.push(...(await procsIn(join(dir, e.name))));
  return pids;
}

/**
 * After a host's nspawn has exited, kills whatever is left in the host's own cgroups (a container init that
 * outlived a killed nspawn, say). Only processes in these per-host cgroups are touched: the host's, so ours.
 */
export async function killCgroupTrees(dirs: readonly string[]): Promise<void> {
  // Only a lab host's own cgroup is ever killed, whatever a (hand-edited) state file says.
  dirs = dirs.filter(isHostCgroup);
  for (const dir of dirs) {
    const killFile = join(dir, 'cgroup.kill');
    const killed = await writeFile(killFile, '1').then(
      () => true,
      () => false,
    );
    if (killed) continue;
    for (const pid of await procsIn(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    let left = 0;
    for (const dir of dirs) left += (await procsIn(dir)).length;
    if (left === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
