import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';

/**
 * The host's files as kubeadm touches them, by absolute path (`/etc/kubernetes/admin.conf`). The real host uses
 * root `/`; tests use a temporary directory as the root, so every command runs unchanged against either.
 */
export interface HostFs {
  /** undefined when the file does not exist. */
  readFile(path: string): Promise<Buffer | undefined>;
  /** Creates parent directories; replaces atomically (temp file + rename). */
  writeFile(path: string, data: string | Buffer, mode: number): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Entry names; [] when the directory does not exist. */
  listDir(path: string): Promise<string[]>;
  /** Removes a file or a directory tree; nothing when absent. */
  remove(path: string): Promise<void>;
}

export const readText = async (fs: HostFs, path: string): Promise<string | undefined> =>
  (await fs.readFile(path))?.toString('utf8');

/** HostFs over the local file system, with every absolute path taken relative to `root`. */
export class RootedFs implements HostFs {
  constructor(readonly root: string) {}

  private real(path: string): string {
    const normal = posix.normalize(`/${path}`);
    return this.root === '/' ? normal : join(this.root, normal);
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.real(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async writeFile(path: string, data: string | Buffer, mode: number): Promise<void> {
    const target = this.real(path);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    await writeFile(tmp, data, { mode });
    await chmod(tmp, mode);
    await rename(tmp, target);
  }

  async exists(path: string): Promise<boolean> {
    try {
      await stat(this.real(path));
      return true;
    } catch {
      return false;
    }
  }

  async listDir(path: string): Promise<string[]> {
    try {
      return (await readdir(this.real(path))).sort();
    } catch {
      return [];
    }
  }

  async remove(path: string): Promise<void> {
    await rm(this.real(path), { recursive: true, force: true });
  }
}
