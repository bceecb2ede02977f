import type { Playbook } from '../../playbook/index.js';

/** A playbook asks for the cluster prediction with `provision_predict_cluster: true` in a play's vars. */
export function wantsClusterPlan(playbooks: readonly Playbook[]): boolean {
  return playbooks.some((pb) => pb.plays.some((p) => p.vars.provision_predict_cluster === true));
}
