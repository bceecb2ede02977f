import type { ClusterIntent, NodeIntent } from '../../cluster/convergence/intent.js';
import type { Taint } from '../../cluster/objects/index.js';
import { OptionsError } from '../../errors/index.js';
import type { Inventory } from '../../inventory/index.js';
import { renderValue } from '../../template/index.js';
import { createScope } from '../../vars/index.js';

/** The pod CIDR kubeadm is given by default for each CNI (KUBEADM.md); "" in the inventory means none. */
export const DEFAULT_POD_CIDR = { calico: '192.168.0.0/16', flannel: '10.244.0.0/16' } as const;

/** A host's variables, rendered (inventory layers only: what `provision verify` and the plan can know). */
export function renderedHostVars(
  inv: Inventory,
  host: string,
  extraVars: Record<string, unknown> = {},
): Record<string, unknown> {
  const scope = createScope(
    [
      ...inv.hostVarLayers(host).map((l) => ({ name: l.source, vars: l.vars, templated: true })),
      { name: 'extra vars', vars: extraVars, templated: true },
    ],
    { inventory_hostname: host, groups: inv.groupsMap(), group_names: inv.groupNamesOf(host) },
  );
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(scope)) out[k] = scope[k];
  return out;
}

/** INI inventories give maps and lists as JSON text (`node_labels='{"tier": "a"}'`); read them as values. */
function jsonish(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const t = value.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return value;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return value;
  }
}

function taintsOf(raw: unknown, host: string): Taint[] {
  const value = jsonish(raw);
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((t) => {
    if (typeof t === 'string') {
      const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(t.trim());
      if (!m)
        throw new OptionsError({
          code: 'PRV806',
          host,
          message: `node_taints entry '${t}' is not key[=value]:Effect`,
        });
      return { key: m[1]!, ...(m[2] ? { value: m[2] } : {}), effect: m[3] as Taint['effect'] };
    }
    if (t && typeof t === 'object' && 'key' in t && 'effect' in t) {
      const o = t as { key: string; value?: string; effect: Taint['effect'] };
      return { key: String(o.key), ...(o.value ? { value: String(o.value) } : {}), effect: o.effect };
    }
    throw new OptionsError({
      code: 'PRV806',
      host,
      message: `node_taints entry ${JSON.stringify(t)} needs key and effect`,
    });
  });
}

function labelsOf(raw: unknown, host: string): Record<string, string> {
  const value = jsonish(raw);
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new OptionsError({
      code: 'PRV806',
      host,
      message: 'node_labels must be a map of label names to values',
    });
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v ?? '')]));
}

/**
 * The cluster the inventory asks for, by the convention documented in docs/cluster.md: groups control_plane and
 * workers; cni, pod_network_cidr, service_cidr, control_plane_taint, kube_version; per-host node_labels and
 * node_taints; each node's address is its ansible_host.
 */
export function intentFromInventory(inv: Inventory, extraVars: Record<string, unknown> = {}): ClusterIntent {
  const cps = inv.hasGroup('control_plane') ? inv.groupHosts('control_plane') : [];
  if (cps.length === 0) {
    throw new OptionsError({
      code: 'PRV806',
      message: 'the inventory has no hosts in group control_plane',
      hint: 'See inventory/example/ and docs/cluster.md.',
    });
  }
  const workers = (inv.hasGroup('workers') ? inv.groupHosts('workers') : []).filter((h) => !cps.includes(h));
  const first = renderedHostVars(inv, cps[0]!, extraVars);
  const cni = String(first.cni ?? 'calico');
  if (cni !== 'calico' && cni !== 'flannel')
    throw new OptionsError({ code: 'PRV806', message: `cni must be calico or flannel, got ${cni}` });
  const node = (host: string): NodeIntent => {
    const v = renderedHostVars(inv, host, extraVars);
    return {
      name: host,
      ip: String(v.ansible_host ?? host),
      labels: labelsOf(v.node_labels, host),
      taints: taintsOf(v.node_taints, host),
    };
  };
  const pod = first.pod_network_cidr;
  return {
    controlPlanes: cps.map(node),
    workers: workers.map(node),
    cni,
    podNetworkCidr: pod === undefined || pod === null ? DEFAULT_POD_CIDR[cni] : String(renderValue(pod, {})),
    serviceCidr: String(first.service_cidr ?? '10.96.0.0/12'),
    controlPlaneTaint: first.control_plane_taint === 'remove' ? 'remove' : 'keep',
    kubeVersion:
      first.kube_version === undefined ? undefined : `v${String(first.kube_version).replace(/^v/, '')}`,
  };
}
