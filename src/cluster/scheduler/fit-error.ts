import type { NodeStatus } from './filters.js';

/** Message when the cluster has no node at all (ErrNoNodesAvailable). */
export const noNodesAvailable = 'no nodes available to schedule pods';

/**
 * FitError.Error(): "0/N nodes are available: <count> <reason>, …." with each reason counted once per node that
 * gave it, the "<count> <reason>" strings sorted as strings (so "10 …" sorts before "2 …", as in Go), then
 * the PostFilter (preemption) message.
 */
export function formatFitError(
  numAllNodes: number,
  statuses: Iterable<NodeStatus>,
  postFilter?: string,
): string {
  const histogram = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
  const parts = [...histogram].map(([reason, count]) => `${count} ${reason}`).sort(compareBytes);
  let msg = `0/${numAllNodes} nodes are available:`;
  if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  if (postFilter) msg += ` ${postFilter.endsWith('.') ? postFilter.slice(0, -1) : postFilter}.`;
  return msg;
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The preemption plugin's message when no node has victims whose removal would help. */
export function formatPreemptionFailure(numAllNodes: number, statuses: Iterable<NodeStatus>): string {
  return `preemption: ${formatFitError(numAllNodes, statuses)}`;
}
