import type { Node, Pod } from '../../../src/cluster/objects/index.js';
import { cp, node, on, pod } from './builders.js';

/**
 * Scheduling cases, each with the outcome the Kubernetes documentation gives (concepts/scheduling-eviction:
 * taints and tolerations, assign pods to nodes, inter-pod affinity, topology spread, resource management).
 * `feasible`: exactly the nodes that pass every filter; `lands`: where the pod goes (one of); `message`: the
 * scheduler's PodScheduled message when nothing fits.
 */
export interface SchedulingCase {
  name: string;
  nodes: Node[];
  existing?: Pod[];
  pod: Pod;
  feasible?: string[];
  lands?: string[];
  message?: string;
  taintMessages?: 'detailed' | 'redacted';
}

const notHelpful = (n: number, total: number) =>
  `preemption: 0/${total} nodes are available: ${n} Preemption is not helpful for scheduling.`;
const zones = (z: string) => ({ 'topology.kubernetes.io/zone': z });
const t1 = { key: 'key1', value: 'value1', effect: 'NoSchedule' } as const;
const fourZonedNodes = [
  node('node1', { labels: zones('zoneA') }),
  node('node2', { labels: zones('zoneA') }),
  node('node3', { labels: zones('zoneB') }),
  node('node4', { labels: zones('zoneB') }),
];
const fooBarOn = (n: string, name: string) => on(n, name, { labels: { foo: 'bar' } });

