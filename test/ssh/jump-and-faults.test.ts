import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HostUnreachable, TransportError } from '../../src/errors/index.js';
import { connectSsh } from '../../src/transport/ssh/index.js';
import { freePort, TestSshd } from './sshd-fixture.js';

// Real SSH handshakes and sshd start-ups are slow on a loaded CI machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const base = { sshConfigFile: '/dev/null', retries: 0 };

describe('jump hosts and faults over private sshds', () => {
  const target = new TestSshd('target');
  const jump = new TestSshd('jump');
  let bothKnown: string;

  beforeAll(async () => {
    await Promise.all([target.start(), jump.start()]);
    jump.authorize('root', readKey(target));
    bothKnown = join(target.dir, 'both_known_hosts');
    writeFileSync(bothKnown, `${target.knownHostsLine()}\n${jump.knownHostsLine()}\n`);
  });
  afterAll(async () => {
    await Promise.all([target.stop(), jump.stop()]);
  });

  it('connects through a ProxyJump given in ansible_ssh_common_args, checking both host keys', async () => {
    const vars = target.hostVars({ ansible_ssh_common_args: `-o ProxyJump=root@127.0.0.1:${jump.port}` });
    const t = await connectSsh(vars, { ...base, knownHostsFile: bothKnown });
    expect((await t.run('echo via jump')).out).toBe('via jump\n');
    // Two connections (jump, target); a forwarded channel on the jump and the shell on the target.
    expect(t.counters()).toMatchObject({ connections: 2, sessions: 2, roundTrips: 1 });
    await t.close();
  });

  it('refuses a jump host whose key is not known', async () => {
    const onlyTarget = join(target.dir, 'only_target_known_hosts');
    writeFileSync(onlyTarget, `${target.knownHostsLine()}\n`);
    const vars = target.hostVars({ ansible_ssh_common_args: `-J root@127.0.0.1:${jump.port}` });
    const err = await connectSsh(vars, { ...base, knownHostsFile: onlyTarget }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostUnreachable);
    expect(err).toMatchObject({ code: 'PRV512', host: 'target' });
    expect((err as Error).message).toMatch(
      /^jump host 127\.0\.0\.1: host key for \[127\.0\.0\.1\]:\d+ is not known/,
    );
  });

  it('reports a refused connection as unreachable, with host, reason and hint', async () => {
    const port = await freePort();
    const err = await connectSsh(target.hostVars({ ansible_port: port }), {
      ...base,
      knownHostsFile: bothKnown,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostUnreachable);
    expect(err).toMatchObject({ code: 'PRV510', host: 'target' });
    expect((err as Error).message).toContain('connection refused');
    expect((err as HostUnreachable).hint).toBeTruthy();
  });

  it('reports a name that does not resolve as unreachable', async () => {
    const vars = target.hostVars({ ansible_host: 'no-such-host.invalid' });
    const err = await connectSsh(vars, { ...base, knownHostsFile: bothKnown, connectTimeoutMs: 5000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HostUnreachable);
    expect(err).toMatchObject({ code: 'PRV510', host: 'target' });
    expect((err as Error).message).toMatch(/no-such-host\.invalid.*(DNS|timed out)/);
  });

  it('retries a refused connection with backoff until the server is up', async () => {
    const late = new TestSshd('late');
    const port = await freePort();
    writeFileSync(late.knownHosts, `[127.0.0.1]:${port} ${late.hostPublicKey}\n`);
    const starting = new Promise((r) => setTimeout(r, 300)).then(() => late.start(port));
    try {
      const t = await connectSsh(late.hostVars({ ansible_port: port }), {
        ...base,
        retries: 4,
        knownHostsFile: late.knownHosts,
      });
      expect((await t.run('echo up')).out).toBe('up\n');
      await t.close();
    } finally {
      await starting;
      await late.stop();
    }
  });

  it('reports an authentication failure as unreachable, naming what was tried', async () => {
    const vars = target.hostVars({ ansible_user: 'nobody' });
    const err = await connectSsh(vars, { ...base, knownHostsFile: bothKnown }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostUnreachable);
    expect(err).toMatchObject({ code: 'PRV511' });
    expect((err as Error).message).toContain(`authentication failed for nobody@127.0.0.1:${target.port}`);
    expect((err as Error).message).toContain(target.clientKey);
  });

  it('notices a host that stops answering through keepalives', async () => {
    const vars = target.hostVars({ ansible_ssh_extra_args: '-o ServerAliveCountMax=2' });
    const t = await connectSsh(vars, { ...base, knownHostsFile: bothKnown, keepaliveMs: 300 });
    await t.run('true');
    const running = t.run('sleep 20').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    target.signalConnections('SIGSTOP');
    const started = Date.now();
    try {
      const lost = await running;
      expect(lost).toBeInstanceOf(TransportError);
      expect(lost).toMatchObject({ code: 'PRV515' });
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      target.signalConnections('SIGCONT');
      await t.close();
    }
  });

  it('fails the running command clearly when sshd is killed, re-sends only the queued one, reconnects once', async () => {
    const t = await connectSsh(target.hostVars(), { ...base, retries: 4, knownHostsFile: bothKnown });
    await t.run('true');
    const running = t.run('sleep 20; echo finished').catch((e: unknown) => e);
    const queued = t.run('echo queued');
    await new Promise((r) => setTimeout(r, 500));
    await target.kill();
    const lost = await running;
    expect(lost).toBeInstanceOf(TransportError);
    expect(lost).toMatchObject({ code: 'PRV515', host: 'target' });
    expect((lost as Error).message).toContain('was lost while a command ran');
    await target.start(target.port);
    expect((await queued).out).toBe('queued\n');
    expect(t.counters().connections).toBe(2);
    expect((await t.run('echo after')).out).toBe('after\n');

    await target.kill();
    await target.start(target.port);
    const again = await t.run('echo twice').catch((e: unknown) => e);
    expect(again).toBeInstanceOf(HostUnreachable);
    expect((again as Error).message).toContain('lost again after one reconnect');
    await t.close();
  });
});

function readKey(sshd: TestSshd): string {
  return readFileSync(`${sshd.clientKey}.pub`, 'utf8');
}
