/**
 * How the engine and modules reach a host. Complete for every connection kind: the SSH transport implements this
 * interface and adds no method. Commands are POSIX shell; bytes stay bytes.
 */

export interface BecomeOptions {
  /** Target user; default root. */
  user?: string;
  /** Only sudo is implemented; `su` is rejected with a clear error by implementations that lack it. */
  method?: 'sudo' | 'su';
  /** The become password, if sudo asks for one. Never logged. */
  password?: string;
}

export interface RunOptions {
  stdin?: Buffer | string;
  env?: Record<string, string>;
  cwd?: string;
  become?: BecomeOptions;
  /** Kill the command after this long; the result then has rc 124 and `timedOut: true`. */
  timeoutMs?: number;
}

export class CommandResult {
  constructor(
    readonly rc: number,
    readonly stdout: Buffer,
    readonly stderr: Buffer,
    readonly timedOut = false,
  ) {}

  /** stdout as UTF-8 text. */
  get out(): string {
    return this.stdout.toString('utf8');
  }

  /** stderr as UTF-8 text. */
  get err(): string {
    return this.stderr.toString('utf8');
  }

  static of(rc: number, stdout = '', stderr = ''): CommandResult {
    return new CommandResult(rc, Buffer.from(stdout), Buffer.from(stderr));
  }
}

export interface PutOptions {
  /** Octal mode as a string ('0644') or number (0o644). */
  mode?: string | number;
  owner?: string;
  group?: string;
  become?: BecomeOptions;
}

export interface GetOptions {
  become?: BecomeOptions;
}

export interface BatchOptions {
  become?: BecomeOptions;
  env?: Record<string, string>;
}

/** Per-host counters, shown with -vvv and in JSON output. */
export interface TransportCounters {
  connections: number;
  /** Channels/processes opened (exec channels, shells, child processes). */
  sessions: number;
  /** Request/response exchanges with the host: one per run(), one per runBatch(), one per put()/get(). */
  roundTrips: number;
  bytesSent: number;
  bytesReceived: number;
}

export interface Transport {
  /** The inventory name of the host this transport reaches. */
  readonly host: string;
  readonly kind: 'local' | 'ssh' | 'scripted';
  /** Runs a shell command. Never throws for a non-zero exit; throws TransportError when the host is lost. */
  run(command: string, options?: RunOptions): Promise<CommandResult>;
  /** Runs read-only probes in one round trip; each gets its own rc/stdout/stderr. */
  runBatch(commands: readonly string[], options?: BatchOptions): Promise<CommandResult[]>;
  /** Writes a file atomically (temp file in the same directory, then rename), with become into root-owned paths. */
  put(path: string, content: Buffer | string, options?: PutOptions): Promise<void>;
  /** Reads a file; throws TransportError PRV504 when it does not exist or cannot be read. */
  get(path: string, options?: GetOptions): Promise<Buffer>;
  counters(): TransportCounters;
  close(): Promise<void>;
}

export function emptyCounters(): TransportCounters {
  return { connections: 0, sessions: 0, roundTrips: 0, bytesSent: 0, bytesReceived: 0 };
}
