import type { KubeClient } from '../../../cluster/client/kube-client.js';
import type { Node, Taint } from '../../../cluster/objects/index.js';
import { formatTaint, sameTaint } from '../../../cluster/objects/taints.js';
import type { KubeadmDeps } from '../deps.js';
import { pollUntil } from '../wait.js';
import { clientOf, type Phase } from './init-context.js';

export const CONTROL_PLANE_LABELS = {
  'node-role.kubernetes.io/control-plane': '',
  'node.kubernetes.io/exclude-from-external-load-balancers': '',
};

/** Waits for the kubelet to register the node, then labels and taints it as a control plane. */
export async function markControlPlane(
  d: KubeadmDeps,
  client: KubeClient,
  nodeName: string,
  taints: Taint[],
): Promise<void> {
  d.stdout(
    `[mark-control-plane] Marking the node ${nodeName} as control-plane by adding the labels: [${Object.keys(CONTROL_PLANE_LABELS).join(' ')}]`,
  );
  d.stdout(
    `[mark-control-plane] Marking the node ${nodeName} as control-plane by adding the taints [${taints.map(formatTaint).join(' ')}]`,
  );
  const node = await pollUntil<Node>(
    d,
    4 * 60 * 1000,
    1000,
    () => client.get('Node', nodeName),
    `error execution phase mark-control-plane: error patching node "${nodeName}" through apiserver: timed out waiting for the condition: nodes "${nodeName}" not found`,
  );
  const current = node.spec.taints ?? [];
  const merged = [...current, ...taints.filter((t) => !current.some((c) => sameTaint(c, t)))];
  await client.patch(
    'Node',
    nodeName,
    undefined,
    { metadata: { labels: CONTROL_PLANE_LABELS }, spec: { taints: merged } },
    'merge',
  );
}

export const markControlPlanePhase: Phase = {
  name: 'mark-control-plane',
  async run(ctx) {
    await markControlPlane(ctx.d, await clientOf(ctx), ctx.cfg.node.nodeName, ctx.cfg.node.taints);
  },
};
