import type { Duplex } from 'node:stream';
// ssh2 is CommonJS: Node's ESM loader gives only its default export, so no named imports of values.
import ssh2, { type Client } from 'ssh2';
import { HostUnreachable, type ProvisionError } from '../../errors/index.js';
import { AuthPlan } from './auth.js';
import { HostKeyPolicy } from './host-key-policy.js';
import { readKnownHostsFiles } from './known-hosts-file.js';
import type { ResolvedSshOptions, SshConnectOptions } from './ssh-options.js';

/** Network failures worth another attempt: the host may be booting or its sshd restarting. */
const RETRYABLE = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'READY_TIMEOUT',
]);

export class ConnectFailure extends Error {
  constructor(
    readonly error: ProvisionError,
    readonly retryable: boolean,
  ) {
    super(error.message);
  }
}

export interface ConnectionStats {
  connection: () => void;
  session: () => void;
}

function reasonOf(err: Error & { code?: unknown; level?: string }): { code: string; text: string } {
  if (/Timed out while waiting for handshake/.test(err.message))
    return { code: 'READY_TIMEOUT', text: 'timed out' };
  const code = typeof err.code === 'string' ? err.code : '';
  const texts: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ETIMEDOUT: 'connection timed out',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'no route to host',
    ENETUNREACH: 'network unreachable',
    ENOTFOUND: 'name not known (DNS)',
    EAI_AGAIN: 'name lookup failed temporarily (DNS)',
  };
  return { code, text: texts[code] ?? err.message };
}

/** One SSH connection attempt (over `sock` when it goes through a jump host). */
async function attempt(
  target: ResolvedSshOptions,
  options: SshConnectOptions,
  sock: Duplex | undefined,
): Promise<Client> {
  const entries = await readKnownHostsFiles([...target.knownHostsFiles, ...target.globalKnownHostsFiles]);
  const policy = new HostKeyPolicy({
    host: target.host,
    hostname: target.hostname,
    port: target.port,
    entries,
    knownHostsFiles: target.knownHostsFiles,
    strict: target.strictHostKeyChecking,
    hashKnownHosts: target.hashKnownHosts,
    log: options.log,
  });
  const auth = new AuthPlan({
    host: target.host,
    user: target.user,
    identityFiles: target.identityFiles,
    identityFilesExplicit: target.identityFilesExplicit,
    identitiesOnly: target.identitiesOnly,
    agentSocket: target.agentSocket,
    password: target.password,
    passphrase: options.passphrase,
    log: options.log,
  });
  const where = `${target.user}@${target.hostname}:${target.port}`;
  return await new Promise<Client>((resolve, reject) => {
    const client = new ssh2.Client();
    let settled = false;
    const fail = (e: ConnectFailure) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(e);
    };
    client.on('ready', () => {
      settled = true;
      resolve(client);
    });
    client.on('error', (err: Error & { code?: unknown; level?: string }) => {
      if (err.level === 'agent') {
        options.log?.('warn', `${target.host}: ssh-agent not usable: ${err.message}`);
        return;
      }
      if (policy.failure) return fail(new ConnectFailure(policy.failure, false));
      if (auth.fatal) return fail(new ConnectFailure(auth.fatal as ProvisionError, false));
      if (err.level === 'client-authentication') {
        const tried = auth.tried.length
          ? auth.tried.join(', ')
          : 'no method (no key, agent or password available)';
        return fail(
          new ConnectFailure(
            new HostUnreachable({
              code: 'PRV511',
              host: target.host,
              message: `authentication failed for ${where}; tried ${tried}`,
            }),
            false,
          ),
        );
      }
      const reason = reasonOf(err);
      fail(
        new ConnectFailure(
          new HostUnreachable({
            code: 'PRV510',
            host: target.host,
            message: `cannot connect to ${where}: ${reason.text}`,
            cause: err,
          }),
          RETRYABLE.has(reason.code),
        ),
      );
    });
    client.on('close', () => {
      if (policy.failure) fail(new ConnectFailure(policy.failure, false));
      fail(
        new ConnectFailure(
          new HostUnreachable({
            code: 'PRV510',
            host: target.host,
            message: `cannot connect to ${where}: connection closed during the handshake`,
          }),
          true,
        ),
      );
    });
    try {
      client.connect({
        host: target.hostname,
        port: target.port,
        username: target.user,
        ...(sock ? { sock } : {}),
        readyTimeout: target.connectTimeoutMs,
        keepaliveInterval: target.keepaliveMs,
        keepaliveCountMax: target.keepaliveCountMax,
        algorithms: { serverHostKey: policy.serverHostKeyAlgorithms() as never },
        hostVerifier: policy.verify,
        authHandler: auth.handler,
      });
    } catch (e) {
      fail(
        new ConnectFailure(
          new HostUnreachable({ code: 'PRV510', host: target.host, message: String(e) }),
          false,
        ),
      );
    }
  });
}

