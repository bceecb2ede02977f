import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intentFromInventory } from '../../src/cli/cluster/intent-from-inventory.js';
import { loadInventory } from '../../src/inventory/index.js';
import { writeTree } from '../support/cli.js';

describe('the cluster intent read from an inventory', () => {
  it('reads the example inventory: HA control planes, workers with labels and taints', async () => {
    const inv = await loadInventory(
      [join(import.meta.dirname, '..', '..', 'inventory', 'example', 'hosts.ini')],
      { cwd: process.cwd() },
    );
    const intent = intentFromInventory(inv);
    expect(intent.controlPlanes.map((n) => [n.name, n.ip])).toEqual([
      ['cp1', '198.18.0.11'],
      ['cp2', '198.18.0.12'],
      ['cp3', '198.18.0.13'],
    ]);
    expect(intent.workers.map((n) => n.name)).toEqual(['w1', 'w2']);
    expect(intent.workers[0]!.labels).toEqual({ tier: 'frontend' });
    expect(intent.workers[1]!.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    expect(intent).toMatchObject({
      cni: 'calico',
      podNetworkCidr: '192.168.0.0/16',
      serviceCidr: '10.96.0.0/12',
      controlPlaneTaint: 'keep',
      kubeVersion: 'v1.31.4',
    });
  });

  it('defaults the pod CIDR by CNI, and "" means none', async () => {
    const dir = writeTree({
      'a.ini': '[control_plane]\ncp ansible_host=10.0.0.1\n[all:vars]\ncni=flannel\n',
      'b.ini':
        '[control_plane]\ncp ansible_host=10.0.0.1\n[all:vars]\ncni=flannel\npod_network_cidr=""\ncontrol_plane_taint=remove\n',
      'c.ini': '[control_plane]\ncp node_taints="gpu=yes:NoExecute"\n',
    });
    const a = intentFromInventory(await loadInventory([join(dir, 'a.ini')], { cwd: dir }));
    expect(a.podNetworkCidr).toBe('10.244.0.0/16');
    const b = intentFromInventory(await loadInventory([join(dir, 'b.ini')], { cwd: dir }));
    expect(b.podNetworkCidr).toBe('');
    expect(b.controlPlaneTaint).toBe('remove');
    const c = intentFromInventory(await loadInventory([join(dir, 'c.ini')], { cwd: dir }));
    expect(c.podNetworkCidr).toBe('192.168.0.0/16');
    expect(c.controlPlanes[0]!.taints).toEqual([{ key: 'gpu', value: 'yes', effect: 'NoExecute' }]);
  });

  it('an inventory without control planes is a clear error', async () => {
    const dir = writeTree({ 'h.ini': '[workers]\nw1\n' });
    const inv = await loadInventory([join(dir, 'h.ini')], { cwd: dir });
    expect(() => intentFromInventory(inv)).toThrow(/control_plane/);
  });
});
