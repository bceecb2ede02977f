import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HostUnreachable, TransportError } from '../../src/errors/index.js';
import { connectSsh } from '../../src/transport/ssh/index.js';
import { accountCommand } from './accounts.js';
import { keygen, TestSshd } from './sshd-fixture.js';

// Real SSH handshakes and sshd start-ups are slow on a loaded CI machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const base = { sshConfigFile: '/dev/null', retries: 0 };

describe('authentication and ssh_config over a private sshd', () => {
  const sshd = new TestSshd('auth');
  const passphrase = 'correct horse battery';
  let encryptedKey: string;
  let agent: ChildProcess | undefined;
  let agentSocket: string;

  beforeAll(async () => {
    await sshd.start();
    sshd.writeKnownHosts();
    encryptedKey = join(sshd.dir, 'encrypted_key');
    const encryptedPub = keygen(encryptedKey, 'ed25519', passphrase);
    const agentKey = join(sshd.dir, 'agent_key');
    const agentPub = keygen(agentKey);
    sshd.authorize('root', `${readFileSync(`${sshd.clientKey}.pub`, 'utf8')}${encryptedPub}\n${agentPub}\n`);
    agentSocket = join(sshd.dir, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(agentSocket); i++) await new Promise((r) => setTimeout(r, 50));
    execFileSync('ssh-add', [agentKey], {
      env: { ...process.env, SSH_AUTH_SOCK: agentSocket },
      stdio: 'ignore',
    });
  });
  afterAll(async () => {
    if (agent?.pid) process.kill(agent.pid, 'SIGTERM');
    await sshd.stop();
  });

  it('decrypts an encrypted key with the passphrase callback, asking only once', async () => {
    let asked = 0;
    const t = await connectSsh(sshd.hostVars({ ansible_ssh_private_key_file: encryptedKey }), {
      ...base,
      knownHostsFile: sshd.knownHosts,
      passphrase: () => {
        asked++;
        return passphrase;
      },
    });
    expect((await t.run('echo in')).out).toBe('in\n');
    expect(asked).toBe(1);
    await t.close();
  });

  it('fails clearly on a wrong passphrase, without showing it', async () => {
    const err = await connectSsh(sshd.hostVars({ ansible_ssh_private_key_file: encryptedKey }), {
      ...base,
      knownHostsFile: sshd.knownHosts,
      passphrase: async () => 'not it',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ code: 'PRV518' });
    expect((err as Error).message).toContain(encryptedKey);
    expect((err as Error).message).not.toContain('not it');
  });

  it('authenticates with ssh-agent keys', async () => {
    const vars = sshd.hostVars({ ansible_ssh_private_key_file: undefined });
    const t = await connectSsh(vars, {
      ...base,
      knownHostsFile: sshd.knownHosts,
      agentSocket,
      privateKeyFile: '/nonexistent',
    });
    expect((await t.run('echo agent')).out).toBe('agent\n');
    await t.close();
  });

  it('reads HostName, Port, User and IdentityFile from the ssh_config file for the host alias', async () => {
    const config = join(sshd.dir, 'ssh_config');
    writeFileSync(
      config,
      `Host db-*\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  IdentityFile ${sshd.clientKey}\n  UserKnownHostsFile ${sshd.knownHosts}\n`,
    );
    const t = await connectSsh({ inventory_hostname: 'db-1' }, { retries: 0, sshConfigFile: config });
    expect((await t.run('id -un')).out).toBe('root\n');
    await t.close();
  });

  it('times out a server that never answers the handshake', async () => {
    const sockets: import('node:net').Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const err = await connectSsh(sshd.hostVars({ ansible_port: port }), {
      ...base,
      knownHostsFile: sshd.knownHosts,
      connectTimeoutMs: 800,
    }).catch((e: unknown) => e);
    for (const s of sockets) s.destroy();
    silent.close();
    expect(err).toBeInstanceOf(HostUnreachable);
    expect(err).toMatchObject({ code: 'PRV510' });
    expect((err as Error).message).toContain('timed out');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails at connect time when the login shell cannot run commands', async () => {
    const user = `prv${Date.now().toString(36)}n`;
    accountCommand('useradd', ['-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', '-p', '*', user]);
    try {
      sshd.authorize(user);
      const err = await connectSsh(sshd.hostVars({ ansible_user: user }), {
        ...base,
        knownHostsFile: sshd.knownHosts,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err).toMatchObject({ code: 'PRV519' });
      expect((err as Error).message).toContain('cannot start the remote shell');
    } finally {
      accountCommand('userdel', [user]);
    }
  });
});
