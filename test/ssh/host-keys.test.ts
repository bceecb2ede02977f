import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HostUnreachable } from '../../src/errors/index.js';
import { connectSsh, fingerprintSha256 } from '../../src/transport/ssh/index.js';
import { TestSshd } from './sshd-fixture.js';

// Real SSH handshakes and sshd start-ups are slow on a loaded CI machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const base = { sshConfigFile: '/dev/null', retries: 0 };

function fingerprintOf(pubLine: string): string {
  return fingerprintSha256(Buffer.from(pubLine.split(' ')[1] as string, 'base64'));
}

describe('host key verification over a private sshd', () => {
  const sshd = new TestSshd('hostkeys');

  beforeAll(async () => {
    await sshd.start();
  });
  afterAll(async () => {
    await sshd.stop();
  });

  it('connects when the [host]:port entry matches', async () => {
    sshd.writeKnownHosts();
    const t = await connectSsh(sshd.hostVars(), { ...base, knownHostsFile: sshd.knownHosts });
    expect((await t.run('echo ok')).out).toBe('ok\n');
    await t.close();
  });

  it('connects with a hashed entry (ssh-keygen -H)', async () => {
    const file = join(sshd.dir, 'hashed_known_hosts');
    writeFileSync(file, `${sshd.knownHostsLine()}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    expect(readFileSync(file, 'utf8').startsWith('|1|')).toBe(true);
    const t = await connectSsh(sshd.hostVars(), { ...base, knownHostsFile: file });
    expect((await t.run('echo ok')).out).toBe('ok\n');
    await t.close();
  });

  it('honours UserKnownHostsFile given through ansible_ssh_common_args', async () => {
    const file = join(sshd.dir, 'args_known_hosts');
    writeFileSync(file, `${sshd.knownHostsLine()}\n`);
    const vars = sshd.hostVars({ ansible_ssh_common_args: `-o UserKnownHostsFile=${file}` });
    const t = await connectSsh(vars, base);
    await t.close();
  });

  it('refuses an unknown host with a hint, then accepts and records it with the flag', async () => {
    const file = join(sshd.dir, 'empty_known_hosts');
    writeFileSync(file, '# nothing yet\n');
    const err = await connectSsh(sshd.hostVars(), { ...base, knownHostsFile: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostUnreachable);
    expect(err).toMatchObject({ code: 'PRV512', host: 'hostkeys' });
    expect((err as Error).message).toContain(`host key for [127.0.0.1]:${sshd.port} is not known`);
    expect((err as HostUnreachable).hint).toContain('--accept-new-host-keys');

    const t = await connectSsh(sshd.hostVars(), { ...base, knownHostsFile: file, acceptNewHostKeys: true });
    await t.close();
    const recorded = readFileSync(file, 'utf8');
    expect(recorded).toContain(sshd.knownHostsLine());
    // Recorded once: a strict connection now succeeds and the file did not grow.
    const again = await connectSsh(sshd.hostVars(), { ...base, knownHostsFile: file });
    await again.close();
    expect(readFileSync(file, 'utf8')).toBe(recorded);
  });

  it('records keys of many hosts connecting in parallel without corrupting the file', async () => {
    const file = join(sshd.dir, 'parallel_known_hosts');
    const names = ['127.0.0.1', 'localhost'];
    const conns = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        connectSsh(
          { ...sshd.hostVars(), inventory_hostname: `h${i}`, ansible_host: names[i % 2] },
          { ...base, knownHostsFile: file, acceptNewHostKeys: true },
        ),
      ),
    );
    await Promise.all(conns.map((c) => c.close()));
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).sort();
    const [type, key] = sshd.hostPublicKey.split(' ');
    expect(lines).toEqual([
      `[127.0.0.1]:${sshd.port} ${type} ${key}`,
      `[localhost]:${sshd.port} ${type} ${key}`,
    ]);
  });

  it('records hashed when HashKnownHosts is set', async () => {
    const file = join(sshd.dir, 'hash_new_known_hosts');
    const vars = sshd.hostVars({ ansible_ssh_extra_args: '-o HashKnownHosts=yes' });
    const t = await connectSsh(vars, { ...base, knownHostsFile: file, acceptNewHostKeys: true });
    await t.close();
    const line = readFileSync(file, 'utf8').trim();
    const [, , salt, hash] = line.split(' ')[0]?.split('|') ?? [];
    const expected = createHmac('sha1', Buffer.from(salt as string, 'base64'))
      .update(`[127.0.0.1]:${sshd.port}`)
      .digest('base64');
    expect(hash).toBe(expected);
  });

  it('refuses a changed key, even with --accept-new-host-keys, showing both fingerprints', async () => {
    const file = join(sshd.dir, 'changed_known_hosts');
    writeFileSync(file, `# old entries\n${sshd.knownHostsLine()}\n`);
    const oldPub = sshd.hostPublicKey;
    await sshd.kill();
    sshd.regenerateHostKey();
    await sshd.start();
    for (const acceptNewHostKeys of [false, true]) {
      const err = await connectSsh(sshd.hostVars(), {
        ...base,
        knownHostsFile: file,
        acceptNewHostKeys,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostUnreachable);
      const message = (err as Error).message;
      expect((err as HostUnreachable).code).toBe('PRV513');
      expect(message).toContain('CHANGED');
      expect(message).toContain(fingerprintOf(oldPub));
      expect(message).toContain(fingerprintOf(sshd.hostPublicKey));
      expect(message).toContain(`${file}:2`);
    }
    expect(readFileSync(file, 'utf8')).toBe(
      `# old entries\n[127.0.0.1]:${sshd.port} ${oldPub.split(' ').slice(0, 2).join(' ')}\n`,
    );
  });

  it('accepts unknown hosts without the flag only when StrictHostKeyChecking=no is set explicitly', async () => {
    const file = join(sshd.dir, 'no_known_hosts');
    const vars = sshd.hostVars({ ansible_ssh_common_args: '-o StrictHostKeyChecking=no' });
    const t = await connectSsh(vars, { ...base, knownHostsFile: file });
    await t.close();
  });
});
