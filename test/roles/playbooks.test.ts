import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { repoRoot } from './render-role-template.js';

const inventory = join(repoRoot, 'inventory', 'example');
const playbook = (name: string) => join(repoRoot, 'playbooks', `${name}.yml`);
const PLAYBOOKS = ['cluster', 'reset', 'add-nodes', 'remove-node'];

/** Task names of --list-tasks output, per play header. */
function listedPlays(stdout: string): { header: string; tasks: string[] }[] {
  const plays: { header: string; tasks: string[] }[] = [];
  for (const line of stdout.split('\n')) {
    if (/^\s+play #\d+/.test(line)) plays.push({ header: line.trim(), tasks: [] });
    else if (/^\s{6}\S/.test(line) && plays.length > 0) plays.at(-1)!.tasks.push(line.trim().split('\t')[0]!);
  }
  return plays;
}

describe('cluster playbooks load with the example inventory', () => {
  for (const name of PLAYBOOKS) {
    it(`${name}.yml passes --syntax-check`, async () => {
      const r = await runCli(['-i', inventory, playbook(name), '--syntax-check']);
      expect(r.code, r.all).toBe(0);
      expect(r.stdout).toContain(`playbook: ${playbook(name)}`);
    });

    it(`${name}.yml passes --list-tasks`, async () => {
      const r = await runCli(['-i', inventory, playbook(name), '--list-tasks']);
      expect(r.code, r.all).toBe(0);
      expect(listedPlays(r.stdout).length).toBeGreaterThan(0);
    });
  }

  it('cluster.yml runs the roles in the kubeadm order', async () => {
    const r = await runCli(['-i', inventory, playbook('cluster'), '--list-tasks']);
    const plays = listedPlays(r.stdout);
    expect(plays.map((p) => p.header.replace(/\s+TAGS:.*$/, ''))).toEqual([
      'play #1 (control_plane:workers): Prepare every node (swap, kernel modules, sysctls, containerd, kubelet/kubeadm/kubectl)',
      'play #2 (lb): Put haproxy in front of the control planes',
      'play #3 (control_plane[0]): Initialise the first control plane',
      'play #4 (control_plane): Join the other control planes',
      'play #5 (workers): Join the workers',
      'play #6 (control_plane[0]): Install the pod network',
      'play #7 (control_plane:workers): Control-plane taint, node labels and taints',
      'play #8 (control_plane:workers): Verify the cluster',
    ]);
    const all = plays.flatMap((p) => p.tasks);
    const order = ['Turn swap off now', 'Install containerd', 'Hold them at that version', 'kubeadm init'];
    expect(order.map((t) => all.indexOf(t))).toEqual(
      [...order.map((t) => all.indexOf(t))].sort((a, b) => a - b),
    );
    expect(plays[5]!.tasks).toContain('Apply the Calico manifest');
    expect(plays[5]!.tasks).toContain('Apply the Flannel manifest');
  });

  it('--list-hosts: reset goes workers → other control planes → first control plane', async () => {
    const r = await runCli(['-i', inventory, playbook('reset'), '--list-hosts']);
    expect(r.code, r.all).toBe(0);
    const hostBlocks = r.stdout
      .split(/play #\d+/)
      .slice(1)
      .map((b) => [...b.matchAll(/^\s{6}(\S+)$/gm)].map((m) => m[1]));
    expect(hostBlocks).toEqual([['w1', 'w2'], ['cp2', 'cp3'], ['cp1']]);
  });

  it('--list-hosts: add-nodes with --limit touches only the new host and the first control plane', async () => {
    const r = await runCli(['-i', inventory, playbook('add-nodes'), '--list-hosts', '--limit', 'w2,cp1']);
    expect(r.code, r.all).toBe(0);
    const hosts = new Set([...r.stdout.matchAll(/^\s{6}(\S+)$/gm)].map((m) => m[1]));
    expect([...hosts].sort()).toEqual(['cp1', 'w2']);
  });

  it('--list-hosts: remove-node resets only the named node', async () => {
    const r = await runCli([
      '-i',
      inventory,
      playbook('remove-node'),
      '--list-hosts',
      '-e',
      'remove_node=w2',
    ]);
    expect(r.code, r.all).toBe(0);
    const blocks = r.stdout
      .split(/play #\d+/)
      .slice(1)
      .map((b) => [...b.matchAll(/^\s{6}(\S+)$/gm)].map((m) => m[1]));
    expect(blocks[1]).toEqual(['w2']);
  });
});