export const cases: SchedulingCase[] = [
  // Taints and tolerations
  {
    name: 'toleration Equal with the same key, value and effect tolerates the taint',
    nodes: [node('node1', { taints: [t1] })],
    pod: pod('p', {
      tolerations: [{ key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoSchedule' }],
    }),
    feasible: ['node1'],
  },
  {
    name: 'toleration Exists ignores the value',
    nodes: [node('node1', { taints: [t1] })],
    pod: pod('p', { tolerations: [{ key: 'key1', operator: 'Exists', effect: 'NoSchedule' }] }),
    feasible: ['node1'],
  },
  {
    name: 'no toleration: the taint keeps the pod off, named in the message',
    nodes: [node('node1', { taints: [t1] })],
    pod: pod('p'),
    message: `0/1 nodes are available: 1 node(s) had untolerated taint {key1: value1}. ${notHelpful(1, 1)}`,
  },
  {
    name: 'Equal with another value does not tolerate',
    nodes: [node('node1', { taints: [t1] })],
    pod: pod('p', {
      tolerations: [{ key: 'key1', operator: 'Equal', value: 'other', effect: 'NoSchedule' }],
    }),
    feasible: [],
  },
  {
    name: 'docs example: key2 taint stays untolerated although key1 NoSchedule and NoExecute are tolerated',
    nodes: [
      node('node1', {
        taints: [
          t1,
          { key: 'key1', value: 'value1', effect: 'NoExecute' },
          { key: 'key2', value: 'value2', effect: 'NoSchedule' },
        ],
      }),
    ],
    pod: pod('p', {
      tolerations: [
        { key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoSchedule' },
        { key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoExecute' },
      ],
    }),
    message: `0/1 nodes are available: 1 node(s) had untolerated taint {key2: value2}. ${notHelpful(1, 1)}`,
  },
  {
    name: 'empty key with Exists tolerates every taint',
    nodes: [node('node1', { taints: [t1, { key: 'other', effect: 'NoExecute' }] })],
    pod: pod('p', { tolerations: [{ operator: 'Exists' }] }),
    feasible: ['node1'],
  },
  {
    name: 'an empty effect matches every effect of the key',
    nodes: [node('node1', { taints: [t1, { key: 'key1', value: 'value1', effect: 'NoExecute' }] })],
    pod: pod('p', { tolerations: [{ key: 'key1', operator: 'Exists' }] }),
    feasible: ['node1'],
  },
  {
    name: 'a toleration for another effect does not match',
    nodes: [node('node1', { taints: [{ key: 'key1', value: 'value1', effect: 'NoExecute' }] })],
    pod: pod('p', { tolerations: [{ key: 'key1', operator: 'Exists', effect: 'NoSchedule' }] }),
    feasible: [],
  },
  {
    name: 'NoExecute taints filter like NoSchedule',
    nodes: [
      node('node1', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] }),
      node('node2'),
    ],
    pod: pod('p'),
    feasible: ['node2'],
    lands: ['node2'],
  },
  {
    name: 'PreferNoSchedule does not filter but the scheduler avoids the node',
    nodes: [node('node1', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }), node('node2')],
    pod: pod('p'),
    feasible: ['node1', 'node2'],
    lands: ['node2'],
  },
  {
    name: 'tolerating PreferNoSchedule makes both nodes equal; the resources decide',
    nodes: [node('node1', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }), node('node2')],
    existing: [on('node2', 'busy', { cpu: '3' })],
    pod: pod('p', { tolerations: [{ key: 'soft', operator: 'Exists' }], cpu: '100m' }),
    lands: ['node1'],
  },
  {
    name: 'kubeadm control-plane taint plus full workers: the upstream message',
    nodes: [node('cp1', { taints: [cp] }), ...['w1', 'w2', 'w3', 'w4'].map((n) => node(n, { cpu: '2' }))],
    existing: ['w1', 'w2', 'w3', 'w4'].map((n) => on(n, `busy-${n}`, { cpu: '1500m' })),
    pod: pod('p', { cpu: '1' }),
    message:
      '0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 Insufficient cpu. ' +
      'preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.',
  },
  {
    name: 'the redacted taint wording of later releases',
    nodes: [node('cp1', { taints: [cp] })],
    pod: pod('p'),
    taintMessages: 'redacted',
    message: `0/1 nodes are available: 1 node(s) had untolerated taint(s). ${notHelpful(1, 1)}`,
  },
  {
    name: 'a pod tolerating the control-plane taint may land there',
    nodes: [node('cp1', { taints: [cp] })],
    pod: pod('p', {
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
    }),
    lands: ['cp1'],
  },
  // Cordon
  {
    name: 'a cordoned node is unschedulable',
    nodes: [node('node1', { unschedulable: true }), node('node2')],
    pod: pod('p'),
    feasible: ['node2'],
  },
  {
    name: 'all nodes cordoned: the message',
    nodes: [node('node1', { unschedulable: true }), node('node2', { unschedulable: true })],
    pod: pod('p'),
    message: `0/2 nodes are available: 2 node(s) were unschedulable. ${notHelpful(2, 2)}`,
  },
  {
    name: 'DaemonSet pods tolerate node.kubernetes.io/unschedulable and run on cordoned nodes',
    nodes: [node('node1', { unschedulable: true })],
    pod: pod('p', {
      tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
    }),
    feasible: ['node1'],
  },
  // Node selectors and node affinity
  {
    name: 'nodeSelector disktype=ssd picks the labelled node',
    nodes: [node('node1', { labels: { disktype: 'ssd' } }), node('node2', { labels: { disktype: 'hdd' } })],
    pod: pod('p', { nodeSelector: { disktype: 'ssd' } }),
    feasible: ['node1'],
    lands: ['node1'],
  },
  {
    name: 'nodeSelector matching nothing: the message',
    nodes: [node('node1'), node('node2')],
    pod: pod('p', { nodeSelector: { disktype: 'ssd' } }),
    message: `0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. ${notHelpful(2, 2)}`,
  },
  {
    name: 'required affinity In on the zone label',
    nodes: [
      node('a', { labels: zones('antarctica-east1') }),
      node('b', { labels: zones('antarctica-west1') }),
      node('c', { labels: zones('africa-south1') }),
    ],
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  {
                    key: 'topology.kubernetes.io/zone',
                    operator: 'In',
                    values: ['antarctica-east1', 'antarctica-west1'],
                  },
                ],
              },
            ],
          },
        },
      },
    }),
    feasible: ['a', 'b'],
  },
  {
    name: 'NotIn also admits nodes without the label',
    nodes: [node('a', { labels: zones('zoneC') }), node('b', { labels: zones('zoneA') }), node('c')],
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['zoneC'] },
                ],
              },
            ],
          },
        },
      },
    }),
    feasible: ['b', 'c'],
  },
  {
    name: 'Exists and DoesNotExist',
    nodes: [node('a', { labels: { gpu: 'yes' } }), node('b')],
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }],
          },
        },
      },
    }),
    feasible: ['b'],
  },
  {
    name: 'Gt compares integers; a non-integer label never matches',
    nodes: [
      node('a', { labels: { cores: '8' } }),
      node('b', { labels: { cores: '2' } }),
      node('c', { labels: { cores: 'many' } }),
    ],
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }],
          },
        },
      },
    }),
    feasible: ['a'],
  },
  {
    name: 'Lt compares integers',
    nodes: [node('a', { labels: { cores: '8' } }), node('b', { labels: { cores: '2' } })],
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['4'] }] }],
          },
        },
      },
    }),
    feasible: ['b'],
  },
  {
    name: 'nodeSelectorTerms are ORed, expressions within a term ANDed',
    nodes: [
      node('a', { labels: { disk: 'ssd', net: 'fast' } }),
      node('b', { labels: { disk: 'ssd' } }),
      node('c', { labels: { gpu: 'yes' } }),
    ],
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'disk', operator: 'In', values: ['ssd'] },
                  { key: 'net', operator: 'In', values: ['fast'] },
                ],
              },
              { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] },
            ],
          },
        },
      },
    }),
    feasible: ['a', 'c'],
  },
  {
    name: 'nodeSelector and node affinity must both match',
    nodes: [node('a', { labels: { disk: 'ssd', gpu: 'yes' } }), node('b', { labels: { disk: 'ssd' } })],
    pod: pod('p', {
      nodeSelector: { disk: 'ssd' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }],
          },
        },
      },
    }),
    feasible: ['a'],
  },
  {
    name: 'matchFields on metadata.name',
    nodes: [node('a'), node('b')],
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }],
          },
        },
      },
    }),
    feasible: ['b'],
    lands: ['b'],
  },
  {
    name: 'an empty nodeSelectorTerm matches no node',
    nodes: [node('a')],
    pod: pod('p', {
      affinity: {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } },
      },
    }),
    feasible: [],
  },
  {
    name: 'docs example: preferred weights 1 and 50 — the node with label-2 wins',
    nodes: [node('n1', { labels: { 'label-1': 'key-1' } }), node('n2', { labels: { 'label-2': 'key-2' } })],
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 1,
              preference: { matchExpressions: [{ key: 'label-1', operator: 'In', values: ['key-1'] }] },
            },
            {
              weight: 50,
              preference: { matchExpressions: [{ key: 'label-2', operator: 'In', values: ['key-2'] }] },
            },
          ],
        },
      },
    }),
    feasible: ['n1', 'n2'],
    lands: ['n2'],
  },
  // Resources
  {
    name: 'Insufficient memory',
    nodes: [node('a', { memory: '1Gi' })],
    existing: [on('a', 'x', { memory: '768Mi' })],
    pod: pod('p', { memory: '512Mi' }),
    message:
      '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
  },
  {
    name: 'Too many pods: a pod without requests still takes a pod slot',
    nodes: [node('a', { pods: 1 })],
    existing: [on('a', 'x')],
    pod: pod('p'),
    message:
      '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
  },
  {
    name: 'pods without requests count zero cpu: they fit a fully requested node',
    nodes: [node('a', { cpu: '1' })],
    existing: [on('a', 'x', { cpu: '1' })],
    pod: pod('p'),
    feasible: ['a'],
  },
  {
    name: 'init containers: the larger of the biggest init container and the app containers counts',
    nodes: [node('a', { cpu: '1500m' })],
    pod: pod('p', {
      cpu: '1',
      initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '2' } } }],
    }),
    message: `0/1 nodes are available: 1 Insufficient cpu. ${notHelpful(1, 1)}`,
  },
  {
    name: 'init containers smaller than the app containers add nothing',
    nodes: [node('a', { cpu: '1500m' })],
    pod: pod('p', {
      cpu: '1',
      initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '500m' } } }],
    }),
    feasible: ['a'],
  },
  {
    name: 'cpu and memory both short on one node give two reasons',
    nodes: [node('a', { cpu: '2', memory: '2Gi' })],
    existing: [on('a', 'x', { cpu: '1500m', memory: '1536Mi' })],
    pod: pod('p', { cpu: '1', memory: '1Gi' }),
    message:
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
  },
  {
    name: 'extended resources are checked by name',
    nodes: [node('a', { extra: { 'example.com/gpu': '1' } }), node('b')],
    pod: pod('p', { requests: { 'example.com/gpu': '1' } }),
    feasible: ['a'],
  },
  {
    name: 'extended resource missing everywhere: the message',
    nodes: [node('a')],
    pod: pod('p', { requests: { 'example.com/gpu': '2' } }),
    message: `0/1 nodes are available: 1 Insufficient example.com/gpu. ${notHelpful(1, 1)}`,
  },
  {
    name: 'LeastAllocated: the emptier node wins',
    nodes: [node('a'), node('b')],
    existing: [on('a', 'x', { cpu: '3', memory: '6Gi' })],
    pod: pod('p', { cpu: '500m', memory: '512Mi' }),
    lands: ['b'],
  },
  {
    name: 'a higher-priority pod preempts: no preemption part in the message',
    nodes: [node('a', { cpu: '1' })],
    existing: [on('a', 'low', { cpu: '1', priority: 0 })],
    pod: pod('p', { cpu: '1', priority: 1000 }),
    message: '0/1 nodes are available: 1 Insufficient cpu.',
  },
  {
    name: 'preemptionPolicy Never',
    nodes: [node('a', { cpu: '1' })],
    existing: [on('a', 'low', { cpu: '1', priority: 0 })],
    pod: pod('p', { cpu: '1', priority: 1000, preemptionPolicy: 'Never' }),
    message:
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
  },
  // Host ports
  {
    name: 'hostPort 80/TCP already used',
    nodes: [node('a'), node('b')],
    existing: [on('a', 'x', { hostPorts: [{ port: 80 }] })],
    pod: pod('p', { hostPorts: [{ port: 80 }] }),
    feasible: ['b'],
  },
  {
    name: 'same port, other protocol: no conflict',
    nodes: [node('a')],
    existing: [on('a', 'x', { hostPorts: [{ port: 53, protocol: 'UDP' }] })],
    pod: pod('p', { hostPorts: [{ port: 53, protocol: 'TCP' }] }),
    feasible: ['a'],
  },
  {
    name: 'distinct host IPs do not conflict; 0.0.0.0 conflicts with any',
    nodes: [node('a'), node('b')],
    existing: [
      on('a', 'x', { hostPorts: [{ port: 8080, hostIP: '10.0.0.1' }] }),
      on('b', 'y', { hostPorts: [{ port: 8080 }] }),
    ],
    pod: pod('p', { hostPorts: [{ port: 8080, hostIP: '10.0.0.2' }] }),
    feasible: ['a'],
  },
  {
    name: 'all ports taken: the message',
    nodes: [node('a')],
    existing: [on('a', 'x', { hostPorts: [{ port: 80 }] })],
    pod: pod('p', { hostPorts: [{ port: 80 }] }),
    message:
      "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
  },
  // Inter-pod affinity and anti-affinity
  {
    name: 'required pod affinity by zone: only the zone running security=S1',
    nodes: [
      node('a1', { labels: zones('A') }),
      node('a2', { labels: zones('A') }),
      node('b1', { labels: zones('B') }),
    ],
    existing: [on('a1', 's1', { labels: { security: 'S1' } })],
    pod: pod('p', {
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchExpressions: [{ key: 'security', operator: 'In', values: ['S1'] }] },
              topologyKey: 'topology.kubernetes.io/zone',
            },
          ],
        },
      },
    }),
    feasible: ['a1', 'a2'],
  },
  {
    name: 'required pod affinity with no matching pod anywhere: the message',
    nodes: [node('a'), node('b')],
    pod: pod('p', {
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    }),
    message: `0/2 nodes are available: 2 node(s) didn't match pod affinity rules. ${notHelpful(2, 2)}`,
  },
  {
    name: 'the first pod of a self-affine group may go anywhere',
    nodes: [node('a'), node('b')],
    pod: pod('p', {
      labels: { app: 'db' },
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    }),
    feasible: ['a', 'b'],
  },
  {
    name: 'required anti-affinity per hostname keeps replicas apart',
    nodes: [node('a'), node('b'), node('c')],
    existing: [on('a', 's1', { labels: { app: 'store' } }), on('b', 's2', { labels: { app: 'store' } })],
    pod: pod('p', {
      labels: { app: 'store' },
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'store' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    }),
    feasible: ['c'],
    lands: ['c'],
  },
  {
    name: 'anti-affinity with every node taken: the message',
    nodes: [node('a'), node('b')],
    existing: [on('a', 's1', { labels: { app: 'store' } }), on('b', 's2', { labels: { app: 'store' } })],
    pod: pod('p', {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'store' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    }),
    message:
      "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
  },
  {
    name: "an existing pod's anti-affinity keeps the incoming pod away (symmetry)",
    nodes: [node('a'), node('b')],
    existing: [
      on('a', 'loner', {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      }),
    ],
    pod: pod('p', { labels: { app: 'web' } }),
    feasible: ['b'],
  },
  {
    name: 'existing anti-affinity on every node: the message',
    nodes: [node('a')],
    existing: [
      on('a', 'loner', {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      }),
    ],
    pod: pod('p', { labels: { app: 'web' } }),
    message:
      "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
  },
  {
    name: "anti-affinity terms only see the pod's own namespace by default",
    nodes: [node('a')],
    existing: [on('a', 's1', { namespace: 'other', labels: { app: 'store' } })],
    pod: pod('p', {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'store' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    }),
    feasible: ['a'],
  },
  {
    name: 'docs example: web-store goes next to redis-cache, not next to another web-store',
    nodes: [node('n1'), node('n2'), node('n3')],
    existing: [
      on('n1', 'cache-1', { labels: { app: 'store' } }),
      on('n2', 'cache-2', { labels: { app: 'store' } }),
      on('n3', 'cache-3', { labels: { app: 'store' } }),
      on('n1', 'web-1', { labels: { app: 'web-store' } }),
      on('n2', 'web-2', { labels: { app: 'web-store' } }),
    ],
    pod: pod('web-3', {
      labels: { app: 'web-store' },
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'web-store' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'store' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    }),
    feasible: ['n3'],
    lands: ['n3'],
  },
  {
    name: 'preferred anti-affinity steers away from the node already running a replica',
    nodes: [node('a'), node('b')],
    existing: [on('a', 'r1', { labels: { app: 'api' } })],
    pod: pod('r2', {
      labels: { app: 'api' },
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                labelSelector: { matchLabels: { app: 'api' } },
                topologyKey: 'kubernetes.io/hostname',
              },
            },
          ],
        },
      },
    }),
    feasible: ['a', 'b'],
    lands: ['b'],
  },
  {
    name: 'preferred affinity pulls the pod towards the zone of its peer',
    nodes: [node('a', { labels: zones('A') }), node('b', { labels: zones('B') })],
    existing: [on('b', 'cache', { labels: { app: 'cache' } })],
    pod: pod('p', {
      affinity: {
        podAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                labelSelector: { matchLabels: { app: 'cache' } },
                topologyKey: 'topology.kubernetes.io/zone',
              },
            },
          ],
        },
      },
    }),
    lands: ['b'],
  },
  // Pod topology spread
  {
    name: 'docs example: maxSkew 1 over zones sends the 4th foo=bar pod to zoneB',
    nodes: fourZonedNodes,
    existing: [fooBarOn('node1', 'p1'), fooBarOn('node2', 'p2'), fooBarOn('node3', 'p3')],
    pod: pod('mypod', {
      labels: { foo: 'bar' },
      spread: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { foo: 'bar' } },
        },
      ],
    }),
    feasible: ['node3', 'node4'],
  },
  {
    name: 'docs example: zone and node constraints together leave only node4',
    nodes: fourZonedNodes,
    existing: [fooBarOn('node1', 'p1'), fooBarOn('node2', 'p2'), fooBarOn('node3', 'p3')],
    pod: pod('mypod', {
      labels: { foo: 'bar' },
      spread: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { foo: 'bar' } },
        },
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { foo: 'bar' } },
        },
      ],
    }),
    feasible: ['node4'],
    lands: ['node4'],
  },
  {
    name: 'a node without the topology key fails with (missing required label)',
    nodes: [node('z', { labels: zones('A') }), node('nolabel')],
    pod: pod('p', {
      labels: { foo: 'bar' },
      spread: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { foo: 'bar' } },
        },
      ],
    }),
    feasible: ['z'],
  },
  {
    name: 'skew exceeded everywhere a pod may go: the message',
    nodes: [node('a', { labels: zones('A') }), node('b', { labels: zones('B'), taints: [t1] })],
    existing: [fooBarOn('a', 'p1')],
    pod: pod('p', {
      labels: { foo: 'bar' },
      spread: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { foo: 'bar' } },
        },
      ],
    }),
    message:
      "0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) had untolerated taint {key1: value1}. " +
      'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
  },
  {
    name: 'docs example: node affinity excluding zoneC keeps zoneC out of the skew',
    nodes: [...fourZonedNodes, node('node5', { labels: zones('zoneC') })],
    existing: [
      fooBarOn('node1', 'p1'),
      fooBarOn('node2', 'p2'),
      fooBarOn('node3', 'p3'),
      fooBarOn('node4', 'p4'),
    ],
    pod: pod('mypod', {
      labels: { foo: 'bar' },
      spread: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { foo: 'bar' } },
        },
      ],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['zoneC'] },
                ],
              },
            ],
          },
        },
      },
    }),
    feasible: ['node1', 'node2', 'node3', 'node4'],
  },
  {
    name: 'ScheduleAnyway filters nothing but prefers the emptier zone',
    nodes: fourZonedNodes,
    existing: [fooBarOn('node1', 'p1'), fooBarOn('node2', 'p2'), fooBarOn('node3', 'p3')],
    pod: pod('mypod', {
      labels: { foo: 'bar' },
      spread: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { foo: 'bar' } },
        },
      ],
    }),
    feasible: ['node1', 'node2', 'node3', 'node4'],
    lands: ['node3', 'node4'],
  },
  {
    name: 'no nodes at all',
    nodes: [],
    pod: pod('p'),
    message: 'no nodes available to schedule pods',
  },
  {
    name: 'NodeName: a pod naming its node only fits there',
    nodes: [node('a'), node('b')],
    pod: pod('p', { nodeName: 'b' }),
    feasible: ['b'],
  },
];
