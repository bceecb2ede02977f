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
  /** What kubectl's STATUS column shows: a waiting reason (CrashLoopBackOff, ContainerCreating), Terminating, or the phase. */
  status: string;
  node?: string;
  ip?: string;
  restarts: number;
  /** Why it is not running yet (scheduler message, waiting reason, last termination). */
  message?: string;
}

export function summarizePod(p: Pod): PodSummary {
  const statuses = p.status?.containerStatuses ?? [];
  const waitingIn = statuses.find((c) => c.state?.waiting);
  const waiting = waitingIn?.state?.waiting;
  const sched = p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  const last = waitingIn?.lastState?.terminated;
  let message = sched?.message;
  if (!message && waiting?.reason === 'CrashLoopBackOff' && last)
    message = [last.reason, last.message].filter(Boolean).join(': ');
  else if (!message && waiting?.message) message = waiting.message;
  const phase = p.status?.phase ?? 'Pending';
  return {
    namespace: p.metadata.namespace ?? 'default',
    name: p.metadata.name,
    phase,
    status: p.metadata.deletionTimestamp ? 'Terminating' : (waiting?.reason ?? phase),
    ...(p.spec.nodeName ? { node: p.spec.nodeName } : {}),
    ...(p.status?.podIP ? { ip: p.status.podIP } : {}),
    restarts: statuses.reduce((n, c) => n + c.restartCount, 0),
    ...(message ? { message } : {}),
  };
}