function forward(via: Client, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Connects to one hop with retries and backoff for refused connections and timeouts (0.5 s, 1 s, 2 s, … capped at
 * 4 s); authentication and host key failures are final at once.
 */
async function connectHop(
  hop: ResolvedSshOptions,
  options: SshConnectOptions,
  via: Client | undefined,
  stats: ConnectionStats,
): Promise<Client> {
  for (let i = 0; ; i++) {
    try {
      let sock: Duplex | undefined;
      if (via) {
        try {
          sock = await forward(via, hop.hostname, hop.port);
          stats.session();
        } catch (e) {
          throw new ConnectFailure(
            new HostUnreachable({
              code: 'PRV510',
              host: hop.host,
              message: `cannot reach ${hop.hostname}:${hop.port} through the jump host: ${(e as Error).message}`,
              cause: e,
            }),
            true,
          );
        }
      }
      options.log?.(
        'debug',
        `${hop.host}: connecting to ${hop.user}@${hop.hostname}:${hop.port}${via ? ' through the jump host' : ''} (attempt ${i + 1})`,
      );
      const client = await attempt(hop, options, sock);
      stats.connection();
      return client;
    } catch (e) {
      if (!(e instanceof ConnectFailure)) throw e;
      if (!e.retryable || i >= hop.retries) throw e.error;
      const delay = Math.min(500 * 2 ** i, 4000);
      options.log?.('debug', `${hop.host}: ${e.message}; retrying in ${delay} ms`);
      await sleep(delay);
    }
  }
}

/** An established connection to the target, possibly through jump hosts (kept open as long as it is). */
export class SshConnection {
  private constructor(
    readonly client: Client,
    private readonly jumps: Client[],
  ) {}

  static async open(
    target: ResolvedSshOptions,
    jumps: ResolvedSshOptions[],
    options: SshConnectOptions,
    stats: ConnectionStats,
  ): Promise<SshConnection> {
    const opened: Client[] = [];
    try {
      let via: Client | undefined;
      for (const hop of jumps) {
        try {
          via = await connectHop(hop, options, via, stats);
        } catch (e) {
          const err = e as ProvisionError;
          throw new HostUnreachable({
            code: err.code,
            host: target.host,
            message: `jump host ${hop.hostname}: ${err.message}`,
            hint: err.hint,
            cause: err,
          });
        }
        opened.push(via);
      }
      const client = await connectHop(target, options, via, stats);
      return new SshConnection(client, opened);
    } catch (e) {
      for (const c of opened) c.end();
      throw e;
    }
  }

  /** Called once when the target connection (or a jump under it) closes. */
  onClose(listener: () => void): void {
    let called = false;
    const once = () => {
      if (!called) {
        called = true;
        listener();
      }
    };
    this.client.on('close', once);
    this.client.on('error', () => undefined);
    for (const j of this.jumps) j.on('close', once);
  }

  close(): void {
    this.client.end();
    for (const j of [...this.jumps].reverse()) j.end();
  }
}
