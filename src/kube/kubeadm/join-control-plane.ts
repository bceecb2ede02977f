import type { KubeClient } from '../../cluster/client/kube-client.js';
import type { Secret } from '../../cluster/objects/index.js';
import { nodeInternalIP } from '../../cluster/objects/node.js';
import { isApiError } from '../../cluster/store/api-error.js';
import { generateKubeconfigs, type SharedPki, sharedPkiFiles } from '../pki/pki-generate.js';
import { kubeconfigSpecs } from '../pki/pki-specs.js';
import type { KubeadmDeps } from './deps.js';
import type { EtcdMember } from './etcd-members.js';
import type { ClusterConfig, NodeConfig } from './init-config.js';
import { endpointUrl } from './init-config.js';
import { KubeadmError } from './kubeadm-error.js';
import type { EtcdPeer } from './manifests.js';
import { PKI_DIR } from './manifests.js';
import { writeLeafCerts } from './phases/certs.js';
import { writeControlPlaneManifests, writeEtcdManifest } from './phases/static-pods.js';
import { writePkiFiles } from './pki-files.js';
import { decryptKubeadmCerts, KUBEADM_CERTS_SECRET } from './upload-certs.js';

export const NO_ENDPOINT_MESSAGE = [
  '',
  'One or more conditions for hosting a new control plane instance is not satisfied.',
  '',
  "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address",
  '',
  'Please ensure that:',
  '* The cluster has a stable controlPlaneEndpoint address.',
  '* The certificates that must be shared among control plane instances are provided.',
  '',
].join('\n');

/** Fetches kube-system/kubeadm-certs and decrypts it with the certificate key. */
export async function downloadCerts(
  d: KubeadmDeps,
  client: KubeClient,
  key: string | undefined,
): Promise<SharedPki> {
  d.stdout(
    `[download-certs] Downloading the certificates in Secret "${KUBEADM_CERTS_SECRET}" in the "kube-system" Namespace`,
  );
  if (!key) {
    throw new KubeadmError(
      'PRV766',
      'error downloading certs: a certificate key is required (--certificate-key)',
    );
  }
  let secret: Secret;
  try {
    secret = await client.get('Secret', KUBEADM_CERTS_SECRET, 'kube-system');
  } catch (e) {
    if (!isApiError(e, 'NotFound')) throw e;
    throw new KubeadmError(
      'PRV766',
      `error downloading certs: error downloading the secret: Secret "${KUBEADM_CERTS_SECRET}" was not found in the "kube-system" Namespace. This Secret might have expired. Please, run \`kubeadm init phase upload-certs --upload-certs\` on a control plane to generate a new one`,
      e,
    );
  }
  const shared = decryptKubeadmCerts(secret, key);
  d.stdout(`[download-certs] Saving the certificates to the folder: "${PKI_DIR}"`);
  return shared;
}

/** Client URLs of the running etcd members: the etcd mirror pods' annotation, else the control-plane nodes. */
export async function etcdEndpoints(client: KubeClient): Promise<string[]> {
  const pods = await client.list('Pod', {
    namespace: 'kube-system',
    labelSelector: 'component=etcd,tier=control-plane',
  });
  const fromPods = pods.items
    .map((p) => p.metadata.annotations?.['kubeadm.kubernetes.io/etcd.advertise-client-urls'])
    .filter((u): u is string => !!u);
  if (fromPods.length > 0) return fromPods;
  const nodes = await client.list('Node', { labelSelector: 'node-role.kubernetes.io/control-plane' });
  return nodes.items
    .map(nodeInternalIP)
    .filter((ip): ip is string => !!ip)
    .map((ip) => `https://${ip}:2379`);
}

/** Everything a joining control plane writes: shared PKI, its own certificates, kubeconfigs, manifests, etcd. */
export async function prepareControlPlane(
  d: KubeadmDeps,
  client: KubeClient,
  shared: SharedPki,
  c: ClusterConfig,
  n: NodeConfig,
): Promise<void> {
  await writePkiFiles(d.fs, sharedPkiFiles(shared));
  d.stdout(`[certs] Using certificateDir folder "${PKI_DIR}"`);
  await writeLeafCerts(d, shared, c, n);
  d.stdout('[certs] Valid certificates and keys now exist in "/etc/kubernetes/pki"');
  d.stdout('[certs] Using the existing "sa" key');
  d.stdout('[kubeconfig] Generating kubeconfig files');
  const files = ['admin.conf', 'controller-manager.conf', 'scheduler.conf', 'kubelet.conf'];
  const confs = await generateKubeconfigs(
    shared.cas.ca,
    kubeconfigSpecs(n.nodeName).filter((k) => files.includes(k.file)),
    { endpoint: endpointUrl(c, n), local: `https://${n.advertiseAddress}:${n.bindPort}` },
    d.now(),
    c.encryptionAlgorithm,
  );
  for (const [file, text] of confs) {
    d.stdout(`[kubeconfig] Writing "${file}" kubeconfig file`);
    await d.fs.writeFile(`/etc/kubernetes/${file}`, text, 0o600);
  }
  await writeControlPlaneManifests(d, c, n);
  const endpoints = await etcdEndpoints(client);
  if (endpoints.length === 0)
    throw new KubeadmError(
      'PRV770',
      'error execution phase control-plane-join/etcd: no etcd endpoints found',
    );
  const etcd = d.etcd({
    endpoints,
    caFile: `${PKI_DIR}/etcd/ca.crt`,
    certFile: `${PKI_DIR}/apiserver-etcd-client.crt`,
    keyFile: `${PKI_DIR}/apiserver-etcd-client.key`,
  });
  const peerUrl = `https://${n.advertiseAddress}:2380`;
  let members: EtcdMember[];
  try {
    const existing = await etcd.list();
    members = existing.some((m) => m.peerUrls.includes(peerUrl))
      ? existing
      : await etcd.add(n.nodeName, peerUrl);
  } catch (e) {
    throw new KubeadmError(
      'PRV770',
      `error execution phase control-plane-join/etcd: error creating local etcd static pod manifest file: ${e instanceof Error ? e.message : String(e)}`,
      e,
    );
  }
  d.stdout('[etcd] Announced new etcd member joining to the existing etcd cluster');
  const peers: EtcdPeer[] = members.flatMap((m) =>
    m.peerUrls.map((u) => ({ name: m.peerUrls.includes(peerUrl) ? n.nodeName : m.name, peerUrl: u })),
  );
  await writeEtcdManifest(d, c, n, peers, true);
  d.stdout('[etcd] Waiting for the new etcd member to join the cluster. This can take up to 40s');
}
