import { formatIPv4, parseCidr } from '../../cluster/net/cidr.js';
import type { Taint } from '../../cluster/objects/index.js';
import { KEY_ALGORITHMS, type KeyAlgorithm } from '../pki/certificate.js';
import { flagBool, flagList, flagString, type ParsedArgs } from './argv.js';
import { type ConfigDocs, extraArgs, section, str } from './config-file.js';
import { parseGoDuration } from './go-duration.js';
import { KubeadmError } from './kubeadm-error.js';
import { parseKubeVersion, REGISTRY } from './versions.js';

/** Cluster-wide settings: what the kubeadm-config ConfigMap records as the ClusterConfiguration. */
export interface ClusterConfig {
  kubernetesVersion: string;
  /** `host:port` as given (`lb.example:6443`), if any. */
  controlPlaneEndpoint?: string;
  podSubnet?: string;
  serviceSubnet: string;
  dnsDomain: string;
  clusterName: string;
  certSANs: string[];
  encryptionAlgorithm: KeyAlgorithm;
  imageRepository: string;
  apiServerExtraArgs: Record<string, string>;
  controllerManagerExtraArgs: Record<string, string>;
  schedulerExtraArgs: Record<string, string>;
  etcdExtraArgs: Record<string, string>;
}

/** This node's registration: what InitConfiguration/JoinConfiguration say about the host itself. */
export interface NodeConfig {
  nodeName: string;
  criSocket: string;
  advertiseAddress: string;
  bindPort: number;
  taints: Taint[];
  kubeletExtraArgs: Record<string, string>;
  ignorePreflightErrors: string[];
}

export interface InitConfig {
  cluster: ClusterConfig;
  node: NodeConfig;
  uploadCerts: boolean;
  certificateKey?: string;
  token?: string;
  tokenTtlMs: number;
  skipPhases: string[];
  skipTokenPrint: boolean;
  skipCertificateKeyPrint: boolean;
  /** The KubeletConfiguration document given, merged over kubeadm's defaults when written. */
  kubelet: Record<string, unknown>;
}

export const DEFAULT_CRI_SOCKET = 'unix:///var/run/containerd/containerd.sock';
export const DEFAULT_SERVICE_SUBNET = '10.96.0.0/12';
export const DEFAULT_TOKEN_TTL_MS = 24 * 3600 * 1000;
export const CONTROL_PLANE_TAINT: Taint = {
  key: 'node-role.kubernetes.io/control-plane',
  effect: 'NoSchedule',
};

/** Flags still allowed beside --config (the rest are configuration and must be in the file). */
const mixable = new Set([
  'config',
  'ignore-preflight-errors',
  'skip-phases',
  'upload-certs',
  'certificate-key',
  'skip-token-print',
  'skip-certificate-key-print',
  'v',
  'rootfs',
  'help',
]);

export function rejectMixedConfig(args: ParsedArgs): void {
  if (!args.flags.has('config')) return;
  const mixed = [...args.flags.keys()].filter((f) => !mixable.has(f)).sort();
  if (mixed.length > 0) {
    throw new KubeadmError('PRV761', `can not mix '--config' with arguments [${mixed.join(' ')}]`);
  }
}

function checkCidr(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!parseCidr(value)) {
    throw new KubeadmError('PRV762', `${field}: Invalid value: "${value}": couldn't parse subnet`);
  }
  return value;
}

/** The `kubernetes` Service's ClusterIP: the first address of the service CIDR. */
export function apiServiceIp(serviceSubnet: string): string {
  const c = parseCidr(serviceSubnet.split(',')[0] ?? '');
  if (!c) throw new KubeadmError('PRV762', `networking.serviceSubnet: Invalid value: "${serviceSubnet}"`);
  return formatIPv4(c.base + 1);
}

export function parseTaints(v: unknown): Taint[] | undefined {
  if (v === null) return [];
  if (!Array.isArray(v)) return undefined;
  return v.map((t) => {
    const o = t as Record<string, unknown>;
    return {
      key: String(o.key),
      ...(o.value !== undefined ? { value: String(o.value) } : {}),
      effect: String(o.effect) as Taint['effect'],
    };
  });
}

/** The ClusterConfiguration from a document (or defaults), with flags (when no --config) on top. */
export function resolveClusterConfig(
  doc: Record<string, unknown> | undefined,
  over: Partial<ClusterConfig>,
  defaultVersion: string,
): ClusterConfig {
  const d = doc ?? {};
  const net = section(d, 'networking');
  const alg = (over.encryptionAlgorithm ?? str(d, 'encryptionAlgorithm') ?? 'RSA-2048') as KeyAlgorithm;
  if (!KEY_ALGORITHMS.includes(alg)) {
    throw new KubeadmError('PRV762', `encryptionAlgorithm: Unsupported value: "${alg}"`);
  }
  const version = over.kubernetesVersion ?? str(d, 'kubernetesVersion') ?? defaultVersion;
  const sans = section(d, 'apiServer').certSANs;
  return {
    kubernetesVersion: parseKubeVersion(version).text,
    controlPlaneEndpoint: over.controlPlaneEndpoint ?? str(d, 'controlPlaneEndpoint'),
    podSubnet: checkCidr('networking.podSubnet', over.podSubnet ?? str(net, 'podSubnet')),
    serviceSubnet:
      checkCidr('networking.serviceSubnet', over.serviceSubnet ?? str(net, 'serviceSubnet')) ??
      DEFAULT_SERVICE_SUBNET,
    dnsDomain: over.dnsDomain ?? str(net, 'dnsDomain') ?? 'cluster.local',
    clusterName: str(d, 'clusterName') ?? 'kubernetes',
    certSANs: [...(Array.isArray(sans) ? sans.map(String) : []), ...(over.certSANs ?? [])],
    encryptionAlgorithm: alg,
    imageRepository: over.imageRepository ?? str(d, 'imageRepository') ?? REGISTRY,
    apiServerExtraArgs: extraArgs(section(d, 'apiServer')),
    controllerManagerExtraArgs: extraArgs(section(d, 'controllerManager')),
    schedulerExtraArgs: extraArgs(section(d, 'scheduler')),
    etcdExtraArgs: extraArgs(section(d, 'etcd', 'local')),
  };
}

