import type { KubeClient } from '../../../cluster/client/kube-client.js';
import { isApiError } from '../../../cluster/store/api-error.js';
import type { SharedPki } from '../../pki/pki-generate.js';
import { generateToken } from '../bootstrap-token.js';
import { createOrUpdate } from '../cluster-objects.js';
import type { KubeadmDeps } from '../deps.js';
import { KubeadmError } from '../kubeadm-error.js';
import { createBootstrapToken } from '../token-ops.js';
import {
  CERTIFICATE_KEY_PATTERN,
  CERTS_TOKEN_DESCRIPTION,
  CERTS_TOKEN_TTL_MS,
  generateCertificateKey,
  KUBEADM_CERTS_SECRET,
  kubeadmCertsRbac,
  kubeadmCertsSecret,
} from '../upload-certs.js';
import { clientOf, type Phase } from './init-context.js';
import { sharedOf } from './kubeconfig.js';

/**
 * Encrypts the shared PKI into kube-system/kubeadm-certs, owned by a fresh 2-hour bootstrap token so the token
 * cleaner and the garbage collector delete both after two hours. Returns the key (64 hex).
 */
export async function uploadCerts(
  d: KubeadmDeps,
  client: KubeClient,
  shared: SharedPki,
  key?: string,
): Promise<string> {
  const certificateKey = key ?? generateCertificateKey();
  if (!CERTIFICATE_KEY_PATTERN.test(certificateKey)) {
    throw new KubeadmError(
      'PRV761',
      'error execution phase upload-certs: certificate key must be 64 hexadecimal characters',
    );
  }
  d.stdout(
    `[upload-certs] Storing the certificates in Secret "${KUBEADM_CERTS_SECRET}" in the "kube-system" Namespace`,
  );
  const owner = await createBootstrapToken(client, generateToken(), d.now(), {
    ttlMs: CERTS_TOKEN_TTL_MS,
    description: CERTS_TOKEN_DESCRIPTION,
    usages: [],
    groups: [],
  });
  const ownerRef = {
    apiVersion: 'v1',
    kind: 'Secret',
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
  try {
    await client.delete('Secret', KUBEADM_CERTS_SECRET, 'kube-system');
  } catch (e) {
    if (!isApiError(e, 'NotFound')) throw e;
  }
  await client.create(kubeadmCertsSecret(shared, certificateKey, ownerRef));
  for (const o of kubeadmCertsRbac()) await createOrUpdate(client, o);
  d.stdout('[upload-certs] Using certificate key:');
  d.stdout(certificateKey);
  return certificateKey;
}

export const uploadCertsPhase: Phase = {
  name: 'upload-certs',
  async run(ctx) {
    if (!ctx.cfg.uploadCerts) {
      ctx.d.stdout('[upload-certs] Skipping phase. Please see --upload-certs');
      return;
    }
    ctx.certificateKey = await uploadCerts(
      ctx.d,
      await clientOf(ctx),
      await sharedOf(ctx),
      ctx.cfg.certificateKey,
    );
  },
};
