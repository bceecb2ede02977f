import { HostUnreachable } from '../../errors/index.js';
import {
  fingerprintSha256,
  type KnownHostEntry,
  keyTypeLabel,
  keyTypeOfBlob,
  knownHostsName,
  knownKeyTypes,
  verifyHostKey,
} from './known-hosts.js';
import { recordHostKey } from './known-hosts-file.js';
import type { StrictHostKeyChecking } from './ssh-options.js';

/** Host key algorithms ssh2 can check, per key type a known_hosts line names. */
const ALGORITHMS_BY_KEY_TYPE: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};
const DEFAULT_ORDER = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

export interface HostKeyCheckInput {
  /** Inventory name, for messages. */
  host: string;
  hostname: string;
  port: number;
  entries: KnownHostEntry[];
  /** New keys are recorded in the first file. */
  knownHostsFiles: string[];
  strict: StrictHostKeyChecking;
  hashKnownHosts: boolean;
  log?: (level: 'debug' | 'info' | 'warn', msg: string) => void;
}

/**
 * The host key side of a connection: asks the server first for key types already known for the host (as OpenSSH
 * does, so a known host is checked against its recorded key), and decides on the offered key. A refusal is kept in
 * `failure`, since ssh2 only reports "verification failed".
 */
export class HostKeyPolicy {
  failure: HostUnreachable | undefined;
  readonly name: string;

  constructor(private readonly input: HostKeyCheckInput) {
    this.name = knownHostsName(input.hostname, input.port);
  }

  serverHostKeyAlgorithms(): string[] {
    const preferred = knownKeyTypes(this.input.entries, this.name).flatMap(
      (t) => ALGORITHMS_BY_KEY_TYPE[t] ?? [],
    );
    return [...new Set([...preferred, ...DEFAULT_ORDER])];
  }

  readonly verify = (key: Buffer, done: (ok: boolean) => void): void => {
    const { host, entries, knownHostsFiles, strict } = this.input;
    const verdict = verifyHostKey(entries, this.name, key);
    const offered = `${keyTypeLabel(keyTypeOfBlob(key))} key ${fingerprintSha256(key)}`;
    if (verdict.status === 'known') {
      done(true);
      return;
    }
    if (verdict.status === 'changed') {
      const e = verdict.expected;
      this.failure = new HostUnreachable({
        code: 'PRV513',
        host,
        message:
          `REMOTE HOST IDENTIFICATION HAS CHANGED for ${this.name}: the host offered ${offered}, ` +
          `but ${e.file}:${e.line} expects ${keyTypeLabel(e.keyType)} key ${fingerprintSha256(e.key)}`,
        hint: `If the host was reinstalled, remove the old key with \`ssh-keygen -R '${this.name}' -f ${e.file}\` and connect again; otherwise someone may be intercepting the connection.`,
      });
      done(false);
      return;
    }
    if (verdict.status === 'revoked') {
      this.failure = new HostUnreachable({
        code: 'PRV514',
        host,
        message: `host key for ${this.name} (${offered}) is revoked in ${verdict.entry.file}:${verdict.entry.line}`,
      });
      done(false);
      return;
    }
    if (strict === 'yes') {
      const others = verdict.otherTypes.length
        ? ` (keys of other types are known: ${verdict.otherTypes.map(keyTypeLabel).join(', ')})`
        : '';
      this.failure = new HostUnreachable({
        code: 'PRV512',
        host,
        message: `host key for ${this.name} is not known${others}: the host offered ${offered}`,
        hint: `Compare the fingerprint with the host's (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on it), then re-run with --accept-new-host-keys to record it in ${knownHostsFiles[0]}.`,
      });
      done(false);
      return;
    }
    const file = knownHostsFiles[0];
    if (file === undefined) {
      done(true);
      return;
    }
    recordHostKey(file, this.name, key, this.input.hashKnownHosts).then(
      () => {
        this.input.log?.('info', `${host}: recorded new host key ${offered} for ${this.name} in ${file}`);
        done(true);
      },
      (e: Error) => {
        this.failure = new HostUnreachable({
          code: 'PRV512',
          host,
          message: `cannot record the host key for ${this.name} in ${file}: ${e.message}`,
          cause: e,
        });
        done(false);
      },
    );
  };
}
