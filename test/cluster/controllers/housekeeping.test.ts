import { describe, expect, it } from 'vitest';
import type { Secret, Service } from '../../../src/cluster/objects/index.js';
import { clusterWithNodes, deployment, podsOf } from './support.js';

describe('housekeeping controllers', () => {
  it('garbage-collects ReplicaSets and pods of a deleted Deployment (background and foreground)', async () => {
    const c = await clusterWithNodes(2);
    await c.apply([deployment('bg', 2), deployment('fg', 2)]);
    await c.runUntilQuiet(60_000);
    await c.client.delete('Deployment', 'bg', 'default');
    const fg = await c.client.delete('Deployment', 'fg', 'default', { propagationPolicy: 'Foreground' });
    expect(fg?.metadata.finalizers).toEqual(['foregroundDeletion']);
    await c.runFor(60_000);
    expect(await podsOf(c, 'app in (bg,fg)')).toEqual([]);
    expect((await c.client.list('ReplicaSet')).items).toEqual([]);
    await expect(c.client.get('Deployment', 'fg', 'default')).rejects.toThrow('not found');
    c.stop();
  });

  it('empties and removes a deleted namespace', async () => {
    const c = await clusterWithNodes(1);
    await c.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }]);
    await c.apply([
      { ...deployment('web', 2), metadata: { name: 'web', namespace: 'team' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team' }, data: { a: 'b' } },
    ]);
    await c.runUntilQuiet(60_000);
    await c.client.delete('Namespace', 'team');
    await c.runFor(60_000);
    await expect(c.client.get('Namespace', 'team')).rejects.toThrow('not found');
    expect((await c.client.list('Pod', { namespace: 'team' })).items).toEqual([]);
    c.stop();
  });

  it('deletes bootstrap-token Secrets when they expire', async () => {
    const c = await clusterWithNodes(0);
    const exp = new Date(c.clock.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const token: Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      stringData: { 'token-id': 'abcdef', 'token-secret': '0123456789abcdef', expiration: exp },
    };
    await c.apply([token]);
    await c.runFor(3_599_000);
    expect((await c.client.get('Secret', 'bootstrap-token-abcdef', 'kube-system')).metadata.name).toBe(
      'bootstrap-token-abcdef',
    );
    await c.runFor(2000);
    await expect(c.client.get('Secret', 'bootstrap-token-abcdef', 'kube-system')).rejects.toThrow(
      'not found',
    );
    c.stop();
  });

  it('keeps an EndpointSlice of ready pod IPs for a Service', async () => {
    const c = await clusterWithNodes(2);
    const svc: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
    };
    await c.apply([deployment('web', 3), svc]);
    await c.runUntilQuiet(60_000);
    const slices = (await c.client.list('EndpointSlice', { labelSelector: 'kubernetes.io/service-name=web' }))
      .items;
    expect(slices).toHaveLength(1);
    const ips = (await podsOf(c, 'app=web')).map((p) => p.status?.podIP).sort();
    expect(slices[0]?.endpoints.map((e) => e.addresses[0]).sort()).toEqual(ips);
    expect(slices[0]?.endpoints.every((e) => e.conditions?.ready)).toBe(true);
    expect(slices[0]?.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    c.stop();
  });
});
