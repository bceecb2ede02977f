import {
  compileLabelSelector,
  type LabelPredicate,
  type LabelSelector,
  type Labels,
  type Pod,
  type PodAffinityTerm,
  type TopologySpreadConstraint,
} from '../objects/index.js';

/**
 * Pods are indexed by *group*: pods with the same namespace, labels, inter-pod terms and spread constraints
 * (typically the replicas of one ReplicaSet) share one group. A selector is evaluated once per group, not per
 * pod, and each group keeps its pod count per node and per topology domain, so affinity, anti-affinity and
 * spreading cost O(matching groups) per node instead of a scan over every pod in the cluster.
 */

/** Groups matching a selector, extended incrementally as new groups appear (groups are never removed). */
export interface GroupMatchCache {
  cursor: number;
  list: PodGroup[];
}

export interface CompiledPodAffinityTerm {
  topologyKey: string;
  weight: number;
  selector: LabelPredicate;
  namespaces: (ns: string) => boolean;
  matched: GroupMatchCache;
}

export interface GroupAffinity {
  requiredAffinity: CompiledPodAffinityTerm[];
  requiredAntiAffinity: CompiledPodAffinityTerm[];
  preferredAffinity: CompiledPodAffinityTerm[];
  preferredAntiAffinity: CompiledPodAffinityTerm[];
}

export interface CompiledSpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  hard: boolean;
  minDomains: number | undefined;
  honorNodeAffinity: boolean;
  honorTaints: boolean;
  selector: LabelPredicate;
  /** Whether the pod itself matches the selector (counts itself in the skew). */
  selfMatch: boolean;
  matched: GroupMatchCache;
}

/** A term of an existing group whose selector selects some incoming group. */
export interface ExistingTermMatch {
  owner: PodGroup;
  term: CompiledPodAffinityTerm;
  kind: 'requiredAffinity' | 'requiredAntiAffinity' | 'preferredAffinity' | 'preferredAntiAffinity';
}

export class PodGroup {
  total = 0;
  readonly perNode = new Map<number, number>();
  readonly domains = new Map<string, Map<string, number>>();
  /** Terms of affine groups that select this group; extended as affine groups appear. */
  readonly selectedBy: { cursor: number; list: ExistingTermMatch[] } = { cursor: 0, list: [] };

  constructor(
    readonly id: number,
    readonly namespace: string,
    readonly labels: Readonly<Record<string, string>>,
    readonly affinity: GroupAffinity | undefined,
    readonly spread: CompiledSpreadConstraint[],
    /** Pod owned by a ReplicaSet/StatefulSet/ReplicationController with no constraints: system default spread. */
    readonly systemSpread: CompiledSpreadConstraint[],
  ) {}

  /** Count of this group's pods in a topology domain. */
  inDomain(key: string, value: string): number {
    return this.domains.get(key)?.get(value) ?? 0;
  }
}

const ownerKindsForDefaultSpread = new Set(['ReplicaSet', 'StatefulSet', 'ReplicationController']);
export const hostnameKey = 'kubernetes.io/hostname';
export const zoneKey = 'topology.kubernetes.io/zone';

function mergeLabelKeys(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
  matchKeys: readonly string[] | undefined,
  mismatchKeys: readonly string[] | undefined,
): LabelSelector | undefined {
  if (!selector || ((matchKeys?.length ?? 0) === 0 && (mismatchKeys?.length ?? 0) === 0)) return selector;
  const extra = [...(selector.matchExpressions ?? [])];
  for (const k of matchKeys ?? [])
    if (labels[k] !== undefined) extra.push({ key: k, operator: 'In', values: [labels[k]] });
  for (const k of mismatchKeys ?? [])
    if (labels[k] !== undefined) extra.push({ key: k, operator: 'NotIn', values: [labels[k]] });
  return { ...selector, matchExpressions: extra };
}

