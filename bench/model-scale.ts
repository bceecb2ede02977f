/**
 * Scale benchmark of the embedded control-plane model (a script, not a test): `npx tsx bench/model-scale.ts`.
 *
 * (a) 5,000 nodes (3 control planes with the control-plane taint, 4,997 workers in 3 zones, 4–64 CPUs) and
 *     150,000 pending pods: the replicas of Deployments totalling 140,000 pods with CPU/memory requests (a third
 *     pinned to a zone by nodeSelector) plus two DaemonSets' pods (one per node, pinned by node affinity as the
 *     DaemonSet controller pins them). As upstream's scheduler_perf does, the pods exist in the API first and the
 *     throughput is pods bound per wall-clock second from scheduler start to the last binding, with the API
 *     (the in-process store behind the client: watches, bindings) in the loop.
 * (b) the same with every Deployment carrying a preferred pod anti-affinity on its own label.
 * FULL=1 also runs (a) through the whole model (Deployment/ReplicaSet/DaemonSet controllers, 5,000 kubelets)
 * from submission to all Running and logs that time.
 * (c) a kubeadm-style bootstrap: 5,000 kubelets join without CNI, the Flannel DaemonSet rolls out and writes the
 *     CNI config on every node, CoreDNS becomes available.
 * Smaller runs: NODES=500 PODS=14000 npx tsx bench/model-scale.ts; PHASES=a,b,c picks phases.
 */
import { InProcessClient } from '../src/cluster/client/in-process-client.js';
import { Cluster } from '../src/cluster/cluster.js';
import type { DaemonSet, Deployment, KubeObject, Node, Pod } from '../src/cluster/objects/index.js';
import { FakeClock } from '../src/cluster/runtime/clock.js';
import { drain } from '../src/cluster/runtime/run-until-quiet.js';
import { createScheduler, type Scheduler } from '../src/cluster/scheduler/scheduler.js';
import { ObjectStore } from '../src/cluster/store/object-store.js';

const NODES = Number(process.env.NODES ?? 5000);
const DEPLOYMENT_PODS = Number(process.env.PODS ?? 140_000);
const REPLICAS = Number(process.env.REPLICAS ?? 200);
const PHASES = new Set((process.env.PHASES ?? 'a,b,c').split(','));
const CONTROL_PLANES = 3;
const zones = ['zone-a', 'zone-b', 'zone-c'];
const cpTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const };
const bridgeConf = JSON.stringify({
  cniVersion: '0.4.0',
  name: 'bench',
  type: 'bridge',
  ipam: { type: 'host-local', subnet: 'usePodCidr' },
});

const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

function nodeName(i: number): string {
  return i < CONTROL_PLANES ? `cp-${i + 1}` : `worker-${String(i - CONTROL_PLANES + 1).padStart(4, '0')}`;
}

async function addNodes(cluster: Cluster, withCni: boolean): Promise<void> {
  for (let i = 0; i < NODES; i++) {
    const cp = i < CONTROL_PLANES;
    const cpus = cp ? 8 : 4 + ((i * 37) % 61);
    await cluster.addNode({
      nodeName: nodeName(i),
      ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      labels: {
        'topology.kubernetes.io/zone': zones[i % zones.length] as string,
        ...(cp ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
      registerWithTaints: cp ? [cpTaint] : undefined,
      resources: { cpu: String(cpus), memory: `${cpus * 4}Gi`, pods: '110' },
      files: withCni ? { '/etc/cni/net.d/10-bench.conf': bridgeConf } : undefined,
    });
  }
}

function deployment(i: number, antiAffinity: boolean): Deployment {
  const app = `app-${i}`;
  const spec: Pod['spec'] = {
    containers: [
      {
        name: 'main',
        image: 'registry.k8s.io/pause:3.10',
        resources: { requests: { cpu: `${100 + (i % 4) * 50}m`, memory: `${128 + (i % 3) * 64}Mi` } },
      },
    ],
  };
  if (i % 3 === 0)
    spec.nodeSelector = { 'topology.kubernetes.io/zone': zones[(i / 3) % zones.length] as string };
  if (antiAffinity) {
    spec.affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: { matchLabels: { app } },
              topologyKey: 'kubernetes.io/hostname',
            },
          },
        ],
      },
    };
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace: 'default' },
    spec: {
      replicas: Math.min(REPLICAS, DEPLOYMENT_PODS - i * REPLICAS),
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec },
    },
  } as Deployment;
}

function daemonSet(name: string, image: string, namespace = 'kube-system'): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          tolerations: [{ operator: 'Exists' }],
          containers: [{ name, image, resources: { requests: { cpu: '50m', memory: '50Mi' } } }],
        },
      },
    },
  } as DaemonSet;
}

