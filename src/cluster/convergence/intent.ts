import type { Taint } from '../objects/index.js';

/** One host as the inventory describes it. */
export interface NodeIntent {
  name: string;
  ip: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** For the model's capacity; real nodes report their own. */
  cpu?: string;
  memory?: string;
}

/** What the cluster playbook is asked to build (inventory-level intent). */
export interface ClusterIntent {
  controlPlanes: NodeIntent[];
  workers: NodeIntent[];
  cni: 'calico' | 'flannel';
  /** kubeadm --pod-network-cidr; '' means none given (no node podCIDRs). */
  podNetworkCidr: string;
  serviceCidr?: string;
  /** Keep the control-plane NoSchedule taint, or remove it (single-node clusters). */
  controlPlaneTaint: 'keep' | 'remove';
  kubeVersion?: string;
}

export const controlPlaneLabel = 'node-role.kubernetes.io/control-plane';
export const controlPlaneTaint: Taint = { key: controlPlaneLabel, effect: 'NoSchedule' };

/** Labels each node should carry: the control-plane role for control planes plus the inventory's. */
export function wantedLabels(intent: ClusterIntent, node: NodeIntent): Record<string, string> {
  const isCp = intent.controlPlanes.some((c) => c.name === node.name);
  return { ...(isCp ? { [controlPlaneLabel]: '' } : {}), ...node.labels };
}

/** Taints each node should carry: the control-plane taint when kept, plus the inventory's. */
export function wantedTaints(intent: ClusterIntent, node: NodeIntent): Taint[] {
  const isCp = intent.controlPlanes.some((c) => c.name === node.name);
  return [
    ...(isCp && intent.controlPlaneTaint === 'keep' ? [controlPlaneTaint] : []),
    ...(node.taints ?? []),
  ];
}

export function allNodes(intent: ClusterIntent): NodeIntent[] {
  return [...intent.controlPlanes, ...intent.workers];
}

export const cniDaemonSet = {
  calico: { namespace: 'kube-system', name: 'calico-node' },
  flannel: { namespace: 'kube-flannel', name: 'kube-flannel-ds' },
} as const;
