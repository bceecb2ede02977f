import { describe, expect, it } from 'vitest';
import { InProcessClient } from '../../../src/cluster/client/in-process-client.js';
import type { Event, Pod } from '../../../src/cluster/objects/index.js';
import { FakeClock } from '../../../src/cluster/runtime/clock.js';
import { runFor, runUntilQuiet } from '../../../src/cluster/runtime/run-until-quiet.js';
import { createScheduler } from '../../../src/cluster/scheduler/scheduler.js';
import { ObjectStore } from '../../../src/cluster/store/object-store.js';
import { cp, node, pod } from './builders.js';

function setup() {
  const clock = new FakeClock();
  const store = new ObjectStore({ clock });
  const client = new InProcessClient(store);
  const scheduler = createScheduler(client, clock, { seed: 3 });
  const settle = () => runUntilQuiet(clock, [scheduler], 60_000);
  return { clock, store, client, scheduler, settle };
}

const scheduledCondition = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'PodScheduled');

describe('scheduler loop', () => {
  it('binds pending pods through the client and records Scheduled events', async () => {
    const { client, scheduler, settle } = setup();
    await client.create(node('w1', { cpu: '2' }));
    await client.create(node('w2', { cpu: '2' }));
    await scheduler.start();
    for (let i = 0; i < 6; i++) await client.create(pod(`web-${i}`, { cpu: '500m' }));
    await settle();
    const pods = (await client.list('Pod', { namespace: 'default' })).items;
    expect(pods.every((p) => p.spec.nodeName === 'w1' || p.spec.nodeName === 'w2')).toBe(true);
    expect(pods.every((p) => scheduledCondition(p)?.status === 'True')).toBe(true);
    // LeastAllocated spreads equal pods over equal nodes: 3 and 3.
    expect(pods.filter((p) => p.spec.nodeName === 'w1')).toHaveLength(3);
    const events = (await client.list('Event', { namespace: 'default' })).items as Event[];
    expect(events.filter((e) => e.reason === 'Scheduled')).toHaveLength(6);
    expect(events.find((e) => e.involvedObject.name === 'web-0')?.message).toMatch(
      /^Successfully assigned default\/web-0 to w[12]$/,
    );
    scheduler.stop();
  });

  it('reports an unschedulable pod in its condition and a FailedScheduling event, then binds it when a node joins', async () => {
    const { client, scheduler, settle } = setup();
    await client.create(node('cp1', { taints: [cp] }));
    await scheduler.start();
    await client.create(pod('web', { cpu: '1' }));
    await settle();
    let web = await client.get('Pod', 'web', 'default');
    const message =
      '0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
      'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
    expect(scheduledCondition(web)).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    const events = (await client.list('Event', { namespace: 'default' })).items as Event[];
    expect(events).toContainEqual(
      expect.objectContaining({ reason: 'FailedScheduling', type: 'Warning', message }),
    );
    await client.create(node('w1'));
    await settle();
    web = await client.get('Pod', 'web', 'default');
    expect(web.spec.nodeName).toBe('w1');
    scheduler.stop();
  });

  it('retries after the backoff when a deleted pod frees room', async () => {
    const { client, clock, scheduler, settle } = setup();
    await client.create(node('w1', { cpu: '1' }));
    await scheduler.start();
    await client.create(pod('first', { cpu: '1' }));
    await settle();
    await client.create(pod('second', { cpu: '1' }));
    await settle();
    expect((await client.get('Pod', 'second', 'default')).spec.nodeName).toBeUndefined();
    await client.delete('Pod', 'first', 'default', { gracePeriodSeconds: 0 });
    await runFor(clock, [scheduler], 15_000);
    expect((await client.get('Pod', 'second', 'default')).spec.nodeName).toBe('w1');
    scheduler.stop();
  });

  it('schedules higher priority first and preempts a lower-priority pod', async () => {
    const { client, clock, scheduler, settle } = setup();
    await client.create(node('w1', { cpu: '1' }));
    await scheduler.start();
    await client.create(pod('low', { cpu: '1', priority: 0 }));
    await settle();
    await client.create(pod('high', { cpu: '1', priority: 1000 }));
    await settle();
    const events = (await client.list('Event', { namespace: 'default' })).items as Event[];
    expect(events.some((e) => e.reason === 'Preempted' && e.involvedObject.name === 'low')).toBe(true);
    expect((await client.get('Pod', 'high', 'default')).status?.nominatedNodeName).toBe('w1');
    // The victim terminates gracefully; without a kubelet here, finish the deletion as the kubelet would.
    expect((await client.get('Pod', 'low', 'default')).metadata.deletionTimestamp).toBeDefined();
    await client.delete('Pod', 'low', 'default', { gracePeriodSeconds: 0 });
    await runFor(clock, [scheduler], 15_000);
    const high = await client.get('Pod', 'high', 'default');
    expect(high.spec.nodeName).toBe('w1');
    scheduler.stop();
  });
});

describe('scheduler options', () => {
  it('rejects an out-of-range percentageOfNodesToScore with PRV790', () => {
    const clock = new FakeClock();
    const client = new InProcessClient(new ObjectStore({ clock }));
    expect(() => createScheduler(client, clock, { percentageOfNodesToScore: 150 })).toThrow(
      expect.objectContaining({ code: 'PRV790' }),
    );
  });
});
