import { type Toleration, taintToleratedBy } from '../objects/index.js';
import type { NodeInfo, PodInfo } from './cache.js';
import {
  type CompiledSpreadConstraint,
  countInDomain,
  countOnNode,
  type GroupIndex,
  hostnameKey,
  type PodGroup,
  zoneKey,
} from './pod-groups.js';

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

function leastAllocated(pod: PodInfo, n: NodeInfo): number {
  let score = 0;
  let weights = 0;
  const cpuCap = n.allocCpu;
  if (cpuCap > 0) {
    const req = n.nonZeroCpu + pod.nonZero.cpu;
    score += req > cpuCap ? 0 : Math.trunc(((cpuCap - req) * maxNodeScore) / cpuCap);
    weights++;
  }
  const memCap = n.allocMemory;
  if (memCap > 0) {
    const req = n.nonZeroMemory + pod.nonZero.memory;
    score += req > memCap ? 0 : Math.trunc(((memCap - req) * maxNodeScore) / memCap);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

function balancedAllocation(pod: PodInfo, n: NodeInfo): number {
  const fractions: number[] = [];
  if (n.allocCpu > 0) fractions.push(Math.min(1, (n.reqCpu + pod.requests.cpu) / n.allocCpu));
  if (n.allocMemory > 0) fractions.push(Math.min(1, (n.reqMemory + pod.requests.memory) / n.allocMemory));
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

/** Reused score buffers: scoring runs for every pod, and fresh arrays per plugin per pod are GC pressure. */
class Buffers {
  total = new Float64Array(1024);
  raw = new Float64Array(1024);
  ensure(n: number): void {
    if (this.total.length >= n) return;
    this.total = new Float64Array(n * 2);
    this.raw = new Float64Array(n * 2);
  }
}
const buffers = new Buffers();

/** DefaultNormalizeScore over raw[0..n): scale to 0–100 by the maximum, optionally reversed. */
function normalizeInto(raw: Float64Array, n: number, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < n; i++) if ((raw[i] as number) > max) max = raw[i] as number;
  if (max === 0) {
    if (reverse) raw.fill(maxNodeScore, 0, n);
    return;
  }
  for (let i = 0; i < n; i++) {
    const s = Math.trunc((maxNodeScore * (raw[i] as number)) / max);
    raw[i] = reverse ? maxNodeScore - s : s;
  }
}

function addWeighted(total: Float64Array, raw: Float64Array, n: number, weight: number): void {
  for (let i = 0; i < n; i++) total[i] = (total[i] as number) + weight * (raw[i] as number);
}

/** InterPodAffinity score (raw, then min–max normalised); false when the plugin has nothing to say. */
function interPodAffinity(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  groups: GroupIndex,
  raw: Float64Array,
): boolean {
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
  if (parts.length === 0) return false;
  const n = nodes.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const node = nodes[i] as NodeInfo;
    let s = 0;
    for (const p of parts) {
      const value = node.labels?.[p.key];
      if (value !== undefined) s += p.weight * countInDomain(p.groups, p.key, value);
    }
    raw[i] = s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const diff = max - min;
  for (let i = 0; i < n; i++)
    raw[i] = diff > 0 ? Math.trunc(maxNodeScore * (((raw[i] as number) - min) / diff)) : 0;
  return true;
}

/** Distinct values of a label among the nodes; few domains (zones) are the rule, so a short list beats a Set. */
function distinctValues(
  nodes: readonly NodeInfo[],
  key: string,
  ignored: readonly boolean[] | undefined,
): number {
  const seen: string[] = [];
  let set: Set<string> | undefined;
  for (let i = 0; i < nodes.length; i++) {
    if (ignored?.[i]) continue;
    const v = (nodes[i] as NodeInfo).labels?.[key];
    if (v === undefined) continue;
    if (set) set.add(v);
    else if (!seen.includes(v)) {
      seen.push(v);
      if (seen.length > 16) set = new Set(seen);
    }
  }
  return set ? set.size : seen.length;
}

/**
 * The system default constraints (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) for pods of ReplicaSets
 * and StatefulSets: the common case, so it reads the group's live counts through plain fields, allocation-free.
 */
function systemDefaultSpread(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  groups: GroupIndex,
  raw: Float64Array,
): boolean {
  const [hostC, zoneC] = pod.group.systemSpread as [CompiledSpreadConstraint, CompiledSpreadConstraint];
  const hostGroups = groups.groupsMatchingSpread(hostC, pod.namespace);
  const zoneGroups = groups.groupsMatchingSpread(zoneC, pod.namespace);
  const n = nodes.length;
  const hostWeight = Math.log(n + 2);
  const zoneWeight = Math.log(distinctValues(nodes, zoneKey, undefined) + 2);
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const node = nodes[i] as NodeInfo;
    let s = 0;
    if (node.hostname !== undefined)
      s += countOnNode(hostGroups, node.index) * hostWeight + (hostC.maxSkew - 1);
    if (node.zone !== undefined)
      s += countInDomain(zoneGroups, zoneKey, node.zone) * zoneWeight + (zoneC.maxSkew - 1);
    const r = Math.round(s);
    raw[i] = r;
    if (r < min) min = r;
    if (r > max) max = r;
  }
  for (let i = 0; i < n; i++)
    raw[i] = max === 0 ? maxNodeScore : Math.trunc((maxNodeScore * (max + min - (raw[i] as number))) / max);
  return true;
}

/** PodTopologySpread score for soft constraints (the pod's own, or the system defaults); false when none. */
function topologySpread(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  groups: GroupIndex,
  raw: Float64Array,
): boolean {
  const g = pod.group;
  const explicit = g.spread.length > 0;
  if (!explicit && g.systemSpread.length > 0) return systemDefaultSpread(pod, nodes, groups, raw);
  const constraints = explicit ? g.spread.filter((c) => !c.hard) : g.systemSpread;
  if (constraints.length === 0) return false;
  const n = nodes.length;
  const matched = constraints.map((c) => groups.groupsMatchingSpread(c, pod.namespace));
  // Nodes missing a key are ignored when the constraints are the pod's own (requireAllTopologies).
  const ignored = explicit
    ? nodes.map((nd) => constraints.some((c) => nd.labels?.[c.topologyKey] === undefined))
    : undefined;
  let ignoredCount = 0;
  if (ignored) for (const x of ignored) if (x) ignoredCount++;
  const weights = constraints.map((c) => {
    if (c.topologyKey === hostnameKey) return Math.log(n - ignoredCount + 2);
    return Math.log(distinctValues(nodes, c.topologyKey, ignored) + 2);
  });
  // Explicit soft constraints count over the nodes passing the pod's node affinity, as upstream's PreScore;
  // system defaults read the groups' live domain counts.
  const domainCounts = constraints.map((c, i) => {
    if (!explicit || c.topologyKey === hostnameKey) return undefined;
    const counts = new Map<string, number>();
    for (const nd of allNodes) {
      const v = nd.labels?.[c.topologyKey];
      if (v === undefined) continue;
      if (constraints.some((o) => nd.labels?.[o.topologyKey] === undefined)) continue;
      if (c.honorNodeAffinity && pod.nodeAffinity.required && !pod.nodeAffinity.required(nd.labels, nd.name))
        continue;
      counts.set(v, (counts.get(v) ?? 0) + countOnNode(matched[i] as PodGroup[], nd.index));
    }
    return counts;
  });
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let ni = 0; ni < n; ni++) {
    if (ignored?.[ni]) continue;
    const node = nodes[ni] as NodeInfo;
    let s = 0;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as (typeof constraints)[number];
      const v = node.labels?.[c.topologyKey];
      if (v === undefined) continue;
      let cnt: number;
      if (c.topologyKey === hostnameKey) cnt = countOnNode(matched[i] as PodGroup[], node.index);
      else cnt = domainCounts[i]?.get(v) ?? countInDomain(matched[i] as PodGroup[], c.topologyKey, v);
      s += cnt * (weights[i] as number) + (c.maxSkew - 1);
    }
    const r = Math.round(s);
    raw[ni] = r;
    if (r < min) min = r;
    if (r > max) max = r;
  }
  for (let i = 0; i < n; i++) {
    if (ignored?.[i]) raw[i] = 0;
    else if (max === 0) raw[i] = maxNodeScore;
    else raw[i] = Math.trunc((maxNodeScore * (max + min - (raw[i] as number))) / max);
  }
  return true;
}

