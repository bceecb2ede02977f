import { imageBehaviour } from '../images/catalog.js';
import { cidrContains, parseCidr } from '../net/cidr.js';
import type { Deployment, KubeObject, Node, Pod } from '../objects/index.js';
import { isNodeReady, nodeCondition } from '../objects/node.js';
import { isPodReady, podCondition } from '../objects/pod.js';
import { formatTaint } from '../objects/taints.js';
import { allNodes, type ClusterIntent, cniDaemonSet, wantedLabels, wantedTaints } from './intent.js';

export type CheckStatus = 'converged' | 'converging' | 'stuck';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  /** Why not converged, in Kubernetes' words. */
  reason?: string;
  /** For `converging`: model time it still needs. */
  needsMs?: number;
}

/** What a cluster reports: the objects `kubectl get -o json` gives. */
export interface ObservedCluster {
  nodes: readonly Node[];
  pods: readonly Pod[];
  deployments?: readonly Deployment[];
  other?: readonly KubeObject[];
}

const ok = (check: string): CheckResult => ({ check, status: 'converged' });
const stuck = (check: string, reason: string): CheckResult => ({ check, status: 'stuck', reason });
const converging = (check: string, reason: string, needsMs: number): CheckResult => ({
  check,
  status: 'converging',
  reason,
  needsMs,
});

const ownerName = (p: Pod) => p.metadata.ownerReferences?.find((r) => r.controller)?.name;

/** Why a pod is not running, as `kubectl describe` would show it, and whether time alone will fix it. */
export function podProblem(p: Pod): { reason: string; stuck: boolean; needsMs: number } | undefined {
  if (isPodReady(p)) return undefined;
  for (const cs of p.status?.containerStatuses ?? []) {
    const w = cs.state?.waiting;
    if (w?.reason === 'CrashLoopBackOff') {
      const last = cs.lastState?.terminated;
      return {
        reason: `${w.reason}: ${last?.message ?? last?.reason ?? 'container keeps exiting'}`,
        stuck: true,
        needsMs: 0,
      };
    }
    if (w?.reason === 'ContainerCreating' && w.message)
      return { reason: w.message, stuck: false, needsMs: 60_000 };
  }
  const sched = podCondition(p, 'PodScheduled');
  if (sched?.status === 'False')
    return { reason: sched.message ?? 'Unschedulable', stuck: false, needsMs: 60_000 };
  const startup = Math.max(...p.spec.containers.map((c) => imageBehaviour(c.image).startupMs));
  return {
    reason: `pod ${p.metadata.namespace}/${p.metadata.name} is ${p.status?.phase ?? 'Pending'}`,
    stuck: false,
    needsMs: startup,
  };
}

/**
 * Compares what the intent wants with what the cluster reports, check by check. `stuck` means waiting will not
 * help (a crash loop, a missing podCIDR, a silent node); `converging` means the cluster is on its way.
 */
