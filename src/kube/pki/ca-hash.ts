import { createHash, X509Certificate } from 'node:crypto';

/**
 * kubeadm's `--discovery-token-ca-cert-hash`: `sha256:` + hex SHA-256 of the CA certificate's DER-encoded
 * SubjectPublicKeyInfo (public key pinning, RFC 7469 style).
 */
export function caCertHash(caCertPem: string | Buffer): string {
  const spki = new X509Certificate(caCertPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** Whether `pinned` (`sha256:<hex>`, any case) names the CA's public key. */
export function caHashMatches(caCertPem: string | Buffer, pinned: string): boolean {
  return caCertHash(caCertPem) === pinned.trim().toLowerCase();
}
