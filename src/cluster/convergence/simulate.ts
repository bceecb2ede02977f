import { ClusterError } from '../../errors/provision-error.js';
import { calicoManifest, flannelManifest } from '../addons/cni-manifests.js';
import { coreDnsAddon, kubeProxyAddon } from '../addons/kubeadm-addons.js';
import { Cluster } from '../cluster.js';
import { parseCidr } from '../net/cidr.js';
import type { Node } from '../objects/index.js';
import { type CheckResult, type CheckStatus, converge, type ObservedCluster, overall } from './converge.js';
import {
  allNodes,
  type ClusterIntent,
  controlPlaneLabel,
  controlPlaneTaint,
  type NodeIntent,
  wantedLabels,
  wantedTaints,
} from './intent.js';
import { bootstrapTokenSecret, controlPlaneManifests } from './kubeadm-flow.js';
import { type NodeSummary, type PodSummary, snapshotOf, summarizeNode, summarizePod } from './snapshot.js';

export interface SimulationResult {
  verdict: CheckStatus;
  checks: CheckResult[];
  /** Model time until nothing was left to do. */
  modelTimeMs: number;
  nodes: NodeSummary[];
  pods: PodSummary[];
  /** What would change compared with the observed cluster; empty when it is already converged. */
  changes: string[];
}

export interface SimulateOptions {
  maxModelTimeMs?: number;
  seed?: number;
}

