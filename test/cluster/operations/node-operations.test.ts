import { describe, expect, it } from 'vitest';
import type { DaemonSet, PodDisruptionBudget } from '../../../src/cluster/objects/index.js';
import {
  cordon,
  drain,
  label,
  parseTaintSpec,
  taintNode,
  uncordon,
} from '../../../src/cluster/operations/node-operations.js';
import { ApiError } from '../../../src/cluster/store/api-error.js';
import { clusterWithNodes, deployment } from '../controllers/support.js';

describe('node operations', () => {
  it('parses kubectl taint specs', () => {
    expect(parseTaintSpec('dedicated=gpu:NoSchedule')).toEqual({
      taint: { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      remove: false,
    });
    expect(parseTaintSpec('node-role.kubernetes.io/control-plane:NoSchedule-')).toEqual({
      taint: { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      remove: true,
    });
    expect(() => parseTaintSpec('nokey')).toThrow(ApiError);
  });

  it('adds and removes taints and labels, refusing duplicates without overwrite', async () => {
    const c = await clusterWithNodes(1);
    await taintNode(c.client, 'w1', ['dedicated=gpu:NoSchedule']);
    await expect(taintNode(c.client, 'w1', ['dedicated=db:NoSchedule'])).rejects.toThrow(
      'already has dedicated=gpu:NoSchedule',
    );
    expect(await taintNode(c.client, 'w1', ['dedicated=db:NoSchedule'], { overwrite: true })).toContainEqual({
      key: 'dedicated',
      value: 'db',
      effect: 'NoSchedule',
    });
    expect(await taintNode(c.client, 'w1', ['dedicated-'])).toEqual([]);
    await label(c.client, 'Node', 'w1', undefined, { disk: 'ssd' });
    expect((await c.client.get('Node', 'w1')).metadata.labels?.disk).toBe('ssd');
    await label(c.client, 'Node', 'w1', undefined, { disk: null });
    expect((await c.client.get('Node', 'w1')).metadata.labels?.disk).toBeUndefined();
    c.stop();
  });

  it('drains a node: skips DaemonSet pods, respects a PodDisruptionBudget, and pods move elsewhere', async () => {
    const c = await clusterWithNodes(2);
    const ds: DaemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'a', image: 'busybox' }] },
        },
      },
    };
    const pdb: PodDisruptionBudget = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'default' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
    };
    await c.apply([deployment('web', 4), ds, pdb]);
    await c.runUntilQuiet(60_000);
    const onW1 = (await c.client.list('Pod', { fieldSelector: 'spec.nodeName=w1', labelSelector: 'app=web' }))
      .items.length;
    expect(onW1).toBeGreaterThanOrEqual(2);
    await expect(drain(c.client, 'w1')).rejects.toThrow(
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
    );
    const first = await drain(c.client, 'w1', { ignoreDaemonSets: true });
    expect(first.evicted).toHaveLength(1);
    expect(first.blocked).toHaveLength(onW1 - 1);
    expect(first.blocked[0]?.message).toBe(
      "Cannot evict pod as it would violate the pod's disruption budget.",
    );
    expect(first.skipped.map((s) => s.reason)).toEqual(['DaemonSet-managed']);
    // kubectl retries blocked evictions; each retry succeeds once a replacement is up elsewhere.
    for (let i = 0; i < 5; i++) {
      await c.runUntilQuiet(60_000);
      const again = await drain(c.client, 'w1', { ignoreDaemonSets: true });
      if (again.blocked.length === 0 && again.evicted.length === 0) break;
    }
    await c.runUntilQuiet(60_000);
    const web = (await c.client.list('Pod', { labelSelector: 'app=web' })).items.filter(
      (p) => !p.metadata.deletionTimestamp,
    );
    expect(web.map((p) => p.spec.nodeName)).toEqual(['w2', 'w2', 'w2', 'w2']);
    expect((await c.client.get('Node', 'w1')).spec.unschedulable).toBe(true);
    await uncordon(c.client, 'w1');
    expect((await c.client.get('Node', 'w1')).spec.unschedulable).toBeUndefined();
    await cordon(c.client, 'w1');
    expect((await c.client.get('Node', 'w1')).spec.unschedulable).toBe(true);
    c.stop();
  });
});
