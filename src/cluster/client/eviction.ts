import type { KubeObject, Pod, PodDisruptionBudget } from '../objects/index.js';
import { isPodReady, isPodTerminal } from '../objects/pod.js';
import { compileLabelSelector } from '../objects/selectors.js';
import { resolveIntOrPercent } from '../objects/workloads.js';

export interface DisruptionVerdict {
  allowed: boolean;
  /** The budget that forbids the eviction. */
  budget?: string;
}

/**
 * Whether evicting `pod` keeps every PodDisruptionBudget selecting it (the disruption controller's arithmetic,
 * computed on the spot): healthy pods minus desired healthy must stay ≥ 0 after the eviction. An unhealthy pod
 * may go when its budget is currently met (unhealthyPodEvictionPolicy IfHealthyBudget).
 */
export function evictionAllowed(
  pod: Pod,
  budgets: readonly KubeObject[],
  podsInNamespace: readonly KubeObject[],
  scaleOf: (kind: string, name: string) => number | undefined = () => undefined,
): DisruptionVerdict {
  for (const b of budgets as readonly PodDisruptionBudget[]) {
    const sel = compileLabelSelector(b.spec.selector);
    if (!sel(pod.metadata.labels)) continue;
    const matching = (podsInNamespace as readonly Pod[]).filter(
      (p) => sel(p.metadata.labels) && !isPodTerminal(p) && !p.metadata.deletionTimestamp,
    );
    // Expected pods come from the owners' scale (as the disruption controller does), so pods already evicted and
    // not yet replaced still count as missing.
    const owners = new Map<string, number>();
    let unowned = 0;
    for (const p of (podsInNamespace as readonly Pod[]).filter((x) => sel(x.metadata.labels))) {
      const ref = p.metadata.ownerReferences?.find((r) => r.controller);
      const scale = ref ? scaleOf(ref.kind, ref.name) : undefined;
      if (ref && scale !== undefined) owners.set(`${ref.kind}/${ref.name}`, scale);
      else if (!isPodTerminal(p) && !p.metadata.deletionTimestamp) unowned++;
    }
    const expected = Math.max(matching.length, unowned + [...owners.values()].reduce((a, b) => a + b, 0));
    const healthy = matching.filter(isPodReady).length;
    let desired: number;
    if (b.spec.maxUnavailable !== undefined) {
      desired = Math.max(0, expected - resolveIntOrPercent(b.spec.maxUnavailable, expected, true, 0));
    } else {
      desired = resolveIntOrPercent(b.spec.minAvailable, expected, true, 1);
    }
    const allowed = healthy - desired;
    const podHealthy = isPodReady(pod);
    if (podHealthy ? allowed <= 0 : allowed < 0) return { allowed: false, budget: b.metadata.name };
  }
  return { allowed: true };
}
