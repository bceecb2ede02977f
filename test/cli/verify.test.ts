import { describe, expect, it } from 'vitest';
import { checkLines } from '../../src/cli/cluster/cluster-report.js';
import { parseClusterList, READ_CLUSTER_COMMAND, readCluster } from '../../src/cli/cluster/read-cluster.js';
import { converge, overall } from '../../src/cluster/convergence/converge.js';
import type { ClusterIntent } from '../../src/cluster/convergence/intent.js';
import { ScriptedTransport } from '../../src/transport/scripted-transport.js';

const cpLabel = 'node-role.kubernetes.io/control-plane';
const readyNode = (name: string, podCIDR: string, cp: boolean) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(cp ? { [cpLabel]: '' } : {}) } },
  spec: { podCIDR, ...(cp ? { taints: [{ key: cpLabel, effect: 'NoSchedule' }] } : {}) },
  status: {
    conditions: [
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ],
  },
});
const runningPod = (
  ns: string,
  name: string,
  node: string,
  owner: { kind: string; name: string },
  labels: Record<string, string> = {},
) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    namespace: ns,
    name,
    labels,
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: owner.kind,
        name: owner.name,
        uid: `${owner.name}-uid`,
        controller: true,
      },
    ],
  },
  spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      {
        name: 'c',
        ready: true,
        restartCount: 0,
        image: 'x',
        imageID: '',
        state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
      },
    ],
  },
});

function clusterList(opts: { workerReady?: boolean } = {}) {
  const worker = readyNode('w1', '10.244.1.0/24', false);
  if (opts.workerReady === false) {
    worker.status.conditions = [
      {
        type: 'Ready',
        status: 'False',
        reason: 'KubeletNotReady',
        message: 'container runtime network not ready',
      },
    ];
  }
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      readyNode('cp1', '10.244.0.0/24', true),
      worker,
      runningPod('kube-flannel', 'kube-flannel-ds-aaaaa', 'cp1', {
        kind: 'DaemonSet',
        name: 'kube-flannel-ds',
      }),
      runningPod('kube-flannel', 'kube-flannel-ds-bbbbb', 'w1', {
        kind: 'DaemonSet',
        name: 'kube-flannel-ds',
      }),
      runningPod(
        'kube-system',
        'coredns-6f6b679f8f-ccccc',
        'cp1',
        { kind: 'ReplicaSet', name: 'coredns-6f6b679f8f' },
        { 'k8s-app': 'kube-dns' },
      ),
    ],
  };
}

const intent: ClusterIntent = {
  controlPlanes: [{ name: 'cp1', ip: '198.18.0.11' }],
  workers: [{ name: 'w1', ip: '198.18.0.12' }],
  cni: 'flannel',
  podNetworkCidr: '10.244.0.0/16',
  controlPlaneTaint: 'keep',
};

describe('provision verify reads kubectl JSON over the transport and checks it with the model', () => {
  it('a converged cluster passes every check', async () => {
    const t = new ScriptedTransport([
      { match: 'test -f /etc/kubernetes/admin.conf', rc: 0 },
      { match: READ_CLUSTER_COMMAND, stdout: JSON.stringify(clusterList()) },
    ]);
    const observed = await readCluster(t, 'cp1');
    const checks = converge(intent, observed!);
    expect(checks.filter((c) => c.status !== 'converged')).toEqual([]);
    expect(overall(checks)).toBe('converged');
  });

  it('drift from the inventory is reported: a wanted label missing, an extra taint', () => {
    const observed = parseClusterList(JSON.stringify(clusterList()), 'cp1');
    const drifted: ClusterIntent = {
      ...intent,
      workers: [{ name: 'w1', ip: '198.18.0.12', labels: { tier: 'web' } }],
      controlPlaneTaint: 'remove',
    };
    const lines = checkLines(converge(drifted, observed)).join('\n');
    expect(lines).toMatch(/stuck\s+node-labels\/w1: missing labels tier=web/);
    expect(lines).toMatch(
      /stuck\s+node-taints\/cp1: unwanted taint node-role.kubernetes.io\/control-plane:NoSchedule/,
    );
  });

  it('a host without a cluster yet has no admin.conf', async () => {
    const t = new ScriptedTransport([{ match: 'test -f /etc/kubernetes/admin.conf', rc: 1 }]);
    expect(await readCluster(t, 'cp1')).toBeUndefined();
  });

  it('kubectl output that is not JSON is a typed error naming the host', () => {
    expect(() => parseClusterList('error: the server is down', 'cp1')).toThrow(/kubectl did not print JSON/);
  });
});
