import { type CertSpec, type Subject, YEAR_MS } from './certificate.js';

/** The three certificate authorities kubeadm creates, by their file stem under /etc/kubernetes/pki. */
export const CA_NAMES = ['ca', 'front-proxy-ca', 'etcd/ca'] as const;
export type CaName = (typeof CA_NAMES)[number];

export const CA_COMMON_NAMES: Record<CaName, string> = {
  ca: 'kubernetes',
  'front-proxy-ca': 'front-proxy-ca',
  'etcd/ca': 'etcd-ca',
};

/** Group of the admin.conf and apiserver-kubelet-client identities since 1.29 (bound to cluster-admin by RBAC). */
export const CLUSTER_ADMINS_GROUP = 'kubeadm:cluster-admins';

export interface PkiParams {
  nodeName: string;
  advertiseAddress: string;
  /** The service CIDR's first address (10.96.0.1 for 10.96.0.0/12): the `kubernetes` Service's ClusterIP. */
  apiServiceIp: string;
  dnsDomain: string;
  /** Host of controlPlaneEndpoint, if set (a DNS name or an IP address). */
  controlPlaneHost?: string;
  /** apiServer.certSANs from the ClusterConfiguration. */
  extraSans?: readonly string[];
}

/** A leaf certificate kubeadm writes: `name` is the file stem (`apiserver`, `etcd/server`...). */
export interface LeafSpec {
  name: string;
  ca: CaName;
  spec: CertSpec;
}

const isIp = (s: string) => /^\d+\.\d+\.\d+\.\d+$/.test(s) || s.includes(':');

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/** DNS names and IPs of the apiserver serving certificate, in the order kubeadm prints them. */
export function apiServerAltNames(p: PkiParams): { dnsNames: string[]; ipAddresses: string[] } {
  const extra = [...(p.controlPlaneHost ? [p.controlPlaneHost] : []), ...(p.extraSans ?? [])];
  const dnsNames = unique([
    p.nodeName,
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    `kubernetes.default.svc.${p.dnsDomain}`,
    ...extra.filter((s) => !isIp(s)),
  ]).sort();
  const ipAddresses = unique([p.apiServiceIp, p.advertiseAddress, ...extra.filter(isIp)]);
  return { dnsNames, ipAddresses };
}

function etcdAltNames(p: PkiParams) {
  return {
    dnsNames: unique([p.nodeName, 'localhost']).sort(),
    ipAddresses: unique([p.advertiseAddress, '127.0.0.1', '::1']),
  };
}

const leaf = (subject: Subject, usages: CertSpec['usages'], alt = {}): CertSpec => ({
  subject,
  usages,
  validityMs: YEAR_MS,
  ...alt,
});

/** Every leaf certificate of a control-plane node, in kubeadm's generation order. */
export function leafCertSpecs(p: PkiParams): LeafSpec[] {
  return [
    {
      name: 'apiserver',
      ca: 'ca',
      spec: leaf({ commonName: 'kube-apiserver' }, ['serverAuth'], apiServerAltNames(p)),
    },
    {
      name: 'apiserver-kubelet-client',
      ca: 'ca',
      spec: leaf({ commonName: 'kube-apiserver-kubelet-client', organizations: [CLUSTER_ADMINS_GROUP] }, [
        'clientAuth',
      ]),
    },
    {
      name: 'front-proxy-client',
      ca: 'front-proxy-ca',
      spec: leaf({ commonName: 'front-proxy-client' }, ['clientAuth']),
    },
    {
      name: 'etcd/server',
      ca: 'etcd/ca',
      spec: leaf({ commonName: p.nodeName }, ['serverAuth', 'clientAuth'], etcdAltNames(p)),
    },
    {
      name: 'etcd/peer',
      ca: 'etcd/ca',
      spec: leaf({ commonName: p.nodeName }, ['serverAuth', 'clientAuth'], etcdAltNames(p)),
    },
    {
      name: 'etcd/healthcheck-client',
      ca: 'etcd/ca',
      spec: leaf({ commonName: 'kube-etcd-healthcheck-client' }, ['clientAuth']),
    },
    {
      name: 'apiserver-etcd-client',
      ca: 'etcd/ca',
      spec: leaf({ commonName: 'kube-apiserver-etcd-client' }, ['clientAuth']),
    },
  ];
}

/** The kubeconfig files kubeadm writes under /etc/kubernetes and the identity each carries. */
export interface KubeconfigSpec {
  file: string;
  subject: Subject;
  /** true: the control-plane endpoint; false: this node's own API server (controller-manager, scheduler). */
  viaEndpoint: boolean;
}

export function kubeconfigSpecs(nodeName: string): KubeconfigSpec[] {
  return [
    {
      file: 'admin.conf',
      subject: { commonName: 'kubernetes-admin', organizations: [CLUSTER_ADMINS_GROUP] },
      viaEndpoint: true,
    },
    {
      file: 'super-admin.conf',
      subject: { commonName: 'kubernetes-super-admin', organizations: ['system:masters'] },
      viaEndpoint: true,
    },
    {
      file: 'kubelet.conf',
      subject: { commonName: `system:node:${nodeName}`, organizations: ['system:nodes'] },
      viaEndpoint: true,
    },
    {
      file: 'controller-manager.conf',
      subject: { commonName: 'system:kube-controller-manager' },
      viaEndpoint: false,
    },
    { file: 'scheduler.conf', subject: { commonName: 'system:kube-scheduler' }, viaEndpoint: false },
  ];
}
