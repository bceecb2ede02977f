import { describe, expect, it } from 'vitest';
import { iniInventory } from './support.js';

describe('INI inventory', () => {
  it('puts hosts before any section in ungrouped and builds groups, children and implicit all', () => {
    const inv = iniInventory(`
# comment
; another comment
loose1
loose2

[web]
web1
web2

[db]
db1

[prod:children]
web
db
`);
    expect(inv.hostNames()).toEqual(['loose1', 'loose2', 'web1', 'web2', 'db1']);
    expect(inv.groupNames()).toEqual(['all', 'ungrouped', 'web', 'db', 'prod']);
    expect(inv.groupsMap()).toEqual({
      all: ['loose1', 'loose2', 'web1', 'web2', 'db1'],
      ungrouped: ['loose1', 'loose2'],
      web: ['web1', 'web2'],
      db: ['db1'],
      prod: ['web1', 'web2', 'db1'],
    });
    expect(inv.group('all')?.children).toEqual(['ungrouped', 'prod']);
    expect(inv.groupNamesOf('web1')).toEqual(['prod', 'web']);
    expect(inv.groupNamesOf('loose1')).toEqual(['ungrouped']);
  });

  const inlineVars: [string, string, Record<string, unknown>][] = [
    [
      'ints, booleans and bare words',
      'h a=5 b=True c=false d=text',
      { a: 5, b: true, c: 'false', d: 'text' },
    ],
    ['double and single quotes keep spaces', `h foo="a b" bar='x y'`, { foo: 'a b', bar: 'x y' }],
    ['quotes are removed before literal reading', 'h n="5"', { n: 5 }],
    ['nested quotes keep a string', `h n="'5'" s="'03#pa33'"`, { n: '5', s: '03#pa33' }],
    ['lists and dicts', `h l="[1, 'a']" d="{'k': 2}"`, { l: [1, 'a'], d: { k: 2 } }],
    ['floats and IPs', 'h f=1.5 ip=10.0.0.1', { f: 1.5, ip: '10.0.0.1' }],
    ['a trailing comment is dropped', 'h a=1 # note b=2', { a: 1 }],
    ['a # inside a word starts a comment', 'h a=x#y', { a: 'x' }],
    ['backslash escapes', String.raw`h p=a\ b`, { p: 'a b' }],
    ['value with =', 'h opts=a=b', { opts: 'a=b' }],
    ['empty value', 'h e=', { e: '' }],
    [
      'ansible_host and port',
      'h ansible_host=1.2.3.4 ansible_port=2222',
      { ansible_host: '1.2.3.4', ansible_port: 2222 },
    ],
  ];
  it.each(inlineVars)('inline host vars: %s', (_name, line, expected) => {
    expect(iniInventory(`[g]\n${line}\n`).hostVars('h')).toEqual(expected);
  });

  const groupVars: [string, string, unknown][] = [
    ['x=FALSE', 'x', 'FALSE'],
    ['x=False', 'x', false],
    ['x = 23 # a comment', 'x', 23],
    ['x=hello world', 'x', 'hello world'],
    ['x=bar # not a literal, kept whole', 'x', 'bar # not a literal, kept whole'],
    ['x="quoted"', 'x', 'quoted'],
    ['x=a=b', 'x', 'a=b'],
    ['x=', 'x', ''],
  ];
  it.each(groupVars)('[g:vars] line %j', (line, key, value) => {
    expect(iniInventory(`[g]\nh\n[g:vars]\n${line}\n`).hostVars('h')[key]).toEqual(value);
  });

  const ranges: [string, string[]][] = [
    ['node[01:03]', ['node01', 'node02', 'node03']],
    ['node[1:3]', ['node1', 'node2', 'node3']],
    ['node[:2]', ['node0', 'node1', 'node2']],
    ['n[0:10:5]', ['n0', 'n5', 'n10']],
    ['db-[a:c].example.com', ['db-a.example.com', 'db-b.example.com', 'db-c.example.com']],
    ['x[a:e:2]', ['xa', 'xc', 'xe']],
    ['r[1:2]c[a:b]', ['r1ca', 'r1cb', 'r2ca', 'r2cb']],
    ['[1:2]host', ['1host', '2host']],
  ];
  it.each(ranges)('range %s', (entry, hosts) => {
    expect(iniInventory(`[g]\n${entry}\n`).groupsMap().g).toEqual(hosts);
  });

  it('reads host:port into ansible_port, with inline ansible_port winning', () => {
    const inv = iniInventory('[g]\nweb1:2222\nweb2:2222 ansible_port=22\nnode[1:2]:2200\n10.0.0.5:23\n');
    expect(inv.hostVars('web1')).toEqual({ ansible_port: 2222 });
    expect(inv.hostVars('web2')).toEqual({ ansible_port: 22 });
    expect(inv.hostVars('node2')).toEqual({ ansible_port: 2200 });
    expect(inv.hostVars('10.0.0.5')).toEqual({ ansible_port: 23 });
  });

  it('keeps IPv6 addresses whole and reads [v6]:port', () => {
    const inv = iniInventory('[g]\nfe80::1\n[2001:db8::5]:2222\n');
    expect(inv.hostNames()).toEqual(['fe80::1', '2001:db8::5']);
    expect(inv.hostVars('2001:db8::5')).toEqual({ ansible_port: 2222 });
  });

  it('merges a host defined twice and takes it out of ungrouped once grouped', () => {
    const inv = iniInventory('h1 a=1\n[g1]\nh1 b=2\n[g2]\nh1 a=3\n');
    expect(inv.hostVars('h1')).toEqual({ a: 3, b: 2 });
    expect(inv.groupsMap().ungrouped).toEqual([]);
    expect(inv.groupNamesOf('h1')).toEqual(['g1', 'g2']);
  });

  it('accepts a child group declared after its parent, and [g:vars] after [g]', () => {
    const inv = iniInventory('[k8s:children]\ncp\nworkers\n[cp]\ncp1\n[workers]\nw1\n[cp:vars]\nrole=cp\n');
    expect(inv.groupsMap().k8s).toEqual(['cp1', 'w1']);
    expect(inv.hostVars('cp1')).toEqual({ role: 'cp' });
  });

  it('accepts CRLF line endings, indentation and section comments', () => {
    const inv = iniInventory('[web] # frontends\r\n  web1 a=1\r\n\t web2\r\n');
    expect(inv.groupsMap().web).toEqual(['web1', 'web2']);
  });

  it('records ansible_group_priority as priority, not as a variable', () => {
    const inv = iniInventory('[a]\nh\n[b]\nh\n[a:vars]\nx=a\nansible_group_priority=10\n[b:vars]\nx=b\n');
    expect(inv.hostVars('h')).toEqual({ x: 'a' });
  });

  it('reads a lab-style inventory with ssh arguments quoted both ways', () => {
    const inv = iniInventory(`[control_plane]
cp1 ansible_host=198.18.0.11 ansible_ssh_common_args="-o UserKnownHostsFile=/lab/known_hosts -o StrictHostKeyChecking=yes"
[all:vars]
ansible_user=root
ansible_ssh_private_key_file='/lab/id_ed25519'
ansible_ssh_common_args='-o UserKnownHostsFile=/lab/known_hosts'
ansible_python_interpreter=/usr/bin/python3
`);
    expect(inv.hostVars('cp1')).toEqual({
      ansible_user: 'root',
      ansible_ssh_private_key_file: '/lab/id_ed25519',
      ansible_ssh_common_args: '-o UserKnownHostsFile=/lab/known_hosts -o StrictHostKeyChecking=yes',
      ansible_python_interpreter: '/usr/bin/python3',
      ansible_host: '198.18.0.11',
    });
  });

  it('warns when a host and a group share a name, as Ansible does', () => {
    expect(iniInventory('[web]\nweb\n').warnings).toEqual(["found both a group and a host named 'web'"]);
  });

  it('takes hosts listed directly under [all]', () => {
    const inv = iniInventory('[all]\nh1\n[all:vars]\nv=1\n');
    expect(inv.groupsMap().ungrouped).toEqual(['h1']);
    expect(inv.hostVars('h1')).toEqual({ v: 1 });
  });
});
