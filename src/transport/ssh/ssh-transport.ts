import { HostUnreachable, TransportError } from '../../errors/index.js';
import { SUDO_PROMPT } from '../become.js';
import { getThroughShell, putThroughShell, runBatchThroughShell } from '../shell-file-ops.js';
import {
  type BatchOptions,
  type BecomeOptions,
  CommandResult,
  emptyCounters,
  type GetOptions,
  type PutOptions,
  type RunOptions,
  type Transport,
  type TransportCounters,
} from '../transport.js';
import type { CommandSpec, Frame } from './shell-protocol.js';
import { ShellLostError, ShellSession } from './shell-session.js';
import { SshConnection } from './ssh-connection.js';
import type { ResolvedSshOptions, SshConnectOptions } from './ssh-options.js';

const MASK = '********';

/**
 * The SSH transport: one connection and one persistent remote shell per host for the whole run. A connection lost
 * between commands is re-established once; a command is re-sent only when it had not been written to the lost
 * shell, so nothing runs twice.
 */
export class SshTransport implements Transport {
  readonly kind = 'ssh' as const;
  readonly host: string;
  private readonly stats: TransportCounters = emptyCounters();
  private connection: SshConnection | undefined;
  private shell: Promise<ShellSession> | undefined;
  private reconnectsLeft = 1;
  private closed = false;

  constructor(
    private readonly target: ResolvedSshOptions,
    private readonly jumps: ResolvedSshOptions[],
    private readonly options: SshConnectOptions,
  ) {
    this.host = target.host;
  }

  /** Opens the connection and shell now (connectSsh does, so an unreachable host fails before any task). */
  async open(): Promise<void> {
    await this.session();
  }

  private session(): Promise<ShellSession> {
    if (this.closed) {
      return Promise.reject(
        new TransportError({ code: 'PRV515', host: this.host, message: 'the SSH transport was closed' }),
      );
    }
    if (!this.shell) {
      const shell = this.openSession();
      this.shell = shell;
      shell.catch(() => {
        if (this.shell === shell) this.shell = undefined;
      });
    }
    return this.shell;
  }

  private async openSession(): Promise<ShellSession> {
    const connection = await SshConnection.open(this.target, this.jumps, this.options, {
      connection: () => this.stats.connections++,
      session: () => this.stats.sessions++,
    });
    this.connection = connection;
    try {
      const shell = await ShellSession.open(connection.client, {
        sent: (n) => {
          this.stats.bytesSent += n;
        },
        received: (n) => {
          this.stats.bytesReceived += n;
        },
      });
      this.stats.sessions++;
      connection.onClose(() => {
        shell.close();
        this.options.log?.('warn', `${this.host}: SSH connection lost`);
      });
      return shell;
    } catch (e) {
      connection.close();
      throw new TransportError({
        code: 'PRV519',
        host: this.host,
        message: `cannot start the remote shell: ${(e as Error).message}`,
        cause: e,
      });
    }
  }

  /** A live shell: the current one, or — once per transport — a new connection after the old one was lost. */
  private async liveSession(): Promise<ShellSession> {
    for (;;) {
      const pending = this.shell;
      const current = pending ? await pending : undefined;
      if (current?.alive) return current;
      // Another caller already replaced the lost shell: use theirs.
      if (pending !== this.shell) continue;
      if (current) {
        if (this.reconnectsLeft <= 0) {
          throw new HostUnreachable({
            code: 'PRV510',
            host: this.host,
            message: `the SSH connection to ${this.target.hostname}:${this.target.port} was lost again after one reconnect`,
          });
        }
        this.reconnectsLeft--;
        this.connection?.close();
        this.shell = undefined;
        this.options.log?.('info', `${this.host}: connection lost; reconnecting once`);
      }
      return await this.session();
    }
  }

  private scrub(text: string, become: BecomeOptions | undefined): string {
    let t = text;
    for (const secret of [become?.password, this.target.password]) {
      if (secret) t = t.split(secret).join(MASK);
    }
    return t;
  }

  private async exchange(spec: CommandSpec): Promise<Frame> {
    for (let resend = 0; ; resend++) {
      const shell = await this.liveSession();
      try {
        this.stats.roundTrips++;
        return await shell.run(spec);
      } catch (e) {
        if (!(e instanceof ShellLostError)) throw e;
        if (e.written || resend > 0) {
          throw new TransportError({
            code: 'PRV515',
            host: this.host,
            message: `the SSH connection to ${this.target.hostname}:${this.target.port} was lost while a command ran (${this.scrub(e.message, spec.become)})`,
          });
        }
        this.stats.roundTrips--;
      }
    }
  }

  private effectiveBecome(become: BecomeOptions | undefined): BecomeOptions | undefined {
    if (!become) return undefined;
    if (become.method === 'su') {
      throw new TransportError({
        code: 'PRV517',
        host: this.host,
        message: 'become method su is not supported over SSH; use sudo',
      });
    }
    return (become.user ?? 'root') === this.target.user ? undefined : become;
  }

  async run(command: string, options: RunOptions = {}): Promise<CommandResult> {
    const become = this.effectiveBecome(options.become);
    const stdin =
      options.stdin === undefined
        ? undefined
        : Buffer.isBuffer(options.stdin)
          ? options.stdin
          : Buffer.from(options.stdin);
    const frame = await this.exchange({
      command,
      ...(stdin ? { stdin } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(become ? { become } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    let stderr = frame.stderr;
    if (become?.password !== undefined) {
      stderr = Buffer.from(this.scrub(stderr.toString('utf8').split(SUDO_PROMPT).join(''), become));
    }
    if (frame.flag === 'B') {
      const said = stderr.toString('utf8').trim().split('\n').slice(-2).join('; ');
      throw new TransportError({
        code: 'PRV516',
        host: this.host,
        message: `sudo refused the become password for ${become?.user ?? 'root'} as ${this.target.user}${said ? ` (${said})` : ''}`,
      });
    }
    const timedOut = options.timeoutMs !== undefined && frame.rc === 124;
    return new CommandResult(frame.rc, frame.stdout, stderr, timedOut);
  }

  runBatch(commands: readonly string[], options: BatchOptions = {}): Promise<CommandResult[]> {
    return runBatchThroughShell(this, commands, options);
  }

  put(path: string, content: Buffer | string, options: PutOptions = {}): Promise<void> {
    return putThroughShell(this, path, content, options);
  }

  get(path: string, options: GetOptions = {}): Promise<Buffer> {
    return getThroughShell(this, path, options);
  }

  counters(): TransportCounters {
    return { ...this.stats };
  }

  async close(): Promise<void> {
    this.closed = true;
    const shell = this.shell ? await this.shell.catch(() => undefined) : undefined;
    shell?.close();
    this.connection?.close();
  }
}
