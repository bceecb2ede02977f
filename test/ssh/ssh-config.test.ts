import { describe, expect, it } from 'vitest';
import {
  expandSshTokens,
  lookupSshConfig,
  parseSshConfig,
  splitConfigArgs,
} from '../../src/transport/ssh/ssh-config.js';

const text = `
# global defaults come first only if nothing more specific was set before
Host bastion
  HostName 10.0.0.5
  User jump
  Port 2222

Host web-* !web-internal
  User deploy
  IdentityFile ~/.ssh/web_key
  ProxyJump bastion

Host *.lab
  HostName=%h.internal
  UserKnownHostsFile "~/.ssh/lab known" /etc/lab_known
  StrictHostKeyChecking accept-new

Match exec "test -f /x"
  User never

Host *
  User fallback
  IdentityFile ~/.ssh/id_default
  Port 22
`;

describe('ssh_config', () => {
  const config = parseSshConfig(text, 'config');

  it('takes the first value obtained and accumulates IdentityFile', () => {
    expect(lookupSshConfig(config, 'web-1')).toMatchObject({
      user: 'deploy',
      proxyjump: 'bastion',
      port: '22',
      identityfile: ['~/.ssh/web_key', '~/.ssh/id_default'],
    });
    expect(lookupSshConfig(config, 'bastion')).toMatchObject({
      hostname: '10.0.0.5',
      user: 'jump',
      port: '2222',
    });
  });

  it('honours negated patterns and never applies unsupported Match criteria', () => {
    expect(lookupSshConfig(config, 'web-internal').user).toBe('fallback');
    expect(lookupSshConfig(config, 'other').user).toBe('fallback');
  });

  it('accepts Keyword=value and quoted arguments', () => {
    const v = lookupSshConfig(config, 'n1.lab');
    expect(v.hostname).toBe('%h.internal');
    expect(v.userknownhostsfile).toBe('~/.ssh/lab known /etc/lab_known');
    expect(v.stricthostkeychecking).toBe('accept-new');
    expect(splitConfigArgs('"a b" c')).toEqual(['a b', 'c']);
  });

  it('reads Include files where the Include stands', () => {
    const cfg = parseSshConfig('Include extra\nHost *\n  User last\n', 'main', (p) =>
      p === 'extra' ? [{ file: 'extra', text: 'Host db\n  User dba\n' }] : [],
    );
    expect(lookupSshConfig(cfg, 'db').user).toBe('dba');
    expect(lookupSshConfig(cfg, 'x').user).toBe('last');
  });

  it('expands ~ and % tokens', () => {
    const t = {
      home: '/home/u',
      host: 'h.example',
      originalHost: 'h',
      port: 2200,
      user: 'r',
      localUser: 'me',
    };
    expect(expandSshTokens('~/.ssh/%h-%p-%r-%u-%n-%%', t)).toBe('/home/u/.ssh/h.example-2200-r-me-h-%');
  });
});
