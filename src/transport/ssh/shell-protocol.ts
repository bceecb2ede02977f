import { SUDO_PROMPT, wrapBecome } from '../become.js';
import { shellQuote } from '../shell-quote.js';
import type { BecomeOptions } from '../transport.js';

/**
 * The framed protocol spoken with the persistent remote shell. Pure: builds the text sent for one command and parses
 * the bytes that come back. Per command the controller sends one script: the command and its stdin travel
 * base64-encoded (so any bytes survive), the remote shell runs the command with stdout/stderr in files, then prints
 * `<marker> <seq> <rc> <outLen> <errLen> <flag>` and exactly that many raw bytes. Commands never read the shell's
 * own stdin (theirs is a file or /dev/null), so the next script is never eaten by a command.
 */

const DIR = '"$__prv_d"';
/** Flags in the frame header: `-` ran; `B` sudo refused the become password (the command did not run). */
export type FrameFlag = '-' | 'B';

/** Sent once when the channel opens: a private temp directory removed when the shell ends, then a ready line. */
export function sessionPrelude(marker: string): string {
  return [
    `__prv_d=$(mktemp -d "/tmp/.provision-sh.XXXXXXXX") || exit 97`,
    `trap 'rm -rf ${DIR}' EXIT`,
    `trap 'exit 129' HUP INT TERM PIPE`,
    `printf '%s READY\\n' ${marker}`,
    '',
  ].join('\n');
}

/** base64 in lines of 4 KiB (base64 -d ignores line breaks; short lines would only cost the shell time). */
function heredoc(target: string, data: Buffer, terminator: string): string {
  const b64 = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 4096) lines.push(b64.slice(i, i + 4096));
  return `base64 -d >${target} <<'${terminator}'\n${lines.join('\n')}\n${terminator}\n`;
}

