import { describe, expect, it } from 'vitest';
import { SchedulingAlgorithm } from '../../../src/cluster/scheduler/algorithm.js';
import { SchedulerCache } from '../../../src/cluster/scheduler/cache.js';
import { FilterState } from '../../../src/cluster/scheduler/filters.js';
import { cases } from './cases.js';

describe('scheduling cases from the Kubernetes documentation', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of cases) {
    it(c.name, () => {
      const cache = new SchedulerCache();
      for (const n of c.nodes) cache.upsertNode(n);
      for (const p of c.existing ?? []) cache.place(cache.podInfo(p), p.spec.nodeName as string, false);
      const info = cache.podInfo(c.pod);
      if (c.feasible) {
        const state = new FilterState(info, cache.nodeList(), cache.groups, c.taintMessages ?? 'detailed');
        const feasible = cache
          .nodeList()
          .filter((n) => state.filter(n) === undefined)
          .map((n) => n.name)
          .sort();
        expect(feasible).toEqual([...c.feasible].sort());
      }
      const result = new SchedulingAlgorithm(cache, { seed: 7, taintMessages: c.taintMessages }).schedule(
        info,
      );
      if (c.lands) {
        expect(result.kind).toBe('scheduled');
        if (result.kind === 'scheduled') expect(c.lands).toContain(result.node.name);
      }
      if (c.message !== undefined) {
        expect(result.kind).toBe('unschedulable');
        if (result.kind === 'unschedulable') expect(result.message).toBe(c.message);
      }
      if (c.feasible && c.feasible.length === 0) expect(result.kind).toBe('unschedulable');
    });
  }
});
