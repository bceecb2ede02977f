import { describe, expect, it } from 'vitest';
import { numFeasibleNodesToFind, SchedulingAlgorithm } from '../../../src/cluster/scheduler/algorithm.js';
import { SchedulerCache } from '../../../src/cluster/scheduler/cache.js';
import { node, pod } from './builders.js';

describe('adaptive percentage of nodes to score', () => {
  it('follows max(5, 50 - nodes/125) % with at least 100 nodes', () => {
    expect(numFeasibleNodesToFind(50)).toBe(50);
    expect(numFeasibleNodesToFind(150)).toBe(100);
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(10_000)).toBe(500);
    expect(numFeasibleNodesToFind(5000, 100)).toBe(5000);
    expect(numFeasibleNodesToFind(5000, 1)).toBe(100);
  });

  it('stops after enough feasible nodes and resumes at the next node on the following cycle', () => {
    const cache = new SchedulerCache();
    for (let i = 0; i < 1000; i++) cache.upsertNode(node(`n${i}`));
    const algorithm = new SchedulingAlgorithm(cache);
    const first = algorithm.schedule(cache.podInfo(pod('a')));
    const second = algorithm.schedule(cache.podInfo(pod('b')));
    expect(first.kind === 'scheduled' && first.evaluatedNodes).toBe(420);
    expect(second.kind === 'scheduled' && second.evaluatedNodes).toBe(420);
    // The second cycle searched n420…n839: its choice comes from there.
    const index = second.kind === 'scheduled' ? Number(second.node.name.slice(1)) : -1;
    expect(index).toBeGreaterThanOrEqual(420);
    expect(index).toBeLessThan(840);
  });
});
