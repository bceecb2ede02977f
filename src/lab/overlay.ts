import { chmod, chown, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LabError } from '../errors/index.js';
import type { HostRootPlan, RootFile } from './rootfs.js';
import { mustRun, runCommand } from './run-command.js';

/**
 * A host's root: an overlayfs whose lower layer is the machine's `/` and whose upper layer is the host's own
 * directory, so each host starts as a copy of the machine and keeps its changes to itself. The mount lives in
 * the machine's mount namespace from `up` to `down`; a stopped host keeps it, so `start` boots the same root.
 */
export function hostRootPaths(hostDir: string): {
  upper: string;
  work: string;
  root: string;
  rootHome: string;
} {
  return {
    upper: join(hostDir, 'upper'),
    work: join(hostDir, 'work'),
    root: join(hostDir, 'root'),
    rootHome: join(hostDir, 'root-home'),
  };
}

export async function mountHostRoot(hostDir: string): Promise<string> {
  const p = hostRootPaths(hostDir);
  for (const d of [p.upper, p.work, p.root]) await mkdir(d, { recursive: true, mode: 0o755 });
  await mustRun('mount', [
    '-t',
    'overlay',
    'overlay',
    '-o',
    `lowerdir=/,upperdir=${p.upper},workdir=${p.work}`,
    p.root,
  ]);
  return p.root;
}

/**
 * Writes the plan through the mounted overlay: the kernel copies directories up with their attributes and turns
 * removals into whiteouts, so the machine's own files are never modified.
 */
export async function applyHostRoot(root: string, plan: HostRootPlan): Promise<void> {
  for (const file of plan.files) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    await rm(target, { force: true });
    await writeFile(target, file.content, { mode: file.mode });
    await chmod(target, file.mode);
    await chown(target, 0, 0);
  }
  const unitDir = join(root, 'etc/systemd/system');
  await mkdir(unitDir, { recursive: true });
  for (const unit of plan.masks) {
    const link = join(unitDir, unit);
    await rm(link, { force: true });
    await symlink('/dev/null', link);
  }
  for (const path of plan.removals) await rm(join(root, path), { force: true, recursive: true });
}

/** Fills the host's own /root (bind-mounted over the machine's by nspawn). */
export async function writeRootHome(home: string, files: readonly RootFile[]): Promise<void> {
  await mkdir(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  await chmod(home, 0o700);
  await chmod(join(home, '.ssh'), 0o700);
  for (const file of files) {
    const target = join(home, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content, { mode: file.mode });
    await chmod(target, file.mode);
  }
}

/** Mount points at or below `dir`, deepest first (so they can be unmounted in order). */
export async function mountsUnder(dir: string): Promise<string[]> {
  const text = await readFile('/proc/mounts', 'utf8');
  const points = text
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8))))
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** Unmounts everything at or below `dir`; a mount still busy after retries is an error, never left silently. */
export async function unmountAllUnder(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const points = await mountsUnder(dir);
    if (points.length === 0) return;
    for (const p of points) await runCommand('umount', [p]);
    if ((await mountsUnder(dir)).length > 0) await new Promise((r) => setTimeout(r, 250));
  }
  const left = await mountsUnder(dir);
  if (left.length > 0) {
    throw new LabError({ code: 'PRV612', message: `still mounted: ${left.join(', ')}` });
  }
}
