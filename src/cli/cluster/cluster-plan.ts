import { simulate } from '../../cluster/convergence/simulate.js';
import type { Inventory } from '../../inventory/index.js';
import { predictedClusterLines } from './cluster-report.js';
import { connectHost } from './connect-control-plane.js';
import { intentFromInventory } from './intent-from-inventory.js';
import { readCluster } from './read-cluster.js';

/**
 * After a --check run of a cluster playbook: the cluster the run will produce, as the model predicts it from the
 * inventory's intent, starting from what the live cluster reports when there is one (so a converged cluster
 * predicts no change).
 */
export async function clusterPlanLines(
  inv: Inventory,
  opts: { extraVars: Record<string, unknown>; acceptNewHostKeys: boolean },
): Promise<string[]> {
  const intent = intentFromInventory(inv, opts.extraVars);
  const first = intent.controlPlanes[0]!.name;
  let observed: Awaited<ReturnType<typeof readCluster>>;
  try {
    const { transport, become } = await connectHost(inv, first, opts);
    try {
      observed = await readCluster(transport, first, become ? { become } : undefined);
    } finally {
      await transport.close();
    }
  } catch {
    observed = undefined;
  }
  const sim = await simulate(intent, observed);
  return predictedClusterLines(sim, intent.cni);
}
