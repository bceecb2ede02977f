import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Node } from '../../src/cluster/objects/index.js';
import { caCertHash } from '../../src/kube/pki/ca-hash.js';
import { TestCluster, type TestHost, testHost, text } from './support/kubeadm-harness.js';

const hosts: TestHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.cleanup();
});

const config = (cpe: string) => `apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
encryptionAlgorithm: ECDSA-P256
${cpe}
networking:
  podSubnet: 10.244.0.0/16
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 198.18.0.11
`;

async function initCluster(cpe = 'controlPlaneEndpoint: lb.lab:6443', uploadCerts = true) {
  const cluster = new TestCluster();
  cluster.registerNode('cp1', '198.18.0.11');
  const cp1 = testHost(cluster, { name: 'cp1', ip: '198.18.0.11' });
  hosts.push(cp1);
  writeFileSync(join(cp1.root, 'kubeadm.yaml'), config(cpe));
  expect(await cp1.run('init', '--config', '/kubeadm.yaml', ...(uploadCerts ? ['--upload-certs'] : []))).toBe(
    0,
  );
  const hash = caCertHash(readFileSync(join(cp1.root, 'etc/kubernetes/pki/ca.crt')));
  const token = /\[bootstrap-token\] Using token: (\S+)/.exec(text(cp1.out))?.[1] as string;
  const key = cp1.out[cp1.out.indexOf('[upload-certs] Using certificate key:') + 1] as string;
  return { cluster, cp1, hash, token, key };
}

function node(cluster: TestCluster, name: string, ip: string): TestHost {
  const h = testHost(cluster, { name, ip });
  hosts.push(h);
  cluster.registerNode(name, ip);
  return h;
}

