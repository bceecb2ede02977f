import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TransportError } from '../../src/errors/index.js';
import { connectSsh } from '../../src/transport/ssh/index.js';
import type { Transport } from '../../src/transport/transport.js';
import { accountCommand } from './accounts.js';
import { TestSshd } from './sshd-fixture.js';

// Real SSH handshakes and sshd start-ups are slow on a loaded CI machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/**
 * become over SSH as non-root users of a private sshd: `nopw` may sudo without a password, `pw` needs one and logs
 * in with a password too. The users and their sudoers file exist only for this test (unique prefix, removed after).
 */
const tag = `prv${randomBytes(3).toString('hex')}`;
const nopw = `${tag}a`;
const pw = `${tag}b`;
const becomePassword = `sudo-${randomBytes(6).toString('hex')}`;
const sudoers = `/etc/sudoers.d/${tag}`;
const rootDir = `/root/${tag}`;

describe('become via sudo over SSH', () => {
  const sshd = new TestSshd('become');
  const captured: string[] = [];
  const log = (level: string, msg: string) => captured.push(`${level} ${msg}`);
  let asNopw: Transport;
  let asPw: Transport;

  beforeAll(async () => {
    for (const user of [nopw, pw]) accountCommand('useradd', ['-m', '-s', '/bin/sh', user]);
    // Key-only login for nopw (no password, but not locked: sshd refuses locked accounts).
    accountCommand('usermod', ['-p', '*', nopw]);
    // pw's login and sudo password are the same account password.
    accountCommand('chpasswd', [], { input: `${pw}:${becomePassword}\n` });
    writeFileSync(sudoers, `${nopw} ALL=(ALL) NOPASSWD: ALL\n${pw} ALL=(ALL) ALL\n`, { mode: 0o440 });
    execFileSync('visudo', ['-cf', sudoers], { stdio: 'ignore' });
    execFileSync('mkdir', ['-m', '0700', rootDir]);
    await sshd.start();
    sshd.writeKnownHosts();
    sshd.authorize(nopw);
    const opts = { knownHostsFile: sshd.knownHosts, sshConfigFile: '/dev/null', log };
    asNopw = await connectSsh(sshd.hostVars({ ansible_user: nopw }), opts);
    asPw = await connectSsh(
      sshd.hostVars({
        ansible_user: pw,
        ansible_ssh_private_key_file: undefined,
        ansible_password: becomePassword,
      }),
      { ...opts, privateKeyFile: '/nonexistent/key' },
    );
  });

  afterAll(async () => {
    await asNopw?.close();
    await asPw?.close();
    await sshd.stop();
    rmSync(sudoers, { force: true });
    rmSync(rootDir, { recursive: true, force: true });
    for (const user of [nopw, pw]) {
      try {
        accountCommand('userdel', ['-r', user]);
      } catch {
        /* already gone */
      }
    }
  });

  it('logs in as the non-root users (key, and password)', async () => {
    expect((await asNopw.run('id -un')).out).toBe(`${nopw}\n`);
    expect((await asPw.run('id -un')).out).toBe(`${pw}\n`);
  });

  it('becomes root with sudo NOPASSWD and writes a root-owned file atomically', async () => {
    const become = { user: 'root' };
    expect((await asNopw.run('id -un', { become })).out).toBe('root\n');
    const content = randomBytes(2000);
    await asNopw.put(`${rootDir}/nopw.bin`, content, { mode: '0600', owner: 'root', group: 'root', become });
    expect(readFileSync(`${rootDir}/nopw.bin`).equals(content)).toBe(true);
    expect((await asNopw.get(`${rootDir}/nopw.bin`, { become })).equals(content)).toBe(true);
    expect(execFileSync('stat', ['-c', '%a %U', `${rootDir}/nopw.bin`], { encoding: 'utf8' })).toBe(
      '600 root\n',
    );
    await expect(asNopw.get(`${rootDir}/nopw.bin`)).rejects.toMatchObject({ code: 'PRV504' });
  });

  it('becomes another non-root user', async () => {
    expect((await asNopw.run('id -un', { become: { user: pw } })).out).toBe(`${pw}\n`);
  });

  it('becomes root with a password: stdin and file content arrive intact, the prompt is not in stderr', async () => {
    const become = { user: 'root', password: becomePassword };
    const r = await asPw.run('id -un; cat; echo done >&2', { become, stdin: 'line1\nline2\n' });
    expect([r.rc, r.out, r.err]).toEqual([0, 'root\nline1\nline2\n', 'done\n']);
    const content = Buffer.from('root only\n');
    await asPw.put(`${rootDir}/pw.txt`, content, { mode: '0640', become });
    expect(readFileSync(`${rootDir}/pw.txt`, 'utf8')).toBe('root only\n');
    expect((await asPw.get(`${rootDir}/pw.txt`, { become })).toString()).toBe('root only\n');
    // Again right away: sudo's cached credentials must not make the password end up in stdin.
    const again = await asPw.run('cat', { become, stdin: 'x' });
    expect(again.out).toBe('x');
  });

  it('does not put the password into stdin when sudo does not ask for it', async () => {
    const r = await asNopw.run('cat', {
      become: { user: 'root', password: becomePassword },
      stdin: 'only this',
    });
    expect(r.out).toBe('only this');
  });

  it('reports a wrong become password clearly, without echoing it', async () => {
    const wrong = `wrong-${randomBytes(4).toString('hex')}`;
    const err = await asPw
      .run('id', { become: { user: 'root', password: wrong }, stdin: 'data' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ code: 'PRV516', host: 'become' });
    expect((err as Error).message).toContain('sudo refused the become password');
    expect((err as Error).message).not.toContain(wrong);
    captured.push((err as Error).message);
    // The shell is still usable afterwards.
    expect((await asPw.run('echo fine')).out).toBe('fine\n');
  });

  it('kills a timed-out command run with become', async () => {
    const r = await asNopw.run('sleep 30', { become: { user: 'root' }, timeoutMs: 500 });
    expect([r.rc, r.timedOut]).toEqual([124, true]);
  });

  it('never shows passwords or private key material in results, errors or logs', async () => {
    const r = await asPw.run('echo visible; echo also >&2', {
      become: { user: 'root', password: becomePassword },
    });
    captured.push(r.out, r.err, JSON.stringify(asPw.counters()));
    const keyBody = readFileSync(sshd.clientKey, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'));
    const all = captured.join('\n');
    for (const secret of [becomePassword, ...keyBody]) expect(all).not.toContain(secret);
  });
});
