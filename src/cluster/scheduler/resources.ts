import {
  type Container,
  milliValue,
  type Node,
  type Pod,
  quantityValue,
  type ResourceList,
} from '../objects/index.js';

/**
 * Resource amounts in the units the scheduler compares: CPU in millicores, memory and ephemeral storage in
 * bytes, extended resources (nvidia.com/gpu, hugepages-…) in whole units.
 */
export interface ResourceAmounts {
  cpu: number;
  memory: number;
  ephemeral: number;
  /** Extended resources; undefined when there are none (the common case, kept allocation-free). */
  scalar: Map<string, number> | undefined;
}

/** Defaults upstream assumes for containers without requests when *scoring* (never when filtering). */
export const defaultMilliCpuRequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

export function emptyAmounts(): ResourceAmounts {
  return { cpu: 0, memory: 0, ephemeral: 0, scalar: undefined };
}

function addList(into: ResourceAmounts, list: ResourceList | undefined): void {
  if (!list) return;
  for (const name in list) {
    const q = list[name];
    if (name === 'cpu') into.cpu += milliValue(q);
    else if (name === 'memory') into.memory += quantityValue(q);
    else if (name === 'ephemeral-storage') into.ephemeral += quantityValue(q);
    else if (!standard.has(name)) {
      into.scalar ??= new Map();
      into.scalar.set(name, (into.scalar.get(name) ?? 0) + quantityValue(q));
    }
  }
}

function maxInto(into: ResourceAmounts, other: ResourceAmounts): void {
  into.cpu = Math.max(into.cpu, other.cpu);
  into.memory = Math.max(into.memory, other.memory);
  into.ephemeral = Math.max(into.ephemeral, other.ephemeral);
  if (other.scalar) {
    into.scalar ??= new Map();
    for (const [k, v] of other.scalar) into.scalar.set(k, Math.max(into.scalar.get(k) ?? 0, v));
  }
}

function addInto(into: ResourceAmounts, other: ResourceAmounts): void {
  into.cpu += other.cpu;
  into.memory += other.memory;
  into.ephemeral += other.ephemeral;
  if (other.scalar) {
    into.scalar ??= new Map();
    for (const [k, v] of other.scalar) into.scalar.set(k, (into.scalar.get(k) ?? 0) + v);
  }
}

function containerRequests(c: Container, nonZero: boolean): ResourceAmounts {
  const out = emptyAmounts();
  const req = c.resources?.requests;
  addList(out, req);
  if (nonZero) {
    if (req?.cpu === undefined) out.cpu = defaultMilliCpuRequest;
    if (req?.memory === undefined) out.memory = defaultMemoryRequest;
  }
  return out;
}

/**
 * The pod's effective request (resourcehelper.PodRequests): the sum over app containers and restartable init
 * containers (sidecars), at least the largest single init container plus the sidecars started before it, plus
 * the pod overhead. With `nonZero`, containers without a cpu/memory request count the scoring defaults.
 */
export function podRequests(pod: Pod, nonZero = false): ResourceAmounts {
  const total = emptyAmounts();
  for (const c of pod.spec.containers) addInto(total, containerRequests(c, nonZero));
  const inits = pod.spec.initContainers;
  if (inits && inits.length > 0) {
    const sidecars = emptyAmounts();
    const initPeak = emptyAmounts();
    for (const c of inits) {
      const r = containerRequests(c, nonZero);
      if (c.restartPolicy === 'Always') {
        addInto(sidecars, r);
        maxInto(initPeak, sidecars);
      } else {
        const withSidecars = emptyAmounts();
        addInto(withSidecars, sidecars);
        addInto(withSidecars, r);
        maxInto(initPeak, withSidecars);
      }
    }
    addInto(total, sidecars);
    maxInto(total, initPeak);
  }
  addList(total, pod.spec.overhead as ResourceList | undefined);
  return total;
}

export interface NodeAllocatable extends ResourceAmounts {
  pods: number;
}

/**
 * status.allocatable as upstream's NodeInfo reads it; a hand-written Node with only `capacity` (common in what-if
 * manifests) uses that instead of counting as an empty node.
 */
export function nodeAllocatable(node: Node): NodeAllocatable {
  const merged: ResourceList = node.status?.allocatable ?? node.status?.capacity ?? {};
  const out: NodeAllocatable = { ...emptyAmounts(), pods: quantityValue(merged.pods) };
  addList(out, merged);
  return out;
}
