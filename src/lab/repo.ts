import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LabError } from '../errors/index.js';
import { type IndexFileDigest, packagesIndex, type RepoPackage, releaseFile } from './repo-index.js';
import { runCommand } from './run-command.js';
import { labFiles } from './state.js';

function digest(bytes: Buffer, algo: 'md5' | 'sha256'): string {
  return createHash(algo).update(bytes).digest('hex');
}

async function describeDeb(path: string): Promise<RepoPackage> {
  const r = await runCommand('dpkg-deb', ['-f', path]);
  if (r.rc !== 0 || !/^Package:/m.test(r.stdout)) {
    throw new LabError({
      code: 'PRV610',
      message: `${path} is not a readable .deb`,
      snippet: r.stderr.trim() || undefined,
    });
  }
  const bytes = await readFile(path);
  return {
    control: r.stdout,
    filename: basename(path),
    size: bytes.length,
    md5: digest(bytes, 'md5'),
    sha256: digest(bytes, 'sha256'),
  };
}

async function writeAtomic(path: string, bytes: string | Buffer): Promise<void> {
  await writeFile(`${path}.tmp`, bytes, { mode: 0o644 });
  await rename(`${path}.tmp`, path);
}

/** Rebuilds Packages, Packages.gz and Release from the .debs in the repository directory. */
export async function regenerateRepoIndex(repoDir: string, now: Date = new Date()): Promise<void> {
  await mkdir(repoDir, { recursive: true });
  const debs = (await readdir(repoDir)).filter((f) => f.endsWith('.deb')).sort();
  const pkgs: RepoPackage[] = [];
  for (const deb of debs) pkgs.push(await describeDeb(join(repoDir, deb)));
  const packages = Buffer.from(packagesIndex(pkgs));
  const packagesGz = gzipSync(packages, { level: 9 });
  const files: IndexFileDigest[] = [
    { name: 'Packages', bytes: packages },
    { name: 'Packages.gz', bytes: packagesGz },
  ].map((f) => ({
    name: f.name,
    size: f.bytes.length,
    md5: digest(f.bytes, 'md5'),
    sha256: digest(f.bytes, 'sha256'),
  }));
  await writeAtomic(join(repoDir, 'Packages'), packages);
  await writeAtomic(join(repoDir, 'Packages.gz'), packagesGz);
  await writeAtomic(join(repoDir, 'Release'), releaseFile(now, files));
}

/**
 * Copies .debs into a lab's repository and regenerates its index; hosts see them after `apt-get update`.
 * `labDir` is the lab's state directory (`.provision/lab/NAME`).
 */
export async function addPackagesToLabRepo(labDirPath: string, debPaths: readonly string[]): Promise<void> {
  const repoDir = labFiles.repo(labDirPath);
  await mkdir(repoDir, { recursive: true });
  for (const deb of debPaths) {
    await describeDeb(deb);
    await copyFile(deb, join(repoDir, basename(deb)));
  }
  await regenerateRepoIndex(repoDir);
}
