import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private OpenSSH server on 127.0.0.1 for tests: its own host key, config and authorized_keys in a temp directory,
 * started as a child process and stopped by its PID (with its connection processes, found by parent PID).
 */

export const SSHD = '/usr/sbin/sshd';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export function keygen(file: string, type = 'ed25519', passphrase = ''): string {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', 'provision-test', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tryOnce = () => {
      const sock = createConnection({ host: '127.0.0.1', port });
      sock.once('data', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > until) reject(new Error(`sshd did not listen on ${port}`));
        else setTimeout(tryOnce, 50);
      });
    };
    tryOnce();
  });
}

/** PIDs of the processes descended from `root` (sshd's per-connection processes call setsid, so no group kill). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

export class TestSshd {
  readonly dir: string;
  readonly clientKey: string;
  readonly knownHosts: string;
  hostPublicKey: string;
  port = 0;
  private child: ChildProcess | undefined;

  constructor(private readonly name = 'sshd') {
    this.dir = mkdtempSync(join(tmpdir(), `provision-${name}-`));
    // sshd reads authorized_keys as the logging-in user: let non-root test users traverse to theirs.
    chmodSync(this.dir, 0o711);
    mkdirSync(join(this.dir, 'authorized_keys'), { mode: 0o755 });
    this.hostPublicKey = keygen(join(this.dir, 'host_key'));
    this.clientKey = join(this.dir, 'client_key');
    keygen(this.clientKey);
    this.knownHosts = join(this.dir, 'known_hosts');
    this.authorize('root');
  }

  /** Lets `user` log in with the client key. */
  authorize(user: string, publicKey = readFileSync(`${this.clientKey}.pub`, 'utf8')): void {
    writeFileSync(join(this.dir, 'authorized_keys', user), publicKey, { mode: 0o644 });
  }

  /** The known_hosts line for this server as OpenSSH writes it for a non-22 port. */
  knownHostsLine(): string {
    const [type, key] = this.hostPublicKey.split(' ');
    return `[127.0.0.1]:${this.port} ${type} ${key}`;
  }

  writeKnownHosts(extra = ''): void {
    writeFileSync(this.knownHosts, `${this.knownHostsLine()}\n${extra}`);
  }

  /** Replaces the host key (a "reinstalled" host); takes effect at the next start. */
  regenerateHostKey(): void {
    rmSync(join(this.dir, 'host_key'));
    rmSync(join(this.dir, 'host_key.pub'));
    this.hostPublicKey = keygen(join(this.dir, 'host_key'));
  }

  async start(port?: number): Promise<void> {
    if (!existsSync(SSHD))
      throw new Error(`${SSHD} is missing: apt-get install -y openssh-server (as .ci/run does)`);
    this.port = port ?? (this.port || (await freePort()));
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const config = join(this.dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${this.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(this.dir, 'host_key')}`,
        'PidFile none',
        `AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}/%u`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin yes',
        'AllowTcpForwarding yes',
        'MaxStartups 100',
        'MaxSessions 100',
        'LogLevel ERROR',
        'Subsystem sftp internal-sftp',
        '',
      ].join('\n'),
    );
    const child = spawn(SSHD, ['-D', '-e', '-f', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    child.stderr?.on('data', () => undefined);
    this.child = child;
    await waitForPort(this.port);
  }

  /** Kills the server and every connection it serves, as a crashed or killed sshd would. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    for (const pid of [child.pid, ...descendants(child.pid)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await exited;
  }

  /** Stops (SIGSTOP) or resumes (SIGCONT) the processes serving connections: a host that froze or fell off the net. */
  signalConnections(signal: 'SIGSTOP' | 'SIGCONT'): void {
    if (!this.child?.pid) return;
    for (const pid of descendants(this.child.pid)) {
      try {
        process.kill(pid, signal);
      } catch {
        /* exited meanwhile */
      }
    }
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  hostVars(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      inventory_hostname: this.name,
      ansible_host: '127.0.0.1',
      ansible_port: this.port,
      ansible_user: 'root',
      ansible_ssh_private_key_file: this.clientKey,
      ...extra,
    };
  }
}