/** cwd and env applied inside the (become) shell, so sudo's env_reset keeps them. */
function withEnvAndCwd(
  command: string,
  env: Record<string, string> | undefined,
  cwd: string | undefined,
): string {
  const lines: string[] = [];
  if (cwd !== undefined) lines.push(`cd -- ${shellQuote(cwd)} || exit 1`);
  for (const [k, v] of Object.entries(env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new RangeError(`not an environment variable name: ${k}`);
    lines.push(`export ${k}=${shellQuote(v)}`);
  }
  return lines.length === 0 ? command : `${lines.join('\n')}\n${command}`;
}

/**
 * Runs `command` in its own process group and kills the group after `seconds`, exiting 124 as coreutils `timeout`
 * does; the session shell survives. Runs inside become, so the kill has the become user's rights.
 */
function withTimeout(command: string, ms: number): string {
  const seconds = Math.max(ms / 1000, 0.001).toFixed(3);
  const watchdog = `sleep ${seconds}; echo x >"$2"; kill -KILL -"$1" 2>/dev/null; exit 0`;
  return [
    't=$(mktemp) || exit 125',
    'exec 3<&0',
    `setsid /bin/sh -c ${shellQuote(command)} <&3 3<&- & p=$!`,
    'exec 3<&-',
    `setsid /bin/sh -c ${shellQuote(watchdog)} _ "$p" "$t" </dev/null >/dev/null 2>&1 & w=$!`,
    'wait "$p"; rc=$?',
    'if [ -s "$t" ]; then rm -f "$t"; exit 124; fi',
    'kill -KILL -"$w" 2>/dev/null; rm -f "$t"; exit "$rc"',
  ].join('\n');
}

export interface CommandSpec {
  command: string;
  stdin?: Buffer;
  env?: Record<string, string>;
  cwd?: string;
  /** Already reduced to undefined when the login user is the become user. */
  become?: BecomeOptions;
  timeoutMs?: number;
}

/** Above this, the command text travels as a file (an argument may not exceed 128 KiB on Linux). */
const MAX_INLINE_COMMAND = 100_000;
/** Output files are kept for a few commands and removed together (each removal costs the host a process). */
const CLEANUP_EVERY = 32;
const LARGE_OUTPUT = 65_536;

/**
 * The script for one command. Processes are the host's main cost per command (a fork is ~1–10 ms), so the framing
 * uses shell builtins where it can: the command text is a quoted shell word run in a subshell (no decoder, no
 * exec), output lengths come from one `stat` (none when both are empty), and only non-empty outputs are copied
 * with `head -c` (which also stops a background process the command left writing to its stdout from corrupting
 * the frame).
 *
 * With a become password, sudo's answer is checked first on its own (`sudo -k -S … :` fed only the password), so a
 * wrong password never makes sudo read the command's stdin as further attempts, and whether sudo prompted at all
 * decides if the password line goes before the command's stdin. The password travels inside the script on the
 * encrypted channel and is only ever written to sudo's stdin by the shell builtin printf.
 */
export function commandScript(spec: CommandSpec, marker: string, seq: number): string {
  const eof = `__PRV_EOF_${marker}`;
  let inner = withEnvAndCwd(spec.command, spec.env, spec.cwd);
  if (spec.timeoutMs !== undefined) inner = withTimeout(inner, spec.timeoutMs);
  const password = spec.become?.password;
  let script = wrapBecome(inner, spec.become);
  // -k: ignore cached sudo credentials for this call, so whether sudo prompts depends only on the policy.
  if (password !== undefined) script = `sudo -k ${script.replace(/^sudo /, '')}`;
  const parts: string[] = [];
  let run: string;
  if (Buffer.byteLength(script) > MAX_INLINE_COMMAND) {
    parts.push(heredoc(`${DIR}/c`, Buffer.from(script), eof));
    run = `( . ${DIR}/c )`;
  } else {
    // A subshell (fork, no exec): the command cannot change the session shell, and traps are reset in it.
    run = `( eval ${shellQuote(script)} )`;
  }
  const out = `${DIR}/o.${seq}`;
  const err = `${DIR}/e.${seq}`;
  run = `${run} >${out} 2>${err}`;
  const input = spec.stdin && spec.stdin.length > 0 ? `${DIR}/i` : '/dev/null';
  if (input !== '/dev/null') parts.push(heredoc(input, spec.stdin as Buffer, eof));
  parts.push('__prv_f=-');
  if (password === undefined) {
    parts.push(`${run} <${input}; __prv_rc=$?`);
  } else {
    const pw = shellQuote(password);
    const user = shellQuote(spec.become?.user ?? 'root');
    const prompt = shellQuote(SUDO_PROMPT);
    parts.push(
      `printf '%s\\n' ${pw} | sudo -k -S -p ${prompt} -u ${user} -- /bin/sh -c : >/dev/null 2>${err}; __prv_rc=$?`,
      `if [ $__prv_rc -ne 0 ]; then __prv_f=B; : >${out}`,
      `elif grep -qF ${prompt} ${err}; then { printf '%s\\n' ${pw}; cat ${input}; } | ${run}; __prv_rc=$?`,
      `else ${run} <${input}; __prv_rc=$?; fi`,
    );
  }
  parts.push(
    // `test -s` is a builtin: a silent command (most changes, many probes) costs no process for its frame.
    `if [ -s ${out} ] || [ -s ${err} ]; then set -- $(stat -c %s ${out} ${err}); else set -- 0 0; fi`,
    `printf '%s %s %s %s %s %s\\n' ${marker} ${seq} "$__prv_rc" "$1" "$2" "$__prv_f"`,
    `[ "$1" -gt 0 ] && head -c "$1" ${out}; [ "$2" -gt 0 ] && head -c "$2" ${err}`,
    seq % CLEANUP_EVERY === 0 || input !== '/dev/null'
      ? `rm -f ${DIR}/o.* ${DIR}/e.* ${DIR}/i`
      : `[ $(($1 + $2)) -gt ${LARGE_OUTPUT} ] && rm -f ${out} ${err}`,
    ':',
    '',
  );
  return parts.join('\n');
}

export interface Frame {
  seq: number;
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
  flag: FrameFlag;
}

/**
 * Reads frames from the shell's stdout as bytes arrive. Text before the ready line (a chatty login shell's rc
 * files) is skipped; after it, anything that is not a frame is a protocol error. Chunks are joined only when a
 * header is looked for or a frame is complete, so a large output costs one copy, not one per chunk.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private ready = false;
  private header:
    | { seq: number; rc: number; out: number; err: number; flag: FrameFlag; start: number }
    | undefined;

  constructor(private readonly marker: string) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private consume(n: number): void {
    const rest = this.joined().subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
  }

  /** True once the prelude's ready line has been read. */
  isReady(): boolean {
    if (!this.ready) {
      const line = Buffer.from(`${this.marker} READY\n`);
      const at = this.joined().indexOf(line);
      if (at < 0) return false;
      this.consume(at + line.length);
      this.ready = true;
    }
    return true;
  }

  /** The next complete frame, or undefined when more bytes are needed. Throws on a malformed header. */
  next(): Frame | undefined {
    if (!this.isReady()) return undefined;
    if (!this.header) {
      const buf = this.joined();
      const nl = buf.indexOf(10);
      if (nl < 0) {
        if (buf.length > 512) throw new Error(`unexpected output from the remote shell: ${this.preview()}`);
        return undefined;
      }
      const fields = buf.subarray(0, nl).toString('latin1').split(' ');
      const [marker, seq, rc, out, err, flag] = fields;
      if (marker !== this.marker || fields.length !== 6 || (flag !== '-' && flag !== 'B')) {
        throw new Error(`unexpected output from the remote shell: ${this.preview()}`);
      }
      this.header = {
        seq: Number(seq),
        rc: Number(rc),
        out: Number(out),
        err: Number(err),
        flag,
        start: nl + 1,
      };
    }
    const h = this.header;
    if (this.length < h.start + h.out + h.err) return undefined;
    const buf = this.joined();
    const frame: Frame = {
      seq: h.seq,
      rc: h.rc,
      stdout: Buffer.from(buf.subarray(h.start, h.start + h.out)),
      stderr: Buffer.from(buf.subarray(h.start + h.out, h.start + h.out + h.err)),
      flag: h.flag,
    };
    this.header = undefined;
    this.consume(h.start + h.out + h.err);
    return frame;
  }

  private preview(): string {
    return JSON.stringify(this.joined().subarray(0, 120).toString('utf8'));
  }
}
