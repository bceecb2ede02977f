import type { NodeInfo, PodInfo, SchedulerCache } from './cache.js';
import {
  FilterState,
  type NodeStatus,
  type TaintMessageStyle,
  UnschedulableAndUnresolvable,
} from './filters.js';
import { formatFitError, formatPreemptionFailure, noNodesAvailable } from './fit-error.js';
import { type SeededRandom, seededRandom } from './rng.js';
import { scoreNodes } from './scores.js';

export interface AlgorithmOptions {
  /** 1–100 fixes the share of nodes to find feasible before scoring; 0/undefined is upstream's adaptive rule. */
  percentageOfNodesToScore?: number;
  /** Seed for tie-breaking among equally scored nodes. */
  seed?: number;
  /** 'detailed' names the taint (`{key: value}`, Kubernetes ≤1.34.1); 'redacted' as later releases print it. */
  taintMessages?: TaintMessageStyle;
}

export interface PreemptionPlan {
  node: NodeInfo;
  victims: PodInfo[];
}

export type ScheduleResult =
  | { kind: 'scheduled'; node: NodeInfo; evaluatedNodes: number; feasibleNodes: number }
  | {
      kind: 'unschedulable';
      message: string;
      numAllNodes: number;
      statuses: Map<NodeInfo, NodeStatus>;
      /** Plugins that rejected some node: the cluster events that may make the pod schedulable. */
      plugins: Set<string>;
      preemption: PreemptionPlan | undefined;
    };

const minFeasibleNodesToFind = 100;
const minFeasibleNodesPercentageToFind = 5;

/** numFeasibleNodesToFind: all nodes below 100, else max(5, 50 − nodes/125) % of them, at least 100. */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < minFeasibleNodesPercentageToFind) pct = minFeasibleNodesPercentageToFind;
  }
  if (pct >= 100) return numAllNodes;
  const n = Math.trunc((numAllNodes * pct) / 100);
  return Math.max(n, minFeasibleNodesToFind);
}

/** One scheduling cycle's algorithm (filter → score → select) over the cache; no I/O. */
export class SchedulingAlgorithm {
  private nextStartNodeIndex = 0;
  /** Reused across cycles: the feasible list is scanned once per cycle and never escapes it. */
  private readonly feasible: NodeInfo[] = [];
  private readonly rng: SeededRandom;
  private readonly taintMessages: TaintMessageStyle;

  constructor(
    readonly cache: SchedulerCache,
    private readonly options: AlgorithmOptions = {},
  ) {
    this.rng = seededRandom(options.seed ?? 1);
    this.taintMessages = options.taintMessages ?? 'detailed';
  }

  schedule(info: PodInfo): ScheduleResult {
    const nodes = this.cache.nodeList();
    const all = nodes.length;
    if (all === 0) {
      return {
        kind: 'unschedulable',
        message: noNodesAvailable,
        numAllNodes: 0,
        statuses: new Map(),
        plugins: new Set(),
        preemption: undefined,
      };
    }
    const want = numFeasibleNodesToFind(all, this.options.percentageOfNodesToScore);
    const state = new FilterState(
      info,
      nodes,
      this.cache.groups,
      this.taintMessages,
      this.cache.staticVerdicts(info.staticKey),
    );
    const feasible = this.feasible;
    feasible.length = 0;
    const start = this.nextStartNodeIndex % all;
    let processed = 0;
    for (let i = 0; i < all && feasible.length < want; i++) {
      const node = nodes[(start + i) % all] as NodeInfo;
      processed++;
      if (state.filter(node) === undefined) feasible.push(node);
    }
    this.nextStartNodeIndex = (start + processed) % all;
    if (feasible.length === 0) {
      // Every node failed: only now collect why, node by node (the common, successful path stores nothing).
      const statuses = new Map<NodeInfo, NodeStatus>();
      for (const node of nodes) {
        const status = state.filter(node);
        if (status) statuses.set(node, status);
      }
      return this.unschedulable(info, all, statuses);
    }
    if (feasible.length === 1) {
      return {
        kind: 'scheduled',
        node: feasible[0] as NodeInfo,
        evaluatedNodes: processed,
        feasibleNodes: 1,
      };
    }
    const scores = scoreNodes(info, feasible, nodes, this.cache.groups);
    // selectHost: the best score, ties broken uniformly at random (reservoir sampling) as upstream does.
    let best = 0;
    let bestScore = scores[0] as number;
    let ties = 1;
    for (let i = 1; i < feasible.length; i++) {
      const s = scores[i] as number;
      if (s > bestScore) {
        bestScore = s;
        best = i;
        ties = 1;
      } else if (s === bestScore) {
        ties++;
        if (this.rng.intn(ties) === 0) best = i;
      }
    }
    return {
      kind: 'scheduled',
      node: feasible[best] as NodeInfo,
      evaluatedNodes: processed,
      feasibleNodes: feasible.length,
    };
  }

