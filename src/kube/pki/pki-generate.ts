import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import {
  createCa,
  generateKey,
  issueCertificate,
  type KeyAlgorithm,
  privateKeyPem,
  publicKeyPem,
  type SigningCa,
  type Subject,
} from './certificate.js';
import { renderKubeconfig } from './kubeconfig.js';
import { CA_COMMON_NAMES, CA_NAMES, type CaName, type KubeconfigSpec, type LeafSpec } from './pki-specs.js';

export interface CaMaterial {
  certPem: string;
  keyPem: string;
}

/**
 * What every control plane of a cluster shares: the three CAs and the service-account key pair. This is what
 * `kubeadm init --upload-certs` puts in the kubeadm-certs Secret for `join --control-plane`.
 */
export interface SharedPki {
  cas: Record<CaName, CaMaterial>;
  sa: { keyPem: string; pubPem: string };
}

export async function generateSharedPki(nowMs: number, alg: KeyAlgorithm = 'RSA-2048'): Promise<SharedPki> {
  const entries = await Promise.all(
    CA_NAMES.map(async (n) => {
      const ca = await createCa(CA_COMMON_NAMES[n], nowMs, alg);
      return [n, { certPem: ca.certPem, keyPem: ca.keyPem }] as const;
    }),
  );
  // The service-account key stays RSA whatever the algorithm: RS256 service-account tokens verify everywhere.
  const saKeys = await generateKey('RSA-2048');
  const sa = { keyPem: privateKeyPem(saKeys.privateKey), pubPem: publicKeyPem(saKeys.publicKey) };
  return { cas: Object.fromEntries(entries) as Record<CaName, CaMaterial>, sa };
}

/** `CN=a\nO=b` (node's X509Certificate.subject) back into a Subject, so issued certificates name their CA exactly. */
export function subjectOf(certPem: string): Subject {
  const lines = new X509Certificate(certPem).subject.split('\n');
  const value = (l: string) => l.slice(l.indexOf('=') + 1);
  return {
    commonName: value(lines.find((l) => l.startsWith('CN=')) ?? 'CN='),
    organizations: lines.filter((l) => l.startsWith('O=')).map(value),
  };
}

export function signingCa(m: CaMaterial): SigningCa {
  return { subject: subjectOf(m.certPem), privateKey: createPrivateKey(m.keyPem) };
}

/** Whether a key belongs to a certificate (a CA's .crt and .key from different runs would sign unusable certs). */
export function keyMatchesCert(m: CaMaterial): boolean {
  const fromKey = createPublicKey(createPrivateKey(m.keyPem)).export({ type: 'spki', format: 'der' });
  const fromCert = new X509Certificate(m.certPem).publicKey.export({ type: 'spki', format: 'der' });
  return fromKey.equals(fromCert);
}

/** Files of the shared PKI, relative to /etc/kubernetes/pki. */
export function sharedPkiFiles(s: SharedPki): Map<string, string> {
  const files = new Map<string, string>();
  for (const n of CA_NAMES) {
    files.set(`${n}.crt`, s.cas[n].certPem);
    files.set(`${n}.key`, s.cas[n].keyPem);
  }
  files.set('sa.key', s.sa.keyPem);
  files.set('sa.pub', s.sa.pubPem);
  return files;
}

/** Issues every leaf certificate of `specs`; files relative to /etc/kubernetes/pki (`etcd/server.crt`...). */
export async function generateLeafCerts(
  s: SharedPki,
  specs: readonly LeafSpec[],
  nowMs: number,
  alg: KeyAlgorithm = 'RSA-2048',
): Promise<Map<string, string>> {
  const cas = Object.fromEntries(CA_NAMES.map((n) => [n, signingCa(s.cas[n])])) as Record<CaName, SigningCa>;
  const issued = await Promise.all(specs.map((l) => issueCertificate(cas[l.ca], l.spec, nowMs, alg)));
  const files = new Map<string, string>();
  specs.forEach((l, i) => {
    const c = issued[i];
    if (!c) return;
    files.set(`${l.name}.crt`, c.certPem);
    files.set(`${l.name}.key`, c.keyPem);
  });
  return files;
}

/** Kubeconfigs with embedded client certificates signed by the cluster CA; keyed by file name. */
export async function generateKubeconfigs(
  ca: CaMaterial,
  specs: readonly KubeconfigSpec[],
  servers: { endpoint: string; local: string },
  nowMs: number,
  alg: KeyAlgorithm = 'RSA-2048',
): Promise<Map<string, string>> {
  const signer = signingCa(ca);
  const out = new Map<string, string>();
  await Promise.all(
    specs.map(async (k) => {
      const c = await issueCertificate(
        signer,
        { subject: k.subject, usages: ['clientAuth'], validityMs: 365 * 24 * 3600 * 1000 },
        nowMs,
        alg,
      );
      out.set(
        k.file,
        renderKubeconfig({
          server: k.viaEndpoint ? servers.endpoint : servers.local,
          caCertPem: ca.certPem,
          userName: k.subject.commonName,
          clientCertPem: c.certPem,
          clientKeyPem: c.keyPem,
        }),
      );
    }),
  );
  return new Map(specs.map((k) => [k.file, out.get(k.file) as string]));
}
