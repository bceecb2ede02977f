import { renderClusterInfoKubeconfig } from '../../pki/kubeconfig.js';
import { generateToken, INIT_TOKEN_DESCRIPTION, parseToken, tokenString } from '../bootstrap-token.js';
import { bootstrapRbac, CLUSTER_INFO, configMap, createOrUpdate } from '../cluster-objects.js';
import { endpointUrl } from '../init-config.js';
import { createBootstrapToken, signClusterInfoFor } from '../token-ops.js';
import { clientOf, type Phase } from './init-context.js';
import { sharedOf } from './kubeconfig.js';

export const bootstrapTokenPhase: Phase = {
  name: 'bootstrap-token',
  async run(ctx) {
    const { d, cfg } = ctx;
    const client = await clientOf(ctx);
    const token = cfg.token ? parseToken(cfg.token) : generateToken();
    ctx.token = token;
    d.stdout(
      `[bootstrap-token] Using token: ${cfg.skipTokenPrint ? '<value withheld>' : tokenString(token)}`,
    );
    d.stdout('[bootstrap-token] Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles');
    await createBootstrapToken(client, token, d.now(), {
      ttlMs: cfg.tokenTtlMs,
      description: INIT_TOKEN_DESCRIPTION,
    });
    for (const o of bootstrapRbac()) await createOrUpdate(client, o);
    d.stdout('[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes');
    d.stdout(
      '[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials',
    );
    d.stdout(
      '[bootstrap-token] Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token',
    );
    d.stdout(
      '[bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster',
    );
    d.stdout(`[bootstrap-token] Creating the "${CLUSTER_INFO}" ConfigMap in the "kube-public" namespace`);
    const shared = await sharedOf(ctx);
    const kubeconfig = renderClusterInfoKubeconfig(endpointUrl(cfg.cluster, cfg.node), shared.cas.ca.certPem);
    await createOrUpdate(client, configMap(CLUSTER_INFO, 'kube-public', { kubeconfig }));
    await signClusterInfoFor(client, token);
  },
};
