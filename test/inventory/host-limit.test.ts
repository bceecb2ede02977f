import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyLimit, parseLimit, selectHosts } from '../../src/inventory/index.js';
import { iniInventory, inventoryErrorOf } from './support.js';

const inv = () => iniInventory('[web]\nweb1\nweb2\nweb3\n[db]\ndb1\ndb2\n');

describe('--limit', () => {
  it.each([
    ['web', ['web1', 'web2', 'web3']],
    ['web1,db2', ['web1', 'db2']],
    ['all:!web2', ['web1', 'web3', 'db1', 'db2']],
    ['db[0]:web[-1]', ['web3', 'db1']],
    ['nothing', []],
  ])('%s narrows a play on all', (limit, hosts) => {
    const i = inv();
    expect(applyLimit(selectHosts('all', i), parseLimit(limit, { cwd: '/' }), i)).toEqual(hosts);
  });

  it('reads @file as one pattern per line, as ansible-playbook reads a .retry file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'prv-limit-'));
    await writeFile(path.join(dir, 'site.retry'), 'db2\n\nweb1\n');
    const i = inv();
    const limit = parseLimit('@site.retry', { cwd: dir });
    expect(applyLimit(selectHosts('all', i), limit, i)).toEqual(['web1', 'db2']);
    const mixed = parseLimit('@site.retry,web3', { cwd: dir });
    expect(applyLimit(selectHosts('web', i), mixed, i)).toEqual(['web1', 'web3']);
  });

  it('fails on a missing @file and on an empty limit', async () => {
    expect((await inventoryErrorOf(() => parseLimit('@nope.retry', { cwd: '/nonexistent' }))).code).toBe(
      'PRV110',
    );
    expect((await inventoryErrorOf(() => parseLimit(' , ', { cwd: '/' }))).code).toBe('PRV113');
  });
});
