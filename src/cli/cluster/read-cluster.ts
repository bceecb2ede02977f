import type { ObservedCluster } from '../../cluster/convergence/converge.js';
import type { Deployment, KubeObject, Node, Pod } from '../../cluster/objects/index.js';
import { ClusterError } from '../../errors/index.js';
import type { Transport } from '../../transport/transport.js';

/** The kubectl command that reads everything verify needs in one round trip, with the admin kubeconfig. */
export const READ_CLUSTER_COMMAND =
  'kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes,pods,deployments,daemonsets --all-namespaces -o json';

/** Parses `kubectl get … -o json` (a v1 List) into what the model's convergence checks read. */
export function parseClusterList(json: string, host: string): ObservedCluster {
  let list: { items?: KubeObject[] };
  try {
    list = JSON.parse(json) as { items?: KubeObject[] };
  } catch {
    throw new ClusterError({
      code: 'PRV807',
      host,
      message: 'kubectl did not print JSON',
      snippet: json.slice(0, 200),
    });
  }
  const items = list.items ?? [];
  return {
    nodes: items.filter((o): o is Node => o.kind === 'Node'),
    pods: items.filter((o): o is Pod => o.kind === 'Pod'),
    deployments: items.filter((o): o is Deployment => o.kind === 'Deployment'),
    other: items.filter((o) => o.kind !== 'Node' && o.kind !== 'Pod' && o.kind !== 'Deployment'),
  };
}

/** Reads a live cluster through a control plane; undefined when it has no cluster yet (no admin.conf). */
export async function readCluster(
  transport: Transport,
  host: string,
  become?: Parameters<Transport['run']>[1],
): Promise<ObservedCluster | undefined> {
  const probe = await transport.run('test -f /etc/kubernetes/admin.conf', become);
  if (probe.rc !== 0) return undefined;
  const r = await transport.run(READ_CLUSTER_COMMAND, become);
  if (r.rc !== 0) {
    throw new ClusterError({
      code: 'PRV808',
      host,
      message: `kubectl could not read the cluster: ${r.err.trim().split('\n').pop() ?? ''}`,
    });
  }
  return parseClusterList(r.out, host);
}
