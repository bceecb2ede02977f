import type { ConfigMap, DaemonSet, Deployment, KubeObject } from '../objects/index.js';

export interface CniOptions {
  /** Calico: CALICO_IPV4POOL_CIDR (commented out upstream, so 192.168.0.0/16 when empty); Flannel: net-conf Network. */
  podNetworkCidr?: string;
  version?: string;
}

const crd = (plural: string, kind: string, scope: 'Cluster' | 'Namespaced'): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.crd.projectcalico.org` },
  spec: {
    group: 'crd.projectcalico.org',
    scope,
    names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
});

/** Calico's manifest install (calico.yaml), reduced to the objects whose behaviour the model needs. */
export function calicoManifest(opts: CniOptions = {}): KubeObject[] {
  const version = opts.version ?? 'v3.30.3';
  const labels = { 'k8s-app': 'calico-node' };
  const env = [
    { name: 'DATASTORE_TYPE', value: 'kubernetes' },
    { name: 'CLUSTER_TYPE', value: 'k8s,bgp' },
    { name: 'IP', value: 'autodetect' },
    { name: 'CALICO_IPV4POOL_IPIP', value: 'Always' },
    ...(opts.podNetworkCidr ? [{ name: 'CALICO_IPV4POOL_CIDR', value: opts.podNetworkCidr }] : []),
    { name: 'FELIX_IPV6SUPPORT', value: 'false' },
  ];
  const ds: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'calico-node', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          hostNetwork: true,
          tolerations: [
            { effect: 'NoSchedule', operator: 'Exists' },
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { effect: 'NoExecute', operator: 'Exists' },
          ],
          serviceAccountName: 'calico-node',
          terminationGracePeriodSeconds: 0,
          priorityClassName: 'system-node-critical',
          initContainers: [
            { name: 'upgrade-ipam', image: `docker.io/calico/cni:${version}` },
            { name: 'install-cni', image: `docker.io/calico/cni:${version}` },
          ],
          containers: [
            {
              name: 'calico-node',
              image: `docker.io/calico/node:${version}`,
              env,
              resources: { requests: { cpu: '250m' } },
            },
          ],
        },
      },
    },
  };
  const controllers: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'calico-kube-controllers',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'calico-kube-controllers' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'k8s-app': 'calico-kube-controllers' } },
      strategy: { type: 'Recreate' },
      template: {
        metadata: { labels: { 'k8s-app': 'calico-kube-controllers' } },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          serviceAccountName: 'calico-kube-controllers',
          priorityClassName: 'system-cluster-critical',
          containers: [
            { name: 'calico-kube-controllers', image: `docker.io/calico/kube-controllers:${version}` },
          ],
        },
      },
    },
  };
  return [
    crd('ippools', 'IPPool', 'Cluster'),
    crd('blockaffinities', 'BlockAffinity', 'Cluster'),
    crd('ipamblocks', 'IPAMBlock', 'Cluster'),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'calico-node', namespace: 'kube-system' } },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'calico-kube-controllers', namespace: 'kube-system' },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'calico-node' },
      rules: [],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'calico-node' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'calico-node' },
      subjects: [{ kind: 'ServiceAccount', name: 'calico-node', namespace: 'kube-system' }],
    },
    ds,
    controllers,
  ];
}

/** Flannel's kube-flannel.yml: namespace kube-flannel, ConfigMap kube-flannel-cfg, DaemonSet kube-flannel-ds. */
export function flannelManifest(opts: CniOptions = {}): KubeObject[] {
  const version = opts.version ?? 'v0.28.0';
  const labels = { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' };
  const cfg: ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-flannel-cfg', namespace: 'kube-flannel', labels },
    data: {
      'cni-conf.json':
        '{\n  "name": "cbr0",\n  "cniVersion": "0.3.1",\n  "plugins": [{"type": "flannel", "delegate": {"hairpinMode": true, "isDefaultGateway": true}}, {"type": "portmap", "capabilities": {"portMappings": true}}]\n}\n',
      'net-conf.json': `{\n  "Network": "${opts.podNetworkCidr || '10.244.0.0/16'}",\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "vxlan"\n  }\n}\n`,
    },
  };
  const ds: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-flannel-ds', namespace: 'kube-flannel', labels },
    spec: {
      selector: { matchLabels: { app: 'flannel' } },
      template: {
        metadata: { labels },
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
                ],
              },
            },
          },
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
          serviceAccountName: 'flannel',
          initContainers: [
            { name: 'install-cni-plugin', image: 'ghcr.io/flannel-io/flannel-cni-plugin:v1.7.1-flannel1' },
            { name: 'install-cni', image: `ghcr.io/flannel-io/flannel:${version}` },
          ],
          containers: [
            {
              name: 'kube-flannel',
              image: `ghcr.io/flannel-io/flannel:${version}`,
              command: ['/opt/bin/flanneld'],
              args: ['--ip-masq', '--kube-subnet-mgr'],
              resources: { requests: { cpu: '100m', memory: '50Mi' } },
            },
          ],
        },
      },
    },
  };
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'kube-flannel',
        labels: { 'k8s-app': 'flannel', 'pod-security.kubernetes.io/enforce': 'privileged' },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flannel', namespace: 'kube-flannel' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'flannel' },
      rules: [],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'flannel' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flannel' },
      subjects: [{ kind: 'ServiceAccount', name: 'flannel', namespace: 'kube-flannel' }],
    },
    cfg,
    ds,
  ];
}
