import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { milliValue, type Pod, quantityValue, taintToleratedBy } from '../../../src/cluster/objects/index.js';
import { SchedulingAlgorithm } from '../../../src/cluster/scheduler/algorithm.js';
import { SchedulerCache } from '../../../src/cluster/scheduler/cache.js';
import { node, pod } from './builders.js';

const zones = ['a', 'b', 'c'];
const taintKeys = ['dedicated', 'gpu'];

const nodeArb = fc.record({
  cpu: fc.integer({ min: 1, max: 8 }),
  memGi: fc.integer({ min: 1, max: 16 }),
  pods: fc.integer({ min: 1, max: 12 }),
  zone: fc.constantFrom(...zones),
  taint: fc.option(fc.constantFrom(...taintKeys), { nil: undefined }),
  unschedulable: fc.boolean(),
});

const podArb = fc.record({
  milli: fc.integer({ min: 0, max: 3000 }),
  memMi: fc.integer({ min: 0, max: 4096 }),
  zone: fc.option(fc.constantFrom(...zones), { nil: undefined }),
  tolerate: fc.option(fc.constantFrom(...taintKeys), { nil: undefined }),
  hostPort: fc.option(fc.constantFrom(80, 443), { nil: undefined }),
  anti: fc.boolean(),
  app: fc.constantFrom('x', 'y'),
});

/** An oracle written independently of the scheduler's filters: the rules from the documentation, naively. */
function nodeAccepts(n: ReturnType<typeof node>, p: Pod, placed: Pod[]): boolean {
  if (n.spec.unschedulable) return false;
  for (const t of n.spec.taints ?? []) if (!taintToleratedBy(t, p.spec.tolerations)) return false;
  for (const [k, v] of Object.entries(p.spec.nodeSelector ?? {}))
    if (n.metadata.labels?.[k] !== v) return false;
  const here = placed.filter((q) => q.spec.nodeName === n.metadata.name);
  const alloc = n.status?.allocatable ?? {};
  if (here.length + 1 > quantityValue(alloc.pods)) return false;
  const req = (q: Pod, r: 'cpu' | 'memory') =>
    r === 'cpu'
      ? milliValue(q.spec.containers[0]?.resources?.requests?.cpu)
      : quantityValue(q.spec.containers[0]?.resources?.requests?.memory);
  const want = { cpu: req(p, 'cpu'), memory: req(p, 'memory') };
  const used = {
    cpu: here.reduce((s, q) => s + req(q, 'cpu'), 0),
    memory: here.reduce((s, q) => s + req(q, 'memory'), 0),
  };
  if (want.cpu > 0 && used.cpu + want.cpu > milliValue(alloc.cpu)) return false;
  if (want.memory > 0 && used.memory + want.memory > quantityValue(alloc.memory)) return false;
  const ports = (q: Pod) => (q.spec.containers[0]?.ports ?? []).map((x) => x.hostPort);
  for (const hp of ports(p)) if (here.some((q) => ports(q).includes(hp))) return false;
  if (p.spec.affinity?.podAntiAffinity && here.some((q) => q.metadata.labels?.app === p.metadata.labels?.app))
    return false;
  return true;
}

describe('scheduler properties', () => {
  it('never binds to a node a filter rejects, never overcommits, and finds a node whenever one fits', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 8 }),
        fc.array(podArb, { maxLength: 40 }),
        fc.integer(),
        (ns, ps, seed) => {
          const nodes = ns.map((n, i) =>
            node(`n${i}`, {
              cpu: String(n.cpu),
              memory: `${n.memGi}Gi`,
              pods: n.pods,
              labels: { 'topology.kubernetes.io/zone': n.zone },
              taints: n.taint ? [{ key: n.taint, effect: 'NoSchedule' }] : undefined,
              unschedulable: n.unschedulable,
            }),
          );
          const cache = new SchedulerCache();
          for (const n of nodes) cache.upsertNode(n);
          const algorithm = new SchedulingAlgorithm(cache, { seed });
          const placed: Pod[] = [];
          ps.forEach((s, i) => {
            const p = pod(`p${i}`, {
              labels: { app: s.app },
              cpu: s.milli > 0 ? `${s.milli}m` : undefined,
              memory: s.memMi > 0 ? `${s.memMi}Mi` : undefined,
              nodeSelector: s.zone ? { 'topology.kubernetes.io/zone': s.zone } : undefined,
              tolerations: s.tolerate ? [{ key: s.tolerate, operator: 'Exists' }] : undefined,
              hostPorts: s.hostPort ? [{ port: s.hostPort }] : undefined,
              affinity: s.anti
                ? {
                    podAntiAffinity: {
                      requiredDuringSchedulingIgnoredDuringExecution: [
                        {
                          labelSelector: { matchLabels: { app: s.app } },
                          topologyKey: 'kubernetes.io/hostname',
                        },
                      ],
                    },
                  }
                : undefined,
            });
            // Symmetric anti-affinity: existing anti-affine pods also repel newcomers with their label.
            const repelled = (n: (typeof nodes)[number]) =>
              placed.some(
                (q) =>
                  q.spec.nodeName === n.metadata.name &&
                  q.spec.affinity?.podAntiAffinity !== undefined &&
                  q.metadata.labels?.app === s.app,
              );
            const acceptable = nodes
              .filter((n) => nodeAccepts(n, p, placed) && !repelled(n))
              .map((n) => n.metadata.name);
            const info = cache.podInfo(p);
            const result = algorithm.schedule(info);
            if (result.kind === 'scheduled') {
              expect(acceptable).toContain(result.node.name);
              cache.place(info, result.node.name, true);
              placed.push({ ...p, spec: { ...p.spec, nodeName: result.node.name } });
            } else {
              expect(acceptable).toEqual([]);
            }
          });
          for (const n of cache.nodeList()) {
            expect(n.reqCpu).toBeLessThanOrEqual(n.allocCpu);
            expect(n.reqMemory).toBeLessThanOrEqual(n.allocMemory);
            expect(n.podCount()).toBeLessThanOrEqual(n.allocPods);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same input and seed give the same placements', () => {
    const run = () => {
      const cache = new SchedulerCache();
      for (let i = 0; i < 20; i++) cache.upsertNode(node(`n${i}`));
      const algorithm = new SchedulingAlgorithm(cache, { seed: 42 });
      const out: string[] = [];
      for (let i = 0; i < 50; i++) {
        const info = cache.podInfo(pod(`p${i}`));
        const r = algorithm.schedule(info);
        if (r.kind === 'scheduled') {
          cache.place(info, r.node.name, true);
          out.push(r.node.name);
        }
      }
      return out;
    };
    expect(run()).toEqual(run());
  });
});
