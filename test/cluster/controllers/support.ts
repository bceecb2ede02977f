import { Cluster, type ClusterOptions } from '../../../src/cluster/cluster.js';
import type { Deployment, Pod } from '../../../src/cluster/objects/index.js';

export const bridgeConf = JSON.stringify({
  cniVersion: '0.4.0',
  name: 'bridge',
  type: 'bridge',
  ipam: { type: 'host-local', subnet: 'usePodCidr' },
});

/** A cluster with `n` worker nodes that already have a CNI config (so they turn Ready). */
export async function clusterWithNodes(n: number, opts: ClusterOptions = {}): Promise<Cluster> {
  const c = await Cluster.create({ clusterCidr: '10.244.0.0/16', ...opts });
  for (let i = 1; i <= n; i++) {
    await c.addNode({
      nodeName: `w${i}`,
      ip: `198.18.0.${10 + i}`,
      resources: { cpu: '4', memory: '8Gi' },
      files: { '/etc/cni/net.d/10-bridge.conf': bridgeConf },
    });
  }
  return c;
}

export function deployment(
  name: string,
  replicas: number,
  image = 'nginx:1.27',
  extra: Partial<Deployment['spec']> = {},
): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'main', image, resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
        },
      },
      ...extra,
    },
  };
}

export async function podsOf(c: Cluster, label: string): Promise<Pod[]> {
  return [...(await c.client.list('Pod', { labelSelector: label })).items];
}
