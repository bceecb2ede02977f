import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ConfigMap, Node, Secret } from '../../src/cluster/objects/index.js';
import { caCertHash } from '../../src/kube/pki/ca-hash.js';
import { TestCluster, type TestHost, testHost, text } from './support/kubeadm-harness.js';

const hosts: TestHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.cleanup();
});

function host(cluster: TestCluster, name: string, ip: string, root = true): TestHost {
  const h = testHost(cluster, { name, ip, root });
  hosts.push(h);
  return h;
}

const command = (h: TestHost, manifest: string): string[] => {
  const pod = parse(readFileSync(join(h.root, 'etc/kubernetes/manifests', manifest), 'utf8'));
  return pod.spec.containers[0].command;
};

const ecdsaConfig = (extra: string) => `apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
encryptionAlgorithm: ECDSA-P256
kubernetesVersion: v1.31.2
${extra}
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 198.18.0.11
nodeRegistration:
  name: cp1
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
maxPods: 50
`;

function writeConfig(h: TestHost, body: string): string {
  writeFileSync(join(h.root, 'kubeadm.yaml'), body);
  return '/kubeadm.yaml';
}

describe('kubeadm init', () => {
  it('runs every phase with flags, writes the real files and objects, and prints the join command', async () => {
    const cluster = new TestCluster();
    cluster.registerNode('cp1', '198.18.0.11');
    const h = host(cluster, 'cp1', '198.18.0.11');
    const rc = await h.run(
      'init',
      '--apiserver-advertise-address=198.18.0.11',
      '--pod-network-cidr',
      '10.244.0.0/16',
      '--kubernetes-version',
      '1.31.2',
    );
    expect(h.err).toEqual([]);
    expect(rc).toBe(0);
    const out = text(h.out);
    const order = [
      '[init] Using Kubernetes version: v1.31.2',
      '[preflight] Running pre-flight checks',
      '[certs] Generating "ca"',
      '[kubeconfig] Writing "admin.conf"',
      '[etcd] Creating static Pod manifest',
      '[control-plane] Creating static Pod manifest for "kube-apiserver"',
      '[kubelet-start] Starting the kubelet',
      '[wait-control-plane]',
      '[upload-config]',
      '[mark-control-plane]',
      '[bootstrap-token] Using token:',
      '[kubelet-finalize]',
      '[addons] Applied essential addon: CoreDNS',
      '[addons] Applied essential addon: kube-proxy',
      'Your Kubernetes control-plane has initialized successfully!',
    ];
    const positions = order.map((s) => out.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(out).toContain(
      '[certs] apiserver serving cert is signed for DNS names [cp1 kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local] and IPs [10.96.0.1 198.18.0.11]',
    );
    expect(out).not.toContain('[upload-certs] Using certificate key');

    const files = [
      'pki/ca.crt',
      'pki/ca.key',
      'pki/apiserver.crt',
      'pki/apiserver.key',
      'pki/apiserver-kubelet-client.crt',
      'pki/front-proxy-ca.crt',
      'pki/front-proxy-client.crt',
      'pki/sa.key',
      'pki/sa.pub',
      'pki/etcd/ca.crt',
      'pki/etcd/server.crt',
      'pki/etcd/peer.crt',
      'pki/etcd/healthcheck-client.crt',
      'pki/apiserver-etcd-client.crt',
      'admin.conf',
      'super-admin.conf',
      'kubelet.conf',
      'controller-manager.conf',
      'scheduler.conf',
      'manifests/etcd.yaml',
      'manifests/kube-apiserver.yaml',
      'manifests/kube-controller-manager.yaml',
      'manifests/kube-scheduler.yaml',
    ];
    for (const f of files) expect(readFileSync(join(h.root, 'etc/kubernetes', f)).length).toBeGreaterThan(0);
    const kubeletConfig = parse(readFileSync(join(h.root, 'var/lib/kubelet/config.yaml'), 'utf8'));
    expect(kubeletConfig.cgroupDriver).toBe('systemd');
    expect(kubeletConfig.clusterDNS).toEqual(['10.96.0.10']);
    expect(readFileSync(join(h.root, 'var/lib/kubelet/kubeadm-flags.env'), 'utf8')).toBe(
      'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"\n',
    );

    const cm = command(h, 'kube-controller-manager.yaml');
    expect(cm).toContain('--allocate-node-cidrs=true');
    expect(cm).toContain('--cluster-cidr=10.244.0.0/16');
    const api = command(h, 'kube-apiserver.yaml');
    expect(api).toEqual(
      expect.arrayContaining([
        '--etcd-servers=https://127.0.0.1:2379',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--advertise-address=198.18.0.11',
      ]),
    );
    const etcd = command(h, 'etcd.yaml');
    expect(etcd).toEqual(
      expect.arrayContaining([
        '--advertise-client-urls=https://198.18.0.11:2379',
        '--initial-cluster=cp1=https://198.18.0.11:2380',
        '--listen-peer-urls=https://198.18.0.11:2380',
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
      ]),
    );
    expect(etcd.some((f) => f.startsWith('--initial-cluster-state'))).toBe(false);

    const node = (await cluster.client.get('Node', 'cp1')) as Node;
    expect(node.metadata.labels?.['node-role.kubernetes.io/control-plane']).toBe('');
    expect(node.spec.taints).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ]);
    const tokens = (await cluster.client.list('Secret', { namespace: 'kube-system' })).items.filter(
      (s) => s.type === 'bootstrap.kubernetes.io/token',
    );
    expect(tokens).toHaveLength(1);
    const tok = tokens[0] as Secret;
    const dec = (k: string) => Buffer.from(tok.data?.[k] ?? '', 'base64').toString();
    expect(tok.metadata.name).toBe(`bootstrap-token-${dec('token-id')}`);
    expect(dec('expiration')).toBe(
      new Date(cluster.clock.now() + 24 * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'),
    );
    expect(dec('usage-bootstrap-authentication')).toBe('true');
    expect(dec('usage-bootstrap-signing')).toBe('true');
    expect(dec('auth-extra-groups')).toBe('system:bootstrappers:kubeadm:default-node-token');
    const info = (await cluster.client.get('ConfigMap', 'cluster-info', 'kube-public')) as ConfigMap;
    expect(Object.keys(info.data ?? {})).toEqual(['kubeconfig', `jws-kubeconfig-${dec('token-id')}`]);
    const kcfg = (await cluster.client.get('ConfigMap', 'kubeadm-config', 'kube-system')) as ConfigMap;
    expect(parse(kcfg.data?.ClusterConfiguration ?? '').networking).toEqual({
      dnsDomain: 'cluster.local',
      podSubnet: '10.244.0.0/16',
      serviceSubnet: '10.96.0.0/12',
    });
    await cluster.client.get('Deployment', 'coredns', 'kube-system');
    await cluster.client.get('DaemonSet', 'kube-proxy', 'kube-system');
    await cluster.client.get('Service', 'kube-dns', 'kube-system');
    await cluster.client.get('RoleBinding', 'kubeadm:nodes-kubeadm-config', 'kube-system');
    await cluster.client.get('ClusterRoleBinding', 'kubeadm:cluster-admins');

    const hash = caCertHash(readFileSync(join(h.root, 'etc/kubernetes/pki/ca.crt')));
    const token = `${dec('token-id')}.${dec('token-secret')}`;
    expect(out).toContain(
      `Then you can join any number of worker nodes by running the following on each as root:\n\nkubeadm join 198.18.0.11:6443 --token ${token} \\\n\t--discovery-token-ca-cert-hash ${hash} `,
    );
    expect(out).not.toContain('--control-plane');
  }, 180_000);

  it("fails a second init in preflight with kubeadm's messages and exit code 1", async () => {
    const cluster = new TestCluster();
    cluster.registerNode('cp1', '198.18.0.11');
    const h = host(cluster, 'cp1', '198.18.0.11');
    const cfg = writeConfig(h, ecdsaConfig(''));
    expect(await h.run('init', '--config', cfg)).toBe(0);
    for (const p of [6443, 10259, 10257, 10250, 2379, 2380]) h.busyPorts.add(p);
    h.out.length = 0;
    expect(await h.run('init', '--config', cfg)).toBe(1);
    expect(h.err).toEqual([
      [
        'error execution phase preflight: [preflight] Some fatal errors occurred:',
        '\t[ERROR Port-6443]: Port 6443 is in use',
        '\t[ERROR Port-10259]: Port 10259 is in use',
        '\t[ERROR Port-10257]: Port 10257 is in use',
        '\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml already exists',
        '\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-controller-manager.yaml]: /etc/kubernetes/manifests/kube-controller-manager.yaml already exists',
        '\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-scheduler.yaml]: /etc/kubernetes/manifests/kube-scheduler.yaml already exists',
        '\t[ERROR FileAvailable--etc-kubernetes-manifests-etcd.yaml]: /etc/kubernetes/manifests/etcd.yaml already exists',
        '\t[ERROR Port-10250]: Port 10250 is in use',
        '\t[ERROR Port-2379]: Port 2379 is in use',
        '\t[ERROR Port-2380]: Port 2380 is in use',
        '[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`',
      ].join('\n'),
      'To see the stack trace of this error execute with --v=5 or higher',
    ]);
    expect(h.out).toEqual([
      '[init] Using Kubernetes version: v1.31.2',
      '[preflight] Running pre-flight checks',
    ]);
  }, 60_000);

  it('reports ip_forward and a non-root user as kubeadm does', async () => {
    const cluster = new TestCluster();
    const h = host(cluster, 'cp1', '198.18.0.11', false);
    expect(await h.run('init')).toBe(1);
    expect(h.err[0]).toBe(
      'error execution phase preflight: [preflight] Some fatal errors occurred:\n\t[ERROR IsPrivilegedUser]: user is not running as root\n[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`',
    );
    const h2 = host(cluster, 'cp2', '198.18.0.12');
    writeFileSync(join(h2.root, 'proc/sys/net/ipv4/ip_forward'), '0\n');
    expect(await h2.run('init', '--ignore-preflight-errors=Port-6443')).toBe(1);
    expect(h2.err[0]).toContain(
      '\t[ERROR FileContent--proc-sys-net-ipv4-ip_forward]: /proc/sys/net/ipv4/ip_forward contents are not set to 1',
    );
  });

  it('without a pod CIDR leaves node CIDR allocation off; an HA endpoint goes into SANs, kubeconfigs and the join commands', async () => {
    const cluster = new TestCluster();
    cluster.registerNode('cp1', '198.18.0.11');
    const h = host(cluster, 'cp1', '198.18.0.11');
    const cfg = writeConfig(h, ecdsaConfig('controlPlaneEndpoint: lb.lab:6443'));
    expect(await h.run('init', '--config', cfg, '--upload-certs')).toBe(0);
    const cm = command(h, 'kube-controller-manager.yaml');
    expect(cm.some((f) => f.startsWith('--allocate-node-cidrs') || f.startsWith('--cluster-cidr'))).toBe(
      false,
    );
    expect(
      parse(readFileSync(join(h.root, 'etc/kubernetes/admin.conf'), 'utf8')).clusters[0].cluster.server,
    ).toBe('https://lb.lab:6443');
    expect(
      parse(readFileSync(join(h.root, 'etc/kubernetes/scheduler.conf'), 'utf8')).clusters[0].cluster.server,
    ).toBe('https://198.18.0.11:6443');
    expect(parse(readFileSync(join(h.root, 'var/lib/kubelet/config.yaml'), 'utf8')).maxPods).toBe(50);
    const out = text(h.out);
    expect(out).toContain(
      'DNS names [cp1 kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local lb.lab]',
    );
    const key = h.out[h.out.indexOf('[upload-certs] Using certificate key:') + 1] as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(out).toContain(
      'You can now join any number of control-plane nodes running the following command on each as root:\n\n  kubeadm join lb.lab:6443 --token ',
    );
    expect(out).toContain(
      `\t--control-plane --certificate-key ${key}\n\nPlease note that the certificate-key gives access to cluster sensitive data, keep it secret!`,
    );
    const certs = (await cluster.client.get('Secret', 'kubeadm-certs', 'kube-system')) as Secret;
    const owner = certs.metadata.ownerReferences?.[0];
    expect(owner?.kind).toBe('Secret');
    const ownerToken = (await cluster.client.get('Secret', owner?.name ?? '', 'kube-system')) as Secret;
    expect(ownerToken.metadata.uid).toBe(owner?.uid);
    expect(Buffer.from(ownerToken.data?.expiration ?? '', 'base64').toString()).toBe(
      new Date(cluster.clock.now() + 2 * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'),
    );
    expect(Buffer.from(certs.data?.['ca.key'] ?? '', 'base64').toString()).not.toContain('PRIVATE KEY');
  }, 60_000);

  it('rejects flags mixed with --config as kubeadm does', async () => {
    const cluster = new TestCluster();
    const h = host(cluster, 'cp1', '198.18.0.11');
    const cfg = writeConfig(h, ecdsaConfig(''));
    expect(await h.run('init', '--config', cfg, '--pod-network-cidr=10.244.0.0/16')).toBe(1);
    expect(h.err).toEqual(["can not mix '--config' with arguments [pod-network-cidr]"]);
  });
});