export function converge(desired: ClusterIntent, observed: ObservedCluster): CheckResult[] {
  const results: CheckResult[] = [];
  const nodes = new Map(observed.nodes.map((n) => [n.metadata.name, n]));
  const cniPods = observed.pods.filter(
    (p) =>
      p.metadata.namespace === cniDaemonSet[desired.cni].namespace &&
      ownerName(p) === cniDaemonSet[desired.cni].name,
  );
  const cniOn = (node: string) => cniPods.find((p) => p.spec.nodeName === node);

  for (const want of allNodes(desired)) {
    const n = nodes.get(want.name);
    if (!n) {
      results.push(stuck(`node-present/${want.name}`, `nodes "${want.name}" not found`));
      continue;
    }
    results.push(ok(`node-present/${want.name}`));
    const ready = nodeCondition(n, 'Ready');
    if (isNodeReady(n)) results.push(ok(`node-ready/${want.name}`));
    else if (ready?.status === 'Unknown')
      results.push(stuck(`node-ready/${want.name}`, ready.message ?? 'Kubelet stopped posting node status.'));
    else {
      const cni = cniOn(want.name);
      const problem = cni ? podProblem(cni) : undefined;
      const msg = ready?.message ?? 'node is not ready';
      if (problem?.stuck) results.push(stuck(`node-ready/${want.name}`, `${msg} (${problem.reason})`));
      else if (!cni && !observed.pods.some((p) => ownerName(p) === cniDaemonSet[desired.cni].name))
        results.push(stuck(`node-ready/${want.name}`, msg));
      else results.push(converging(`node-ready/${want.name}`, msg, problem?.needsMs ?? 10_000));
    }
    const labels = wantedLabels(desired, want);
    const missing = Object.entries(labels).filter(([k, v]) => n.metadata.labels?.[k] !== v);
    results.push(
      missing.length === 0
        ? ok(`node-labels/${want.name}`)
        : stuck(
            `node-labels/${want.name}`,
            `missing labels ${missing.map(([k, v]) => `${k}=${v}`).join(', ')}`,
          ),
    );
    const taints = wantedTaints(desired, want);
    const have = n.spec.taints ?? [];
    const lacking = taints.filter(
      (t) =>
        !have.some((h) => h.key === t.key && h.effect === t.effect && (h.value ?? '') === (t.value ?? '')),
    );
    const unwanted =
      desired.controlPlaneTaint === 'remove'
        ? have.filter((h) => h.key === 'node-role.kubernetes.io/control-plane')
        : [];
    if (lacking.length === 0 && unwanted.length === 0) results.push(ok(`node-taints/${want.name}`));
    else {
      const parts = [
        ...lacking.map((t) => `missing taint ${formatTaint(t)}`),
        ...unwanted.map((t) => `unwanted taint ${formatTaint(t)}`),
      ];
      results.push(stuck(`node-taints/${want.name}`, parts.join(', ')));
    }
  }

  if (desired.podNetworkCidr) {
    const cluster = parseCidr(desired.podNetworkCidr);
    const seen = new Map<string, string>();
    const problems: string[] = [];
    let pending = false;
    for (const want of allNodes(desired)) {
      const n = nodes.get(want.name);
      if (!n) continue;
      const cidr = n.spec.podCIDR;
      if (!cidr) {
        pending = true;
        continue;
      }
      const c = parseCidr(cidr);
      if (!c || !cluster || !cidrContains(cluster, c))
        problems.push(`node ${want.name} podCIDR ${cidr} is outside ${desired.podNetworkCidr}`);
      const other = seen.get(cidr);
      if (other) problems.push(`nodes ${other} and ${want.name} share podCIDR ${cidr}`);
      seen.set(cidr, want.name);
    }
    if (problems.length > 0) results.push(stuck('pod-cidrs', problems.join('; ')));
    else if (pending) results.push(converging('pod-cidrs', 'podCIDR not yet assigned', 1000));
    else results.push(ok('pod-cidrs'));
  }

  const cniProblems: CheckResult[] = [];
  for (const want of allNodes(desired)) {
    if (!nodes.has(want.name)) continue;
    const p = cniOn(want.name);
    if (!p) {
      cniProblems.push(
        converging(`cni/${want.name}`, `no ${cniDaemonSet[desired.cni].name} pod on ${want.name}`, 10_000),
      );
      continue;
    }
    const problem = podProblem(p);
    if (problem)
      cniProblems.push(
        problem.stuck
          ? stuck(`cni/${want.name}`, problem.reason)
          : converging(`cni/${want.name}`, problem.reason, problem.needsMs),
      );
  }
  const worstCni = cniProblems.find((r) => r.status === 'stuck') ?? cniProblems[0];
  if (cniPods.length === 0 && !observed.pods.some((p) => ownerName(p) === cniDaemonSet[desired.cni].name)) {
    results.push(
      stuck(
        'cni-ready',
        `DaemonSet ${cniDaemonSet[desired.cni].namespace}/${cniDaemonSet[desired.cni].name} has no pods (is the ${desired.cni} manifest applied?)`,
      ),
    );
  } else results.push(worstCni ? { ...worstCni, check: 'cni-ready' } : ok('cni-ready'));

  const dnsPods = observed.pods.filter(
    (p) => p.metadata.namespace === 'kube-system' && p.metadata.labels?.['k8s-app'] === 'kube-dns',
  );
  const dnsDeploy = observed.deployments?.find(
    (d) => d.metadata.name === 'coredns' && d.metadata.namespace === 'kube-system',
  );
  if (dnsPods.some(isPodReady) || (dnsDeploy?.status?.availableReplicas ?? 0) > 0)
    results.push(ok('coredns-available'));
  else if (dnsPods.length === 0 && !dnsDeploy)
    results.push(stuck('coredns-available', 'deployments.apps "coredns" not found'));
  else {
    const problem = dnsPods.map(podProblem).find((x) => x !== undefined);
    const networkStuck = results.some((r) => r.check === 'cni-ready' && r.status === 'stuck');
    const reason = problem?.reason ?? 'coredns has no available replica';
    results.push(
      problem?.stuck || networkStuck
        ? stuck('coredns-available', reason)
        : converging('coredns-available', reason, (problem?.needsMs ?? 10_000) + 10_000),
    );
  }

  const stuckPods = observed.pods
    .map((p) => ({ p, problem: podProblem(p) }))
    .filter((x) => x.problem?.stuck)
    .map((x) => `${x.p.metadata.namespace}/${x.p.metadata.name}: ${x.problem?.reason}`);
  results.push(stuckPods.length === 0 ? ok('no-pod-stuck') : stuck('no-pod-stuck', stuckPods.join('; ')));
  return results;
}

/** The overall verdict: stuck if any check is, converging if any is, converged otherwise. */
export function overall(results: readonly CheckResult[]): CheckStatus {
  if (results.some((r) => r.status === 'stuck')) return 'stuck';
  if (results.some((r) => r.status === 'converging')) return 'converging';
  return 'converged';
}
