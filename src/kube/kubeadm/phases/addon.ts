import { coreDnsAddon, kubeProxyAddon } from '../../../cluster/addons/kubeadm-addons.js';
import { createOrUpdate } from '../cluster-objects.js';
import { clientOf, type InitContext, type Phase } from './init-context.js';

function addonOptions(ctx: InitContext) {
  const c = ctx.cfg.cluster;
  return {
    kubeVersion: c.kubernetesVersion,
    serviceCidr: c.serviceSubnet,
    podNetworkCidr: c.podSubnet,
    clusterDomain: c.dnsDomain,
  };
}

export const coreDnsPhase: Phase = {
  name: 'addon/coredns',
  async run(ctx) {
    const client = await clientOf(ctx);
    for (const o of coreDnsAddon(addonOptions(ctx))) await createOrUpdate(client, o);
    ctx.d.stdout('[addons] Applied essential addon: CoreDNS');
  },
};

export const kubeProxyPhase: Phase = {
  name: 'addon/kube-proxy',
  async run(ctx) {
    const client = await clientOf(ctx);
    for (const o of kubeProxyAddon(addonOptions(ctx))) await createOrUpdate(client, o);
    ctx.d.stdout('[addons] Applied essential addon: kube-proxy');
  },
};
