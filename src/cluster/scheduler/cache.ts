import {
  type Labels,
  type Node,
  objectKey,
  type Pod,
  type Taint,
  type Toleration,
} from '../objects/index.js';
import { type CompiledNodeAffinity, compileNodeAffinity } from './node-affinity.js';
import { GroupIndex, hostnameKey, type PodGroup, zoneKey } from './pod-groups.js';
import { type NodeAllocatable, nodeAllocatable, podRequests, type ResourceAmounts } from './resources.js';

/** A host port a pod asks for; `ip` 0.0.0.0 means every address of the node. */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** Everything the filters and scores need about a pod, computed once per pod. */
export interface PodInfo {
  key: string;
  pod: Pod;
  namespace: string;
  priority: number;
  requests: ResourceAmounts;
  /** Requests with upstream's scoring defaults (100m / 200Mi) for containers that ask for nothing. */
  nonZero: ResourceAmounts;
  ports: HostPort[];
  tolerations: readonly Toleration[];
  nodeAffinity: CompiledNodeAffinity;
  group: PodGroup;
  /** Identity of the node-only filters' inputs (nodeName, nodeSelector, node affinity, tolerations). */
  staticKey: string;
  /** Node the pod is placed on in the cache (bound or assumed). */
  node: NodeInfo | undefined;
  assumed: boolean;
}

/** A node plus the running sums of what is placed on it. */
export class NodeInfo {
  node: Node | undefined;
  name: string;
  labels: Labels = {};
  /** Label values read for every scored node (spreading): kept as fields rather than keyed lookups. */
  hostname: string | undefined;
  zone: string | undefined;
  // Allocatable as flat number fields: read for every node of every cycle, so no nested object to chase.
  allocCpu = 0;
  allocMemory = 0;
  allocEphemeral = 0;
  allocPods = 0;
  allocScalar: Map<string, number> | undefined;
  unschedulable = false;
  /** NoSchedule and NoExecute taints (the ones that filter). */
  hardTaints: Taint[] = [];
  preferNoSchedule: Taint[] = [];
  reqCpu = 0;
  reqMemory = 0;
  reqEphemeral = 0;
  reqScalar: Map<string, number> | undefined;
  nonZeroCpu = 0;
  nonZeroMemory = 0;
  readonly pods = new Set<PodInfo>();
  /** "TCP/80" → ip → number of pods using it. */
  readonly ports = new Map<string, Map<string, number>>();

  constructor(
    readonly index: number,
    name: string,
  ) {
    this.name = name;
  }

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata.name;
    this.labels = node.metadata.labels ?? {};
    this.hostname = this.labels[hostnameKey];
    this.zone = this.labels[zoneKey];
    const alloc: NodeAllocatable = nodeAllocatable(node);
    this.allocCpu = alloc.cpu;
    this.allocMemory = alloc.memory;
    this.allocEphemeral = alloc.ephemeral;
    this.allocPods = alloc.pods;
    this.allocScalar = alloc.scalar;
    this.unschedulable = node.spec.unschedulable === true;
    const taints = node.spec.taints ?? [];
    this.hardTaints = taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    this.preferNoSchedule = taints.filter((t) => t.effect === 'PreferNoSchedule');
  }

  podCount(): number {
    return this.pods.size;
  }

  account(info: PodInfo, sign: 1 | -1): void {
    const r = info.requests;
    this.reqCpu += sign * r.cpu;
    this.reqMemory += sign * r.memory;
    this.reqEphemeral += sign * r.ephemeral;
    if (r.scalar) {
      this.reqScalar ??= new Map();
      for (const [k, v] of r.scalar) this.reqScalar.set(k, (this.reqScalar.get(k) ?? 0) + sign * v);
    }
    this.nonZeroCpu += sign * info.nonZero.cpu;
    this.nonZeroMemory += sign * info.nonZero.memory;
    for (const p of info.ports) {
      const k = `${p.protocol}/${p.port}`;
      let ips = this.ports.get(k);
      if (!ips) {
        ips = new Map();
        this.ports.set(k, ips);
      }
      const n = (ips.get(p.ip) ?? 0) + sign;
      if (n <= 0) ips.delete(p.ip);
      else ips.set(p.ip, n);
      if (ips.size === 0) this.ports.delete(k);
    }
    if (sign > 0) this.pods.add(info);
    else this.pods.delete(info);
  }
}

function podPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const all = [
    ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
    ...pod.spec.containers,
  ];
  for (const c of all) {
    for (const p of c.ports ?? []) {
      // hostNetwork pods get hostPort = containerPort by API defaulting.
      const hostPort = p.hostPort ?? (pod.spec.hostNetwork ? p.containerPort : undefined);
      if (!hostPort || hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol ?? 'TCP', port: hostPort });
    }
  }
  return out;
}

/**
 * The scheduler's view of the cluster: nodes with their allocated requests, the pods placed on them (bound or
 * assumed while the binding is in flight) and the group index for inter-pod terms. Fed by informer events.
 */
export class SchedulerCache {
  private readonly nodeSlots: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  private readonly placed = new Map<string, PodInfo>();
  private orderCache: NodeInfo[] | undefined;
  readonly groups = new GroupIndex((i) => this.nodeSlots[i]?.labels);
  /** Bumped on every node or placement change: lets callers skip work when nothing changed. */
  generation = 0;
  /** Bumped on node changes only: node-only filter verdicts stay valid while it holds. */
  nodeGeneration = 0;
  private readonly staticMarks = new Map<string, Uint8Array>();
  private staticMarksGeneration = -1;

