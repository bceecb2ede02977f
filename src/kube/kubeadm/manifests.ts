import { stringify } from 'yaml';
import type { ClusterConfig, NodeConfig } from './init-config.js';
import { parseKubeVersion, pinned } from './versions.js';

export const MANIFESTS_DIR = '/etc/kubernetes/manifests';
export const PKI_DIR = '/etc/kubernetes/pki';
export const ETCD_DATA_DIR = '/var/lib/etcd';

const pki = (f: string) => `${PKI_DIR}/${f}`;

/** `--k=v` flags sorted by name, extra args overriding kubeadm's, as kubeadm builds static pod commands. */
function command(binary: string, base: Record<string, string>, extra: Record<string, string>): string[] {
  const all = { ...base, ...extra };
  return [
    binary,
    ...Object.keys(all)
      .sort()
      .map((k) => `--${k}=${all[k]}`),
  ];
}

interface Mount {
  name: string;
  path: string;
  readOnly?: boolean;
  type?: 'DirectoryOrCreate' | 'FileOrCreate';
}

function staticPod(
  name: string,
  image: string,
  cmd: string[],
  mounts: Mount[],
  opts: {
    annotations?: Record<string, string>;
    cpu: string;
    probePort: number;
    probeScheme: 'HTTP' | 'HTTPS';
    probePath: string;
    probeHost: string;
  },
): string {
  const probe = (path: string) => ({
    failureThreshold: 8,
    httpGet: { host: opts.probeHost, path, port: opts.probePort, scheme: opts.probeScheme },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 15,
  });
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
      labels: { component: name, tier: 'control-plane' },
      name,
      namespace: 'kube-system',
    },
    spec: {
      containers: [
        {
          command: cmd,
          image,
          imagePullPolicy: 'IfNotPresent',
          livenessProbe: probe(opts.probePath),
          name,
          resources: { requests: { cpu: opts.cpu } },
          startupProbe: { ...probe(opts.probePath), failureThreshold: 24 },
          volumeMounts: mounts.map((m) => ({
            mountPath: m.path,
            name: m.name,
            ...(m.readOnly ? { readOnly: true } : {}),
          })),
        },
      ],
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes: mounts.map((m) => ({
        hostPath: { path: m.path, type: m.type ?? 'DirectoryOrCreate' },
        name: m.name,
      })),
    },
    status: {},
  };
  return stringify(pod);
}

const certMounts: Mount[] = [
  { name: 'ca-certs', path: '/etc/ssl/certs', readOnly: true },
  { name: 'k8s-certs', path: PKI_DIR, readOnly: true },
];

export interface EtcdPeer {
  name: string;
  peerUrl: string;
}

/**
 * etcd's static pod: client and peer TLS from the kubeadm PKI. `initialCluster` lists every member including
 * this one; a joining control plane adds `--initial-cluster-state=existing`.
 */
export function etcdManifest(
  c: ClusterConfig,
  n: NodeConfig,
  initialCluster: EtcdPeer[],
  existing: boolean,
): string {
  const ip = n.advertiseAddress;
  const flags: Record<string, string> = {
    'advertise-client-urls': `https://${ip}:2379`,
    'cert-file': pki('etcd/server.crt'),
    'client-cert-auth': 'true',
    'data-dir': ETCD_DATA_DIR,
    'experimental-initial-corrupt-check': 'true',
    'experimental-watch-progress-notify-interval': '5s',
    'initial-advertise-peer-urls': `https://${ip}:2380`,
    'initial-cluster': initialCluster.map((p) => `${p.name}=${p.peerUrl}`).join(','),
    'key-file': pki('etcd/server.key'),
    'listen-client-urls': `https://127.0.0.1:2379,https://${ip}:2379`,
    'listen-metrics-urls': 'http://127.0.0.1:2381',
    'listen-peer-urls': `https://${ip}:2380`,
    name: n.nodeName,
    'peer-cert-file': pki('etcd/peer.crt'),
    'peer-client-cert-auth': 'true',
    'peer-key-file': pki('etcd/peer.key'),
    'peer-trusted-ca-file': pki('etcd/ca.crt'),
    'snapshot-count': '10000',
    'trusted-ca-file': pki('etcd/ca.crt'),
    ...(existing ? { 'initial-cluster-state': 'existing' } : {}),
  };
  const image = `${c.imageRepository}/etcd:${pinned(parseKubeVersion(c.kubernetesVersion)).etcd}`;
  return staticPod(
    'etcd',
    image,
    command('etcd', flags, c.etcdExtraArgs),
    [
      { name: 'etcd-data', path: ETCD_DATA_DIR },
      { name: 'etcd-certs', path: `${PKI_DIR}/etcd` },
    ],
    {
      annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
      cpu: '100m',
      probePort: 2381,
      probeScheme: 'HTTP',
      probePath: '/livez',
      probeHost: '127.0.0.1',
    },
  );
}

