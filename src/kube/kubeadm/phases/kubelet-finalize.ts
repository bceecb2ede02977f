import { parseKubeconfig, renderKubeconfig } from '../../pki/kubeconfig.js';
import type { KubeadmDeps } from '../deps.js';
import { readText } from '../host-fs.js';
import { KUBELET_CLIENT_PEM } from '../kubelet-files.js';
import { KUBELET_CONF, type Phase } from './init-context.js';

/**
 * Points kubelet.conf at the rotatable client certificate file instead of embedded data. The kubelet would have
 * written that file through certificate rotation; here the same certificate and key move there.
 */
export async function finalizeKubeletConf(d: KubeadmDeps): Promise<void> {
  const text = await readText(d.fs, KUBELET_CONF);
  const k = text ? parseKubeconfig(text) : undefined;
  if (!k?.clientCertPem || !k.clientKeyPem || !k.caCertPem || !k.userName) return;
  d.stdout(
    `[kubelet-finalize] Updating "${KUBELET_CONF}" to point to a rotatable kubelet client certificate and key`,
  );
  if (!(await d.fs.exists(KUBELET_CLIENT_PEM))) {
    await d.fs.writeFile(KUBELET_CLIENT_PEM, `${k.clientCertPem}${k.clientKeyPem}`, 0o600);
  }
  await d.fs.writeFile(
    KUBELET_CONF,
    renderKubeconfig({
      server: k.server,
      caCertPem: k.caCertPem,
      userName: k.userName,
      clientCertFile: KUBELET_CLIENT_PEM,
      clientKeyFile: KUBELET_CLIENT_PEM,
    }),
    0o600,
  );
}

export const kubeletFinalizePhase: Phase = {
  name: 'kubelet-finalize',
  async run({ d }) {
    await finalizeKubeletConf(d);
  },
};
