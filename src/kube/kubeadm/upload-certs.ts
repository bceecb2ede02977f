import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KubeObject, OwnerReference, Secret } from '../../cluster/objects/index.js';
import type { CaMaterial, SharedPki } from '../pki/pki-generate.js';
import { KubeadmError } from './kubeadm-error.js';

export const KUBEADM_CERTS_SECRET = 'kubeadm-certs';
/** The kubeadm-certs Secret lives as long as a bootstrap token made only to own it. */
export const CERTS_TOKEN_TTL_MS = 2 * 3600 * 1000;
export const CERTS_TOKEN_DESCRIPTION = 'Proxy for managing TTL for the kubeadm-certs secret';
export const CERTIFICATE_KEY_PATTERN = /^[0-9a-f]{64}$/;

/** A fresh AES-256 key as 64 hex characters. */
export const generateCertificateKey = (): string => randomBytes(32).toString('hex');

function keyBytes(hexKey: string): Buffer {
  if (!CERTIFICATE_KEY_PATTERN.test(hexKey)) {
    throw new KubeadmError(
      'PRV766',
      'error decoding certificate key: the key must be 64 hexadecimal characters',
    );
  }
  return Buffer.from(hexKey, 'hex');
}

/** AES-256-GCM as kubeadm's cryptoutil.EncryptBytes: 12-byte nonce, then ciphertext, then the 16-byte tag. */
export function encryptBytes(data: Buffer, hexKey: string): Buffer {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keyBytes(hexKey), nonce);
  return Buffer.concat([nonce, c.update(data), c.final(), c.getAuthTag()]);
}

export function decryptBytes(blob: Buffer, hexKey: string): Buffer {
  const key = keyBytes(hexKey);
  if (blob.length < 28)
    throw new KubeadmError('PRV766', 'error decoding certs: size of data is less than the nonce');
  const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
  d.setAuthTag(blob.subarray(blob.length - 16));
  try {
    return Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]);
  } catch {
    throw new KubeadmError(
      'PRV766',
      'error downloading certs: error decoding certs: cipher: message authentication failed',
    );
  }
}

/** Secret keys: the PKI file names with `/` as `-` (etcd/ca.crt → etcd-ca.crt). */
const entries = (s: SharedPki): [string, string][] => [
  ['ca.crt', s.cas.ca.certPem],
  ['ca.key', s.cas.ca.keyPem],
  ['front-proxy-ca.crt', s.cas['front-proxy-ca'].certPem],
  ['front-proxy-ca.key', s.cas['front-proxy-ca'].keyPem],
  ['etcd-ca.crt', s.cas['etcd/ca'].certPem],
  ['etcd-ca.key', s.cas['etcd/ca'].keyPem],
  ['sa.key', s.sa.keyPem],
  ['sa.pub', s.sa.pubPem],
];

/** kube-system/kubeadm-certs, every value encrypted with the certificate key, owned by the 2-hour token Secret. */
export function kubeadmCertsSecret(s: SharedPki, hexKey: string, owner: OwnerReference): Secret {
  const data = Object.fromEntries(
    entries(s).map(([k, v]) => [k, encryptBytes(Buffer.from(v, 'utf8'), hexKey).toString('base64')]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: KUBEADM_CERTS_SECRET, namespace: 'kube-system', ownerReferences: [owner] },
    type: 'Opaque',
    data,
  };
}

export function decryptKubeadmCerts(secret: Secret, hexKey: string): SharedPki {
  const get = (k: string): string => {
    const v = secret.data?.[k];
    if (v === undefined)
      throw new KubeadmError('PRV766', `error downloading certs: the Secret does not include "${k}"`);
    return decryptBytes(Buffer.from(v, 'base64'), hexKey).toString('utf8');
  };
  const ca = (prefix: string): CaMaterial => ({
    certPem: get(`${prefix}.crt`),
    keyPem: get(`${prefix}.key`),
  });
  return {
    cas: { ca: ca('ca'), 'front-proxy-ca': ca('front-proxy-ca'), 'etcd/ca': ca('etcd-ca') },
    sa: { keyPem: get('sa.key'), pubPem: get('sa.pub') },
  };
}

/** The Role and RoleBinding letting bootstrap tokens read kubeadm-certs (kubeadm creates them with the Secret). */
export function kubeadmCertsRbac(): KubeObject[] {
  const name = 'kubeadm:kubeadm-certs';
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace: 'kube-system' },
      rules: [
        { apiGroups: [''], resources: ['secrets'], resourceNames: [KUBEADM_CERTS_SECRET], verbs: ['get'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: 'kube-system' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'Group', name: 'system:bootstrappers:kubeadm:default-node-token' }],
    },
  ];
}