function countPods(cluster: Cluster): { total: number; running: number; pending: number } {
  const pods = cluster.store.list('Pod', {}).items as unknown as readonly Pod[];
  let running = 0;
  let pending = 0;
  for (const p of pods) {
    if (p.status?.phase === 'Running') running++;
    else pending++;
  }
  return { total: pods.length, running, pending };
}

interface WorkloadResult {
  pods: number;
  scheduled: number;
  schedulerSeconds: number;
  endToEndSeconds: number;
  podsPerSecond: number;
}

function benchNode(i: number): Node {
  const cp = i < CONTROL_PLANES;
  const cpus = cp ? 8 : 4 + ((i * 37) % 61);
  const name = nodeName(i);
  const resources = { cpu: String(cpus), memory: `${cpus * 4}Gi`, pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/zone': zones[i % zones.length] as string,
        ...(cp ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
    },
    spec: { taints: cp ? [cpTaint] : undefined },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
    },
  };
}

/** The pods the ReplicaSet and DaemonSet controllers would create, written straight to the API. */
function pendingPods(antiAffinity: boolean): Pod[] {
  const pods: Pod[] = [];
  const deployments = Math.ceil(DEPLOYMENT_PODS / REPLICAS);
  for (let d = 0; d < deployments; d++) {
    const dep = deployment(d, antiAffinity);
    const template = dep.spec.template;
    const hash = `h${d.toString(16).padStart(8, '0')}`;
    for (let r = 0; r < (dep.spec.replicas ?? 0); r++) {
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${dep.metadata.name}-${hash}-${r}`,
          namespace: 'default',
          labels: { ...template.metadata?.labels, 'pod-template-hash': hash },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: `${dep.metadata.name}-${hash}`,
              uid: `rs-${d}`,
              controller: true,
            },
          ],
        },
        spec: template.spec,
      });
    }
  }
  for (const ds of [
    daemonSet('kube-proxy', 'registry.k8s.io/kube-proxy:v1.31.0'),
    daemonSet('node-agent', 'registry.k8s.io/pause:3.10'),
  ]) {
    for (let i = 0; i < NODES; i++) {
      const node = nodeName(i);
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${ds.metadata.name}-${i}`,
          namespace: 'kube-system',
          labels: ds.spec.template.metadata?.labels,
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'DaemonSet',
              name: ds.metadata.name,
              uid: `ds-${ds.metadata.name}`,
              controller: true,
            },
          ],
        },
        spec: {
          ...ds.spec.template.spec,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] },
                ],
              },
            },
          },
        },
      });
    }
  }
  return pods;
}

interface ThroughputResult {
  pods: number;
  bound: number;
  seconds: number;
  podsPerSecond: number;
  cpuSeconds: number;
}

