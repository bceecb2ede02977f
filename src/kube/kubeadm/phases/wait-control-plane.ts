import { clusterAdminsBinding, createOrUpdate } from '../cluster-objects.js';
import { formatGoDuration } from '../go-duration.js';
import { MANIFESTS_DIR } from '../manifests.js';
import { pollUntil } from '../wait.js';
import { ADMIN_CONF, type Phase, SUPER_ADMIN_CONF } from './init-context.js';

const TIMEOUT_MS = 4 * 60 * 1000;

/**
 * Waits for the API server (through super-admin.conf, whose system:masters identity works before any RBAC
 * exists), binds kubeadm:cluster-admins to cluster-admin, then continues as admin.conf.
 */
export const waitControlPlanePhase: Phase = {
  name: 'wait-control-plane',
  async run(ctx) {
    const { d } = ctx;
    d.stdout(
      `[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "${MANIFESTS_DIR}"`,
    );
    d.stdout(
      `[api-check] Waiting for a healthy API server. This can take up to ${formatGoDuration(TIMEOUT_MS)}`,
    );
    const started = d.now();
    const superAdmin = await d.connect(SUPER_ADMIN_CONF);
    await pollUntil(
      d,
      TIMEOUT_MS,
      1000,
      async () => (await superAdmin.list('Namespace')).resourceVersion,
      'error execution phase wait-control-plane: could not check the API server health: context deadline exceeded',
    );
    d.stdout(
      `[api-check] The API server is healthy after ${((d.now() - started) / 1000).toFixed(3).replace(/\.?0+$/, '')}s`,
    );
    await createOrUpdate(superAdmin, clusterAdminsBinding());
    ctx.client = await d.connect(ADMIN_CONF);
  },
};
