import { nthAddress, parseCidr } from '../net/cidr.js';
import type { ConfigMap, DaemonSet, Deployment, KubeObject, Service } from '../objects/index.js';

export interface AddonOptions {
  kubeVersion?: string;
  serviceCidr?: string;
  podNetworkCidr?: string;
  clusterDomain?: string;
}

const ver = (v: string | undefined) => (v ?? 'v1.31.0').replace(/^v?/, 'v');

/** kubeadm's kube-proxy DaemonSet (addon phase). */
export function kubeProxyAddon(opts: AddonOptions = {}): KubeObject[] {
  const labels = { 'k8s-app': 'kube-proxy' };
  const config: ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
    data: {
      'config.conf': `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: ${opts.podNetworkCidr ?? ''}\nmode: ""\n`,
    },
  };
  const ds: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-node-critical',
          hostNetwork: true,
          serviceAccountName: 'kube-proxy',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'kube-proxy',
              image: `registry.k8s.io/kube-proxy:${ver(opts.kubeVersion)}`,
              command: [
                '/usr/local/bin/kube-proxy',
                '--config=/var/lib/kube-proxy/config.conf',
                '--hostname-override=$(NODE_NAME)',
              ],
            },
          ],
        },
      },
    },
  };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace: 'kube-system' } },
    config,
    ds,
  ];
}

/** The 10th address of the service CIDR, where kubeadm puts kube-dns (10.96.0.10 by default). */
export function dnsServiceIp(serviceCidr = '10.96.0.0/12'): string {
  const c = parseCidr(serviceCidr) ?? { base: 0x0a600000, prefix: 12 };
  return nthAddress(c, 10);
}

/**
 * kubeadm's CoreDNS: a Deployment of 2 replicas tolerating CriticalAddonsOnly and the control-plane taint,
 * preferring (weight 100) not to share a node with another kube-dns pod, system-cluster-critical, behind Service
 * kube-dns at the 10th address of the service CIDR.
 */
export function coreDnsAddon(opts: AddonOptions = {}): KubeObject[] {
  const labels = { 'k8s-app': 'kube-dns' };
  const domain = opts.clusterDomain ?? 'cluster.local';
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: {
                      matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }],
                    },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
          containers: [
            {
              name: 'coredns',
              image: 'registry.k8s.io/coredns/coredns:v1.11.3',
              args: ['-conf', '/etc/coredns/Corefile'],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
            },
          ],
        },
      },
    },
  };
  const service: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { ...labels, 'kubernetes.io/name': 'CoreDNS' },
    },
    spec: {
      selector: labels,
      clusterIP: dnsServiceIp(opts.serviceCidr),
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  };
  const corefile: ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    data: {
      Corefile: `.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes ${domain} in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n`,
    },
  };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: 'kube-system' } },
    corefile,
    deployment,
    service,
  ];
}
