import type { Cluster } from '../cluster.js';
import type { Node, Pod } from '../objects/index.js';
import { isNodeReady } from '../objects/node.js';
import { formatTaint } from '../objects/taints.js';
import type { ObservedCluster } from './converge.js';

export async function snapshotOf(cluster: Cluster): Promise<ObservedCluster> {
  const c = cluster.client;
  return {
    nodes: (await c.list('Node')).items,
    pods: (await c.list('Pod')).items,
    deployments: (await c.list('Deployment')).items,
  };
}

export interface NodeSummary {
  name: string;
  ready: boolean;
  taints: string[];
  labels: Record<string, string>;
  podCIDR?: string;
}

export function summarizeNode(n: Node): NodeSummary {
  return {
    name: n.metadata.name,
    ready: isNodeReady(n),
    taints: (n.spec.taints ?? []).map(formatTaint).sort(),
    labels: { ...n.metadata.labels },
    ...(n.spec.podCIDR ? { podCIDR: n.spec.podCIDR } : {}),
  };
}

export interface PodSummary {
  namespace: string;
  name: string;
  phase: string;
  node?: string;
  ip?: string;
  /** Why it is not running yet (scheduler message, waiting reason). */
  message?: string;
}

export function summarizePod(p: Pod): PodSummary {
  const waiting = p.status?.containerStatuses?.map((c) => c.state?.waiting).find((w) => w !== undefined);
  const sched = p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  const message =
    sched?.message ?? (waiting ? [waiting.reason, waiting.message].filter(Boolean).join(': ') : undefined);
  return {
    namespace: p.metadata.namespace ?? 'default',
    name: p.metadata.name,
    phase: p.metadata.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Pending'),
    ...(p.spec.nodeName ? { node: p.spec.nodeName } : {}),
    ...(p.status?.podIP ? { ip: p.status.podIP } : {}),
    ...(message ? { message } : {}),
  };
}
