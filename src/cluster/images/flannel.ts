import type { ConfigMap } from '../objects/index.js';
import type { ImageBehaviour } from './behaviour.js';
import { cniConfDir, flannelConflist, flannelSubnetEnv, flannelSubnetEnvText } from './cni-files.js';

const defaultNetwork = '10.244.0.0/16';

/** Reads Network from the kube-flannel-cfg ConfigMap's net-conf.json in the pod's namespace. */
async function flannelNetwork(ctx: Parameters<NonNullable<ImageBehaviour['start']>>[0]): Promise<string> {
  try {
    const cm = (await ctx.client.get(
      'ConfigMap',
      'kube-flannel-cfg',
      ctx.pod.metadata.namespace,
    )) as ConfigMap;
    const conf = JSON.parse(cm.data?.['net-conf.json'] ?? '{}') as { Network?: string };
    return conf.Network ?? defaultNetwork;
  } catch {
    return defaultNetwork;
  }
}

/**
 * flanneld with the kube subnet manager: it leases the node's spec.podCIDR (and exits when there is none, the
 * classic symptom of `kubeadm init` without --pod-network-cidr), writes subnet.env, and its install-cni step
 * leaves 10-flannel.conflist. The install-cni init container is the one that copies the conflist; both run the
 * same image family, so either writing it is harmless.
 */
export const flannelBehaviour: ImageBehaviour = {
  description: 'Flannel: leases the node podCIDR, writes subnet.env and 10-flannel.conflist',
  startupMs: 2000,
  async start(ctx) {
    if (ctx.container.name.startsWith('install-cni')) return { ok: true };
    const podCidr = ctx.node.spec.podCIDR;
    if (!podCidr) {
      return {
        ok: false,
        exitCode: 1,
        message: `Error registering network: failed to acquire lease: node "${ctx.node.metadata.name}" pod cidr not assigned`,
      };
    }
    await ctx.host.writeFile(flannelSubnetEnv, flannelSubnetEnvText(await flannelNetwork(ctx), podCidr));
    await ctx.host.writeFile(`${cniConfDir}/10-flannel.conflist`, flannelConflist());
    return { ok: true };
  },
};
