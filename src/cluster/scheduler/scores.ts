import { type Toleration, taintToleratedBy } from '../objects/index.js';
import type { NodeInfo, PodInfo } from './cache.js';
import { countInDomain, countOnNode, type GroupIndex, hostnameKey, type PodGroup } from './pod-groups.js';

/** Default plugin weights of the v1 scheduler configuration. */
export const ScoreWeights = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
  InterPodAffinity: 2,
  PodTopologySpread: 2,
} as const;

const maxNodeScore = 100;
/** Weight given to existing pods' *required* affinity terms when scoring (hardPodAffinityWeight). */
const hardPodAffinityWeight = 1;

/** DefaultNormalizeScore: scale to 0–100 by the maximum, optionally reversed. */
function normalize(raw: number[], reverse: boolean): void {
  let max = 0;
  for (const v of raw) if (v > max) max = v;
  if (max === 0) {
    if (reverse) raw.fill(maxNodeScore);
    return;
  }
  for (let i = 0; i < raw.length; i++) {
    const s = Math.trunc((maxNodeScore * (raw[i] as number)) / max);
    raw[i] = reverse ? maxNodeScore - s : s;
  }
}

function leastAllocated(pod: PodInfo, n: NodeInfo): number {
  let score = 0;
  let weights = 0;
  const cpuCap = n.alloc.cpu;
  if (cpuCap > 0) {
    const req = n.nonZeroCpu + pod.nonZero.cpu;
    score += req > cpuCap ? 0 : Math.trunc(((cpuCap - req) * maxNodeScore) / cpuCap);
    weights++;
  }
  const memCap = n.alloc.memory;
  if (memCap > 0) {
    const req = n.nonZeroMemory + pod.nonZero.memory;
    score += req > memCap ? 0 : Math.trunc(((memCap - req) * maxNodeScore) / memCap);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

function balancedAllocation(pod: PodInfo, n: NodeInfo): number {
  const fractions: number[] = [];
  if (n.alloc.cpu > 0) fractions.push(Math.min(1, (n.reqCpu + pod.requests.cpu) / n.alloc.cpu));
  if (n.alloc.memory > 0) fractions.push(Math.min(1, (n.reqMemory + pod.requests.memory) / n.alloc.memory));
  const std =
    fractions.length === 2 ? Math.abs(((fractions[0] as number) - (fractions[1] as number)) / 2) : 0;
  return Math.trunc((1 - std) * maxNodeScore);
}

function intolerablePreferNoSchedule(n: NodeInfo, tolerations: readonly Toleration[]): number {
  if (n.preferNoSchedule.length === 0) return 0;
  const relevant = tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  let count = 0;
  for (const t of n.preferNoSchedule) if (!taintToleratedBy(t, relevant)) count++;
  return count;
}

function interPodAffinityRaw(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  groups: GroupIndex,
): number[] | undefined {
  type Part = { key: string; weight: number; groups: readonly PodGroup[] };
  const parts: Part[] = [];
  const a = pod.group.affinity;
  if (a) {
    for (const t of a.preferredAffinity)
      parts.push({ key: t.topologyKey, weight: t.weight, groups: groups.groupsMatchingTerm(t) });
    for (const t of a.preferredAntiAffinity)
      parts.push({ key: t.topologyKey, weight: -t.weight, groups: groups.groupsMatchingTerm(t) });
  }
  for (const m of groups.termsSelecting(pod.group)) {
    if (m.owner.total === 0) continue;
    if (m.kind === 'preferredAffinity')
      parts.push({ key: m.term.topologyKey, weight: m.term.weight, groups: [m.owner] });
    else if (m.kind === 'preferredAntiAffinity')
      parts.push({ key: m.term.topologyKey, weight: -m.term.weight, groups: [m.owner] });
    else if (m.kind === 'requiredAffinity')
      parts.push({ key: m.term.topologyKey, weight: hardPodAffinityWeight, groups: [m.owner] });
  }
  if (parts.length === 0) return undefined;
  const raw = nodes.map((n) => {
    let s = 0;
    for (const p of parts) {
      const value = n.labels?.[p.key];
      if (value !== undefined) s += p.weight * countInDomain(p.groups, p.key, value);
    }
    return s;
  });
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of raw) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const diff = max - min;
  return raw.map((v) => (diff > 0 ? Math.trunc(maxNodeScore * ((v - min) / diff)) : 0));
}

function topologySpreadRaw(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  groups: GroupIndex,
): number[] | undefined {
  const g = pod.group;
  const explicit = g.spread.length > 0;
  const constraints = explicit ? g.spread.filter((c) => !c.hard) : g.systemSpread;
  if (constraints.length === 0) return undefined;
  const matched = constraints.map((c) => groups.groupsMatchingSpread(c, pod.namespace));
  // Nodes missing a key are ignored when the constraints are the pod's own (requireAllTopologies).
  const ignored = nodes.map(
    (n) => explicit && constraints.some((c) => n.labels?.[c.topologyKey] === undefined),
  );
  const ignoredCount = ignored.filter(Boolean).length;
  const weights = constraints.map((c) => {
    if (c.topologyKey === hostnameKey) return Math.log(nodes.length - ignoredCount + 2);
    const values = new Set<string>();
    nodes.forEach((n, i) => {
      const v = n.labels?.[c.topologyKey];
      if (!ignored[i] && v !== undefined) values.add(v);
    });
    return Math.log(values.size + 2);
  });
  // Domain counts: for system defaults the group's live domain counts; for explicit soft constraints, counted
  // over the nodes that pass the pod's node affinity, as upstream's PreScore does.
  const domainCounts = constraints.map((c, i) => {
    if (!explicit || c.topologyKey === hostnameKey) return undefined;
    const counts = new Map<string, number>();
    for (const n of allNodes) {
      const v = n.labels?.[c.topologyKey];
      if (v === undefined) continue;
      if (constraints.some((o) => n.labels?.[o.topologyKey] === undefined)) continue;
      if (c.honorNodeAffinity && pod.nodeAffinity.required && !pod.nodeAffinity.required(n.labels, n.name))
        continue;
      counts.set(v, (counts.get(v) ?? 0) + countOnNode(matched[i] as PodGroup[], n.index));
    }
    return counts;
  });
  const raw = nodes.map((n, ni) => {
    if (ignored[ni]) return -1;
    let s = 0;
    constraints.forEach((c, i) => {
      const v = n.labels?.[c.topologyKey];
      if (v === undefined) return;
      let cnt: number;
      if (c.topologyKey === hostnameKey) cnt = countOnNode(matched[i] as PodGroup[], n.index);
      else cnt = domainCounts[i]?.get(v) ?? countInDomain(matched[i] as PodGroup[], c.topologyKey, v);
      s += cnt * (weights[i] as number) + (c.maxSkew - 1);
    });
    return Math.round(s);
  });
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  raw.forEach((v, i) => {
    if (ignored[i]) return;
    if (v < min) min = v;
    if (v > max) max = v;
  });
  return raw.map((v, i) => {
    if (ignored[i]) return 0;
    if (max === 0) return maxNodeScore;
    return Math.trunc((maxNodeScore * (max + min - v)) / max);
  });
}

/** Weighted total score (0–100 per plugin × weight) of each feasible node, as upstream's framework sums them. */
export function scoreNodes(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  groups: GroupIndex,
): number[] {
  const total = new Array<number>(nodes.length).fill(0);
  for (let i = 0; i < nodes.length; i++)
    total[i] = ScoreWeights.NodeResourcesFit * leastAllocated(pod, nodes[i] as NodeInfo);
  if (pod.requests.cpu > 0 || pod.requests.memory > 0) {
    for (let i = 0; i < nodes.length; i++)
      (total[i] as number) +=
        ScoreWeights.NodeResourcesBalancedAllocation * balancedAllocation(pod, nodes[i] as NodeInfo);
  }
  if (nodes.some((n) => n.preferNoSchedule.length > 0)) {
    const raw = nodes.map((n) => intolerablePreferNoSchedule(n, pod.tolerations));
    normalize(raw, true);
    addWeighted(total, raw, ScoreWeights.TaintToleration);
  }
  const preferred = pod.nodeAffinity.preferred;
  if (preferred.length > 0) {
    const raw = nodes.map((n) => {
      let s = 0;
      for (const p of preferred) if (p.match(n.labels, n.name)) s += p.weight;
      return s;
    });
    normalize(raw, false);
    addWeighted(total, raw, ScoreWeights.NodeAffinity);
  }
  const ipa = interPodAffinityRaw(pod, nodes, groups);
  if (ipa) addWeighted(total, ipa, ScoreWeights.InterPodAffinity);
  const spread = topologySpreadRaw(pod, nodes, allNodes, groups);
  if (spread) addWeighted(total, spread, ScoreWeights.PodTopologySpread);
  return total;
}

function addWeighted(total: number[], raw: readonly number[], weight: number): void {
  for (let i = 0; i < total.length; i++) (total[i] as number) += weight * (raw[i] as number);
}
