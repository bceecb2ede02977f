import { describe, expect, it } from 'vitest';
import { parseSshArgs, shellWords } from '../../src/transport/ssh/ssh-args.js';
import { parseSshConfig } from '../../src/transport/ssh/ssh-config.js';
import { parseProxyJump, resolveSshOptions } from '../../src/transport/ssh/ssh-options.js';

const env = { home: '/home/me', localUser: 'me', authSock: '/run/agent.sock' };
const none = parseSshConfig('', 'none');

describe('ssh args', () => {
  it('splits words as a shell does', () => {
    expect(shellWords(`-o 'UserKnownHostsFile=/a b' -o "ProxyJump=u@j:22" x\\ y`)).toEqual([
      '-o',
      'UserKnownHostsFile=/a b',
      '-o',
      'ProxyJump=u@j:22',
      'x y',
    ]);
  });

  it('reads a value still wrapped in its INI quotes as the options inside', () => {
    const a = parseSshArgs(`'-o UserKnownHostsFile=/lab/known_hosts -o StrictHostKeyChecking=yes'`);
    expect(a.options).toEqual({ userknownhostsfile: '/lab/known_hosts', stricthostkeychecking: 'yes' });
  });

  it('reads -o, -i, -p, -l, -J, -F and keeps the first -o value', () => {
    const a = parseSshArgs(
      '-o StrictHostKeyChecking=no -oPort=2200 -i k1 -q',
      '-o Port=1 -J bastion -F cfg -l bob',
    );
    expect(a.options).toEqual({
      stricthostkeychecking: 'no',
      port: '2200',
      proxyjump: 'bastion',
      user: 'bob',
    });
    expect(a.identityFiles).toEqual(['k1']);
    expect(a.configFile).toBe('cfg');
    expect(a.ignored).toEqual(['-q']);
  });
});

describe('resolveSshOptions', () => {
  it('uses defaults that check host keys strictly', () => {
    const r = resolveSshOptions({ inventory_hostname: 'web1' }, {}, none, env);
    expect(r).toMatchObject({
      host: 'web1',
      hostname: 'web1',
      port: 22,
      user: 'me',
      strictHostKeyChecking: 'yes',
      knownHostsFiles: ['/home/me/.ssh/known_hosts', '/home/me/.ssh/known_hosts2'],
      identityFilesExplicit: false,
      agentSocket: '/run/agent.sock',
    });
    expect(r.identityFiles).toContain('/home/me/.ssh/id_ed25519');
  });

  it('puts connection variables before run options, -o options and ssh_config', () => {
    const cfg = parseSshConfig(
      'Host 10.0.0.9\n  User cfguser\n  Port 2000\n  IdentityFile ~/.ssh/cfg\n',
      'c',
    );
    const vars = {
      inventory_hostname: 'db',
      ansible_host: '10.0.0.9',
      ansible_user: 'varuser',
      ansible_ssh_private_key_file: '/keys/var',
      ansible_ssh_common_args: '-o User=argsuser -o Port=3000 -o UserKnownHostsFile=/lab/known_hosts',
      ansible_ssh_extra_args: '-o ConnectTimeout=7 -o StrictHostKeyChecking=accept-new',
    };
    const r = resolveSshOptions(vars, { user: 'cliuser', privateKeyFile: '/keys/cli' }, cfg, env);
    expect(r).toMatchObject({
      host: 'db',
      hostname: '10.0.0.9',
      user: 'varuser',
      port: 3000,
      knownHostsFiles: ['/lab/known_hosts'],
      strictHostKeyChecking: 'accept-new',
      connectTimeoutMs: 7000,
    });
    expect(r.identityFiles).toEqual(['/keys/var', '/home/me/.ssh/cfg']);
    const fromCfg = resolveSshOptions({ inventory_hostname: '10.0.0.9' }, {}, cfg, env);
    expect([fromCfg.user, fromCfg.port]).toEqual(['cfguser', 2000]);
  });

  it('takes StrictHostKeyChecking=no only when set, and upgrades yes to accept-new with the flag', () => {
    expect(
      resolveSshOptions({ inventory_hostname: 'h' }, { acceptNewHostKeys: true }, none, env)
        .strictHostKeyChecking,
    ).toBe('accept-new');
    const off = { inventory_hostname: 'h', ansible_ssh_common_args: '-o StrictHostKeyChecking=no' };
    expect(resolveSshOptions(off, { acceptNewHostKeys: true }, none, env).strictHostKeyChecking).toBe('no');
  });

  it('reads ProxyJump in its forms and ProxyCommand ssh -W as a jump', () => {
    expect(parseProxyJump('u@j1:2222,j2,ssh://v@[::1]:23')).toEqual([
      { host: 'j1', user: 'u', port: 2222 },
      { host: 'j2' },
      { host: '::1', user: 'v', port: 23 },
    ]);
    const pc = {
      inventory_hostname: 'h',
      ansible_ssh_common_args: `-o ProxyCommand="ssh -W %h:%p -q ops@bastion"`,
    };
    expect(resolveSshOptions(pc, {}, none, env).jumps).toEqual([{ host: 'bastion', user: 'ops' }]);
    const nc = { inventory_hostname: 'h', ansible_ssh_common_args: `-o ProxyCommand="nc -X 5 proxy %h %p"` };
    expect(resolveSshOptions(nc, {}, none, env).unsupportedProxyCommand).toBe('nc -X 5 proxy %h %p');
  });

  it('takes the password from ansible_password or ansible_ssh_pass', () => {
    expect(
      resolveSshOptions({ inventory_hostname: 'h', ansible_ssh_pass: 'p1' }, {}, none, env).password,
    ).toBe('p1');
    expect(
      resolveSshOptions({ inventory_hostname: 'h', ansible_password: 'p2' }, { password: 'x' }, none, env)
        .password,
    ).toBe('p2');
  });
});