/** scheduler_perf-style: nodes and pending pods in the API, then the scheduler binds them all. */
async function throughputPhase(antiAffinity: boolean): Promise<ThroughputResult> {
  const label = antiAffinity ? '(b) anti-affinity' : '(a) requests';
  const clock = new FakeClock();
  const store = new ObjectStore({ clock, historyLimit: 1000 });
  const client = new InProcessClient(store);
  for (let i = 0; i < NODES; i++) await client.create(benchNode(i));
  const pods = pendingPods(antiAffinity);
  for (const p of pods) await client.create(p);
  log(`${label}: ${NODES} nodes and ${pods.length} pending pods in the API`);
  const scheduler = createScheduler(client, clock, { seed: 1 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await scheduler.start();
  let lastLog = t0;
  while (scheduler.stats.scheduled < pods.length) {
    await drain([scheduler], 1000);
    if (scheduler.idle()) break;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`${label}: ${scheduler.stats.scheduled} bound`);
    }
  }
  await drain([scheduler]);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const bound = (store.list('Pod', {}).items as unknown as readonly Pod[]).filter(
    (p) => p.spec.nodeName,
  ).length;
  scheduler.stop();
  const result = {
    pods: pods.length,
    bound,
    seconds: wall,
    podsPerSecond: bound / wall,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  log(
    `${label}: ${bound}/${pods.length} bound in ${wall.toFixed(2)} s (${result.podsPerSecond.toFixed(0)} pods/s; ` +
      `${result.cpuSeconds.toFixed(2)} s CPU; scheduler cycles ${seconds(scheduler.stats.algorithmMs)} s; ` +
      `${scheduler.stats.failedAttempts} failed attempts)`,
  );
  return result;
}

async function workloadPhase(antiAffinity: boolean): Promise<WorkloadResult> {
  const label = antiAffinity ? '(b) anti-affinity' : '(a) requests';
  const cluster = await Cluster.create({ seed: 1, clusterCidr: '10.0.0.0/8', nodeCidrMaskSize: 24 });
  await addNodes(cluster, true);
  await cluster.runUntilQuiet(60_000);
  log(`${label}: ${NODES} nodes registered`);
  const scheduler = cluster.scheduler as Scheduler;
  const before = { ...scheduler.stats };
  const objects: KubeObject[] = [
    daemonSet('kube-proxy', 'registry.k8s.io/kube-proxy:v1.31.0'),
    daemonSet('node-agent', 'registry.k8s.io/pause:3.10'),
  ];
  const deployments = Math.ceil(DEPLOYMENT_PODS / REPLICAS);
  for (let i = 0; i < deployments; i++) objects.push(deployment(i, antiAffinity));
  const t0 = performance.now();
  await cluster.apply(objects);
  const expected = DEPLOYMENT_PODS + 2 * NODES;
  for (;;) {
    await cluster.runFor(5_000);
    const c = countPods(cluster);
    log(
      `${label}: pods ${c.total}/${expected}, running ${c.running}, scheduled ${scheduler.stats.scheduled - before.scheduled}`,
    );
    if (c.running >= expected) break;
    if (performance.now() - t0 > Number(process.env.PHASE_TIMEOUT_S ?? 1800) * 1000) {
      log(`${label}: timed out`);
      break;
    }
  }
  const endToEnd = performance.now() - t0;
  const scheduled = scheduler.stats.scheduled - before.scheduled;
  const schedulerMs = scheduler.stats.algorithmMs - before.algorithmMs;
  const result = {
    pods: countPods(cluster).running,
    scheduled,
    schedulerSeconds: schedulerMs / 1000,
    endToEndSeconds: endToEnd / 1000,
    podsPerSecond: scheduled / (schedulerMs / 1000),
  };
  log(
    `${label}: ${result.pods} running; ${scheduled} scheduled in ${seconds(schedulerMs)} s of scheduler time ` +
      `(${result.podsPerSecond.toFixed(0)} pods/s); submission to all Running ${seconds(endToEnd)} s`,
  );
  cluster.stop();
  return result;
}

async function bootstrapPhase(): Promise<number> {
  const t0 = performance.now();
  const cluster = await Cluster.create({ seed: 1, clusterCidr: '10.0.0.0/8', nodeCidrMaskSize: 24 });
  await addNodes(cluster, false);
  await cluster.apply([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-flannel' } },
    daemonSet('kube-flannel-ds', 'ghcr.io/flannel-io/flannel:v0.26.1', 'kube-flannel'),
    daemonSet('kube-proxy', 'registry.k8s.io/kube-proxy:v1.31.0'),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-dns' } },
          spec: {
            tolerations: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
            containers: [
              {
                name: 'coredns',
                image: 'registry.k8s.io/coredns/coredns:v1.11.3',
                resources: { requests: { cpu: '100m', memory: '70Mi' } },
              },
            ],
          },
        },
      },
    } as Deployment,
  ]);
  for (;;) {
    await cluster.runFor(5_000);
    const nodes = cluster.store.list('Node', {}).items as readonly {
      status?: { conditions?: { type: string; status: string }[] };
    }[];
    const ready = nodes.filter((n) =>
      n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    ).length;
    const dns = (
      cluster.store.list('Pod', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns' })
        .items as unknown as readonly Pod[]
    ).filter((p) => p.status?.phase === 'Running').length;
    log(`(c) bootstrap: ${ready}/${NODES} nodes Ready, CoreDNS ${dns}/2 running`);
    if (ready === NODES && dns === 2) break;
    if (performance.now() - t0 > Number(process.env.PHASE_TIMEOUT_S ?? 1800) * 1000) {
      log('(c) bootstrap: timed out');
      break;
    }
  }
  cluster.stop();
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  let a: ThroughputResult | undefined;
  let b: ThroughputResult | undefined;
  let bootstrap: number | undefined;
  log(
    `load average ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  if (PHASES.has('a')) a = await throughputPhase(false);
  if (PHASES.has('b')) b = await throughputPhase(true);
  if (PHASES.has('c')) bootstrap = await bootstrapPhase();
  if (process.env.FULL === '1') await workloadPhase(false);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const fmt = (v: number | undefined, digits = 0) => (v === undefined ? 'NA' : v.toFixed(digits));
  console.log(
    `model-scale: nodes=${NODES} pods=${DEPLOYMENT_PODS + 2 * NODES} schedule_pods_per_s=${fmt(a?.podsPerSecond)} ` +
      `antiaffinity_pods_per_s=${fmt(b?.podsPerSecond)} bootstrap_s=${fmt(bootstrap, 2)} peak_rss_mb=${peakRssMb}`,
  );
}

await main();
