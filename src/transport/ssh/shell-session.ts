import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel } from 'ssh2';
import {
  type CommandSpec,
  commandScript,
  type Frame,
  FrameReader,
  sessionPrelude,
} from './shell-protocol.js';

/** The shell went away; `written` tells whether the command had been sent (and so may have run). */
export class ShellLostError extends Error {
  constructor(
    message: string,
    readonly written: boolean,
  ) {
    super(message);
  }
}

interface Pending {
  spec: CommandSpec;
  written: boolean;
  resolve: (frame: Frame) => void;
  reject: (e: Error) => void;
}

export interface ShellTraffic {
  sent: (bytes: number) => void;
  received: (bytes: number) => void;
}

/**
 * One persistent `/bin/sh` on an exec channel, running commands one at a time in arrival order (a queue), each as
 * one framed request/response — one round trip per command.
 */
export class ShellSession {
  private readonly marker = `__PRV_${randomBytes(8).toString('hex')}`;
  private readonly reader = new FrameReader(this.marker);
  private readonly queue: Pending[] = [];
  private current: Pending | undefined;
  private seq = 0;
  private lost: string | undefined;
  private stderrTail = '';
  private readyWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;

  private constructor(
    private readonly channel: ClientChannel,
    private readonly traffic: ShellTraffic,
  ) {
    channel.on('data', (d: Buffer) => {
      traffic.received(d.length);
      this.reader.push(d);
      this.drain();
    });
    channel.stderr.on('data', (d: Buffer) => {
      traffic.received(d.length);
      this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-400);
    });
    channel.on('close', () => this.fail('the remote shell ended'));
    channel.on('error', (e: Error) => this.fail(`the remote shell failed: ${e.message}`));
    const prelude = sessionPrelude(this.marker);
    traffic.sent(prelude.length);
    channel.write(prelude);
  }

  /**
   * Opens the exec channel and waits for the prelude's ready line, so a host whose shell cannot start (a nologin
   * account, no writable /tmp) fails at connect time with the shell's own words, not at the first task.
   */
  static open(client: Client, traffic: ShellTraffic): Promise<ShellSession> {
    return new Promise((resolve, reject) => {
      client.exec('/bin/sh', (err, channel) => {
        if (err) {
          reject(err);
          return;
        }
        const session = new ShellSession(channel, traffic);
        session.readyWaiter = { resolve: () => resolve(session), reject };
        session.drain();
      });
    });
  }

  get alive(): boolean {
    return this.lost === undefined;
  }

  run(spec: CommandSpec): Promise<Frame> {
    if (this.lost !== undefined) return Promise.reject(new ShellLostError(this.lost, false));
    return new Promise((resolve, reject) => {
      this.queue.push({ spec, written: false, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || this.lost !== undefined) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next;
    let script: string;
    try {
      script = commandScript(next.spec, this.marker, ++this.seq);
    } catch (e) {
      this.current = undefined;
      next.reject(e as Error);
      this.pump();
      return;
    }
    next.written = true;
    this.traffic.sent(Buffer.byteLength(script));
    this.channel.write(script);
  }

  private drain(): void {
    if (this.readyWaiter && this.reader.isReady()) {
      this.readyWaiter.resolve();
      this.readyWaiter = undefined;
    }
    let frame: Frame | undefined;
    try {
      frame = this.reader.next();
    } catch (e) {
      this.fail((e as Error).message);
      this.channel.close();
      return;
    }
    if (!frame) return;
    const pending = this.current;
    this.current = undefined;
    if (pending && frame.seq === this.seq) pending.resolve(frame);
    else
      pending?.reject(new ShellLostError(`frame ${frame.seq} arrived while waiting for ${this.seq}`, true));
    this.pump();
    this.drain();
  }

  private fail(reason: string): void {
    if (this.lost !== undefined) return;
    const detail = this.stderrTail.trim();
    this.lost = detail ? `${reason} (${detail.split('\n').slice(-2).join('; ')})` : reason;
    this.readyWaiter?.reject(new Error(this.lost));
    this.readyWaiter = undefined;
    const current = this.current;
    this.current = undefined;
    current?.reject(new ShellLostError(this.lost, true));
    for (const p of this.queue.splice(0)) p.reject(new ShellLostError(this.lost, false));
  }

  /** Ends the shell (its EXIT trap removes the temp directory). */
  close(): void {
    if (this.lost === undefined) this.channel.end();
    this.fail('closed');
  }
}
