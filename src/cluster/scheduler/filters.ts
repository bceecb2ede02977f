import { type Taint, TaintKeys, type Toleration, taintToleratedBy } from '../objects/index.js';
import type { NodeInfo, PodInfo } from './cache.js';
import {
  countInDomain,
  countOnNode,
  type ExistingTermMatch,
  type GroupIndex,
  type PodGroup,
} from './pod-groups.js';

/** Upstream status codes: preemption only tries nodes that failed with a resolvable `Unschedulable`. */
export const Unschedulable = 1;
export const UnschedulableAndUnresolvable = 2;

export interface NodeStatus {
  code: typeof Unschedulable | typeof UnschedulableAndUnresolvable;
  plugin: string;
  reasons: readonly string[];
}

/** Failure reasons in kube-scheduler's words (pkg/scheduler/framework/plugins/*). */
export const Reasons = {
  unschedulable: 'node(s) were unschedulable',
  nodeName: "node(s) didn't match the requested node name",
  nodeAffinity: "node(s) didn't match Pod's node affinity/selector",
  nodePorts: "node(s) didn't have free ports for the requested pod ports",
  tooManyPods: 'Too many pods',
  spread: "node(s) didn't match pod topology spread constraints",
  spreadMissingLabel: "node(s) didn't match pod topology spread constraints (missing required label)",
  affinity: "node(s) didn't match pod affinity rules",
  antiAffinity: "node(s) didn't match pod anti-affinity rules",
  existingAntiAffinity: "node(s) didn't satisfy existing pods anti-affinity rules",
  redactedTaint: 'node(s) had untolerated taint(s)',
} as const;

const fixed = (plugin: string, code: NodeStatus['code'], reason: string): NodeStatus => ({
  plugin,
  code,
  reasons: [reason],
});
const unschedulableStatus = fixed('NodeUnschedulable', UnschedulableAndUnresolvable, Reasons.unschedulable);
const nodeNameStatus = fixed('NodeName', UnschedulableAndUnresolvable, Reasons.nodeName);
const nodeAffinityStatus = fixed('NodeAffinity', UnschedulableAndUnresolvable, Reasons.nodeAffinity);
const nodePortsStatus = fixed('NodePorts', Unschedulable, Reasons.nodePorts);
const spreadStatus = fixed('PodTopologySpread', Unschedulable, Reasons.spread);
const spreadLabelStatus = fixed(
  'PodTopologySpread',
  UnschedulableAndUnresolvable,
  Reasons.spreadMissingLabel,
);
const affinityStatus = fixed('InterPodAffinity', UnschedulableAndUnresolvable, Reasons.affinity);
const antiAffinityStatus = fixed('InterPodAffinity', Unschedulable, Reasons.antiAffinity);
const existingAntiStatus = fixed('InterPodAffinity', Unschedulable, Reasons.existingAntiAffinity);
const unschedulableTaint: Taint = { key: TaintKeys.unschedulable, effect: 'NoSchedule' };

export type TaintMessageStyle = 'detailed' | 'redacted';

/** The first NoSchedule/NoExecute taint no toleration matches (v1helper.FindMatchingUntoleratedTaint). */
export function untoleratedTaint(node: NodeInfo, tolerations: readonly Toleration[]): Taint | undefined {
  for (const t of node.hardTaints) if (!taintToleratedBy(t, tolerations as Toleration[])) return t;
  return undefined;
}

interface HardSpread {
  key: string;
  maxSkew: number;
  selfMatch: number;
  counts: Map<string, number>;
  min: number;
}

interface AffinityState {
  /** Groups whose pods match every required affinity term of the incoming pod. */
  affinityGroups: PodGroup[] | undefined;
  affinityEmpty: boolean;
  selfMatchesAll: boolean;
  antiGroups: PodGroup[][];
  existingAnti: ExistingTermMatch[];
}

/** Per-pod precomputation (upstream's PreFilter) shared by every node's filter call. */
export class FilterState {
  private taintCache: Map<string, NodeStatus> | undefined;
  private spread: HardSpread[] | undefined;
  private affinity: AffinityState | undefined;

  private readonly verdicts: Uint8Array | undefined;

  constructor(
    readonly info: PodInfo,
    nodes: readonly NodeInfo[],
    groups: GroupIndex,
    private readonly taintMessages: TaintMessageStyle,
    /** Shared node-only verdicts for this pod's static key (see SchedulerCache.staticVerdicts). */
    verdicts?: Uint8Array,
  ) {
    this.verdicts = verdicts;
    const g = info.group;
    const hard = g.spread.filter((c) => c.hard);
    if (hard.length > 0) this.spread = this.prepareSpread(hard, nodes, groups);
    this.affinity = this.prepareAffinity(groups);
  }

