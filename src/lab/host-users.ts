import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LabError } from '../errors/index.js';
import { mustRun } from './run-command.js';

/** `labuser` (sudo without password) and `labpass` (sudo with its password), for become tests. */
export const LAB_USERS = ['labuser', 'labpass'] as const;

/** Uid and gid of `user` in a passwd file's text. */
export function passwdIds(passwdText: string, user: string): { uid: number; gid: number } | undefined {
  for (const line of passwdText.split('\n')) {
    const f = line.split(':');
    if (f[0] === user && f[2] !== undefined && f[3] !== undefined)
      return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return undefined;
}

/**
 * Adds the lab users inside a mounted host root (useradd/chpasswd with --root write into the host's upper layer
 * only). The password travels on stdin, never in argv.
 */
export async function createLabUsers(
  root: string,
  authorizedKey: string,
  labpassPassword: string,
): Promise<void> {
  for (const user of LAB_USERS) {
    const existing = passwdIds(await readFile(join(root, 'etc/passwd'), 'utf8'), user);
    if (!existing)
      await mustRun('useradd', [
        '--root',
        root,
        '--create-home',
        '--shell',
        '/bin/bash',
        '--user-group',
        user,
      ]);
  }
  await mustRun('chpasswd', ['--root', root], `labpass:${labpassPassword}\n`);
  const passwd = await readFile(join(root, 'etc/passwd'), 'utf8');
  for (const user of LAB_USERS) {
    const ids = passwdIds(passwd, user);
    if (!ids) throw new LabError({ code: 'PRV608', message: `useradd did not create ${user} in ${root}` });
    const sshDir = join(root, 'home', user, '.ssh');
    await mkdir(sshDir, { recursive: true });
    const keys = join(sshDir, 'authorized_keys');
    await writeFile(keys, `${authorizedKey.trim()}\n`, { mode: 0o600 });
    await chmod(sshDir, 0o700);
    await chmod(keys, 0o600);
    await chown(sshDir, ids.uid, ids.gid);
    await chown(keys, ids.uid, ids.gid);
  }
}
