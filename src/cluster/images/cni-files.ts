/** The files CNI plugins leave on a node, in the shapes their real manifests produce. */
export const cniConfDir = '/etc/cni/net.d';
export const flannelSubnetEnv = '/run/flannel/subnet.env';
export const calicoBlocksFile = '/var/lib/calico/ipam-blocks';

export function flannelConflist(): string {
  return `${JSON.stringify(
    {
      name: 'cbr0',
      cniVersion: '0.3.1',
      plugins: [
        { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  )}\n`;
}

export function flannelSubnetEnvText(network: string, podCidr: string): string {
  const [base, prefix] = podCidr.split('/') as [string, string];
  const parts = base.split('.');
  parts[3] = String(Number(parts[3]) + 1);
  return `FLANNEL_NETWORK=${network}\nFLANNEL_SUBNET=${parts.join('.')}/${prefix}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n`;
}

export function calicoConflist(nodeName: string): string {
  return `${JSON.stringify(
    {
      name: 'k8s-pod-network',
      cniVersion: '0.3.1',
      plugins: [
        {
          type: 'calico',
          log_level: 'info',
          datastore_type: 'kubernetes',
          nodename: nodeName,
          mtu: 0,
          ipam: { type: 'calico-ipam' },
          policy: { type: 'k8s' },
          kubernetes: { kubeconfig: '/etc/cni/net.d/calico-kubeconfig' },
        },
        { type: 'portmap', snat: true, capabilities: { portMappings: true } },
        { type: 'bandwidth', capabilities: { bandwidth: true } },
      ],
    },
    null,
    2,
  )}\n`;
}

/** The first plugin type of a CNI config file (conflist or single conf), as the runtime picks it. */
export function cniPluginType(text: string): { type: string; ipam?: Record<string, unknown> } | undefined {
  try {
    const conf = JSON.parse(text) as {
      type?: string;
      ipam?: Record<string, unknown>;
      plugins?: { type?: string; ipam?: Record<string, unknown> }[];
    };
    const first = conf.plugins?.[0] ?? conf;
    return typeof first.type === 'string' ? { type: first.type, ipam: first.ipam } : undefined;
  } catch {
    return undefined;
  }
}
