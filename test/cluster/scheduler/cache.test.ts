import { describe, expect, it } from 'vitest';
import { SchedulingAlgorithm } from '../../../src/cluster/scheduler/algorithm.js';
import { SchedulerCache } from '../../../src/cluster/scheduler/cache.js';
import { node, on, pod } from './builders.js';

const antiStore = {
  podAntiAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: { app: 'store' } }, topologyKey: 'kubernetes.io/hostname' },
    ],
  },
};

describe('scheduler cache', () => {
  it('re-judges node-only filters when labels or taints change, not on status heartbeats', () => {
    const cache = new SchedulerCache();
    cache.upsertNode(node('a'));
    const algorithm = new SchedulingAlgorithm(cache);
    const ssd = () => cache.podInfo(pod('p', { nodeSelector: { disk: 'ssd' } }));
    expect(algorithm.schedule(ssd()).kind).toBe('unschedulable');
    const generation = cache.nodeGeneration;
    cache.upsertNode(node('a'));
    expect(cache.nodeGeneration).toBe(generation);
    cache.upsertNode(node('a', { labels: { disk: 'ssd' } }));
    expect(algorithm.schedule(ssd()).kind).toBe('scheduled');
    cache.upsertNode(node('a', { labels: { disk: 'ssd' }, taints: [{ key: 'k', effect: 'NoSchedule' }] }));
    expect(algorithm.schedule(ssd()).kind).toBe('unschedulable');
  });

  it('counts pods bound before their node is known once the node appears', () => {
    const cache = new SchedulerCache();
    const early = on('a', 's1', { labels: { app: 'store' } });
    cache.place(cache.podInfo(early), 'a', false);
    cache.upsertNode(node('a'));
    cache.upsertNode(node('b'));
    const result = new SchedulingAlgorithm(cache).schedule(cache.podInfo(pod('p', { affinity: antiStore })));
    expect(result.kind === 'scheduled' && result.node.name).toBe('b');
  });

  it('frees requests, ports and topology counts when a pod is removed', () => {
    const cache = new SchedulerCache();
    cache.upsertNode(node('a', { cpu: '1' }));
    const busy = on('a', 's1', { labels: { app: 'store' }, cpu: '1', hostPorts: [{ port: 80 }] });
    cache.place(cache.podInfo(busy), 'a', false);
    const algorithm = new SchedulingAlgorithm(cache);
    const wanting = () =>
      cache.podInfo(pod('p', { cpu: '1', hostPorts: [{ port: 80 }], affinity: antiStore }));
    expect(algorithm.schedule(wanting()).kind).toBe('unschedulable');
    cache.remove('default/s1');
    expect(algorithm.schedule(wanting()).kind).toBe('scheduled');
    const a = cache.nodeByName('a');
    expect([a?.reqCpu, a?.podCount(), a?.ports.size]).toEqual([0, 0, 0]);
  });
});
