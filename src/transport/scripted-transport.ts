import {
  type BatchOptions,
  CommandResult,
  emptyCounters,
  type PutOptions,
  type RunOptions,
  type Transport,
  type TransportCounters,
} from './transport.js';

/**
 * A transport whose answers are data, for table-driven module tests (pyinfra-style): each rule matches a command by
 * substring or regex and returns a result. Everything run or written is recorded, so a test asserts both what a
 * module probed and what it would change. An unmatched command is an error naming it, never a silent success.
 */
export interface ScriptedRule {
  match: string | RegExp;
  rc?: number;
  stdout?: string | Buffer;
  stderr?: string;
  /** Answer only this many times, then fall through to later rules. */
  times?: number;
}

export interface RecordedRun {
  command: string;
  options: RunOptions;
}

export interface RecordedPut {
  path: string;
  content: Buffer;
  options: PutOptions;
}

export class ScriptedTransport implements Transport {
  readonly kind = 'scripted' as const;
  readonly runs: RecordedRun[] = [];
  readonly puts: RecordedPut[] = [];
  private readonly stats: TransportCounters = { ...emptyCounters(), connections: 1 };
  private readonly used = new Map<ScriptedRule, number>();

  constructor(
    private readonly rules: ScriptedRule[],
    readonly host = 'scripted',
    /** Files `get` returns, by path. */
    private readonly files: Record<string, string | Buffer> = {},
  ) {}

  private answer(command: string): CommandResult {
    for (const rule of this.rules) {
      const hit = typeof rule.match === 'string' ? command.includes(rule.match) : rule.match.test(command);
      if (!hit) continue;
      const n = this.used.get(rule) ?? 0;
      if (rule.times !== undefined && n >= rule.times) continue;
      this.used.set(rule, n + 1);
      const stdout = Buffer.isBuffer(rule.stdout) ? rule.stdout : Buffer.from(rule.stdout ?? '');
      return new CommandResult(rule.rc ?? 0, stdout, Buffer.from(rule.stderr ?? ''));
    }
    throw new Error(`ScriptedTransport: no rule matches command:\n${command}`);
  }

  async run(command: string, options: RunOptions = {}): Promise<CommandResult> {
    this.stats.roundTrips++;
    this.runs.push({ command, options });
    return this.answer(command);
  }

  async runBatch(commands: readonly string[], options: BatchOptions = {}): Promise<CommandResult[]> {
    this.stats.roundTrips++;
    return commands.map((command) => {
      this.runs.push({ command, options: { become: options.become, env: options.env } });
      return this.answer(command);
    });
  }

  async put(path: string, content: Buffer | string, options: PutOptions = {}): Promise<void> {
    this.stats.roundTrips++;
    this.puts.push({ path, content: Buffer.isBuffer(content) ? content : Buffer.from(content), options });
  }

  async get(path: string): Promise<Buffer> {
    this.stats.roundTrips++;
    const file = this.files[path];
    if (file === undefined) throw new Error(`ScriptedTransport: no file ${path}`);
    return Buffer.isBuffer(file) ? file : Buffer.from(file);
  }

  /** Commands run after the probes, i.e. what apply() did. */
  commandsMatching(re: RegExp): string[] {
    return this.runs.map((r) => r.command).filter((c) => re.test(c));
  }

  counters(): TransportCounters {
    return { ...this.stats };
  }

  async close(): Promise<void> {}
}
