import { stringify } from 'yaml';
import { ManifestError } from '../../errors/provision-error.js';
import { Cluster } from '../cluster.js';
import { type NodeSummary, type PodSummary, summarizeNode, summarizePod } from '../convergence/snapshot.js';
import { imageRepository } from '../images/image-ref.js';
import type { KubeObject, Node } from '../objects/index.js';
import { nodeInternalIP } from '../objects/node.js';
import { isApiError } from '../store/api-error.js';
import { formatDuration, parseDuration } from './duration.js';
import { type LocatedObject, loadManifestFiles } from './load-manifests.js';

export interface ModelRunOptions {
  /** Model time to run at most, e.g. '10m'. */
  advance: string;
  output: 'table' | 'json' | 'yaml';
  /** Cluster CIDR for node podCIDRs; 10.244.0.0/16 unless given ('' disables). */
  clusterCidr?: string;
}

export interface ModelRunResult {
  modelTime: string;
  nodes: NodeSummary[];
  pods: PodSummary[];
}

const applyOrder = [
  'Namespace',
  'CustomResourceDefinition',
  'PriorityClass',
  'ServiceAccount',
  'ConfigMap',
  'Secret',
];
const rank = (kind: string) => {
  const i = applyOrder.indexOf(kind);
  return i < 0 ? applyOrder.length : i;
};

const cniImages = [
  'docker.io/calico/node',
  'quay.io/calico/node',
  'ghcr.io/flannel-io/flannel',
  'docker.io/flannel/flannel',
];

/** Container images of a Pod or of a workload's pod template. */
function imagesOf(o: KubeObject): string[] {
  const spec = (
    o.kind === 'Pod' ? o.spec : (o.spec as { template?: { spec?: unknown } } | undefined)?.template?.spec
  ) as { containers?: { image?: string }[]; initContainers?: { image?: string }[] } | undefined;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((c) => c.image ?? '');
}

/** Whether the manifests bring their own CNI (Calico or Flannel); otherwise nodes get a plain bridge config. */
function bringsCni(objects: readonly LocatedObject[]): boolean {
  return objects.some(({ object }) =>
    imagesOf(object).some((img) => cniImages.includes(imageRepository(img))),
  );
}

const bridgeConf = JSON.stringify({
  cniVersion: '0.4.0',
  name: 'bridge',
  type: 'bridge',
  ipam: { type: 'host-local', subnet: 'usePodCidr' },
});

/**
 * `provision model run`: loads the manifests, starts a simulated kubelet for every Node among them, applies the
 * rest, runs the model until quiet (at most `advance` of model time) and renders nodes and pods.
 */
export async function modelRunResult(
  files: readonly string[],
  opts: Pick<ModelRunOptions, 'advance' | 'clusterCidr'>,
): Promise<ModelRunResult> {
  const maxMs = parseDuration(opts.advance);
  const objects = await loadManifestFiles(files);
  const cluster = await Cluster.create({ clusterCidr: opts.clusterCidr ?? '10.244.0.0/16' });
  try {
    const withCni = bringsCni(objects);
    let ipSeq = 10;
    for (const { object } of objects.filter((o) => o.object.kind === 'Node')) {
      const node = object as Node;
      const cap = node.status?.capacity ?? {};
      if (node.spec?.podCIDR || node.spec?.taints || node.spec?.unschedulable) {
        await cluster.client.create({
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: node.metadata.name, labels: node.metadata.labels },
          spec: { ...node.spec },
        } as Node);
      }
      await cluster.addNode({
        nodeName: node.metadata.name,
        ip: nodeInternalIP(node) ?? `198.18.0.${++ipSeq}`,
        labels: node.metadata.labels,
        resources: {
          cpu: cap.cpu ?? '4',
          memory: cap.memory ?? '8Gi',
          ...(cap.pods ? { pods: cap.pods } : {}),
        },
        files: withCni ? {} : { '/etc/cni/net.d/10-bridge.conf': bridgeConf },
      });
    }
    const rest = objects
      .filter((o) => o.object.kind !== 'Node')
      .sort((a, b) => rank(a.object.kind) - rank(b.object.kind));
    for (const { object, location } of rest) {
      try {
        await cluster.apply([object]);
      } catch (e) {
        if (!isApiError(e)) throw e;
        throw new ManifestError({
          code: 'PRV710',
          message: `${object.kind} "${object.metadata.name}": ${e.message}`,
          location,
          cause: e,
        });
      }
    }
    const { elapsedMs } = await cluster.runUntilQuiet(maxMs);
    const nodes = (await cluster.client.list('Node')).items
      .map(summarizeNode)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const pods = (await cluster.client.list('Pod')).items
      .map(summarizePod)
      .sort((a, b) =>
        a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1,
      );
    return { modelTime: formatDuration(elapsedMs), nodes, pods };
  } finally {
    cluster.stop();
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

export function renderModelRun(r: ModelRunResult, output: ModelRunOptions['output']): string {
  if (output === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  if (output === 'yaml') return stringify(r);
  const nodeRows = [['NAME', 'STATUS', 'TAINTS', 'POD-CIDR']];
  for (const n of r.nodes)
    nodeRows.push([
      n.name,
      n.ready ? 'Ready' : 'NotReady',
      n.taints.join(',') || '<none>',
      n.podCIDR ?? '<none>',
    ]);
  const podRows = [['NAMESPACE', 'NAME', 'STATUS', 'RESTARTS', 'NODE', 'IP', 'MESSAGE']];
  for (const p of r.pods) {
    podRows.push([
      p.namespace,
      p.name,
      p.status,
      String(p.restarts),
      p.node ?? '<none>',
      p.ip ?? '<none>',
      p.status === 'Running' ? '' : (p.message ?? ''),
    ]);
  }
  return `model time: ${r.modelTime}\n\n${table(nodeRows)}\n\n${table(podRows)}\n`;
}

export async function modelRun(files: readonly string[], opts: ModelRunOptions): Promise<string> {
  return renderModelRun(await modelRunResult(files, opts), opts.output);
}
