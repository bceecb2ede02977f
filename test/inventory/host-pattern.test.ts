import { describe, expect, it } from 'vitest';
import { parseHostPattern, selectHosts } from '../../src/inventory/host-pattern.js';
import { iniInventory, inventoryErrorOf } from './support.js';

const inv = () =>
  iniInventory(`
solo
[webservers]
web1.example.com
web2.example.com
web3.example.com
[dbservers]
db1.example.com
db2.example.com
[staging]
web1.example.com
db1.example.com
[phoenix]
db1.example.com
[prod:children]
webservers
dbservers
`);

const cases: [string, string[]][] = [
  // Ansible walks `all` breadth first: top-level groups (ungrouped, staging, phoenix, prod) before their children.
  [
    'all',
    [
      'solo',
      'web1.example.com',
      'db1.example.com',
      'web2.example.com',
      'web3.example.com',
      'db2.example.com',
    ],
  ],
  [
    '*',
    [
      'solo',
      'web1.example.com',
      'db1.example.com',
      'web2.example.com',
      'web3.example.com',
      'db2.example.com',
    ],
  ],
  ['webservers', ['web1.example.com', 'web2.example.com', 'web3.example.com']],
  ['web*', ['web1.example.com', 'web2.example.com', 'web3.example.com']],
  [
    '*.example.com',
    ['web1.example.com', 'web2.example.com', 'web3.example.com', 'db1.example.com', 'db2.example.com'],
  ],
  ['web?.example.com', ['web1.example.com', 'web2.example.com', 'web3.example.com']],
  ['web[12].example.com', ['web1.example.com', 'web2.example.com']],
  ['web[!12].example.com', ['web3.example.com']],
  [
    'webservers:dbservers',
    ['web1.example.com', 'web2.example.com', 'web3.example.com', 'db1.example.com', 'db2.example.com'],
  ],
  [
    'dbservers,webservers',
    ['db1.example.com', 'db2.example.com', 'web1.example.com', 'web2.example.com', 'web3.example.com'],
  ],
  ['webservers:&staging', ['web1.example.com']],
  ['prod:!phoenix', ['web1.example.com', 'web2.example.com', 'web3.example.com', 'db2.example.com']],
  ['webservers:dbservers:&staging:!phoenix', ['web1.example.com']],
  ['!phoenix:dbservers', ['db2.example.com']],
  ['&staging', ['web1.example.com', 'db1.example.com']],
  ['!prod', ['solo']],
  ['~web[13]\\.', ['web1.example.com', 'web3.example.com']],
  ['~(web|db)1', ['web1.example.com', 'db1.example.com']],
  ['webservers[0]', ['web1.example.com']],
  ['webservers[-1]', ['web3.example.com']],
  ['webservers[1:2]', ['web2.example.com', 'web3.example.com']],
  ['webservers[1:]', ['web2.example.com', 'web3.example.com']],
  ['webservers[0:0]', ['web1.example.com']],
  ['webservers[5:9]', []],
  ['webservers[0],dbservers[-1]', ['web1.example.com', 'db2.example.com']],
  ['solo', ['solo']],
  ['db2.example.com:solo', ['db2.example.com', 'solo']],
  ['nomatch', []],
  ['nomatch*', []],
  ['web1.example.com,web1.example.com', ['web1.example.com']],
  ['  webservers  ,  ', ['web1.example.com', 'web2.example.com', 'web3.example.com']],
  ['WEB*', []],
];

describe('host patterns', () => {
  it.each(cases)('%s', (pattern, hosts) => {
    expect(selectHosts(pattern, inv())).toEqual(hosts);
  });

  it('accepts a parsed pattern and keeps its location', () => {
    const p = parseHostPattern('webservers:!web2*', { file: 'site.yml', line: 3, col: 10 });
    expect(p.terms.map((t) => [t.op, t.expr, t.kind])).toEqual([
      ['union', 'webservers', 'name'],
      ['exclude', 'web2*', 'glob'],
    ]);
    expect(selectHosts(p, inv())).toEqual(['web1.example.com', 'web3.example.com']);
  });

  it('creates the implicit localhost only when asked for and not in the inventory', () => {
    const i = inv();
    expect(i.hasHost('localhost')).toBe(false);
    expect(selectHosts('localhost', i)).toEqual(['localhost']);
    expect(i.hasHost('localhost')).toBe(true);
    expect(i.hostNames()).not.toContain('localhost');
    expect(selectHosts('all', i)).not.toContain('localhost');
    expect(i.groupNamesOf('localhost')).toEqual([]);
    expect(i.hostVars('localhost')).toEqual({ ansible_connection: 'local' });
    // One implicit localhost, named as first asked.
    expect(selectHosts('127.0.0.1', i)).toEqual([]);
  });

  it('uses an inventory localhost as is', () => {
    const i = iniInventory('localhost ansible_connection=ssh\n');
    expect(selectHosts('localhost', i)).toEqual(['localhost']);
    expect(i.hostVars('localhost')).toEqual({ ansible_connection: 'ssh' });
    expect(i.hostNames()).toEqual(['localhost']);
  });

  it('fails when an index subscript is out of range', async () => {
    const e = await inventoryErrorOf(() => selectHosts('webservers[7]', inv()));
    expect(e.code).toBe('PRV114');
  });

  const invalid = ['', '   ', ',', ':', 'web[0', 'web]', '!', '&', 'a:!', '~(', '~', 'web[[1]]', '[web-1]'];
  it.each(invalid)('rejects %j', async (pattern) => {
    const e = await inventoryErrorOf(() => parseHostPattern(pattern, { file: 'play.yml', line: 2, col: 9 }));
    expect(e.code).toBe('PRV113');
    expect(e.where()).toBe('play.yml:2:9');
  });
});
