import { describe, expect, it } from 'vitest';
import { rolloutStatus } from '../../../src/cluster/controllers/deployment-status.js';
import type { DaemonSet } from '../../../src/cluster/objects/index.js';
import { clusterWithNodes, deployment, podsOf } from './support.js';

describe('workload controllers', () => {
  it('rolls a Deployment out to Running pods with distinct IPs', async () => {
    const c = await clusterWithNodes(3);
    await c.apply([deployment('web', 5)]);
    await c.runUntilQuiet(120_000);
    const pods = await podsOf(c, 'app=web');
    expect(pods).toHaveLength(5);
    expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
    expect(new Set(pods.map((p) => p.status?.podIP)).size).toBe(5);
    const d = await c.client.get('Deployment', 'web', 'default');
    expect(rolloutStatus(d)).toEqual({ done: true, message: 'deployment "web" successfully rolled out' });
    expect(d.status).toMatchObject({ replicas: 5, updatedReplicas: 5, availableReplicas: 5 });
    c.stop();
  });

  it('rolls a new template out and keeps the old ReplicaSet as history', async () => {
    const c = await clusterWithNodes(2);
    await c.apply([deployment('web', 4)]);
    await c.runUntilQuiet(120_000);
    await c.apply([deployment('web', 4, 'nginx:1.28')]);
    await c.runUntilQuiet(120_000);
    const pods = await podsOf(c, 'app=web');
    expect(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec.containers[0]?.image)).toEqual(
      Array(4).fill('nginx:1.28'),
    );
    const rs = (await c.client.list('ReplicaSet')).items;
    expect(
      rs.map((r) => [r.spec.replicas, r.metadata.annotations?.['deployment.kubernetes.io/revision']]).sort(),
    ).toEqual([
      [0, '1'],
      [4, '2'],
    ]);
    c.stop();
  });

  it('runs one DaemonSet pod per eligible node, skipping nodes with untolerated taints', async () => {
    const c = await clusterWithNodes(3);
    await c.client.patch('Node', 'w3', undefined, {
      spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] },
    });
    const ds: DaemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'a', image: 'busybox' }] },
        },
      },
    };
    await c.apply([ds]);
    await c.runUntilQuiet(60_000);
    const pods = await podsOf(c, 'app=agent');
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['w1', 'w2']);
    expect(pods[0]?.spec.tolerations).toContainEqual({
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
    });
    const status = (await c.client.get('DaemonSet', 'agent', 'kube-system')).status;
    expect(status).toMatchObject({ desiredNumberScheduled: 2, numberReady: 2, numberAvailable: 2 });
    c.stop();
  });
});
