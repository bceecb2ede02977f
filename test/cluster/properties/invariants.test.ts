import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/cluster/objects/index.js';
import { isPodReady } from '../../../src/cluster/objects/pod.js';
import { milliValue, quantityValue } from '../../../src/cluster/objects/quantity.js';
import { clusterWithNodes, deployment } from '../controllers/support.js';

const live = (p: Pod) =>
  !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

describe('model invariants (property-based)', () => {
  it('rolling updates stay within replicas+maxSurge pods and replicas−maxUnavailable available', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 2 }),
        async (replicas, surge, unavailable) => {
          const maxUnavailable = surge === 0 && unavailable === 0 ? 1 : Math.min(unavailable, replicas);
          const c = await clusterWithNodes(3);
          const strategy = {
            type: 'RollingUpdate' as const,
            rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable },
          };
          await c.apply([deployment('web', replicas, 'nginx:1.27', { strategy })]);
          await c.runUntilQuiet(300_000);
          let worstTotal = 0;
          let worstAvailable = Number.POSITIVE_INFINITY;
          const w = c.store.watch('Pod', {}, () => {
            const pods = (c.store.list('Pod', { labelSelector: 'app=web' }).items as Pod[]).filter(live);
            worstTotal = Math.max(worstTotal, pods.length);
            worstAvailable = Math.min(worstAvailable, pods.filter(isPodReady).length);
          });
          await c.apply([deployment('web', replicas, 'nginx:1.28', { strategy })]);
          await c.runUntilQuiet(300_000);
          w.stop();
          const final = (await c.client.list('Pod', { labelSelector: 'app=web' })).items.filter(live);
          c.stop();
          expect(final.map((p) => p.spec.containers[0]?.image)).toEqual(Array(replicas).fill('nginx:1.28'));
          expect(worstTotal).toBeLessThanOrEqual(replicas + surge);
          expect(worstAvailable).toBeGreaterThanOrEqual(replicas - maxUnavailable);
        },
      ),
      { numRuns: 10, seed: 42 },
    );
  });

  it('never gives two pods the same IP', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }),
        async (nodes, sizes) => {
          const c = await clusterWithNodes(nodes);
          await c.apply(sizes.map((n, i) => deployment(`app${i}`, n)));
          await c.runUntilQuiet(300_000);
          // Scale one down and back up so released addresses get reused.
          await c.apply([deployment('app0', 1)]);
          await c.runUntilQuiet(300_000);
          await c.apply([deployment('app0', sizes[0] as number)]);
          await c.runUntilQuiet(300_000);
          const ips = (await c.client.list('Pod')).items
            .filter((p) => live(p) && !p.spec.hostNetwork && p.status?.podIP)
            .map((p) => p.status?.podIP);
          c.stop();
          expect(new Set(ips).size).toBe(ips.length);
        },
      ),
      { numRuns: 10, seed: 7 },
    );
  });

  it('never places more requests on a node than it can allocate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(
          fc.record({
            cpu: fc.integer({ min: 100, max: 1500 }),
            memMi: fc.integer({ min: 64, max: 3000 }),
            n: fc.integer({ min: 1, max: 6 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (nodes, groups) => {
          const c = await clusterWithNodes(nodes);
          await c.apply(
            groups.map((g, i) => {
              const d = deployment(`g${i}`, g.n);
              const ctr = d.spec.template.spec.containers[0];
              if (ctr) ctr.resources = { requests: { cpu: `${g.cpu}m`, memory: `${g.memMi}Mi` } };
              return d;
            }),
          );
          await c.runUntilQuiet(300_000);
          const pods = (await c.client.list('Pod')).items.filter(live);
          for (const node of (await c.client.list('Node')).items) {
            const on = pods.filter((p) => p.spec.nodeName === node.metadata.name);
            const cpu = on.reduce(
              (s, p) => s + p.spec.containers.reduce((t, k) => t + milliValue(k.resources?.requests?.cpu), 0),
              0,
            );
            const mem = on.reduce(
              (s, p) =>
                s + p.spec.containers.reduce((t, k) => t + quantityValue(k.resources?.requests?.memory), 0),
              0,
            );
            expect(cpu).toBeLessThanOrEqual(milliValue(node.status?.allocatable?.cpu));
            expect(mem).toBeLessThanOrEqual(quantityValue(node.status?.allocatable?.memory));
          }
          c.stop();
        },
      ),
      { numRuns: 10, seed: 3 },
    );
  });
});
