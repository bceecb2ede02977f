import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../src/cluster/objects/index.js';
import { clusterWithNodes } from './support.js';

const bare = (name: string, nodeName: string, tolerations: Pod['spec']['tolerations'] = undefined): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }], ...(tolerations ? { tolerations } : {}) },
});

const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready');

describe('node lifecycle and taint-based eviction', () => {
  it('marks a silent node Unknown, taints it unreachable, and evicts pods when their tolerations run out', async () => {
    const c = await clusterWithNodes(2);
    await c.apply([
      bare('default-tol', 'w1'),
      bare('short-tol', 'w1', [
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 60,
        },
      ]),
      bare('forever', 'w1', [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      ]),
    ]);
    await c.runFor(20_000);
    expect(ready(await c.client.get('Node', 'w1'))?.status).toBe('True');
    c.stopNode('w1');
    await c.runFor(60_000);
    const node = await c.client.get('Node', 'w1');
    expect(ready(node)).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    const noExec = node.spec.taints?.find(
      (t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
    );
    expect(node.spec.taints).toContainEqual({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' });
    const taintedAt = Date.parse(noExec?.timeAdded ?? '');
    expect(taintedAt).toBeGreaterThan(0);

    const evictedAt = async (name: string) => {
      const p = await c.client.get('Pod', name, 'default');
      const cond = p.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
      return cond ? Date.parse(cond.lastTransitionTime ?? '') : undefined;
    };
    await c.runFor(taintedAt + 299_000 - c.clock.now());
    expect(await evictedAt('short-tol')).toBe(taintedAt + 60_000);
    expect(await evictedAt('default-tol')).toBeUndefined();
    await c.runFor(2000);
    expect(await evictedAt('default-tol')).toBe(taintedAt + 300_000);
    const p = await c.client.get('Pod', 'default-tol', 'default');
    expect(p.metadata.deletionTimestamp).toBeDefined();
    await c.runFor(600_000);
    expect(await evictedAt('forever')).toBeUndefined();
    c.stop();
  });

  it('evicts at once a pod that does not tolerate a NoExecute taint added by hand', async () => {
    const c = await clusterWithNodes(1);
    await c.apply([bare('p', 'w1')]);
    await c.runFor(10_000);
    await c.client.patch('Node', 'w1', undefined, {
      spec: { taints: [{ key: 'maintenance', effect: 'NoExecute' }] },
    });
    await c.runFor(100);
    await expect(c.client.get('Pod', 'p', 'default')).rejects.toThrow('not found');
    c.stop();
  });

  it('allocates distinct /24 podCIDRs inside the cluster CIDR and reports exhaustion', async () => {
    const c = await clusterWithNodes(0, { clusterCidr: '10.244.0.0/23' });
    for (const n of ['a', 'b', 'c']) await c.addNode({ nodeName: n, ip: '198.18.0.9' });
    await c.runFor(1000);
    const cidrs = await Promise.all(
      ['a', 'b', 'c'].map(async (n) => (await c.client.get('Node', n)).spec.podCIDR),
    );
    expect(cidrs).toEqual(['10.244.0.0/24', '10.244.1.0/24', undefined]);
    const events = (await c.client.list('Event')).items.filter((e) => e.reason === 'CIDRNotAvailable');
    expect(events.map((e) => e.message)).toEqual(['Node c status is now: CIDRNotAvailable']);
    await c.client.delete('Node', 'a');
    await c.runFor(1000);
    expect((await c.client.get('Node', 'c')).spec.podCIDR).toBe('10.244.0.0/24');
    c.stop();
  });

  it('removes the not-ready taint once the node is Ready and adds unschedulable on cordon', async () => {
    const c = await clusterWithNodes(1);
    await c.runFor(1000);
    expect((await c.client.get('Node', 'w1')).spec.taints ?? []).toEqual([]);
    await c.client.patch('Node', 'w1', undefined, { spec: { unschedulable: true } });
    await c.runFor(1000);
    expect((await c.client.get('Node', 'w1')).spec.taints).toEqual([
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ]);
    c.stop();
  });
});
