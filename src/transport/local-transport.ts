import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import { TransportError } from '../errors/index.js';
import { SUDO_PROMPT, wrapBecome } from './become.js';
import { getThroughShell, putThroughShell, runBatchThroughShell } from './shell-file-ops.js';
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
} from './transport.js';

/** Runs commands on this machine through /bin/sh (connection: local). */
export class LocalTransport implements Transport {
  readonly kind = 'local' as const;
  private readonly stats: TransportCounters = { ...emptyCounters(), connections: 1 };
  private readonly currentUser = userInfo().username;

  constructor(readonly host: string) {}

  /** become to the user we already are is a no-op, so `become: true` works when running as root without sudo. */
  private effectiveBecome(become: BecomeOptions | undefined): BecomeOptions | undefined {
    if (!become) return undefined;
    return (become.user ?? 'root') === this.currentUser ? undefined : become;
  }

  async run(command: string, options: RunOptions = {}): Promise<CommandResult> {
    this.stats.roundTrips++;
    this.stats.sessions++;
    const become = this.effectiveBecome(options.become);
    const script = wrapBecome(command, become);
    let stdin: Buffer = Buffer.alloc(0);
    if (options.stdin !== undefined)
      stdin = Buffer.isBuffer(options.stdin) ? options.stdin : Buffer.from(options.stdin);
    if (become?.password !== undefined) stdin = Buffer.concat([Buffer.from(`${become.password}\n`), stdin]);
    this.stats.bytesSent += script.length + stdin.length;
    return await new Promise<CommandResult>((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', script], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              child.kill('SIGKILL');
            }, options.timeoutMs);
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.stdin.on('error', () => {
        /* the command may exit without reading its stdin */
      });
      child.on('error', (cause) => {
        if (timer) clearTimeout(timer);
        reject(
          new TransportError({
            code: 'PRV501',
            host: this.host,
            message: `cannot start /bin/sh: ${cause.message}`,
            cause,
          }),
        );
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        const stdout = Buffer.concat(out);
        let stderr = Buffer.concat(err);
        if (become?.password !== undefined)
          stderr = Buffer.from(stderr.toString('utf8').split(SUDO_PROMPT).join(''));
        this.stats.bytesReceived += stdout.length + stderr.length;
        const rc = timedOut ? 124 : (code ?? (signal ? 128 + 9 : 1));
        resolve(new CommandResult(rc, stdout, stderr, timedOut));
      });
      child.stdin.end(stdin);
    });
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

  async close(): Promise<void> {}
}