/**
 * Weighted total score (0–100 per plugin × weight) of each feasible node, as upstream's framework sums them.
 * The returned array is a shared buffer, valid until the next call.
 */
export function scoreNodes(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  groups: GroupIndex,
): Float64Array {
  const n = nodes.length;
  buffers.ensure(n);
  const { total, raw } = buffers;
  const balanced = pod.requests.cpu > 0 || pod.requests.memory > 0;
  let anyPreferTaint = false;
  for (let i = 0; i < n; i++) {
    const node = nodes[i] as NodeInfo;
    let s = ScoreWeights.NodeResourcesFit * leastAllocated(pod, node);
    if (balanced) s += ScoreWeights.NodeResourcesBalancedAllocation * balancedAllocation(pod, node);
    total[i] = s;
    if (node.preferNoSchedule.length > 0) anyPreferTaint = true;
  }
  if (anyPreferTaint) {
    for (let i = 0; i < n; i++) raw[i] = intolerablePreferNoSchedule(nodes[i] as NodeInfo, pod.tolerations);
    normalizeInto(raw, n, true);
    addWeighted(total, raw, n, ScoreWeights.TaintToleration);
  }
  const preferred = pod.nodeAffinity.preferred;
  if (preferred.length > 0) {
    for (let i = 0; i < n; i++) {
      const node = nodes[i] as NodeInfo;
      let s = 0;
      for (const p of preferred) if (p.match(node.labels, node.name)) s += p.weight;
      raw[i] = s;
    }
    normalizeInto(raw, n, false);
    addWeighted(total, raw, n, ScoreWeights.NodeAffinity);
  }
  if (interPodAffinity(pod, nodes, groups, raw)) addWeighted(total, raw, n, ScoreWeights.InterPodAffinity);
  if (topologySpread(pod, nodes, allNodes, groups, raw))
    addWeighted(total, raw, n, ScoreWeights.PodTopologySpread);
  return total;
}