describe('kubeadm join', () => {
  it('joins a worker with a valid token and CA hash', async () => {
    const { cluster, hash, token } = await initCluster();
    const w = node(cluster, 'w1', '198.18.0.21');
    expect(await w.run('join', 'lb.lab:6443', '--token', token, '--discovery-token-ca-cert-hash', hash)).toBe(
      0,
    );
    expect(text(w.out)).toContain('This node has joined the cluster:');
    const kubelet = parse(readFileSync(join(w.root, 'etc/kubernetes/kubelet.conf'), 'utf8'));
    expect(kubelet.clusters[0].cluster.server).toBe('https://lb.lab:6443');
    expect(parse(readFileSync(join(w.root, 'var/lib/kubelet/config.yaml'), 'utf8')).cgroupDriver).toBe(
      'systemd',
    );
    // a second join fails its preflight as kubeadm's does
    w.err.length = 0;
    w.busyPorts.add(10250);
    expect(await w.run('join', 'lb.lab:6443', '--token', token, '--discovery-token-ca-cert-hash', hash)).toBe(
      1,
    );
    expect(w.err[0]).toContain(
      '\t[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists\n\t[ERROR Port-10250]: Port 10250 is in use',
    );
  }, 60_000);

  it('refuses a wrong CA hash, an unknown token, an expired token and a malformed one', async () => {
    const { cluster, hash, token } = await initCluster();
    const w = node(cluster, 'w1', '198.18.0.21');
    const wrong = `sha256:${'0'.repeat(64)}`;
    expect(
      await w.run('join', 'lb.lab:6443', '--token', token, '--discovery-token-ca-cert-hash', wrong),
    ).toBe(1);
    expect(w.err[0]).toBe(
      `error execution phase preflight: couldn't validate the identity of the API Server: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${hash}" are pinned`,
    );

    w.err.length = 0;
    expect(
      await w.run(
        'join',
        'lb.lab:6443',
        '--token',
        'abcdef.0123456789abcdef',
        '--discovery-token-ca-cert-hash',
        hash,
      ),
    ).toBe(1);
    expect(w.err[0]).toBe(
      'error execution phase preflight: couldn\'t validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID "abcdef"',
    );

    w.err.length = 0;
    cluster.clock.advance(24 * 3600 * 1000 + 1000);
    expect(await w.run('join', 'lb.lab:6443', '--token', token, '--discovery-token-ca-cert-hash', hash)).toBe(
      1,
    );
    expect(w.err[0]).toContain('could not find a JWS signature in the cluster-info ConfigMap for token ID');

    w.err.length = 0;
    expect(
      await w.run('join', 'lb.lab:6443', '--token', 'not-a-token', '--discovery-token-ca-cert-hash', hash),
    ).toBe(1);
    expect(w.err[0]).toBe(
      'discovery.bootstrapToken.token: Invalid value: "<value withheld>": the bootstrap token is invalid',
    );
    expect(w.err.join('\n')).not.toContain(token);
  }, 60_000);

  it('joins a control plane with the certificate key: same CAs, stacked etcd member, control-plane taint', async () => {
    const { cluster, cp1, hash, token, key } = await initCluster();
    const cp2 = node(cluster, 'cp2', '198.18.0.12');
    cluster.etcd.members = [
      {
        id: 'm0',
        name: 'cp1',
        peerUrls: ['https://198.18.0.11:2380'],
        clientUrls: ['https://198.18.0.11:2379'],
      },
    ];
    const rc = await cp2.run(
      'join',
      'lb.lab:6443',
      '--token',
      token,
      '--discovery-token-ca-cert-hash',
      hash,
      '--control-plane',
      '--certificate-key',
      key,
      '--apiserver-advertise-address',
      '198.18.0.12',
    );
    expect(cp2.err).toEqual([]);
    expect(rc).toBe(0);
    for (const f of ['ca.crt', 'ca.key', 'sa.key', 'etcd/ca.crt', 'front-proxy-ca.key']) {
      expect(readFileSync(join(cp2.root, 'etc/kubernetes/pki', f), 'utf8')).toBe(
        readFileSync(join(cp1.root, 'etc/kubernetes/pki', f), 'utf8'),
      );
    }
    const etcd = parse(readFileSync(join(cp2.root, 'etc/kubernetes/manifests/etcd.yaml'), 'utf8')).spec
      .containers[0].command;
    expect(etcd).toEqual(
      expect.arrayContaining([
        '--initial-cluster-state=existing',
        '--initial-cluster=cp1=https://198.18.0.11:2380,cp2=https://198.18.0.12:2380',
      ]),
    );
    expect(cluster.etcd.endpointsSeen.at(-1)).toEqual(['https://198.18.0.11:2379']);
    const n = (await cluster.client.get('Node', 'cp2')) as Node;
    expect(n.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(text(cp2.out)).toContain(
      'This node has joined the cluster and a new control plane instance was created:',
    );
    expect(text(cp2.out)).toContain(
      '[certs] apiserver serving cert is signed for DNS names [cp2 kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local lb.lab] and IPs [10.96.0.1 198.18.0.12]',
    );
  }, 60_000);

  it('refuses a wrong certificate key, and a control plane without a controlPlaneEndpoint', async () => {
    const { cluster, hash, token } = await initCluster();
    const cp2 = node(cluster, 'cp2', '198.18.0.12');
    expect(
      await cp2.run(
        'join',
        'lb.lab:6443',
        '--token',
        token,
        '--discovery-token-ca-cert-hash',
        hash,
        '--control-plane',
        '--certificate-key',
        'ab'.repeat(32),
      ),
    ).toBe(1);
    expect(cp2.err[0]).toBe(
      'error execution phase control-plane-prepare/download-certs: error downloading certs: error decoding certs: cipher: message authentication failed',
    );

    const other = await initCluster('', false);
    const cp3 = node(other.cluster, 'cp3', '198.18.0.13');
    expect(
      await cp3.run(
        'join',
        '198.18.0.11:6443',
        '--token',
        other.token,
        '--discovery-token-ca-cert-hash',
        other.hash,
        '--control-plane',
        '--certificate-key',
        'ab'.repeat(32),
      ),
    ).toBe(1);
    expect(cp3.err[0]).toContain(
      "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address",
    );
  }, 60_000);

  it('refuses the control-plane join once the kubeadm-certs Secret is gone', async () => {
    const { cluster, hash, token, key } = await initCluster();
    await cluster.client.delete('Secret', 'kubeadm-certs', 'kube-system');
    const cp2 = node(cluster, 'cp2', '198.18.0.12');
    expect(
      await cp2.run(
        'join',
        'lb.lab:6443',
        '--token',
        token,
        '--discovery-token-ca-cert-hash',
        hash,
        '--control-plane',
        '--certificate-key',
        key,
      ),
    ).toBe(1);
    expect(cp2.err[0]).toContain(
      'Secret "kubeadm-certs" was not found in the "kube-system" Namespace. This Secret might have expired.',
    );
  }, 60_000);
});

describe('kubeadm token and reset', () => {
  it('creates, lists and deletes tokens in kubeadm formats; TTL follows the clock', async () => {
    const { cluster, cp1, hash } = await initCluster('', false);
    cp1.out.length = 0;
    expect(await cp1.run('token', 'create', '--ttl', '2h')).toBe(0);
    const created = cp1.out[0] as string;
    expect(created).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    cp1.out.length = 0;
    expect(await cp1.run('token', 'create', '--print-join-command')).toBe(0);
    const joinLine = cp1.out[0] as string;
    expect(joinLine).toMatch(
      new RegExp(
        `^kubeadm join 198\\.18\\.0\\.11:6443 --token [a-z0-9]{6}\\.[a-z0-9]{16} --discovery-token-ca-cert-hash ${hash} $`,
      ),
    );

    cp1.out.length = 0;
    cluster.clock.advance(30 * 60 * 1000);
    expect(await cp1.run('token', 'list')).toBe(0);
    const lines = text(cp1.out).split('\n');
    // tabwriter widths: the widest cell + 3, at least 10 (token 23, TTL, RFC 3339 20, usages 22, description 56)
    const cols = [26, 10, 23, 25, 59];
    const row = (cells: string[]) =>
      cells.map((c, i) => (i < cols.length ? c.padEnd(cols[i] as number) : c)).join('');
    expect(lines[0]).toBe(row(['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS']));
    const exp = new Date(cluster.clock.now() + 90 * 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(lines.find((l) => l.startsWith(created))).toBe(
      row([
        created,
        '1h',
        exp,
        'authentication,signing',
        '<none>',
        'system:bootstrappers:kubeadm:default-node-token',
      ]),
    );
    expect(lines.some((l) => l.includes("The default bootstrap token generated by 'kubeadm init'."))).toBe(
      true,
    );
    expect(lines).toHaveLength(4);

    cp1.out.length = 0;
    expect(await cp1.run('token', 'delete', created.slice(0, 6))).toBe(0);
    expect(cp1.out).toEqual([`bootstrap token "${created.slice(0, 6)}" deleted`]);
    const w = node(cluster, 'w1', '198.18.0.21');
    expect(
      await w.run('join', '198.18.0.11:6443', '--token', created, '--discovery-token-ca-cert-hash', hash),
    ).toBe(1);
    expect(w.err[0]).toContain('could not find a JWS signature');

    cluster.clock.advance(2 * 3600 * 1000);
    cp1.out.length = 0;
    expect(await cp1.run('token', 'list')).toBe(0);
    expect(text(cp1.out)).toContain('21h'); // 24 h minus the 2.5 h stepped
    expect(await cp1.run('token', 'delete', 'BAD')).toBe(1);
    cp1.out.length = 0;
    expect(await cp1.run('token', 'create', '--ttl', '0')).toBe(0);
    const forever = cp1.out[0] as string;
    cp1.out.length = 0;
    expect(await cp1.run('token', 'list')).toBe(0);
    expect(
      cp1.out
        .join('\n')
        .split('\n')
        .find((l) => l.startsWith(forever)),
    ).toMatch(/^\S+ +<forever> +<never> +authentication,signing/);
  }, 60_000);

  it('init phase upload-certs prints a fresh key that joins control planes', async () => {
    const { cluster, cp1, hash, token } = await initCluster('controlPlaneEndpoint: lb.lab:6443', false);
    cp1.out.length = 0;
    expect(await cp1.run('init', 'phase', 'upload-certs', '--upload-certs')).toBe(0);
    expect(cp1.out[0]).toBe(
      '[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace',
    );
    expect(cp1.out[1]).toBe('[upload-certs] Using certificate key:');
    const key = cp1.out[2] as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const cp2 = node(cluster, 'cp2', '198.18.0.12');
    cluster.etcd.members = [
      { id: 'm0', name: 'cp1', peerUrls: ['https://198.18.0.11:2380'], clientUrls: [] },
    ];
    expect(
      await cp2.run(
        'join',
        'lb.lab:6443',
        '--token',
        token,
        '--discovery-token-ca-cert-hash',
        hash,
        '--control-plane',
        '--certificate-key',
        key,
      ),
    ).toBe(0);
  }, 60_000);

  it("reset -f removes the files and this host's etcd member", async () => {
    const { cluster, cp1 } = await initCluster('', false);
    cluster.etcd.members = [
      { id: 'm0', name: 'cp1', peerUrls: ['https://198.18.0.11:2380'], clientUrls: [] },
      { id: 'm1', name: 'cp2', peerUrls: ['https://198.18.0.12:2380'], clientUrls: [] },
    ];
    expect(await cp1.run('reset', '-f')).toBe(0);
    expect(cluster.etcd.members.map((m) => m.name)).toEqual(['cp2']);
    expect(cluster.etcd.endpointsSeen.at(-1)).toEqual(['https://198.18.0.11:2379']);
    for (const f of ['admin.conf', 'kubelet.conf', 'super-admin.conf', 'manifests/etcd.yaml', 'pki/ca.crt']) {
      expect(() => readFileSync(join(cp1.root, 'etc/kubernetes', f))).toThrow();
    }
    expect(() => readFileSync(join(cp1.root, 'var/lib/kubelet/config.yaml'))).toThrow();
    // and init works again afterwards
    cp1.out.length = 0;
    await cluster.client.delete('Secret', 'kubeadm-certs', 'kube-system').catch(() => undefined);
    expect(await cp1.run('reset')).toBe(1);
  }, 60_000);

  it('prints the version and the images of a version', async () => {
    const cluster = new TestCluster();
    const h = testHost(cluster, { name: 'x', ip: '198.18.0.30' });
    hosts.push(h);
    expect(await h.run('version', '-o', 'short')).toBe(0);
    expect(await h.run('config', 'images', 'pull', '--kubernetes-version', 'v1.31.2')).toBe(0);
    expect(h.out).toEqual([
      'v1.31.2',
      '[config/images] Pulled registry.k8s.io/kube-apiserver:v1.31.2',
      '[config/images] Pulled registry.k8s.io/kube-controller-manager:v1.31.2',
      '[config/images] Pulled registry.k8s.io/kube-scheduler:v1.31.2',
      '[config/images] Pulled registry.k8s.io/kube-proxy:v1.31.2',
      '[config/images] Pulled registry.k8s.io/coredns/coredns:v1.11.3',
      '[config/images] Pulled registry.k8s.io/pause:3.10',
      '[config/images] Pulled registry.k8s.io/etcd:3.5.15-0',
    ]);
  });
});