  private prepareSpread(
    hard: PodGroup['spread'],
    nodes: readonly NodeInfo[],
    groups: GroupIndex,
  ): HardSpread[] {
    const info = this.info;
    const out: HardSpread[] = hard.map((c) => ({
      key: c.topologyKey,
      maxSkew: c.maxSkew,
      selfMatch: c.selfMatch ? 1 : 0,
      counts: new Map(),
      min: Number.MAX_SAFE_INTEGER,
    }));
    const matched = hard.map((c) => groups.groupsMatchingSpread(c, info.namespace));
    for (const n of nodes) {
      const labels = n.labels;
      let hasAll = true;
      for (const c of hard) if (labels?.[c.topologyKey] === undefined) hasAll = false;
      if (!hasAll) continue;
      for (let i = 0; i < hard.length; i++) {
        const c = hard[i] as PodGroup['spread'][number];
        if (c.honorNodeAffinity && info.nodeAffinity.required && !info.nodeAffinity.required(labels, n.name))
          continue;
        if (c.honorTaints && untoleratedTaint(n, info.tolerations)) continue;
        const s = out[i] as HardSpread;
        const value = labels?.[c.topologyKey] as string;
        s.counts.set(value, (s.counts.get(value) ?? 0) + countOnNode(matched[i] as PodGroup[], n.index));
      }
    }
    for (let i = 0; i < out.length; i++) {
      const s = out[i] as HardSpread;
      for (const v of s.counts.values()) if (v < s.min) s.min = v;
      const minDomains = hard[i]?.minDomains;
      if (minDomains !== undefined && s.counts.size < minDomains) s.min = 0;
    }
    return out;
  }

  private prepareAffinity(groups: GroupIndex): AffinityState | undefined {
    const g = this.info.group;
    const a = g.affinity;
    if (!a && groups.affineGroups.length === 0) return undefined;
    const existingAnti = groups
      .termsSelecting(g)
      .filter((m) => m.kind === 'requiredAntiAffinity' && m.owner.total > 0);
    if (!a && existingAnti.length === 0) return undefined;
    let affinityGroups: PodGroup[] | undefined;
    let affinityEmpty = true;
    let selfMatchesAll = true;
    if (a && a.requiredAffinity.length > 0) {
      const [first, ...rest] = a.requiredAffinity;
      affinityGroups = groups
        .groupsMatchingTerm(first as (typeof a.requiredAffinity)[number])
        .filter((x) => x.total > 0 && rest.every((t) => t.namespaces(x.namespace) && t.selector(x.labels)));
      affinityEmpty = affinityGroups.length === 0;
      selfMatchesAll = a.requiredAffinity.every((t) => t.namespaces(g.namespace) && t.selector(g.labels));
    }
    return {
      affinityGroups,
      affinityEmpty,
      selfMatchesAll,
      antiGroups: (a?.requiredAntiAffinity ?? []).map((t) => groups.groupsMatchingTerm(t)),
      existingAnti,
    };
  }

  /** Runs the filter plugins in upstream's order; undefined when the node fits. */
  filter(node: NodeInfo): NodeStatus | undefined {
    const verdicts = this.verdicts;
    if (verdicts) {
      const v = verdicts[node.index];
      if (v === 2) return this.nodeOnly(node);
      if (v === 0) {
        const status = this.nodeOnly(node);
        verdicts[node.index] = status ? 2 : 1;
        if (status) return status;
      }
    } else {
      const status = this.nodeOnly(node);
      if (status) return status;
    }
    return this.placementDependent(node);
  }

  /** NodeUnschedulable, NodeName, TaintToleration, NodeAffinity: they read only the node and the pod spec. */
  private nodeOnly(node: NodeInfo): NodeStatus | undefined {
    const info = this.info;
    if (node.unschedulable && !taintToleratedBy(unschedulableTaint, info.tolerations as Toleration[]))
      return unschedulableStatus;
    const wanted = info.pod.spec.nodeName;
    if (wanted && wanted !== node.name) return nodeNameStatus;
    if (node.hardTaints.length > 0) {
      const taint = untoleratedTaint(node, info.tolerations);
      if (taint) return this.taintStatus(taint);
    }
    if (info.nodeAffinity.required && !info.nodeAffinity.required(node.labels, node.name))
      return nodeAffinityStatus;
    return undefined;
  }

