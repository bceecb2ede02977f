import type { KubeClient } from '../client/kube-client.js';
import type { Pod, Taint, TaintEffect } from '../objects/index.js';
import { isMirrorPod, isPodTerminal } from '../objects/pod.js';
import { formatTaint } from '../objects/taints.js';
import { ApiError, isApiError } from '../store/api-error.js';

/** `kubectl cordon NODE`. */
export async function cordon(client: KubeClient, node: string): Promise<void> {
  await client.patch('Node', node, undefined, { spec: { unschedulable: true } }, 'strategic');
}

/** `kubectl uncordon NODE`. */
export async function uncordon(client: KubeClient, node: string): Promise<void> {
  await client.patch('Node', node, undefined, { spec: { unschedulable: null } }, 'merge');
}

export interface DrainOptions {
  /** --ignore-daemonsets (kubectl refuses to drain a node with DaemonSet pods without it). */
  ignoreDaemonSets?: boolean;
  /** --force: also delete pods no controller will recreate. */
  force?: boolean;
}

export interface DrainResult {
  evicted: string[];
  /** Pods left on purpose: DaemonSet and mirror pods. */
  skipped: { pod: string; reason: string }[];
  /** Evictions a PodDisruptionBudget refused (kubectl would retry them). */
  blocked: { pod: string; message: string }[];
}

const podName = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;

/**
 * `kubectl drain NODE`: cordons, then evicts every pod except DaemonSet and mirror pods, through the eviction
 * API so PodDisruptionBudgets hold. Refuses, as kubectl does, when pods would be lost without --force or when
 * DaemonSet pods are present without --ignore-daemonsets.
 */
export async function drain(client: KubeClient, node: string, opts: DrainOptions = {}): Promise<DrainResult> {
  await cordon(client, node);
  const { items } = await client.list('Pod', { fieldSelector: `spec.nodeName=${node}` });
  const result: DrainResult = { evicted: [], skipped: [], blocked: [] };
  const toEvict: Pod[] = [];
  const unmanaged: string[] = [];
  const daemons: string[] = [];
  for (const p of items) {
    if (isPodTerminal(p)) {
      toEvict.push(p);
      continue;
    }
    if (isMirrorPod(p)) {
      result.skipped.push({ pod: podName(p), reason: 'mirror pod' });
      continue;
    }
    const owner = p.metadata.ownerReferences?.find((r) => r.controller);
    if (owner?.kind === 'DaemonSet') {
      daemons.push(podName(p));
      result.skipped.push({ pod: podName(p), reason: 'DaemonSet-managed' });
      continue;
    }
    if (!owner) unmanaged.push(podName(p));
    toEvict.push(p);
  }
  const errors: string[] = [];
  if (unmanaged.length > 0 && !opts.force) {
    errors.push(
      `cannot delete Pods that declare no controller (use --force to override): ${unmanaged.join(', ')}`,
    );
  }
  if (daemons.length > 0 && !opts.ignoreDaemonSets) {
    errors.push(
      `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemons.join(', ')}`,
    );
  }
  if (errors.length > 0)
    throw new ApiError('BadRequest', `cannot drain node "${node}": ${errors.join('; ')}`);
  for (const p of toEvict) {
    try {
      await client.evict({ name: p.metadata.name, namespace: p.metadata.namespace as string });
      result.evicted.push(podName(p));
    } catch (e) {
      if (isApiError(e, 'TooManyRequests')) result.blocked.push({ pod: podName(p), message: e.message });
      else if (!isApiError(e, 'NotFound')) throw e;
    }
  }
  return result;
}

/** A taint as `kubectl taint` takes it: `key[=value]:Effect` to add, with a trailing `-` to remove. */
export interface TaintChange {
  taint: { key: string; value?: string; effect?: TaintEffect };
  remove: boolean;
}

export function parseTaintSpec(spec: string): TaintChange {
  const remove = spec.endsWith('-');
  const body = remove ? spec.slice(0, -1) : spec;
  const m = /^([^=:\s]+)(?:=([^:\s]*))?(?::(NoSchedule|PreferNoSchedule|NoExecute))?$/.exec(body);
  if (!m || (!remove && !m[3])) throw new ApiError('BadRequest', `invalid taint spec: ${spec}`);
  const taint: TaintChange['taint'] = { key: m[1] as string };
  if (m[2]) taint.value = m[2];
  if (m[3]) taint.effect = m[3] as TaintEffect;
  return { taint, remove };
}

/** `kubectl taint nodes NODE SPEC… [--overwrite]`. */
export async function taintNode(
  client: KubeClient,
  node: string,
  specs: readonly string[],
  opts: { overwrite?: boolean } = {},
): Promise<Taint[]> {
  const n = await client.get('Node', node);
  let taints: Taint[] = [...(n.spec.taints ?? [])];
  for (const spec of specs) {
    const { taint, remove } = parseTaintSpec(spec);
    if (remove) {
      const before = taints.length;
      taints = taints.filter(
        (t) => !(t.key === taint.key && (taint.effect === undefined || t.effect === taint.effect)),
      );
      if (taints.length === before) throw new ApiError('NotFound', `taint "${spec.slice(0, -1)}" not found`);
      continue;
    }
    const effect = taint.effect as TaintEffect;
    const existing = taints.find((t) => t.key === taint.key && t.effect === effect);
    if (existing && !opts.overwrite) {
      throw new ApiError(
        'Conflict',
        `node ${node} already has ${formatTaint(existing)} taint(s) with same effect(s) and --overwrite is false`,
      );
    }
    taints = taints.filter((t) => t !== existing);
    taints.push({ key: taint.key, ...(taint.value ? { value: taint.value } : {}), effect });
  }
  const updated = await client.update({ ...n, spec: { ...n.spec, taints } });
  return updated.spec.taints ?? [];
}

/** `kubectl label KIND NAME k=v k2-`: null removes a label. */
export async function label(
  client: KubeClient,
  kind: string,
  name: string,
  namespace: string | undefined,
  labels: Record<string, string | null>,
): Promise<void> {
  await client.patch(kind, name, namespace, { metadata: { labels } }, 'merge');
}