  /**
   * Per node index: 0 not yet known, 1 passes, 2 fails the node-only filters (unschedulable, node name, taints,
   * node affinity) for pods with this static key. Pods of one workload share it, so each node is judged once
   * per workload instead of once per pod.
   */
  staticVerdicts(key: string): Uint8Array {
    if (this.staticMarksGeneration !== this.nodeGeneration) {
      this.staticMarks.clear();
      this.staticMarksGeneration = this.nodeGeneration;
    }
    let marks = this.staticMarks.get(key);
    if (!marks || marks.length < this.nodeSlots.length) {
      marks = new Uint8Array(Math.max(64, this.nodeSlots.length));
      this.staticMarks.set(key, marks);
    }
    return marks;
  }

  nodeByName(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  /** Live nodes, interleaved across zones like upstream's node tree, so the adaptive search spreads zones. */
  nodeList(): NodeInfo[] {
    if (this.orderCache) return this.orderCache;
    const zones = new Map<string, NodeInfo[]>();
    for (const n of this.nodeSlots) {
      if (!n?.node) continue;
      const z = `${n.labels?.['topology.kubernetes.io/region'] ?? ''}:\u0000:${n.labels?.[zoneKey] ?? ''}`;
      let list = zones.get(z);
      if (!list) {
        list = [];
        zones.set(z, list);
      }
      list.push(n);
    }
    const lists = [...zones.values()];
    const total = lists.reduce((sum, l) => sum + l.length, 0);
    const out: NodeInfo[] = [];
    for (let i = 0; out.length < total; i++) {
      for (const l of lists) {
        const n = l[i];
        if (n) out.push(n);
      }
    }
    this.orderCache = out;
    return out;
  }

  private slot(name: string): NodeInfo {
    let info = this.byName.get(name);
    if (!info) {
      info = new NodeInfo(this.nodeSlots.length, name);
      this.nodeSlots.push(info);
      this.byName.set(name, info);
    }
    return info;
  }

  upsertNode(node: Node): void {
    const info = this.slot(node.metadata.name);
    const oldLabels = info.labels;
    const wasLive = info.node !== undefined;
    const staticChanged =
      !wasLive ||
      (info.node?.spec.unschedulable ?? false) !== (node.spec.unschedulable ?? false) ||
      JSON.stringify(info.node?.spec.taints ?? []) !== JSON.stringify(node.spec.taints ?? []);
    // Domain counts follow node labels: re-place the node's pods when its labels change or it first appears.
    const relabel = wasLive ? !sameLabels(oldLabels, node.metadata.labels) : info.pods.size > 0;
    if (relabel)
      for (const p of info.pods) this.groups.place(p.group, info.index, wasLive ? oldLabels : undefined, -1);
    info.setNode(node);
    if (relabel) for (const p of info.pods) this.groups.place(p.group, info.index, info.labels, 1);
    const labelsChanged = wasLive && relabel;
    if (!wasLive || labelsChanged) this.orderCache = undefined;
    this.generation++;
    // Heartbeat status updates leave node-only verdicts valid; labels, taints and cordon do not.
    if (staticChanged || labelsChanged) this.nodeGeneration++;
  }

  removeNode(name: string): void {
    const info = this.byName.get(name);
    if (!info) return;
    // Pods of a deleted node stay accounted until their own deletion arrives, as upstream keeps a ghost node.
    info.node = undefined;
    this.orderCache = undefined;
    this.generation++;
    this.nodeGeneration++;
  }

  podInfo(pod: Pod): PodInfo {
    return {
      key: objectKey({ name: pod.metadata.name, namespace: pod.metadata.namespace ?? 'default' }),
      pod,
      namespace: pod.metadata.namespace ?? 'default',
      priority: pod.spec.priority ?? 0,
      requests: podRequests(pod),
      nonZero: podRequests(pod, true),
      ports: podPorts(pod),
      tolerations: pod.spec.tolerations ?? [],
      nodeAffinity: compileNodeAffinity(pod),
      group: this.groups.groupFor(pod),
      staticKey: staticFilterKey(pod),
      node: undefined,
      assumed: false,
    };
  }

  placedPod(key: string): PodInfo | undefined {
    return this.placed.get(key);
  }

  placedPods(): IterableIterator<PodInfo> {
    return this.placed.values();
  }

  /** Places a pod on a node (a bound pod seen by the informer, or an assumed one). */
  place(info: PodInfo, nodeName: string, assumed: boolean): void {
    const existing = this.placed.get(info.key);
    if (existing) this.unplace(existing);
    const node = this.slot(nodeName);
    info.node = node;
    info.assumed = assumed;
    node.account(info, 1);
    this.groups.place(info.group, node.index, node.node ? node.labels : undefined, 1);
    this.placed.set(info.key, info);
    this.generation++;
  }

  remove(key: string): PodInfo | undefined {
    const info = this.placed.get(key);
    if (info) this.unplace(info);
    return info;
  }

  private unplace(info: PodInfo): void {
    const node = info.node;
    if (!node) return;
    node.account(info, -1);
    this.groups.place(info.group, node.index, node.node ? node.labels : undefined, -1);
    info.node = undefined;
    this.placed.delete(info.key);
    this.generation++;
  }
}

function staticFilterKey(pod: Pod): string {
  const s = pod.spec;
  // Most pods name none of these: skip the serialisation.
  if (!s.nodeName && !s.nodeSelector && !s.affinity?.nodeAffinity && !s.tolerations) return '';
  return JSON.stringify([
    s.nodeName ?? '',
    s.nodeSelector ?? null,
    s.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null,
    s.tolerations ?? null,
  ]);
}

function sameLabels(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (a?.[k] !== b?.[k]) return false;
  return true;
}
