import type { KubeObject } from '../objects/index.js';

/** The static pod manifests `kubeadm init` / `join --control-plane` writes to /etc/kubernetes/manifests. */
export function controlPlaneManifests(kubeVersion: string, ip: string): Record<string, string> {
  const v = kubeVersion.replace(/^v?/, 'v');
  const pod = (name: string, image: string, command: string) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: ${name}`,
      '  namespace: kube-system',
      '  labels:',
      `    component: ${name}`,
      '    tier: control-plane',
      'spec:',
      '  hostNetwork: true',
      '  priorityClassName: system-node-critical',
      '  containers:',
      `  - name: ${name}`,
      `    image: ${image}`,
      '    command:',
      `    - ${command}`,
      '',
    ].join('\n');
  return {
    '/etc/kubernetes/manifests/etcd.yaml': pod(
      'etcd',
      'registry.k8s.io/etcd:3.5.15-0',
      `etcd --advertise-client-urls=https://${ip}:2379`,
    ),
    '/etc/kubernetes/manifests/kube-apiserver.yaml': pod(
      'kube-apiserver',
      `registry.k8s.io/kube-apiserver:${v}`,
      `kube-apiserver --advertise-address=${ip}`,
    ),
    '/etc/kubernetes/manifests/kube-controller-manager.yaml': pod(
      'kube-controller-manager',
      `registry.k8s.io/kube-controller-manager:${v}`,
      'kube-controller-manager',
    ),
    '/etc/kubernetes/manifests/kube-scheduler.yaml': pod(
      'kube-scheduler',
      `registry.k8s.io/kube-scheduler:${v}`,
      'kube-scheduler',
    ),
  };
}

/** kubeadm's bootstrap token Secret (the secret part is a placeholder: the model never needs the real one). */
export function bootstrapTokenSecret(tokenId: string, expiresAtMs: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `bootstrap-token-${tokenId}`, namespace: 'kube-system' },
    type: 'bootstrap.kubernetes.io/token',
    stringData: {
      'token-id': tokenId,
      'token-secret': '0000000000000000',
      expiration: new Date(expiresAtMs).toISOString().replace(/\.\d+Z$/, 'Z'),
      'usage-bootstrap-authentication': 'true',
      'usage-bootstrap-signing': 'true',
      'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
    },
  };
}
