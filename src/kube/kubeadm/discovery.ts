import type { KubeClient } from '../../cluster/client/kube-client.js';
import type { ConfigMap } from '../../cluster/objects/index.js';
import { isApiError } from '../../cluster/store/api-error.js';
import { caCertHash } from '../pki/ca-hash.js';
import { type KubeconfigCredentials, parseKubeconfig } from '../pki/kubeconfig.js';
import {
  type BootstrapToken,
  tokenInfo,
  tokenSecretName,
  tokenValid,
  verifyClusterInfo,
} from './bootstrap-token.js';
import { CLUSTER_INFO } from './cluster-objects.js';
import { KubeadmError } from './kubeadm-error.js';
import { jwsKey } from './token-ops.js';

const prefix = "couldn't validate the identity of the API Server: ";

/**
 * kubeadm's token discovery: read kube-public/cluster-info without trusting the server, check its JWS made with
 * the token (unknown and expired tokens have none), then pin the CA it names against the expected hashes.
 */
export async function discoverCluster(
  insecure: KubeClient,
  token: BootstrapToken,
  caHashes: readonly string[],
  skipCaVerification: boolean,
  nowMs: number,
): Promise<KubeconfigCredentials & { caCertPem: string }> {
  let cm: ConfigMap;
  try {
    cm = await insecure.get('ConfigMap', CLUSTER_INFO, 'kube-public');
  } catch (e) {
    throw new KubeadmError('PRV767', `${prefix}configmaps "${CLUSTER_INFO}" not found`, e);
  }
  const kubeconfig = cm.data?.kubeconfig;
  const jws = cm.data?.[jwsKey(token.id)];
  const noSignature = new KubeadmError(
    'PRV764',
    `${prefix}could not find a JWS signature in the cluster-info ConfigMap for token ID "${token.id}"`,
  );
  if (!kubeconfig || !jws) throw noSignature;
  if (!verifyClusterInfo(kubeconfig, jws, token)) {
    throw new KubeadmError(
      'PRV764',
      `${prefix}failed to verify JWS signature of received cluster info object, can't trust this API Server`,
    );
  }
  // The bootstrap signer drops the signature of an expired token; where it has not run yet, the token Secret
  // (readable in process, forbidden to a bootstrap token on a real server whose authenticator rejects it) decides.
  try {
    const secret = await insecure.get('Secret', tokenSecretName(token.id), 'kube-system');
    if (!tokenValid(tokenInfo(secret), token, nowMs)) throw noSignature;
  } catch (e) {
    if (e === noSignature) throw e;
    if (isApiError(e, 'NotFound')) throw noSignature;
  }
  const creds = parseKubeconfig(kubeconfig);
  if (!creds?.caCertPem)
    throw new KubeadmError('PRV767', `${prefix}the cluster-info ConfigMap holds no usable kubeconfig`);
  const actual = caCertHash(creds.caCertPem);
  if (!skipCaVerification && !caHashes.map((h) => h.trim().toLowerCase()).includes(actual)) {
    throw new KubeadmError(
      'PRV765',
      `${prefix}cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${actual}" are pinned`,
    );
  }
  return { ...creds, caCertPem: creds.caCertPem };
}
