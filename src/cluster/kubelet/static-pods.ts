import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import type { Node, Pod } from '../objects/index.js';
import { mirrorPodAnnotation } from '../objects/pod.js';
import type { NodeHost } from './node-host.js';

export const defaultStaticPodPath = '/etc/kubernetes/manifests';

/**
 * Static pods from the kubelet's manifest directory, turned into the mirror pods it posts to the API: named
 * `<name>-<node>`, bound to the node, annotated with the manifest's hash and owned by the Node.
 */
export async function readStaticPods(host: NodeHost, dir: string, node: Node): Promise<Pod[]> {
  const pods: Pod[] = [];
  for (const file of await host.listDir(dir)) {
    if (!/\.(ya?ml|json)$/.test(file) || file.startsWith('.')) continue;
    const text = await host.readFile(`${dir}/${file}`);
    if (!text) continue;
    let doc: unknown;
    try {
      doc = parse(text);
    } catch {
      continue;
    }
    const pod = doc as Pod | undefined;
    if (pod?.kind !== 'Pod' || !pod.metadata?.name || !Array.isArray(pod.spec?.containers)) continue;
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 32);
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...pod.metadata,
        name: `${pod.metadata.name}-${node.metadata.name}`,
        namespace: pod.metadata.namespace ?? 'default',
        annotations: {
          ...pod.metadata.annotations,
          [mirrorPodAnnotation]: hash,
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.source': 'file',
        },
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'Node',
            name: node.metadata.name,
            uid: node.metadata.uid ?? '',
            controller: true,
          },
        ],
      },
      spec: { ...pod.spec, nodeName: node.metadata.name },
    });
  }
  return pods;
}
