import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isIgnoredInventoryEntry, loadInventory, looksLikeYaml } from '../../src/inventory/index.js';
import { inventoryErrorOf } from './support.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/inventory');

describe('format and ignore rules', () => {
  it.each([
    ['all:\n  hosts:\n', true],
    ['# c\n\n---\n', true],
    ['{"web": {}}', true],
    ['web:\n', true],
    ['[web]\nh1\n', false],
    ['h1:2222\n', false],
    ['h1 a=b:c\n', false],
    ['', false],
  ])('looksLikeYaml(%j) is %s', (text, yaml) => {
    expect(looksLikeYaml(text)).toBe(yaml);
  });

  it.each([
    ['hosts', false],
    ['hosts.ini', false],
    ['prod.yml', false],
    ['group_vars', true],
    ['host_vars', true],
    ['.git', true],
    ['hosts~', true],
    ['hosts.bak', true],
    ['site.retry', true],
    ['hosts.orig', true],
    ['ansible.cfg', true],
    ['README.md', true],
  ])('isIgnoredInventoryEntry(%j) is %s', (name, ignored) => {
    expect(isIgnoredInventoryEntry(name)).toBe(ignored);
  });
});

describe('inventory sources', () => {
  it('reads every non-ignored file of a directory, recursively, INI and YAML by extension or content', async () => {
    const inv = await loadInventory(['dir-source/inv'], { cwd: fixtures });
    expect(inv.groupsMap()).toMatchObject({ web: ['web1', 'web2'], db: ['db1', 'db2'], cache: ['c1'] });
    expect(inv.hostVars('web2')).toEqual({ from_dir: 1 });
    expect(inv.hostVarLayers('web1').map((l) => l.source)).toEqual([
      'dir-source/inv/group_vars/all.yml',
      'dir-source/inv/host_vars/web1/01.yml',
      'dir-source/inv/host_vars/web1/02.yml',
    ]);
    expect(inv.hostVars('web1')).toEqual({ from_dir: 1, a: 2, b: 2 });
    expect(inv.inventoryFileOf('web1')).toBe('dir-source/inv/01-hosts.ini');
  });

  it('merges several sources in order, each with its own group_vars', async () => {
    const inv = await loadInventory(['multi/a/hosts.ini', 'multi/b/hosts.yml'], { cwd: fixtures });
    expect(inv.groupsMap().web).toEqual(['w1', 'w2']);
    expect(inv.hostVars('w1')).toEqual({ who: 'b', only_a: 1, src: 'b' });
    expect(inv.hostVarLayers('w1').map((l) => l.source)).toEqual([
      'multi/a/group_vars/web.yml',
      'multi/b/group_vars/web.yml',
      'multi/a/hosts.ini',
      'multi/b/hosts.yml',
    ]);
  });

  it.each([
    ['localhost,', ['localhost'], {}],
    ['h1,h2,', ['h1', 'h2'], {}],
    [' a , b:2222 ,,', ['a', 'b'], { b: { ansible_port: 2222 } }],
  ])('reads the host list %j into ungrouped', async (source, hosts, vars) => {
    const inv = await loadInventory([source], { cwd: fixtures });
    expect(inv.hostNames()).toEqual(hosts);
    expect(inv.groupsMap().ungrouped).toEqual(hosts);
    for (const [h, v] of Object.entries(vars)) expect(inv.hostVars(h)).toEqual(v);
    // A listed localhost is a real host: no implicit connection=local (pass -c local, as with Ansible).
    if (hosts.includes('localhost')) expect(inv.hostVars('localhost')).toEqual({});
  });

  it('loads nothing from no sources', async () => {
    const inv = await loadInventory([], { cwd: fixtures });
    expect(inv.hostNames()).toEqual([]);
    expect(inv.groupNames()).toEqual(['all', 'ungrouped']);
  });

  it('rejects a dynamic inventory script', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'prv-inv-'));
    const script = path.join(dir, 'inv.py');
    await writeFile(script, '#!/usr/bin/env python3\nprint("{}")\n');
    await chmod(script, 0o755);
    const e = await inventoryErrorOf(() => loadInventory([script], { cwd: dir }));
    expect(e.code).toBe('PRV111');
    expect(e.where()).toBe('inv.py:1:1');
    expect(e.format()).toContain('not supported');
  });

  it('reads an executable file without #! as a static inventory, with a warning', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'prv-inv-'));
    const file = path.join(dir, 'hosts');
    await writeFile(file, '[web]\nw1\n');
    await chmod(file, 0o755);
    const inv = await loadInventory(['hosts'], { cwd: dir });
    expect(inv.hostNames()).toEqual(['w1']);
    expect(inv.warnings.join('\n')).toContain('executable');
  });

  it('fails on a missing source, suggesting a trailing comma for a bare name', async () => {
    const e = await inventoryErrorOf(() => loadInventory(['web1'], { cwd: fixtures }));
    expect(e.code).toBe('PRV110');
    expect(e.format()).toContain("-i 'web1,'");
  });
});
