import type { KubeadmDeps } from '../deps.js';
import type { ClusterConfig, NodeConfig } from '../init-config.js';
import {
  apiServerManifest,
  controllerManagerManifest,
  type EtcdPeer,
  etcdManifest,
  MANIFESTS_DIR,
  schedulerManifest,
} from '../manifests.js';
import type { Phase } from './init-context.js';

export async function writeEtcdManifest(
  d: KubeadmDeps,
  c: ClusterConfig,
  n: NodeConfig,
  cluster: EtcdPeer[],
  existing: boolean,
): Promise<void> {
  d.stdout(`[etcd] Creating static Pod manifest for local etcd in "${MANIFESTS_DIR}"`);
  await d.fs.writeFile(`${MANIFESTS_DIR}/etcd.yaml`, etcdManifest(c, n, cluster, existing), 0o600);
}

export async function writeControlPlaneManifests(
  d: KubeadmDeps,
  c: ClusterConfig,
  n: NodeConfig,
): Promise<void> {
  d.stdout(`[control-plane] Using manifest folder "${MANIFESTS_DIR}"`);
  const manifests: [string, string][] = [
    ['kube-apiserver', apiServerManifest(c, n)],
    ['kube-controller-manager', controllerManagerManifest(c)],
    ['kube-scheduler', schedulerManifest(c)],
  ];
  for (const [name, text] of manifests) {
    d.stdout(`[control-plane] Creating static Pod manifest for "${name}"`);
    await d.fs.writeFile(`${MANIFESTS_DIR}/${name}.yaml`, text, 0o600);
  }
}

export const etcdPhase: Phase = {
  name: 'etcd',
  async run({ d, cfg }) {
    const self = { name: cfg.node.nodeName, peerUrl: `https://${cfg.node.advertiseAddress}:2380` };
    await writeEtcdManifest(d, cfg.cluster, cfg.node, [self], false);
  },
};

export const controlPlanePhase: Phase = {
  name: 'control-plane',
  async run({ d, cfg }) {
    await writeControlPlaneManifests(d, cfg.cluster, cfg.node);
  },
};