function validateIntent(intent: ClusterIntent): void {
  const bad = (msg: string) => new ClusterError({ code: 'PRV713', message: msg });
  if (intent.controlPlanes.length === 0) throw bad('the cluster needs at least one control plane');
  if (intent.podNetworkCidr && !parseCidr(intent.podNetworkCidr))
    throw bad(`invalid pod network CIDR "${intent.podNetworkCidr}"`);
  if (intent.serviceCidr && !parseCidr(intent.serviceCidr))
    throw bad(`invalid service CIDR "${intent.serviceCidr}"`);
  const names = allNodes(intent).map((n) => n.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw bad(`node "${dup}" is listed twice`);
}

const sameTaintSet = (a: readonly string[], b: readonly string[]) => a.join('|') === b.join('|');

/** Only what the intent speaks of: desired labels, taints other than transient readiness taints, podCIDR. */
function diff(intent: ClusterIntent, before: readonly Node[], after: readonly NodeSummary[]): string[] {
  const changes: string[] = [];
  const transient = /^node\.kubernetes\.io\/(not-ready|unreachable)/;
  for (const want of allNodes(intent)) {
    const b = before.find((n) => n.metadata.name === want.name);
    const a = after.find((n) => n.name === want.name);
    if (!a) continue;
    if (!b) {
      changes.push(`node ${want.name} joins the cluster`);
      continue;
    }
    const bs = summarizeNode(b);
    if (bs.ready !== a.ready) changes.push(`node ${want.name} becomes ${a.ready ? 'Ready' : 'NotReady'}`);
    for (const [k, v] of Object.entries(wantedLabels(intent, want))) {
      if (bs.labels[k] !== v && a.labels[k] === v) changes.push(`node ${want.name} gets label ${k}=${v}`);
    }
    const bt = bs.taints.filter((t) => !transient.test(t));
    const at = a.taints.filter((t) => !transient.test(t));
    if (!sameTaintSet(bt, at)) {
      for (const t of at.filter((x) => !bt.includes(x))) changes.push(`node ${want.name} gets taint ${t}`);
      for (const t of bt.filter((x) => !at.includes(x))) changes.push(`node ${want.name} loses taint ${t}`);
    }
    if (bs.podCIDR !== a.podCIDR) changes.push(`node ${want.name} gets podCIDR ${a.podCIDR ?? '(none)'}`);
  }
  return changes;
}

/**
 * Predicts the end state of a kubeadm bootstrap: kubeadm init on the first control plane (static pods, control-plane
 * label and taint, CoreDNS and kube-proxy), joins of the others, the CNI manifest, the inventory's labels and
 * taints, then the model runs until quiet. Nodes already in `observed` keep what they have (kubeadm is not rerun
 * on them), so a converged cluster predicts no change.
 */
export async function simulate(
  intent: ClusterIntent,
  observed?: ObservedCluster,
  opts: SimulateOptions = {},
): Promise<SimulationResult> {
  validateIntent(intent);
  const kubeVersion = intent.kubeVersion ?? 'v1.31.0';
  const cluster = await Cluster.create({
    clusterCidr: intent.podNetworkCidr,
    serviceCidr: intent.serviceCidr,
    seed: opts.seed,
  });
  try {
    const known = new Set((observed?.nodes ?? []).map((n) => n.metadata.name));
    for (const n of observed?.nodes ?? []) {
      if (!allNodes(intent).some((w) => w.name === n.metadata.name)) continue;
      await cluster.client.create({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: n.metadata.name, labels: n.metadata.labels },
        spec: { ...n.spec },
      } as Node);
    }
    const start = async (n: NodeIntent, cp: boolean) => {
      await cluster.addNode({
        nodeName: n.name,
        ip: n.ip,
        kubeletVersion: kubeVersion,
        resources: { cpu: n.cpu ?? '2', memory: n.memory ?? '4Gi' },
        files: cp ? controlPlaneManifests(kubeVersion, n.ip) : {},
      });
      if (cp && !known.has(n.name)) {
        // kubeadm's mark-control-plane phase.
        const node = await cluster.client.get('Node', n.name);
        const taints = [
          ...(node.spec.taints ?? []).filter((t) => t.key !== controlPlaneLabel),
          controlPlaneTaint,
        ];
        await cluster.client.patch(
          'Node',
          n.name,
          undefined,
          {
            metadata: {
              labels: {
                [controlPlaneLabel]: '',
                'node.kubernetes.io/exclude-from-external-load-balancers': '',
              },
            },
            spec: { taints },
          },
          'merge',
        );
      }
    };
    const [first, ...otherCps] = intent.controlPlanes as [NodeIntent, ...NodeIntent[]];
    await start(first, true);
    await cluster.apply([
      bootstrapTokenSecret('abcdef', cluster.clock.now() + 24 * 3_600_000),
      ...kubeProxyAddon({
        kubeVersion,
        serviceCidr: intent.serviceCidr,
        podNetworkCidr: intent.podNetworkCidr,
      }),
      ...coreDnsAddon({ serviceCidr: intent.serviceCidr }),
    ]);
    for (const n of otherCps) await start(n, true);
    for (const n of intent.workers) await start(n, false);
    await cluster.apply(
      intent.cni === 'calico'
        ? calicoManifest({ podNetworkCidr: intent.podNetworkCidr })
        : flannelManifest({ podNetworkCidr: intent.podNetworkCidr }),
    );
    for (const n of allNodes(intent)) {
      const node = await cluster.client.get('Node', n.name);
      const wanted = wantedTaints(intent, n);
      let taints = node.spec.taints ?? [];
      if (intent.controlPlaneTaint === 'remove') taints = taints.filter((t) => t.key !== controlPlaneLabel);
      for (const t of wanted)
        if (!taints.some((h) => h.key === t.key && h.effect === t.effect)) taints = [...taints, t];
      await cluster.client.patch(
        'Node',
        n.name,
        undefined,
        { metadata: { labels: wantedLabels(intent, n) }, spec: { taints } },
        'merge',
      );
    }
    const { elapsedMs } = await cluster.runUntilQuiet(opts.maxModelTimeMs ?? 15 * 60_000);
    const snap = await snapshotOf(cluster);
    const checks = converge(intent, snap);
    const nodes = snap.nodes.map(summarizeNode);
    return {
      verdict: overall(checks),
      checks,
      modelTimeMs: elapsedMs,
      nodes,
      pods: snap.pods.map(summarizePod),
      changes: observed
        ? diff(intent, observed.nodes, nodes)
        : allNodes(intent).map((n) => `node ${n.name} joins the cluster`),
    };
  } finally {
    cluster.stop();
  }
}
