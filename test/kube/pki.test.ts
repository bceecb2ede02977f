import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caCertHash, caHashMatches } from '../../src/kube/pki/ca-hash.js';
import { parseKubeconfig } from '../../src/kube/pki/kubeconfig.js';
import {
  generateKubeconfigs,
  generateLeafCerts,
  generateSharedPki,
  keyMatchesCert,
  type SharedPki,
  sharedPkiFiles,
} from '../../src/kube/pki/pki-generate.js';
import { kubeconfigSpecs, leafCertSpecs, type PkiParams } from '../../src/kube/pki/pki-specs.js';

const params: PkiParams = {
  nodeName: 'cp1',
  advertiseAddress: '198.18.0.11',
  apiServiceIp: '10.96.0.1',
  dnsDomain: 'cluster.local',
  controlPlaneHost: 'lb.example.test',
};
const now = Date.now();
let dir: string;
let shared: SharedPki;
let files: Map<string, string>;

const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });
const text = (name: string) => openssl('x509', '-in', join(dir, name), '-noout', '-text');
const subject = (name: string) =>
  openssl('x509', '-in', join(dir, name), '-noout', '-subject', '-nameopt', 'RFC2253').trim();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pki-'));
  shared = await generateSharedPki(now);
  files = new Map([
    ...sharedPkiFiles(shared),
    ...(await generateLeafCerts(shared, leafCertSpecs(params), now)),
  ]);
  for (const [rel, body] of files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), body);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kubeadm PKI', () => {
  it('writes the files kubeadm writes', () => {
    expect([...files.keys()].sort()).toEqual(
      [
        'apiserver.crt',
        'apiserver.key',
        'apiserver-etcd-client.crt',
        'apiserver-etcd-client.key',
        'apiserver-kubelet-client.crt',
        'apiserver-kubelet-client.key',
        'ca.crt',
        'ca.key',
        'etcd/ca.crt',
        'etcd/ca.key',
        'etcd/healthcheck-client.crt',
        'etcd/healthcheck-client.key',
        'etcd/peer.crt',
        'etcd/peer.key',
        'etcd/server.crt',
        'etcd/server.key',
        'front-proxy-ca.crt',
        'front-proxy-ca.key',
        'front-proxy-client.crt',
        'front-proxy-client.key',
        'sa.key',
        'sa.pub',
      ].sort(),
    );
    expect(files.get('ca.key')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(files.get('sa.pub')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(keyMatchesCert(shared.cas.ca)).toBe(true);
    expect(keyMatchesCert({ certPem: shared.cas.ca.certPem, keyPem: shared.cas['etcd/ca'].keyPem })).toBe(
      false,
    );
  });

  it('chains every leaf to its CA, as openssl verifies', () => {
    const chains: [string, string[]][] = [
      ['ca.crt', ['apiserver.crt', 'apiserver-kubelet-client.crt']],
      ['front-proxy-ca.crt', ['front-proxy-client.crt']],
      [
        'etcd/ca.crt',
        ['etcd/server.crt', 'etcd/peer.crt', 'etcd/healthcheck-client.crt', 'apiserver-etcd-client.crt'],
      ],
    ];
    for (const [ca, leaves] of chains) {
      const out = openssl('verify', '-CAfile', join(dir, ca), ...leaves.map((l) => join(dir, l)));
      expect(out.trim().split('\n')).toEqual(leaves.map((l) => `${join(dir, l)}: OK`));
    }
    expect(() => openssl('verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'etcd/server.crt'))).toThrow();
  });

  it('puts the apiserver and etcd SANs and subjects kubeadm uses', () => {
    const api = text('apiserver.crt');
    expect(api).toContain(
      'DNS:cp1, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, DNS:lb.example.test, IP Address:10.96.0.1, IP Address:198.18.0.11',
    );
    expect(api).toContain('TLS Web Server Authentication');
    expect(text('etcd/server.crt')).toContain(
      'DNS:cp1, DNS:localhost, IP Address:198.18.0.11, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(text('etcd/peer.crt')).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
    expect(text('ca.crt')).toContain('CA:TRUE');
    expect(subject('ca.crt')).toBe('subject=CN=kubernetes');
    expect(subject('etcd/ca.crt')).toBe('subject=CN=etcd-ca');
    expect(subject('apiserver-kubelet-client.crt')).toBe(
      'subject=CN=kube-apiserver-kubelet-client,O=kubeadm:cluster-admins',
    );
    expect(subject('etcd/server.crt')).toBe('subject=CN=cp1');
    expect(subject('apiserver-etcd-client.crt')).toBe('subject=CN=kube-apiserver-etcd-client');
  });

  it('computes the discovery hash exactly as the openssl pipeline does', () => {
    const expected = execFileSync(
      'sh',
      [
        '-c',
        `openssl x509 -pubkey -noout -in '${join(dir, 'ca.crt')}' | openssl pkey -pubin -outform der | sha256sum`,
      ],
      { encoding: 'utf8' },
    ).split(' ')[0];
    expect(caCertHash(shared.cas.ca.certPem)).toBe(`sha256:${expected}`);
    expect(caHashMatches(shared.cas.ca.certPem, `SHA256:${expected?.toUpperCase()}`)).toBe(true);
    expect(caHashMatches(shared.cas['etcd/ca'].certPem, `sha256:${expected}`)).toBe(false);
  });

  it('writes kubeconfigs whose embedded client certificates carry kubeadm identities', async () => {
    const confs = await generateKubeconfigs(
      shared.cas.ca,
      kubeconfigSpecs('cp1'),
      { endpoint: 'https://lb.example.test:6443', local: 'https://198.18.0.11:6443' },
      now,
    );
    const identities: Record<string, [string, string]> = {
      'admin.conf': ['https://lb.example.test:6443', 'subject=CN=kubernetes-admin,O=kubeadm:cluster-admins'],
      'super-admin.conf': [
        'https://lb.example.test:6443',
        'subject=CN=kubernetes-super-admin,O=system:masters',
      ],
      'kubelet.conf': ['https://lb.example.test:6443', 'subject=CN=system:node:cp1,O=system:nodes'],
      'controller-manager.conf': ['https://198.18.0.11:6443', 'subject=CN=system:kube-controller-manager'],
      'scheduler.conf': ['https://198.18.0.11:6443', 'subject=CN=system:kube-scheduler'],
    };
    for (const [file, [server, subj]] of Object.entries(identities)) {
      const k = parseKubeconfig(confs.get(file) as string);
      expect(k?.server).toBe(server);
      expect(k?.caCertPem).toBe(shared.cas.ca.certPem);
      writeFileSync(join(dir, 'client.crt'), k?.clientCertPem as string);
      expect(subject('client.crt')).toBe(subj);
      expect(openssl('verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'client.crt'))).toContain(': OK');
    }
    expect(confs.get('admin.conf')).toContain('current-context: kubernetes-admin@kubernetes');
  }, 120_000);
});

describe('kubeadm PKI with encryptionAlgorithm ECDSA-P256', () => {
  it('issues EC keys and certificates openssl verifies', async () => {
    const ec = await generateSharedPki(now, 'ECDSA-P256');
    const leaves = await generateLeafCerts(ec, leafCertSpecs(params), now, 'ECDSA-P256');
    expect(ec.cas.ca.keyPem).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    const ecDir = mkdtempSync(join(tmpdir(), 'pki-ec-'));
    try {
      writeFileSync(join(ecDir, 'ca.crt'), ec.cas.ca.certPem);
      writeFileSync(join(ecDir, 'apiserver.crt'), leaves.get('apiserver.crt') as string);
      expect(openssl('verify', '-CAfile', join(ecDir, 'ca.crt'), join(ecDir, 'apiserver.crt'))).toContain(
        ': OK',
      );
      expect(openssl('x509', '-in', join(ecDir, 'apiserver.crt'), '-noout', '-text')).toContain(
        'ecdsa-with-SHA256',
      );
    } finally {
      rmSync(ecDir, { recursive: true, force: true });
    }
  });
});
