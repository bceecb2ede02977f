import { describe, expect, it } from 'vitest';
import { InProcessClient } from '../../../src/cluster/client/in-process-client.js';
import type { WatchEvent } from '../../../src/cluster/client/kube-client.js';
import type { KubeObject, Pod, PodDisruptionBudget } from '../../../src/cluster/objects/index.js';
import { FakeClock } from '../../../src/cluster/runtime/clock.js';
import { ApiError, isApiError } from '../../../src/cluster/store/api-error.js';
import { ObjectStore } from '../../../src/cluster/store/object-store.js';

function setup(historyLimit?: number) {
  const clock = new FakeClock();
  const store = new ObjectStore({ clock, historyLimit });
  return { clock, store, client: new InProcessClient(store) };
}

const pod = (name: string, labels: Record<string, string> = {}, nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...(nodeName ? { nodeName } : {}) },
});

async function rejects(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an API error');
}

describe('object store', () => {
  it('assigns uid, resourceVersion, generation, namespace and pod defaults', async () => {
    const { client } = setup();
    const p = await client.create(pod('a'));
    expect(p.metadata.namespace).toBe('default');
    expect(p.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.metadata.generation).toBe(1);
    expect(p.metadata.creationTimestamp).toBe('2025-01-01T00:00:00Z');
    expect(p.status?.phase).toBe('Pending');
    expect(p.spec.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    expect(Object.isFrozen(p.spec)).toBe(true);
    expect((await rejects(client.create(pod('a')))).reason).toBe('AlreadyExists');
  });

  it('rejects a stale resourceVersion with Conflict and bumps generation only on spec change', async () => {
    const { client } = setup();
    const d = await client.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: pod('x').spec },
      },
    } as KubeObject);
    const d2: KubeObject = await client.update({ ...d, metadata: { ...d.metadata, labels: { x: 'y' } } });
    expect(d2.metadata.generation).toBe(1);
    const d3 = await client.update({ ...d2, spec: { ...(d2.spec as object), replicas: 3 } });
    expect(d3.metadata.generation).toBe(2);
    const e = await rejects(client.update({ ...d, spec: { ...(d.spec as object), replicas: 5 } }));
    expect(e.status).toBe(409);
    expect(e.message).toContain(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified',
    );
    // update() cannot change status; updateStatus() can.
    const d4 = await client.update({ ...d3, status: { replicas: 9 } });
    expect(d4.status).toBeUndefined();
    const d5 = await client.updateStatus({ ...d4, status: { replicas: 9 } });
    expect(d5.status).toEqual({ replicas: 9 });
    expect(d5.metadata.generation).toBe(2);
  });

  it('lists with label and field selectors', async () => {
    const { client } = setup();
    await client.create(pod('a', { app: 'web' }, 'n1'));
    await client.create(pod('b', { app: 'db' }, 'n1'));
    await client.create(pod('c', { app: 'web' }, 'n2'));
    const names = async (o: object) => (await client.list('Pod', o)).items.map((p) => p.metadata.name).sort();
    expect(await names({ labelSelector: 'app=web' })).toEqual(['a', 'c']);
    expect(await names({ fieldSelector: 'spec.nodeName=n1' })).toEqual(['a', 'b']);
    expect(await names({ fieldSelector: 'spec.nodeName=n1', labelSelector: 'app in (web)' })).toEqual(['a']);
    expect(await names({ fieldSelector: 'metadata.name!=a,status.phase=Pending' })).toEqual(['b', 'c']);
    expect(await names({ namespace: 'kube-system' })).toEqual([]);
  });

  it('watches from a resourceVersion, turning selector transitions into ADDED/DELETED', async () => {
    const { client } = setup();
    const { resourceVersion } = await client.list('Pod');
    const seen: string[] = [];
    const h = await client.watch(
      'Pod',
      { resourceVersion, fieldSelector: 'spec.nodeName=n1' },
      (e: WatchEvent<Pod>) => seen.push(`${e.type} ${e.object.metadata.name}`),
    );
    await client.create(pod('a'));
    await client.bind({ name: 'a', namespace: 'default' }, 'n1');
    await client.create(pod('b', {}, 'n2'));
    await client.delete('Pod', 'a', 'default', { gracePeriodSeconds: 0 });
    h.stop();
    await client.create(pod('c', {}, 'n1'));
    expect(seen).toEqual(['ADDED a', 'DELETED a']);
  });

  it('answers 410 Gone for a watch older than the kept history', async () => {
    const { client } = setup(5);
    const { resourceVersion } = await client.list('Pod');
    for (let i = 0; i < 30; i++) await client.create(pod(`p${i}`));
    const e = await rejects(client.watch('Pod', { resourceVersion }, () => {}));
    expect(e.status).toBe(410);
    expect(isApiError(e, 'Gone')).toBe(true);
  });

  it('terminates bound pods gracefully and deletes unbound ones at once', async () => {
    const { client, store } = setup();
    await client.create(pod('a', {}, 'n1'));
    await client.create(pod('b'));
    const t = await client.delete('Pod', 'a', 'default');
    expect(t?.metadata.deletionTimestamp).toBe('2025-01-01T00:00:30Z');
    expect(await client.delete('Pod', 'b', 'default')).toBeUndefined();
    await client.delete('Pod', 'a', 'default', { gracePeriodSeconds: 0 });
    expect(store.get('Pod', 'a', 'default')).toBeUndefined();
  });

  it('holds objects with finalizers until they are removed', async () => {
    const { client, store } = setup();
    const cm = await client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', finalizers: ['f'] },
    });
    const t = await client.delete('ConfigMap', 'x', 'default');
    expect(t?.metadata.deletionTimestamp).toBeDefined();
    await client.patch('ConfigMap', 'x', 'default', { metadata: { finalizers: null } }, 'merge');
    expect(store.get('ConfigMap', 'x', 'default')).toBeUndefined();
    expect(cm.metadata.finalizers).toEqual(['f']);
  });

  it('refuses content in missing or terminating namespaces', async () => {
    const { client } = setup();
    expect(
      (await rejects(client.create({ ...pod('a'), metadata: { name: 'a', namespace: 'nope' } }))).reason,
    ).toBe('NotFound');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone' } });
    await client.delete('Namespace', 'gone');
    const e = await rejects(client.create({ ...pod('a'), metadata: { name: 'a', namespace: 'gone' } }));
    expect(e.message).toBe('unable to create new content in namespace gone because it is being terminated');
  });

  it('strategic merge patches lists by key', async () => {
    const { client } = setup();
    await client.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      spec: {
        taints: [
          { key: 'a', effect: 'NoSchedule' },
          { key: 'b', effect: 'NoSchedule' },
        ],
      },
    } as KubeObject);
    const n = await client.patch('Node', 'n1', undefined, {
      spec: {
        taints: [
          { key: 'a', $patch: 'delete' },
          { key: 'c', effect: 'NoExecute' },
        ],
      },
    });
    expect(n.spec.taints?.map((t) => t.key)).toEqual(['b', 'c']);
  });

  it('stores unknown kinds generically, scoped by their CRD', async () => {
    const { client, store } = setup();
    await client.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'ippools.crd.projectcalico.org' },
      spec: {
        group: 'crd.projectcalico.org',
        scope: 'Cluster',
        names: { kind: 'IPPool', plural: 'ippools' },
      },
    });
    const pool = await client.create({
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'IPPool',
      metadata: { name: 'p' },
      spec: { cidr: '10.0.0.0/16' },
    });
    expect((pool as KubeObject).metadata.namespace).toBeUndefined();
    const sa = await client.create<KubeObject>({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'calico-node', namespace: 'kube-system' },
    });
    expect(sa.metadata.uid).toBeDefined();
    expect(store.kindNames()).toContain('IPPool');
  });

  it('evicts only what PodDisruptionBudgets allow', async () => {
    const { client } = setup();
    for (const n of ['a', 'b']) {
      const p = await client.create(pod(n, { app: 'web' }, 'n1'));
      await client.updateStatus({
        ...p,
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      } as Pod);
    }
    await client.create({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    } as PodDisruptionBudget);
    await client.evict({ name: 'a', namespace: 'default' });
    const e = await rejects(client.evict({ name: 'b', namespace: 'default' }));
    expect(e.status).toBe(429);
    expect(e.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");
  });

  it('allocates service cluster IPs and honours explicit ones', async () => {
    const { client } = setup();
    const dns = await client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system' },
      spec: { clusterIP: '10.96.0.10', ports: [{ port: 53 }] },
    });
    const web = await client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80 }] },
    });
    expect((dns.spec as unknown as { clusterIP: string }).clusterIP).toBe('10.96.0.10');
    expect((web.spec as unknown as { clusterIP: string }).clusterIP).toMatch(/^10\.96\./);
    const e = await rejects(
      client.create({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'x' },
        spec: { clusterIP: '10.96.0.10' },
      }),
    );
    expect(e.reason).toBe('Invalid');
  });
});
