import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * What an archive contains, computed on the controller: the archive is unpacked into a scratch directory under
 * the run's temp dir and every entry recorded with its type and content hash, so unarchive compares it with dest
 * without unpacking anything on the host.
 */

export type ArchiveFormat = 'tar' | 'gz' | 'xz' | 'bz2' | 'zip';

export interface ArchiveEntry {
  /** Path inside the archive, without a leading ./ */
  path: string;
  kind: 'dir' | 'file' | 'link';
  sha256?: string;
  target?: string;
}

export class ArchiveReadError extends Error {}

export function detectFormat(bytes: Buffer): ArchiveFormat | undefined {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gz';
  if (bytes.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (bytes.subarray(0, 3).toString('latin1') === 'BZh') return 'bz2';
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'zip';
  if (bytes.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return undefined;
}

function walk(root: string, rel: string, out: ArchiveEntry[]): void {
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel === '' ? name : `${rel}/${name}`;
    const abs = join(root, path);
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) out.push({ path, kind: 'link', target: readlinkSync(abs) });
    else if (st.isDirectory()) {
      out.push({ path, kind: 'dir' });
      walk(root, path, out);
    } else if (st.isFile()) {
      out.push({ path, kind: 'file', sha256: createHash('sha256').update(readFileSync(abs)).digest('hex') });
    }
  }
}

/** Unpacks `bytes` with this machine's tar/unzip into a scratch dir under `tmpDir` and lists it. */
export function archiveManifest(
  bytes: Buffer,
  tmpDir: string,
): { format: ArchiveFormat; entries: ArchiveEntry[] } {
  const format = detectFormat(bytes);
  if (!format) throw new ArchiveReadError('not a tar, tar.gz, tar.xz, tar.bz2 or zip archive');
  mkdirSync(tmpDir, { recursive: true });
  const work = mkdtempSync(join(tmpDir, 'unarchive-'));
  try {
    const file = join(work, 'archive');
    const out = join(work, 'x');
    mkdirSync(out);
    writeFileSync(file, bytes);
    try {
      if (format === 'zip') execFileSync('unzip', ['-q', '-o', file, '-d', out], { stdio: 'pipe' });
      else
        execFileSync('tar', ['-xf', file, '-C', out, '--no-same-owner', '--no-same-permissions'], {
          stdio: 'pipe',
        });
    } catch (e) {
      const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
      throw new ArchiveReadError(stderr || (e as Error).message);
    }
    const entries: ArchiveEntry[] = [];
    walk(out, '', entries);
    return { format, entries };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
