import { constants } from 'node:fs';
import { appendFile, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatKnownHostLine, type KnownHostEntry, parseKnownHosts, verifyHostKey } from './known-hosts.js';

/** Reads every known_hosts file that exists, in order (missing files are simply empty, as for OpenSSH). */
export async function readKnownHostsFiles(files: readonly string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const file of files) {
    try {
      all.push(...parseKnownHosts(await readFile(file, 'utf8'), file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return all;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Appends within this process one at a time per file, whatever the lock file says. */
const inProcess = new Map<string, Promise<unknown>>();

/**
 * Takes `<file>.lock` (O_EXCL, as other tools do) so many hosts — in this process or another provision run — never
 * interleave their lines; a lock older than `staleMs` is left over from a crash and is broken.
 */
async function withLockFile<T>(file: string, body: () => Promise<T>, staleMs = 10_000): Promise<T> {
  const lock = `${file}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      await fh.writeFile(String(process.pid));
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > staleMs) await unlink(lock).catch(() => undefined);
      else await sleep(Math.min(10 * 2 ** Math.min(attempt, 5), 200));
    }
  }
  try {
    return await body();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

/**
 * Records a newly accepted host key: under the lock, re-reads the file and appends only when no other writer has
 * recorded this key meanwhile, so parallel hosts leave exactly one intact line each.
 */
export async function recordHostKey(file: string, name: string, key: Buffer, hashed: boolean): Promise<void> {
  if (file === '/dev/null') return;
  const previous = inProcess.get(file) ?? Promise.resolve();
  const next = previous.then(async () => {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await withLockFile(file, async () => {
      const entries = await readKnownHostsFiles([file]);
      if (verifyHostKey(entries, name, key).status === 'known') return;
      let text = '';
      try {
        text = await readFile(file, 'utf8');
      } catch {
        /* a new file */
      }
      const sep = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
      await appendFile(file, `${sep}${formatKnownHostLine(name, key, hashed)}\n`, { mode: 0o600 });
    });
  });
  inProcess.set(
    file,
    next.catch(() => undefined),
  );
  await next;
}
