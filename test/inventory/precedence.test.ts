import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/inventory/index.js';

const root = path.resolve(import.meta.dirname, '../fixtures/inventory/precedence');
const load = () => loadInventory(['inventory/hosts.ini'], { cwd: root });

describe('variable precedence (Ansible order)', () => {
  it('orders the layers: inventory-file groups, group_vars/all, group_vars/* by depth, then host layers', async () => {
    const inv = await load();
    const layers = inv.hostVarLayers('web1', [path.join(root, 'playbook')]);
    expect(layers.map((l) => [l.kind, l.source, l.vars.level])).toEqual([
      ['group', 'inventory/hosts.ini [all:vars]', 'all-inv'],
      ['group', 'inventory/hosts.ini [k8s:vars]', 'k8s-inv'],
      ['group', 'inventory/hosts.ini [web:vars]', 'web-inv'],
      ['group', 'inventory/group_vars/all.yml', 'all-gv'],
      ['group', 'playbook/group_vars/all.yml', 'all-pb'],
      ['group', 'inventory/group_vars/k8s/10-a.yml', 'k8s-gv-a'],
      ['group', 'inventory/group_vars/k8s/20-b.yaml', 'k8s-gv-b'],
      ['group', 'inventory/group_vars/web', 'web-gv'],
      ['group', 'playbook/group_vars/web.yml', 'web-pb'],
      ['host', 'inventory/hosts.ini', 'host-inline'],
      ['host', 'inventory/host_vars/web1.json', 'web1-hv'],
      ['host', 'playbook/host_vars/web1.yml', 'web1-pb'],
    ]);
  });

  it('merges with later layers winning and dicts replaced, not merged', async () => {
    const inv = await load();
    expect(inv.hostVars('web1', [path.join(root, 'playbook')])).toEqual({
      level: 'web1-pb',
      inline_only: 1,
      from_all_inv: 1,
      web_inv: 1,
      from_all_gv: 1,
      pb_all: 1,
      k8s_list: [1],
      shared_dict: { c: 3 },
    });
  });

  it.each([
    ['web1', 'web1-hv'],
    ['web2', 'web-gv'],
    ['db1', 'k8s-gv-b'],
    // group_vars/all.yml beats [other:vars] in the inventory file, as in Ansible.
    ['other1', 'all-gv'],
  ])('without playbook dirs, %s gets level=%s', async (host, level) => {
    const inv = await load();
    expect(inv.hostVars(host).level).toBe(level);
  });

  it('gives the implicit localhost the all-group layers and ansible_connection=local', async () => {
    const inv = await load();
    expect(inv.ensureImplicitLocalhost('localhost')).toBe(true);
    const layers = inv.hostVarLayers('localhost', [path.join(root, 'playbook')]);
    expect(layers.map((l) => l.source)).toEqual([
      'inventory/hosts.ini [all:vars]',
      'inventory/group_vars/all.yml',
      'playbook/group_vars/all.yml',
      'implicit localhost',
    ]);
    expect(inv.hostVars('localhost').ansible_connection).toBe('local');
  });

  it('does not read the playbook dir twice when it is the inventory dir', async () => {
    const inv = await load();
    const once = inv.hostVarLayers('web2');
    expect(inv.hostVarLayers('web2', [path.join(root, 'inventory')])).toEqual(once);
  });

  it('orders same-depth groups by ansible_group_priority, then name', async () => {
    const { iniInventory } = await import('./support.js');
    const inv = iniInventory('[b]\nh\n[a]\nh\n[c]\nh\n[a:vars]\nx=a\n[b:vars]\nx=b\n[c:vars]\nx=c\n');
    expect(inv.hostVars('h').x).toBe('c');
    const prio = iniInventory(
      '[b]\nh\n[a]\nh\n[c]\nh\n[a:vars]\nx=a\nansible_group_priority=5\n[b:vars]\nx=b\n[c:vars]\nx=c\n',
    );
    expect(prio.hostVars('h').x).toBe('a');
    expect(prio.hostVarLayers('h').map((l) => l.source)).toEqual([
      'hosts.ini [b:vars]',
      'hosts.ini [c:vars]',
      'hosts.ini [a:vars]',
    ]);
  });

  it('applies a deeper child group after its parent whatever the names', async () => {
    const { yamlInventory } = await import('./support.js');
    const inv = yamlInventory(
      'zzz:\n  vars: {x: parent}\n  children:\n    aaa:\n      vars: {x: child}\n      hosts: {h: null}\n',
    );
    expect(inv.hostVars('h').x).toBe('child');
  });
});
