import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CommandSpec,
  commandScript,
  type Frame,
  FrameReader,
  sessionPrelude,
} from '../../src/transport/ssh/shell-protocol.js';

/** Speaks the protocol with a local /bin/sh, which is what the remote end runs. */
async function runLocally(specs: CommandSpec[], noise = '', env = process.env): Promise<Frame[]> {
  const marker = '__PRV_test0123';
  const sh = spawn('/bin/sh', [], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const reader = new FrameReader(marker);
  const frames: Frame[] = [];
  const done = new Promise<void>((resolve) => {
    sh.stdout.on('data', (d: Buffer) => {
      reader.push(d);
      for (let f = reader.next(); f; f = reader.next()) frames.push(f);
      if (frames.length === specs.length) resolve();
    });
  });
  sh.stdin.write(`${noise ? `printf '%s' '${noise}'\n` : ''}${sessionPrelude(marker)}`);
  specs.forEach((s, i) => {
    sh.stdin.write(commandScript(s, marker, i + 1));
  });
  await done;
  const exited = new Promise((r) => sh.once('close', r));
  sh.stdin.end();
  await exited;
  return frames;
}

describe('shell protocol', () => {
  it('frames rc, stdout and stderr per command, in order, skipping noise before the ready line', async () => {
    const frames = await runLocally(
      [
        { command: 'echo a; echo b >&2; exit 4' },
        { command: 'printf ""' },
        { command: 'cat', stdin: Buffer.from('in\n') },
      ],
      'motd text\n',
    );
    expect(frames.map((f) => [f.seq, f.rc, f.stdout.toString(), f.stderr.toString(), f.flag])).toEqual([
      [1, 4, 'a\n', 'b\n', '-'],
      [2, 0, '', '', '-'],
      [3, 0, 'in\n', '', '-'],
    ]);
  });

  it('is binary safe in both directions, even when output contains the marker', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const [frame] = await runLocally([
      { command: 'cat; printf "__PRV_test0123 1 0 0 0 -\\n"', stdin: bytes },
    ]);
    expect(frame?.stdout.subarray(0, 256).equals(bytes)).toBe(true);
    expect(frame?.stdout.subarray(256).toString()).toBe('__PRV_test0123 1 0 0 0 -\n');
  });

  it('applies env and cwd and quotes any command text', async () => {
    const [f] = await runLocally([
      { command: `printf '%s|' "$A" "$(pwd)" 'it'"'"'s'`, env: { A: "x'y z" }, cwd: '/tmp' },
    ]);
    expect(f?.stdout.toString()).toBe("x'y z|/tmp|it's|");
  });

  it('kills a command at its timeout with rc 124 and keeps the shell', async () => {
    const frames = await runLocally([
      { command: 'sleep 5 & sleep 5; echo never', timeoutMs: 300 },
      { command: 'echo alive' },
    ]);
    expect(frames[0]?.rc).toBe(124);
    expect(frames[0]?.stdout.toString()).toBe('');
    expect(frames[1]?.stdout.toString()).toBe('alive\n');
  });

  it('sends long commands as a file', async () => {
    const long = `echo ${'x'.repeat(150_000)} | wc -c`;
    const [f] = await runLocally([{ command: long }]);
    expect(f?.stdout.toString().trim()).toBe('150001');
  });

  it('starts no helper process for a silent command, and only what is needed otherwise', async () => {
    const shims = mkdtempSync(join(tmpdir(), 'provision-shims-'));
    const log = join(shims, 'calls');
    for (const tool of ['stat', 'head', 'base64', 'rm', 'mktemp']) {
      const real = execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
      writeFileSync(join(shims, tool), `#!/bin/sh\necho ${tool} >>${log}\nexec ${real} "$@"\n`, {
        mode: 0o755,
      });
    }
    const env = { ...process.env, PATH: `${shims}:${process.env.PATH}` };
    const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
    try {
      // mktemp and rm are the session's start and end; the commands themselves add nothing.
      await runLocally([{ command: 'true' }, { command: 'test -e /nonexistent' }], '', env);
      expect(calls()).toEqual(['mktemp', 'rm']);
      rmSync(log);
      await runLocally([{ command: 'echo out' }], '', env);
      expect(calls()).toEqual(['mktemp', 'stat', 'head', 'rm']);
    } finally {
      rmSync(shims, { recursive: true, force: true });
    }
  });

  it('rejects output that is not a frame', () => {
    const r = new FrameReader('M');
    r.push(Buffer.from('M READY\ngarbage here\n'));
    expect(() => r.next()).toThrow(/unexpected output/);
  });
});