export interface HostFacts {
  hostname: string;
  defaultAddress?: string;
  version: string;
}

/** `kubeadm init`'s configuration: flags or --config documents, then kubeadm's defaults. */
export function resolveInitConfig(args: ParsedArgs, docs: ConfigDocs, host: HostFacts): InitConfig {
  rejectMixedConfig(args);
  const init = docs.init ?? {};
  const reg = section(init, 'nodeRegistration');
  const local = section(init, 'localAPIEndpoint');
  const tokenDoc = Array.isArray(init.bootstrapTokens)
    ? (init.bootstrapTokens[0] as Record<string, unknown>)
    : {};
  const cluster = resolveClusterConfig(
    docs.cluster,
    {
      kubernetesVersion: flagString(args, 'kubernetes-version'),
      controlPlaneEndpoint: flagString(args, 'control-plane-endpoint'),
      podSubnet: flagString(args, 'pod-network-cidr'),
      serviceSubnet: flagString(args, 'service-cidr'),
      dnsDomain: flagString(args, 'service-dns-domain'),
      imageRepository: flagString(args, 'image-repository'),
      certSANs: flagList(args, 'apiserver-cert-extra-sans'),
    },
    host.version,
  );
  const advertiseAddress =
    flagString(args, 'apiserver-advertise-address') ?? str(local, 'advertiseAddress') ?? host.defaultAddress;
  if (!advertiseAddress) {
    throw new KubeadmError('PRV761', 'unable to select an IP from default routes.');
  }
  const ttl = flagString(args, 'token-ttl') ?? str(tokenDoc, 'ttl');
  return {
    cluster,
    node: {
      nodeName: (flagString(args, 'node-name') ?? str(reg, 'name') ?? host.hostname).toLowerCase(),
      criSocket: flagString(args, 'cri-socket') ?? str(reg, 'criSocket') ?? DEFAULT_CRI_SOCKET,
      advertiseAddress,
      bindPort: Number(flagString(args, 'apiserver-bind-port') ?? str(local, 'bindPort') ?? 6443),
      taints: parseTaints(reg.taints) ?? [CONTROL_PLANE_TAINT],
      kubeletExtraArgs: extraArgs({ extraArgs: reg.kubeletExtraArgs }),
      ignorePreflightErrors: [
        ...flagList(args, 'ignore-preflight-errors'),
        ...(Array.isArray(reg.ignorePreflightErrors) ? reg.ignorePreflightErrors.map(String) : []),
      ].map((s) => s.toLowerCase()),
    },
    uploadCerts: flagBool(args, 'upload-certs'),
    certificateKey: flagString(args, 'certificate-key') ?? str(init, 'certificateKey'),
    token: flagString(args, 'token') ?? str(tokenDoc, 'token'),
    tokenTtlMs: ttl === undefined ? DEFAULT_TOKEN_TTL_MS : parseGoDuration(ttl, 'token-ttl'),
    skipPhases: [
      ...flagList(args, 'skip-phases'),
      ...(Array.isArray(init.skipPhases) ? init.skipPhases.map(String) : []),
    ],
    skipTokenPrint: flagBool(args, 'skip-token-print'),
    skipCertificateKeyPrint: flagBool(args, 'skip-certificate-key-print'),
    kubelet: docs.kubelet ?? {},
  };
}

/** `https://host:port` of the control-plane endpoint, or of this node's API server when none is set. */
export function endpointUrl(
  cluster: ClusterConfig,
  node: Pick<NodeConfig, 'advertiseAddress' | 'bindPort'>,
): string {
  if (cluster.controlPlaneEndpoint) {
    const hasPort = /:\d+$/.test(cluster.controlPlaneEndpoint) && !cluster.controlPlaneEndpoint.endsWith(']');
    return `https://${cluster.controlPlaneEndpoint}${hasPort ? '' : `:${node.bindPort}`}`;
  }
  return `https://${node.advertiseAddress}:${node.bindPort}`;
}

/** The host part of controlPlaneEndpoint (`lb.example` of `lb.example:6443`). */
export function endpointHost(cpe: string | undefined): string | undefined {
  if (!cpe) return undefined;
  return cpe.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
}
