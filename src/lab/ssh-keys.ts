import { readFile, rm } from 'node:fs/promises';
import { mustRun } from './run-command.js';

export interface KeyPair {
  privateKey: string;
  publicKey: string;
}

/** An unencrypted ed25519 key pair at `path` and `path.pub` (the lab's client key, or a host key to copy). */
export async function generateKeyPair(path: string, comment: string): Promise<KeyPair> {
  await rm(path, { force: true });
  await rm(`${path}.pub`, { force: true });
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
  return { privateKey: await readFile(path, 'utf8'), publicKey: await readFile(`${path}.pub`, 'utf8') };
}

/** A fresh host key, read into memory and not left on disk outside the host's root. */
export async function generateHostKey(scratchPath: string, hostname: string): Promise<KeyPair> {
  try {
    return await generateKeyPair(scratchPath, `root@${hostname}`);
  } finally {
    await rm(scratchPath, { force: true });
    await rm(`${scratchPath}.pub`, { force: true });
  }
}

/** One known_hosts line per host, under both its name and address, as OpenSSH writes them unhashed. */
export function knownHostsText(
  hosts: ReadonlyArray<{ name: string; address: string; hostKey: string }>,
): string {
  return hosts
    .map((h) => {
      const [type, key] = h.hostKey.trim().split(/\s+/);
      return `${h.name},${h.address} ${type} ${key}`;
    })
    .map((line) => `${line}\n`)
    .join('');
}
