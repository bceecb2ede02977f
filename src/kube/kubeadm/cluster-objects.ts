import { parse, stringify } from 'yaml';
import type { KubeClient } from '../../cluster/client/kube-client.js';
import type { ConfigMap, KubeObject } from '../../cluster/objects/index.js';
import { isApiError } from '../../cluster/store/api-error.js';
import { DEFAULT_TOKEN_GROUP } from './bootstrap-token.js';
import type { ClusterConfig } from './init-config.js';
import { KubeadmError } from './kubeadm-error.js';
import { ETCD_DATA_DIR, PKI_DIR } from './manifests.js';

export const KUBEADM_CONFIG = 'kubeadm-config';
export const KUBELET_CONFIG_MAP = 'kubelet-config';
export const CLUSTER_INFO = 'cluster-info';

const args = (m: Record<string, string>) =>
  Object.keys(m).length > 0 ? { extraArgs: Object.entries(m).map(([name, value]) => ({ name, value })) } : {};

/** The ClusterConfiguration document kubeadm stores (kubeadm.k8s.io/v1beta4), read back by join and upgrades. */
export function renderClusterConfiguration(c: ClusterConfig): string {
  return stringify({
    apiServer: { ...args(c.apiServerExtraArgs), ...(c.certSANs.length > 0 ? { certSANs: c.certSANs } : {}) },
    apiVersion: 'kubeadm.k8s.io/v1beta4',
    caCertificateValidityPeriod: '87600h0m0s',
    certificateValidityPeriod: '8760h0m0s',
    certificatesDir: PKI_DIR,
    clusterName: c.clusterName,
    ...(c.controlPlaneEndpoint ? { controlPlaneEndpoint: c.controlPlaneEndpoint } : {}),
    controllerManager: args(c.controllerManagerExtraArgs),
    dns: {},
    encryptionAlgorithm: c.encryptionAlgorithm,
    etcd: { local: { dataDir: ETCD_DATA_DIR, ...args(c.etcdExtraArgs) } },
    imageRepository: c.imageRepository,
    kind: 'ClusterConfiguration',
    kubernetesVersion: c.kubernetesVersion,
    networking: {
      dnsDomain: c.dnsDomain,
      ...(c.podSubnet ? { podSubnet: c.podSubnet } : {}),
      serviceSubnet: c.serviceSubnet,
    },
    proxy: {},
    scheduler: args(c.schedulerExtraArgs),
  });
}

export function configMap(name: string, namespace: string, data: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

/** Reads kube-system/kubeadm-config's ClusterConfiguration document. */
export async function readClusterConfiguration(client: KubeClient): Promise<Record<string, unknown>> {
  let cm: ConfigMap;
  try {
    cm = await client.get('ConfigMap', KUBEADM_CONFIG, 'kube-system');
  } catch (e) {
    throw new KubeadmError(
      'PRV767',
      'unable to fetch the kubeadm-config ConfigMap: configmaps "kubeadm-config" not found',
      e,
    );
  }
  const text = cm.data?.ClusterConfiguration;
  if (!text)
    throw new KubeadmError(
      'PRV762',
      'unexpected error when reading kubeadm-config ConfigMap: ClusterConfiguration key value pair missing',
    );
  return parse(text) as Record<string, unknown>;
}

/** Creates the object, or replaces the existing one (kubeadm's apiclient.CreateOrUpdate). */
export async function createOrUpdate<T extends KubeObject>(client: KubeClient, obj: T): Promise<T> {
  try {
    return await client.create(obj);
  } catch (e) {
    if (!isApiError(e, 'AlreadyExists')) throw e;
    const current = await client.get(obj.kind, obj.metadata.name, obj.metadata.namespace);
    return client.update({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion },
    });
  }
}

const rbac = 'rbac.authorization.k8s.io';
const crb = (name: string, role: string, subjects: { kind: string; name: string }[]): KubeObject => ({
  apiVersion: `${rbac}/v1`,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: role },
  subjects: subjects.map((s) => ({ ...s, apiGroup: rbac })),
});
const group = (name: string) => ({ kind: 'Group', name });

/** kubeadm:cluster-admins → cluster-admin (since 1.29, admin.conf's group instead of system:masters). */
export const clusterAdminsBinding = (): KubeObject =>
  crb('kubeadm:cluster-admins', 'cluster-admin', [group('kubeadm:cluster-admins')]);

/** The RBAC the bootstrap-token phase sets up for joining nodes and for reading cluster-info anonymously. */
export function bootstrapRbac(): KubeObject[] {
  const tokens = group(DEFAULT_TOKEN_GROUP);
  return [
    {
      apiVersion: `${rbac}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'kubeadm:get-nodes' },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
    },
    crb('kubeadm:get-nodes', 'kubeadm:get-nodes', [tokens]),
    crb('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', [tokens]),
    crb(
      'kubeadm:node-autoapprove-bootstrap',
      'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
      [tokens],
    ),
    crb(
      'kubeadm:node-autoapprove-certificate-rotation',
      'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
      [group('system:nodes')],
    ),
    {
      apiVersion: `${rbac}/v1`,
      kind: 'Role',
      metadata: { name: 'kubeadm:bootstrap-signer-clusterinfo', namespace: 'kube-public' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [CLUSTER_INFO], verbs: ['get'] }],
    },
    {
      apiVersion: `${rbac}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'kubeadm:bootstrap-signer-clusterinfo', namespace: 'kube-public' },
      roleRef: { apiGroup: rbac, kind: 'Role', name: 'kubeadm:bootstrap-signer-clusterinfo' },
      subjects: [{ kind: 'User', name: 'system:anonymous', apiGroup: rbac }],
    },
  ];
}

/** Roles letting joining nodes (bootstrap tokens) and nodes read kubeadm-config and kubelet-config. */
export function configReaderRbac(): KubeObject[] {
  const readers = [group(DEFAULT_TOKEN_GROUP), group('system:nodes')].map((s) => ({ ...s, apiGroup: rbac }));
  return [
    ['kubeadm:nodes-kubeadm-config', KUBEADM_CONFIG],
    ['kubeadm:kubelet-config', KUBELET_CONFIG_MAP],
  ].flatMap(([name, cm]) => [
    {
      apiVersion: `${rbac}/v1`,
      kind: 'Role',
      metadata: { name: name as string, namespace: 'kube-system' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [cm as string], verbs: ['get'] }],
    },
    {
      apiVersion: `${rbac}/v1`,
      kind: 'RoleBinding',
      metadata: { name: name as string, namespace: 'kube-system' },
      roleRef: { apiGroup: rbac, kind: 'Role', name: name as string },
      subjects: readers,
    },
  ]);
}