export function apiServerManifest(c: ClusterConfig, n: NodeConfig): string {
  const flags: Record<string, string> = {
    'advertise-address': n.advertiseAddress,
    'allow-privileged': 'true',
    'authorization-mode': 'Node,RBAC',
    'client-ca-file': pki('ca.crt'),
    'enable-admission-plugins': 'NodeRestriction',
    'enable-bootstrap-token-auth': 'true',
    'etcd-cafile': pki('etcd/ca.crt'),
    'etcd-certfile': pki('apiserver-etcd-client.crt'),
    'etcd-keyfile': pki('apiserver-etcd-client.key'),
    'etcd-servers': 'https://127.0.0.1:2379',
    'kubelet-client-certificate': pki('apiserver-kubelet-client.crt'),
    'kubelet-client-key': pki('apiserver-kubelet-client.key'),
    'kubelet-preferred-address-types': 'InternalIP,ExternalIP,Hostname',
    'proxy-client-cert-file': pki('front-proxy-client.crt'),
    'proxy-client-key-file': pki('front-proxy-client.key'),
    'requestheader-allowed-names': 'front-proxy-client',
    'requestheader-client-ca-file': pki('front-proxy-ca.crt'),
    'requestheader-extra-headers-prefix': 'X-Remote-Extra-',
    'requestheader-group-headers': 'X-Remote-Group',
    'requestheader-username-headers': 'X-Remote-User',
    'secure-port': String(n.bindPort),
    'service-account-issuer': `https://kubernetes.default.svc.${c.dnsDomain}`,
    'service-account-key-file': pki('sa.pub'),
    'service-account-signing-key-file': pki('sa.key'),
    'service-cluster-ip-range': c.serviceSubnet,
    'tls-cert-file': pki('apiserver.crt'),
    'tls-private-key-file': pki('apiserver.key'),
  };
  return staticPod(
    'kube-apiserver',
    `${c.imageRepository}/kube-apiserver:${c.kubernetesVersion}`,
    command('kube-apiserver', flags, c.apiServerExtraArgs),
    certMounts,
    {
      annotations: {
        'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${n.advertiseAddress}:${n.bindPort}`,
      },
      cpu: '250m',
      probePort: n.bindPort,
      probeScheme: 'HTTPS',
      probePath: '/livez',
      probeHost: n.advertiseAddress,
    },
  );
}

/** --allocate-node-cidrs and --cluster-cidr only when a pod subnet was given: no podCIDRs are allocated otherwise. */
export function controllerManagerManifest(c: ClusterConfig): string {
  const flags: Record<string, string> = {
    ...(c.podSubnet ? { 'allocate-node-cidrs': 'true', 'cluster-cidr': c.podSubnet } : {}),
    'authentication-kubeconfig': '/etc/kubernetes/controller-manager.conf',
    'authorization-kubeconfig': '/etc/kubernetes/controller-manager.conf',
    'bind-address': '127.0.0.1',
    'client-ca-file': pki('ca.crt'),
    'cluster-name': c.clusterName,
    'cluster-signing-cert-file': pki('ca.crt'),
    'cluster-signing-key-file': pki('ca.key'),
    controllers: '*,bootstrapsigner,tokencleaner',
    kubeconfig: '/etc/kubernetes/controller-manager.conf',
    'leader-elect': 'true',
    'requestheader-client-ca-file': pki('front-proxy-ca.crt'),
    'root-ca-file': pki('ca.crt'),
    'service-account-private-key-file': pki('sa.key'),
    'service-cluster-ip-range': c.serviceSubnet,
    'use-service-account-credentials': 'true',
  };
  return staticPod(
    'kube-controller-manager',
    `${c.imageRepository}/kube-controller-manager:${c.kubernetesVersion}`,
    command('kube-controller-manager', flags, c.controllerManagerExtraArgs),
    [
      ...certMounts,
      {
        name: 'kubeconfig',
        path: '/etc/kubernetes/controller-manager.conf',
        readOnly: true,
        type: 'FileOrCreate',
      },
    ],
    { cpu: '200m', probePort: 10257, probeScheme: 'HTTPS', probePath: '/healthz', probeHost: '127.0.0.1' },
  );
}

export function schedulerManifest(c: ClusterConfig): string {
  const flags: Record<string, string> = {
    'authentication-kubeconfig': '/etc/kubernetes/scheduler.conf',
    'authorization-kubeconfig': '/etc/kubernetes/scheduler.conf',
    'bind-address': '127.0.0.1',
    kubeconfig: '/etc/kubernetes/scheduler.conf',
    'leader-elect': 'true',
  };
  return staticPod(
    'kube-scheduler',
    `${c.imageRepository}/kube-scheduler:${c.kubernetesVersion}`,
    command('kube-scheduler', flags, c.schedulerExtraArgs),
    [{ name: 'kubeconfig', path: '/etc/kubernetes/scheduler.conf', readOnly: true, type: 'FileOrCreate' }],
    { cpu: '100m', probePort: 10259, probeScheme: 'HTTPS', probePath: '/livez', probeHost: '127.0.0.1' },
  );
}

export const CONTROL_PLANE_COMPONENTS = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
] as const;
