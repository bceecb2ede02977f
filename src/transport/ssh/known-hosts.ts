import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * known_hosts as OpenSSH reads it: `[@marker] patterns keytype base64 [comment]`, with hashed (`|1|salt|hash`) and
 * `[host]:port` names. Pure: parsing, lookup and formatting; the file I/O lives in known-hosts-file.ts.
 */

export interface KnownHostEntry {
  /** Which file and 1-based line, for messages such as "expected from known_hosts line 3". */
  file: string;
  line: number;
  marker?: 'cert-authority' | 'revoked';
  /** The host field as written: comma-separated patterns, or one hashed name. */
  hosts: string;
  keyType: string;
  /** The public key blob (SSH wire format), decoded. */
  key: Buffer;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const name = fields.shift()?.slice(1);
      if (name !== 'cert-authority' && name !== 'revoked') return;
      marker = name;
    }
    const [hosts, keyType, b64] = fields;
    if (hosts === undefined || keyType === undefined || b64 === undefined) return;
    if (!/^[A-Za-z0-9+/]+=*$/.test(b64)) return;
    entries.push({ file, line: i + 1, marker, hosts, keyType, key: Buffer.from(b64, 'base64') });
  });
  return entries;
}

/** The name OpenSSH looks up: the bare host on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -l` and the connection warnings print it. */
export function fingerprintSha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside a wire-format public key blob (its first string). */
export function keyTypeOfBlob(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const len = key.readUInt32BE(0);
  return key.subarray(4, 4 + len).toString('latin1');
}

/** "ED25519", "RSA", "ECDSA" — the label OpenSSH uses in messages. */
export function keyTypeLabel(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType === 'ssh-rsa') return 'RSA';
  if (keyType.startsWith('ecdsa-')) return 'ECDSA';
  if (keyType === 'ssh-dss') return 'DSA';
  return keyType;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * Whether a comma-separated pattern list matches a name: any positive match and no negated (`!`) match.
 * Shared with ssh_config's `Host` lines, which use the same rules (space-separated there).
 */
export function matchPatternList(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p === '') continue;
    const negated = p.startsWith('!');
    const re = globToRegExp(negated ? p.slice(1) : p);
    if (re.test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (salt === undefined || hash === undefined) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  return matchPatternList(hosts.split(','), name);
}

export type HostKeyVerdict =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }
  /** Same key type known with another key: the "REMOTE HOST IDENTIFICATION HAS CHANGED" case. */
  | { status: 'changed'; expected: KnownHostEntry }
  /** Nothing known for this name and key type; `otherTypes` lists types known for the name. */
  | { status: 'unknown'; otherTypes: string[] };

/** Checks an offered host key against entries (all files, in order), as OpenSSH does for one name. */
export function verifyHostKey(entries: readonly KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
  const offeredType = keyTypeOfBlob(key);
  const forName = entries.filter((e) => e.marker !== 'cert-authority' && hostFieldMatches(e.hosts, name));
  const revoked = forName.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = forName.filter((e) => e.marker === undefined);
  const exact = plain.find((e) => e.key.equals(key));
  if (exact) return { status: 'known', entry: exact };
  const sameType = plain.find((e) => e.keyType === offeredType);
  if (sameType) return { status: 'changed', expected: sameType };
  return { status: 'unknown', otherTypes: [...new Set(plain.map((e) => e.keyType))] };
}

/** Key types known for a name, so the client can ask the server for a key it can check (as OpenSSH orders them). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], name: string): string[] {
  return [
    ...new Set(
      entries.filter((e) => e.marker === undefined && hostFieldMatches(e.hosts, name)).map((e) => e.keyType),
    ),
  ];
}

/** One known_hosts line for a new key; hashed like `HashKnownHosts yes` when asked. */
export function formatKnownHostLine(
  name: string,
  key: Buffer,
  hashed: boolean,
  salt = randomBytes(20),
): string {
  const keyType = keyTypeOfBlob(key);
  const hosts = hashed
    ? `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`
    : name;
  return `${hosts} ${keyType} ${key.toString('base64')}`;
}
