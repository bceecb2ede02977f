import type { Condition, Node, ResourceList, Taint } from '../objects/index.js';
import { TaintKeys } from '../objects/node.js';
import { formatBytes, quantityValue } from '../objects/quantity.js';
import { isoSeconds } from '../runtime/clock.js';

export interface NodeResources {
  cpu: string;
  memory: string;
  pods?: string;
  'ephemeral-storage'?: string;
}

/** kubelet's default hard eviction threshold (memory.available<100Mi) comes off allocatable memory. */
const evictionHardMemory = 100 * 2 ** 20;

export function capacityAndAllocatable(res: NodeResources): {
  capacity: ResourceList;
  allocatable: ResourceList;
} {
  const capacity: ResourceList = {
    cpu: res.cpu,
    memory: res.memory,
    pods: res.pods ?? '110',
    'ephemeral-storage': res['ephemeral-storage'] ?? '100Gi',
    'hugepages-2Mi': '0',
  };
  const mem = quantityValue(res.memory);
  const allocatable = { ...capacity, memory: formatBytes(Math.max(0, mem - evictionHardMemory)) };
  return { capacity, allocatable };
}

export interface NodeIdentity {
  nodeName: string;
  ip: string;
  labels?: Record<string, string>;
  registerWithTaints?: Taint[];
  resources: NodeResources;
  kubeletVersion: string;
}

/**
 * The Node a kubelet registers: well-known labels, the configured ones, --register-with-taints, and the
 * not-ready:NoSchedule taint it adds itself until the node lifecycle controller takes over.
 */
export function initialNode(id: NodeIdentity, nowMs: number): Node {
  const taints: Taint[] = [...(id.registerWithTaints ?? [])];
  if (!taints.some((t) => t.key === TaintKeys.notReady && t.effect === 'NoSchedule')) {
    taints.push({ key: TaintKeys.notReady, effect: 'NoSchedule' });
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.nodeName,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': id.nodeName,
        'kubernetes.io/os': 'linux',
        ...id.labels,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { taints },
    status: {
      ...capacityAndAllocatable(id.resources),
      addresses: [
        { type: 'InternalIP', address: id.ip },
        { type: 'Hostname', address: id.nodeName },
      ],
      nodeInfo: {
        kubeletVersion: id.kubeletVersion,
        containerRuntimeVersion: 'containerd://1.7.24',
        operatingSystem: 'linux',
        architecture: 'amd64',
        osImage: 'Debian GNU/Linux 13 (trixie)',
      },
      conditions: nodeConditions({ ready: false, message: 'kubelet is starting' }, [], nowMs),
    },
  };
}

export interface Readiness {
  ready: boolean;
  message: string;
}

/** Node conditions as the kubelet reports them; transition times kept while a status does not change. */
export function nodeConditions(r: Readiness, previous: readonly Condition[], nowMs: number): Condition[] {
  const now = isoSeconds(nowMs);
  const make = (type: string, status: 'True' | 'False', reason: string, message: string): Condition => {
    const prev = previous.find((c) => c.type === type);
    return {
      type,
      status,
      lastHeartbeatTime: now,
      lastTransitionTime: prev && prev.status === status ? (prev.lastTransitionTime ?? now) : now,
      reason,
      message,
    };
  };
  return [
    make('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    make('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    make('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    r.ready
      ? make('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
      : make('Ready', 'False', 'KubeletNotReady', r.message),
  ];
}