export class GroupIndex {
  readonly groups: PodGroup[] = [];
  readonly affineGroups: PodGroup[] = [];
  private readonly byKey = new Map<string, PodGroup>();
  readonly topologyKeys = new Set<string>();
  /** Namespace labels for namespaceSelector in affinity terms; fed by the scheduler's namespace informer. */
  readonly namespaceLabels = new Map<string, Labels>();

  constructor(private readonly nodeLabelsOf: (nodeIndex: number) => Labels) {}

  groupFor(pod: Pod): PodGroup {
    const labels = pod.metadata.labels ?? {};
    const ns = pod.metadata.namespace ?? 'default';
    const spec = pod.spec;
    const pa = spec.affinity?.podAffinity;
    const paa = spec.affinity?.podAntiAffinity;
    const tsc = spec.topologySpreadConstraints;
    const owner = pod.metadata.ownerReferences?.find((r) => r.controller === true);
    const defaultSpread =
      (!tsc || tsc.length === 0) && owner !== undefined && ownerKindsForDefaultSpread.has(owner.kind);
    let key = ns;
    for (const k of Object.keys(labels).sort()) key += `\u0001${k}\u0002${labels[k]}`;
    if (pa || paa) key += `\u0003${JSON.stringify(pa ?? null)}${JSON.stringify(paa ?? null)}`;
    if (tsc && tsc.length > 0) key += `\u0004${JSON.stringify(tsc)}`;
    if (defaultSpread) key += '\u0005';
    const hit = this.byKey.get(key);
    if (hit) return hit;
    const affinity =
      pa || paa
        ? {
            requiredAffinity: (pa?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
              this.compileTerm(t, 1, ns, labels),
            ),
            requiredAntiAffinity: (paa?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
              this.compileTerm(t, 1, ns, labels),
            ),
            preferredAffinity: (pa?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) =>
              this.compileTerm(w.podAffinityTerm, w.weight, ns, labels),
            ),
            preferredAntiAffinity: (paa?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) =>
              this.compileTerm(w.podAffinityTerm, w.weight, ns, labels),
            ),
          }
        : undefined;
    const spread = (tsc ?? []).map((c) => this.compileSpread(c, labels));
    const systemSpread = defaultSpread
      ? [
          this.compileSpread(
            {
              maxSkew: 3,
              topologyKey: hostnameKey,
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { ...labels } },
            },
            labels,
          ),
          this.compileSpread(
            {
              maxSkew: 5,
              topologyKey: zoneKey,
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { ...labels } },
            },
            labels,
          ),
        ]
      : [];
    const group = new PodGroup(this.groups.length, ns, { ...labels }, affinity, spread, systemSpread);
    this.groups.push(group);
    this.byKey.set(key, group);
    if (affinity) this.affineGroups.push(group);
    return group;
  }

  private compileTerm(
    term: PodAffinityTerm,
    weight: number,
    ns: string,
    labels: Readonly<Record<string, string>>,
  ): CompiledPodAffinityTerm {
    this.registerTopologyKey(term.topologyKey);
    const explicit = new Set(term.namespaces ?? []);
    const nsSel = term.namespaceSelector;
    let namespaces: (n: string) => boolean;
    if (nsSel === undefined || nsSel === null) {
      if (explicit.size === 0) explicit.add(ns);
      namespaces = (n) => explicit.has(n);
    } else {
      const pred = compileLabelSelector(nsSel);
      namespaces = (n) => explicit.has(n) || pred(this.namespaceLabels.get(n));
    }
    const sel = mergeLabelKeys(term.labelSelector, labels, term.matchLabelKeys, term.mismatchLabelKeys);
    return {
      topologyKey: term.topologyKey,
      weight,
      selector: compileLabelSelector(sel),
      namespaces,
      matched: { cursor: 0, list: [] },
    };
  }

  private compileSpread(
    c: TopologySpreadConstraint,
    labels: Readonly<Record<string, string>>,
  ): CompiledSpreadConstraint {
    this.registerTopologyKey(c.topologyKey);
    const selector = compileLabelSelector(
      mergeLabelKeys(c.labelSelector, labels, c.matchLabelKeys, undefined),
    );
    return {
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      hard: c.whenUnsatisfiable !== 'ScheduleAnyway',
      minDomains: c.minDomains,
      honorNodeAffinity: c.nodeAffinityPolicy !== 'Ignore',
      honorTaints: c.nodeTaintsPolicy === 'Honor',
      selector,
      selfMatch: selector(labels),
      matched: { cursor: 0, list: [] },
    };
  }

  /** Starts counting pods per domain of a topology key, backfilling what is already placed. */
  registerTopologyKey(key: string): void {
    if (this.topologyKeys.has(key)) return;
    this.topologyKeys.add(key);
    for (const g of this.groups) {
      for (const [nodeIndex, n] of g.perNode) {
        const value = this.nodeLabelsOf(nodeIndex)?.[key];
        if (value !== undefined) bump(g.domains, key, value, n);
      }
    }
  }

  place(group: PodGroup, nodeIndex: number, nodeLabels: Labels, delta: 1 | -1): void {
    group.total += delta;
    const n = (group.perNode.get(nodeIndex) ?? 0) + delta;
    if (n === 0) group.perNode.delete(nodeIndex);
    else group.perNode.set(nodeIndex, n);
    if (!nodeLabels) return;
    for (const key of this.topologyKeys) {
      const value = nodeLabels[key];
      if (value !== undefined) bump(group.domains, key, value, delta);
    }
  }

  /** Groups in the term's namespaces whose labels the term's selector matches. */
  groupsMatchingTerm(term: CompiledPodAffinityTerm): PodGroup[] {
    const cache = term.matched;
    while (cache.cursor < this.groups.length) {
      const g = this.groups[cache.cursor++] as PodGroup;
      if (term.namespaces(g.namespace) && term.selector(g.labels)) cache.list.push(g);
    }
    return cache.list;
  }

  /** Groups in `namespace` matching a spread constraint's selector. */
  groupsMatchingSpread(c: CompiledSpreadConstraint, namespace: string): PodGroup[] {
    const cache = c.matched;
    while (cache.cursor < this.groups.length) {
      const g = this.groups[cache.cursor++] as PodGroup;
      if (g.namespace === namespace && c.selector(g.labels)) cache.list.push(g);
    }
    return cache.list;
  }

  /** Terms of affine groups that select `group` (for symmetric anti-affinity and preferred terms). */
  termsSelecting(group: PodGroup): ExistingTermMatch[] {
    const cache = group.selectedBy;
    while (cache.cursor < this.affineGroups.length) {
      const owner = this.affineGroups[cache.cursor++] as PodGroup;
      const a = owner.affinity as GroupAffinity;
      for (const kind of [
        'requiredAffinity',
        'requiredAntiAffinity',
        'preferredAffinity',
        'preferredAntiAffinity',
      ] as const) {
        for (const term of a[kind]) {
          if (term.namespaces(group.namespace) && term.selector(group.labels))
            cache.list.push({ owner, term, kind });
        }
      }
    }
    return cache.list;
  }
}

function bump(domains: Map<string, Map<string, number>>, key: string, value: string, delta: number): void {
  let m = domains.get(key);
  if (!m) {
    m = new Map();
    domains.set(key, m);
  }
  const n = (m.get(value) ?? 0) + delta;
  if (n === 0) m.delete(value);
  else m.set(value, n);
}

/** Sum of the groups' pods in the domain. */
export function countInDomain(groups: readonly PodGroup[], key: string, value: string): number {
  let n = 0;
  for (const g of groups) if (g.total > 0) n += g.inDomain(key, value);
  return n;
}

/** Sum of the groups' pods on one node. */
export function countOnNode(groups: readonly PodGroup[], nodeIndex: number): number {
  let n = 0;
  for (const g of groups) if (g.total > 0) n += g.perNode.get(nodeIndex) ?? 0;
  return n;
}