  /** NodePorts, NodeResourcesFit, PodTopologySpread, InterPodAffinity: they depend on what runs where. */
  private placementDependent(node: NodeInfo): NodeStatus | undefined {
    const info = this.info;
    if (info.ports.length > 0 && portsConflict(node, info)) return nodePortsStatus;
    const fit = fitStatus(node, info);
    if (fit) return fit;
    if (this.spread) {
      for (const s of this.spread) {
        const value = node.labels?.[s.key];
        if (value === undefined) return spreadLabelStatus;
        if ((s.counts.get(value) ?? 0) + s.selfMatch - s.min > s.maxSkew) return spreadStatus;
      }
    }
    if (this.affinity) return this.interPodStatus(node, this.affinity);
    return undefined;
  }

  private taintStatus(taint: Taint): NodeStatus {
    const reason =
      this.taintMessages === 'redacted'
        ? Reasons.redactedTaint
        : `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
    this.taintCache ??= new Map();
    let s = this.taintCache.get(reason);
    if (!s) {
      s = fixed('TaintToleration', UnschedulableAndUnresolvable, reason);
      this.taintCache.set(reason, s);
    }
    return s;
  }

  private interPodStatus(node: NodeInfo, a: AffinityState): NodeStatus | undefined {
    const labels = node.labels;
    const terms = this.info.group.affinity;
    if (terms && a.affinityGroups) {
      let podsExist = true;
      for (const t of terms.requiredAffinity) {
        const value = labels?.[t.topologyKey];
        if (value === undefined) return affinityStatus;
        if (countInDomain(a.affinityGroups, t.topologyKey, value) <= 0) podsExist = false;
      }
      if (!podsExist && !(a.affinityEmpty && a.selfMatchesAll)) return affinityStatus;
    }
    if (terms) {
      for (let i = 0; i < terms.requiredAntiAffinity.length; i++) {
        const t = terms.requiredAntiAffinity[i] as (typeof terms.requiredAntiAffinity)[number];
        const value = labels?.[t.topologyKey];
        if (value !== undefined && countInDomain(a.antiGroups[i] as PodGroup[], t.topologyKey, value) > 0)
          return antiAffinityStatus;
      }
    }
    for (const m of a.existingAnti) {
      const value = labels?.[m.term.topologyKey];
      if (value !== undefined && m.owner.inDomain(m.term.topologyKey, value) > 0) return existingAntiStatus;
    }
    return undefined;
  }
}

export function portsConflict(node: NodeInfo, info: PodInfo): boolean {
  for (const p of info.ports) {
    const ips = node.ports.get(`${p.protocol}/${p.port}`);
    if (!ips || ips.size === 0) continue;
    if (p.ip === '0.0.0.0') return true;
    if (ips.has(p.ip) || ips.has('0.0.0.0')) return true;
  }
  return false;
}

/** NodeResourcesFit: every shortfall is a reason; a request larger than the whole node cannot be preempted away. */
export function fitStatus(node: NodeInfo, info: PodInfo): NodeStatus | undefined {
  const r = info.requests;
  const podsShort = node.podCount() + 1 > node.allocPods;
  const cpuShort = r.cpu > 0 && r.cpu > node.allocCpu - node.reqCpu;
  const memoryShort = r.memory > 0 && r.memory > node.allocMemory - node.reqMemory;
  const ephemeralShort = r.ephemeral > 0 && r.ephemeral > node.allocEphemeral - node.reqEphemeral;
  // The common case allocates nothing: this runs for every node evaluated for every pod.
  if (!podsShort && !cpuShort && !memoryShort && !ephemeralShort && !r.scalar) return undefined;
  const reasons: string[] = [];
  let unresolvable = false;
  if (podsShort) reasons.push(Reasons.tooManyPods);
  if (cpuShort) {
    reasons.push('Insufficient cpu');
    if (r.cpu > node.allocCpu) unresolvable = true;
  }
  if (memoryShort) {
    reasons.push('Insufficient memory');
    if (r.memory > node.allocMemory) unresolvable = true;
  }
  if (ephemeralShort) {
    reasons.push('Insufficient ephemeral-storage');
    if (r.ephemeral > node.allocEphemeral) unresolvable = true;
  }
  if (r.scalar) {
    for (const [name, v] of r.scalar) {
      if (v <= 0) continue;
      const have = node.allocScalar?.get(name) ?? 0;
      if (v > have - (node.reqScalar?.get(name) ?? 0)) {
        reasons.push(`Insufficient ${name}`);
        if (v > have) unresolvable = true;
      }
    }
  }
  if (reasons.length === 0) return undefined;
  return {
    plugin: 'NodeResourcesFit',
    code: unresolvable ? UnschedulableAndUnresolvable : Unschedulable,
    reasons,
  };
}
