import { describe, expect, it } from 'vitest';
import type { ClusterIntent } from '../../../src/cluster/convergence/intent.js';
import { simulate } from '../../../src/cluster/convergence/simulate.js';

const base = (cni: 'calico' | 'flannel', podNetworkCidr: string): ClusterIntent => ({
  controlPlanes: [{ name: 'cp1', ip: '198.18.0.11' }],
  workers: [
    { name: 'w1', ip: '198.18.0.21', labels: { 'topology.kubernetes.io/zone': 'a' } },
    { name: 'w2', ip: '198.18.0.22', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
  ],
  cni,
  podNetworkCidr,
  controlPlaneTaint: 'keep',
});

describe('simulate a kubeadm bootstrap', () => {
  it('converges with Flannel and a pod network CIDR', async () => {
    const r = await simulate(base('flannel', '10.244.0.0/16'));
    expect(r.checks.filter((c) => c.status !== 'converged')).toEqual([]);
    expect(r.verdict).toBe('converged');
    const cidrs = r.nodes.map((n) => n.podCIDR).sort();
    expect(cidrs).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    const cp = r.nodes.find((n) => n.name === 'cp1');
    expect(cp?.taints).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule']);
    const dns = r.pods.filter((p) => p.name.startsWith('coredns-'));
    expect(dns).toHaveLength(2);
    expect(dns.every((p) => p.phase === 'Running')).toBe(true);
  });

  it('reports Flannel without a pod network CIDR as stuck with "pod cidr not assigned"', async () => {
    const r = await simulate(base('flannel', ''), undefined, { maxModelTimeMs: 5 * 60_000 });
    expect(r.verdict).toBe('stuck');
    const cni = r.checks.find((c) => c.check === 'cni-ready');
    expect(cni?.status).toBe('stuck');
    expect(cni?.reason).toContain('pod cidr not assigned');
    expect(r.checks.find((c) => c.check === 'node-ready/w1')?.status).toBe('stuck');
    expect(r.checks.find((c) => c.check === 'coredns-available')?.status).toBe('stuck');
  });

  it('gives Calico nodes distinct /26 blocks without podCIDRs and lets CoreDNS run', async () => {
    const r = await simulate(base('calico', ''));
    expect(r.verdict).toBe('converged');
    const ips = r.pods.filter((p) => p.ip && !p.ip.startsWith('198.18.')).map((p) => p.ip as string);
    expect(ips.length).toBeGreaterThanOrEqual(3);
    expect(ips.every((ip) => ip.startsWith('192.168.'))).toBe(true);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('keeps workloads off the control plane unless the taint is removed', async () => {
    const single: ClusterIntent = { ...base('calico', '192.168.0.0/16'), workers: [] };
    const kept = await simulate(single);
    expect(kept.pods.find((p) => p.name.startsWith('calico-kube-controllers'))?.phase).toBe('Running');
    const removed = await simulate({ ...single, controlPlaneTaint: 'remove' });
    expect(removed.nodes[0]?.taints).toEqual([]);
    expect(removed.verdict).toBe('converged');
  });

  it('predicts no change for a cluster that already converged', async () => {
    const intent = base('flannel', '10.244.0.0/16');
    const first = await simulate(intent);
    const observed = {
      nodes: first.nodes.map((n) => ({
        apiVersion: 'v1' as const,
        kind: 'Node' as const,
        metadata: { name: n.name, labels: n.labels },
        spec: {
          podCIDR: n.podCIDR,
          taints: n.taints.map((t) => {
            const [kv, effect] = t.split(':') as [string, 'NoSchedule'];
            const [key, value] = kv.split('=') as [string, string | undefined];
            return { key, ...(value ? { value } : {}), effect };
          }),
        },
        status: { conditions: [{ type: 'Ready', status: n.ready ? ('True' as const) : ('False' as const) }] },
      })),
      pods: [],
    };
    const again = await simulate(intent, observed);
    expect(again.changes).toEqual([]);
    expect(again.verdict).toBe('converged');
  });
});
