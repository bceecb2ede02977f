import type { KubeClient } from '../../cluster/client/kube-client.js';
import type { Secret } from '../../cluster/objects/index.js';
import { isApiError } from '../../cluster/store/api-error.js';
import {
  BOOTSTRAP_TOKEN_TYPE,
  type BootstrapToken,
  DEFAULT_USAGES,
  signClusterInfo,
  type TokenInfo,
  type TokenOptions,
  tokenInfo,
  tokenSecret,
  tokenSecretName,
} from './bootstrap-token.js';
import { CLUSTER_INFO } from './cluster-objects.js';
import { KubeadmError } from './kubeadm-error.js';

export const jwsKey = (id: string): string => `jws-kubeconfig-${id}`;

/**
 * Stores a bootstrap token and, for a signing token, its JWS over cluster-info (what the controller-manager's
 * bootstrap signer maintains in a real cluster; kubeadm writes it here so joins work whichever signer runs).
 */
export async function createBootstrapToken(
  client: KubeClient,
  t: BootstrapToken,
  nowMs: number,
  o: TokenOptions,
): Promise<Secret> {
  let created: Secret;
  try {
    created = await client.create(tokenSecret(t, nowMs, o));
  } catch (e) {
    if (isApiError(e, 'AlreadyExists')) {
      throw new KubeadmError('PRV764', `a token with id "${t.id}" already exists`, e);
    }
    throw e;
  }
  if ((o.usages ?? DEFAULT_USAGES).includes('signing')) await signClusterInfoFor(client, t);
  return created;
}

/** Adds `jws-kubeconfig-<id>` to kube-public/cluster-info when that ConfigMap exists (init creates it later). */
export async function signClusterInfoFor(client: KubeClient, t: BootstrapToken): Promise<void> {
  let kubeconfig: string | undefined;
  try {
    kubeconfig = (await client.get('ConfigMap', CLUSTER_INFO, 'kube-public')).data?.kubeconfig;
  } catch (e) {
    if (isApiError(e, 'NotFound')) return;
    throw e;
  }
  if (kubeconfig === undefined) return;
  await client.patch(
    'ConfigMap',
    CLUSTER_INFO,
    'kube-public',
    { data: { [jwsKey(t.id)]: signClusterInfo(kubeconfig, t) } },
    'merge',
  );
}

export async function listTokens(client: KubeClient): Promise<TokenInfo[]> {
  const secrets = await client.list('Secret', { namespace: 'kube-system' });
  return secrets.items
    .filter((s) => s.type === BOOTSTRAP_TOKEN_TYPE)
    .map(tokenInfo)
    .filter((t): t is TokenInfo => t !== undefined)
    .sort((a, b) => a.token.id.localeCompare(b.token.id));
}

/** Deletes the token's Secret and its cluster-info signature. */
export async function deleteToken(client: KubeClient, id: string): Promise<void> {
  try {
    await client.delete('Secret', tokenSecretName(id), 'kube-system');
  } catch (e) {
    if (isApiError(e, 'NotFound')) {
      throw new KubeadmError(
        'PRV764',
        `bootstrap token "${id}" not found: secrets "${tokenSecretName(id)}" not found`,
        e,
      );
    }
    throw e;
  }
  try {
    await client.patch('ConfigMap', CLUSTER_INFO, 'kube-public', { data: { [jwsKey(id)]: null } }, 'merge');
  } catch (e) {
    if (!isApiError(e, 'NotFound')) throw e;
  }
}