  private unschedulable(info: PodInfo, all: number, statuses: Map<NodeInfo, NodeStatus>): ScheduleResult {
    const plugins = new Set<string>();
    for (const s of statuses.values()) plugins.add(s.plugin);
    const { plan, message } = this.preempt(info, all, statuses);
    return {
      kind: 'unschedulable',
      message: formatFitError(all, statuses.values(), plan ? undefined : message),
      numAllNodes: all,
      statuses,
      plugins,
      preemption: plan,
    };
  }

  /**
   * DefaultPreemption's dry run: on nodes that failed with a resolvable status, remove every lower-priority pod,
   * re-run the filters, then reprieve victims from the highest priority down while the pod still fits.
   */
  private preempt(
    info: PodInfo,
    all: number,
    statuses: Map<NodeInfo, NodeStatus>,
  ): { plan: PreemptionPlan | undefined; message: string } {
    if (info.pod.spec.preemptionPolicy === 'Never') {
      return { plan: undefined, message: 'preemption: not eligible due to preemptionPolicy=Never.' };
    }
    const outcome: NodeStatus[] = [];
    const candidates: PreemptionPlan[] = [];
    for (const [node, status] of statuses) {
      if (status.code === UnschedulableAndUnresolvable) {
        outcome.push(notHelpful);
        continue;
      }
      const lower = [...node.pods].filter((p) => p.priority < info.priority);
      if (lower.length === 0) {
        outcome.push(noVictims);
        continue;
      }
      const victims = this.selectVictims(info, node, lower);
      if (victims.status) outcome.push(victims.status);
      else candidates.push({ node, victims: victims.victims });
    }
    if (candidates.length === 0) return { plan: undefined, message: formatPreemptionFailure(all, outcome) };
    const key = (c: PreemptionPlan) => {
      const prios = c.victims.map((v) => v.priority);
      return [Math.max(...prios), prios.reduce((a, b) => a + b, 0), prios.length];
    };
    let best = candidates[0] as PreemptionPlan;
    let bestKey = key(best);
    for (const c of candidates.slice(1)) {
      const k = key(c);
      for (let i = 0; i < k.length; i++) {
        if ((k[i] as number) < (bestKey[i] as number)) {
          best = c;
          bestKey = k;
          break;
        }
        if ((k[i] as number) > (bestKey[i] as number)) break;
      }
    }
    return { plan: best, message: '' };
  }

  private selectVictims(
    info: PodInfo,
    node: NodeInfo,
    lower: PodInfo[],
  ): { victims: PodInfo[]; status?: NodeStatus } {
    const cache = this.cache;
    const restore = lower.map((p) => ({ p, assumed: p.assumed }));
    for (const p of lower) cache.remove(p.key);
    const fits = () => new FilterState(info, cache.nodeList(), cache.groups, this.taintMessages).filter(node);
    const first = fits();
    const victims: PodInfo[] = [];
    if (first === undefined) {
      // Reprieve the most important pods first; whoever no longer fits back stays a victim.
      const order = [...restore].sort((a, b) => b.p.priority - a.p.priority);
      for (const r of order) {
        cache.place(r.p, node.name, r.assumed);
        if (fits() !== undefined) {
          cache.remove(r.p.key);
          victims.push(r.p);
        }
      }
    }
    for (const r of restore) if (!r.p.node) cache.place(r.p, node.name, r.assumed);
    return first === undefined ? { victims } : { victims: [], status: first };
  }
}

const notHelpful: NodeStatus = {
  plugin: 'DefaultPreemption',
  code: UnschedulableAndUnresolvable,
  reasons: ['Preemption is not helpful for scheduling'],
};
const noVictims: NodeStatus = {
  plugin: 'DefaultPreemption',
  code: UnschedulableAndUnresolvable,
  reasons: ['No preemption victims found for incoming pod'],
};
