import type {
  Affinity,
  Container,
  Node,
  Pod,
  Taint,
  Toleration,
  TopologySpreadConstraint,
} from '../../../src/cluster/objects/index.js';

/** Small builders so the case table reads like the documentation's examples. */
export interface NodeSpecLite {
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  extra?: Record<string, string>;
}

export function node(name: string, s: NodeSpecLite = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...s.labels } },
    spec: { taints: s.taints, unschedulable: s.unschedulable },
    status: {
      allocatable: {
        cpu: s.cpu ?? '4',
        memory: s.memory ?? '8Gi',
        pods: String(s.pods ?? 110),
        'ephemeral-storage': '100Gi',
        ...s.extra,
      },
    },
  };
}

export interface PodSpecLite {
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  requests?: Record<string, string>;
  initContainers?: Container[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  spread?: TopologySpreadConstraint[];
  hostPorts?: { port: number; protocol?: 'TCP' | 'UDP'; hostIP?: string }[];
  priority?: number;
  preemptionPolicy?: 'Never' | 'PreemptLowerPriority';
}

export function pod(name: string, s: PodSpecLite = {}): Pod {
  const requests: Record<string, string> = { ...s.requests };
  if (s.cpu) requests.cpu = s.cpu;
  if (s.memory) requests.memory = s.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: s.namespace ?? 'default', labels: s.labels },
    spec: {
      containers: [
        {
          name: 'main',
          image: 'registry.k8s.io/pause:3.10',
          resources: Object.keys(requests).length > 0 ? { requests } : undefined,
          ports: s.hostPorts?.map((p) => ({
            containerPort: p.port,
            hostPort: p.port,
            protocol: p.protocol,
            hostIP: p.hostIP,
          })),
        },
      ],
      initContainers: s.initContainers,
      nodeName: s.nodeName,
      nodeSelector: s.nodeSelector,
      affinity: s.affinity,
      tolerations: s.tolerations,
      topologySpreadConstraints: s.spread,
      priority: s.priority,
      preemptionPolicy: s.preemptionPolicy,
    },
  };
}

/** Pod already running on a node (its requests count there). */
export function on(nodeName: string, name: string, s: PodSpecLite = {}): Pod {
  return pod(name, { ...s, nodeName });
}

export const cp = {
  key: 'node-role.kubernetes.io/control-plane',
  effect: 'NoSchedule',
} as const satisfies Taint;
