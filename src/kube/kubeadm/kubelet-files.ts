import { stringify } from 'yaml';
import { dnsServiceIp } from '../../cluster/addons/kubeadm-addons.js';
import type { ClusterConfig, NodeConfig } from './init-config.js';
import { PKI_DIR } from './manifests.js';

export const KUBELET_CONFIG = '/var/lib/kubelet/config.yaml';
export const KUBELET_FLAGS_ENV = '/var/lib/kubelet/kubeadm-flags.env';
export const KUBELET_CLIENT_PEM = '/var/lib/kubelet/pki/kubelet-client-current.pem';

/**
 * The KubeletConfiguration kubeadm writes (and stores in kube-system/kubelet-config for joining nodes):
 * cgroupDriver systemd (kubeadm's default since 1.22), static pods from /etc/kubernetes/manifests, cluster DNS at
 * the 10th service address. Fields of the user's KubeletConfiguration document win.
 */
export function kubeletConfiguration(
  c: ClusterConfig,
  user: Record<string, unknown>,
): Record<string, unknown> {
  const zero = '0s';
  return {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    authentication: {
      anonymous: { enabled: false },
      webhook: { cacheTTL: zero, enabled: true },
      x509: { clientCAFile: `${PKI_DIR}/ca.crt` },
    },
    authorization: { mode: 'Webhook', webhook: { cacheAuthorizedTTL: zero, cacheUnauthorizedTTL: zero } },
    cgroupDriver: 'systemd',
    clusterDNS: [dnsServiceIp(c.serviceSubnet)],
    clusterDomain: c.dnsDomain,
    containerRuntimeEndpoint: '',
    cpuManagerReconcilePeriod: zero,
    evictionPressureTransitionPeriod: zero,
    fileCheckFrequency: zero,
    healthzBindAddress: '127.0.0.1',
    healthzPort: 10248,
    httpCheckFrequency: zero,
    imageMaximumGCAge: zero,
    imageMinimumGCAge: zero,
    kind: 'KubeletConfiguration',
    logging: {
      flushFrequency: 0,
      options: { json: { infoBufferSize: '0' }, text: { infoBufferSize: '0' } },
      verbosity: 0,
    },
    memorySwap: {},
    nodeStatusReportFrequency: zero,
    nodeStatusUpdateFrequency: zero,
    rotateCertificates: true,
    runtimeRequestTimeout: zero,
    shutdownGracePeriod: zero,
    shutdownGracePeriodCriticalPods: zero,
    staticPodPath: '/etc/kubernetes/manifests',
    streamingConnectionIdleTimeout: zero,
    syncFrequency: zero,
    volumeStatsAggPeriod: zero,
    ...user,
  };
}

export const renderKubeletConfig = (cfg: Record<string, unknown>): string => stringify(cfg);

/** /var/lib/kubelet/kubeadm-flags.env: the runtime endpoint, a hostname override when the node name differs. */
export function kubeletFlagsEnv(n: NodeConfig, hostname: string): string {
  const flags: Record<string, string> = {
    'container-runtime-endpoint': n.criSocket,
    ...(n.nodeName !== hostname.toLowerCase() ? { 'hostname-override': n.nodeName } : {}),
    ...n.kubeletExtraArgs,
  };
  const text = Object.keys(flags)
    .sort()
    .map((k) => `--${k}=${flags[k]}`)
    .join(' ');
  return `KUBELET_KUBEADM_ARGS="${text}"\n`;
}
