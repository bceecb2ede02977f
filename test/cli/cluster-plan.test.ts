import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterPlanLines } from '../../src/cli/cluster/cluster-plan.js';
import { loadInventory } from '../../src/inventory/index.js';
import { writeTree } from '../support/cli.js';

/** Hosts reached locally: none has /etc/kubernetes/admin.conf, so the plan starts from no cluster. */
const inventory = (vars: string) =>
  writeTree({
    'hosts.ini': `[control_plane]\ncp1 ansible_host=198.18.0.11 ansible_connection=local\n[workers]\nw1 ansible_host=198.18.0.12 ansible_connection=local\nw2 ansible_host=198.18.0.13 ansible_connection=local node_labels='{"tier": "web"}'\n[all:vars]\n${vars}\n`,
  });

async function plan(vars: string): Promise<string> {
  const inv = await loadInventory([join(inventory(vars), 'hosts.ini')], { cwd: process.cwd() });
  return (await clusterPlanLines(inv, { extraVars: {}, acceptNewHostKeys: false })).join('\n');
}

describe('--check prints the cluster the run will produce', () => {
  it('Flannel with its default pod CIDR: three Ready nodes, distinct /24s, system pods ready', async () => {
    const text = await plan('cni=flannel');
    expect(text).toMatch(
      /cp1\s+Ready\s+control-plane\s+10\.244\.\d+\.0\/24\s+node-role\.kubernetes\.io\/control-plane:NoSchedule/,
    );
    expect(text).toMatch(/w2\s+Ready\s+<none>\s+10\.244\.\d+\.0\/24\s+<none>\s+tier=web/);
    const cidrs = [...text.matchAll(/10\.244\.(\d+)\.0\/24/g)].map((m) => m[1]);
    expect(new Set(cidrs).size).toBe(3);
    expect(text).toMatch(/kube-flannel\/kube-flannel-ds\s+3\/3/);
    expect(text).toMatch(/kube-system\/coredns\s+2\/2/);
    expect(text).toMatch(/verdict: converged/);
  });

  it('Flannel without a pod CIDR is predicted stuck: "pod cidr not assigned"', async () => {
    const text = await plan('cni=flannel\npod_network_cidr=""');
    expect(text).toMatch(/verdict: stuck/);
    expect(text).toMatch(/pod cidr not assigned/);
  });

  it('Calico with control_plane_taint=remove makes the control plane schedulable', async () => {
    const text = await plan('cni=calico\ncontrol_plane_taint=remove');
    expect(text).toMatch(/cp1\s+Ready\s+control-plane\s+\S+\s+<none>/);
    expect(text).toMatch(/kube-system\/calico-node\s+3\/3/);
  });
});
