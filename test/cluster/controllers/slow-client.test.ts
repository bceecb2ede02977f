import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../src/cluster/cluster.js';
import type { DaemonSet, Pod } from '../../../src/cluster/objects/index.js';
import { SlowClient } from '../support/slow-client.js';
import { clusterWithNodes, deployment } from './support.js';

const agent: DaemonSet = {
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

/** The state that matters, without names and IPs (which depend on timing). */
async function normalized(c: Cluster) {
  const pods = (await c.client.list('Pod')).items.filter((p: Pod) => !p.metadata.deletionTimestamp);
  const byOwner = pods
    .map(
      (p) =>
        `${p.metadata.labels?.app}|${p.spec.containers[0]?.image}|${p.status?.phase}|${p.metadata.labels?.app === 'agent' ? p.spec.nodeName : ''}`,
    )
    .sort();
  const nodes = (await c.client.list('Node')).items
    .map(
      (n) =>
        `${n.metadata.name}|${n.spec.podCIDR}|${n.status?.conditions?.find((x) => x.type === 'Ready')?.status}|${JSON.stringify(n.spec.taints ?? [])}`,
    )
    .sort();
  const rs = (await c.client.list('ReplicaSet')).items
    .map(
      (r) => `${r.spec.template.spec.containers[0]?.image}|${r.spec.replicas}|${r.status?.availableReplicas}`,
    )
    .sort();
  return { byOwner, nodes, rs };
}

async function scenario(c: Cluster) {
  await c.apply([deployment('web', 6), agent]);
  await c.runUntilQuiet(300_000);
  await c.apply([deployment('web', 3, 'nginx:1.28')]);
  await c.runUntilQuiet(300_000);
  return normalized(c);
}

describe('controllers over a slow, reordering, dropping client', () => {
  it('converge to the same state as over the in-process client', async () => {
    const direct = await clusterWithNodes(3);
    const expected = await scenario(direct);
    direct.stop();

    const slowClients: SlowClient[] = [];
    const slow = await clusterWithNodes(3, {
      clientFor: (_component, base) => {
        const s = new SlowClient(base, base.store.clock, {
          seed: slowClients.length + 1,
          maxDelayMs: 40,
          dropChance: 0.02,
          goneChance: 0.3,
          maxFaults: 15,
        });
        slowClients.push(s);
        return s;
      },
    });
    const got = await scenario(slow);
    slow.stop();
    expect(got).toEqual(expected);
    expect(expected.byOwner.filter((x) => x.startsWith('web|nginx:1.28|Running'))).toHaveLength(3);
    const total = slowClients.reduce(
      (n, s) => ({ drops: n.drops + s.stats.drops, gones: n.gones + s.stats.gones }),
      { drops: 0, gones: 0 },
    );
    expect(total.drops).toBeGreaterThan(0);
    expect(total.gones).toBeGreaterThan(0);
  });
});
