import { describe, expect, it } from 'vitest';
import { InProcessClient } from '../../../src/cluster/client/in-process-client.js';
import { FakeClock } from '../../../src/cluster/runtime/clock.js';
import { Informer } from '../../../src/cluster/runtime/informer.js';
import { drain, runFor, runUntilQuiet } from '../../../src/cluster/runtime/run-until-quiet.js';
import { WorkQueue } from '../../../src/cluster/runtime/work-queue.js';
import { ObjectStore } from '../../../src/cluster/store/object-store.js';

describe('fake clock', () => {
  it('fires timers in time then creation order', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    clock.setTimeout(() => fired.push('c'), 20);
    const h = clock.setTimeout(() => fired.push('x'), 15);
    clock.clearTimeout(h);
    clock.advance(25);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(25);
  });
});

describe('work queue', () => {
  it('dedupes, retries failures with exponential backoff, and requeues keys added while processing', async () => {
    const clock = new FakeClock(0);
    const q = new WorkQueue<string>(clock, 't');
    const calls: [string, number][] = [];
    let failuresLeft = 3;
    q.run(async (key) => {
      calls.push([key, clock.now()]);
      if (key === 'bad' && failuresLeft-- > 0) throw new Error('boom');
    });
    q.add('a');
    q.add('a');
    q.add('bad');
    await runUntilQuiet(clock, [q], 10_000);
    expect(calls).toEqual([
      ['a', 0],
      ['bad', 0],
      ['bad', 5],
      ['bad', 15],
      ['bad', 35],
    ]);
  });
});

describe('informer', () => {
  it('relists after the store compacts its history and a watch is lost', async () => {
    const clock = new FakeClock(0);
    const store = new ObjectStore({ clock, historyLimit: 2 });
    const client = new InProcessClient(store);
    const inf = new Informer(client, 'ConfigMap', clock, { namespace: 'default' });
    const events: string[] = [];
    inf.addHandler({
      onAdd: (o) => events.push(`add ${o.metadata.name}`),
      onDelete: (o) => events.push(`del ${o.metadata.name}`),
    });
    await inf.start();
    await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    await drain([]);
    expect(inf.get('a', 'default')?.metadata.name).toBe('a');
    inf.stop();
    await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    await client.delete('ConfigMap', 'a', 'default');
    await inf.start();
    await runFor(clock, [], 1000);
    expect(events).toEqual(['add a', 'add b', 'del a']);
    expect(inf.list().map((o) => o.metadata.name)).toEqual(['b']);
    expect(inf.lists).toBe(2);
  });
});
