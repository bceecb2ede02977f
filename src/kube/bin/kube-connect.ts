import type { KubeClient } from '../../cluster/client/kube-client.js';
import { KubeadmError } from '../kubeadm/kubeadm-error.js';

/**
 * How the simulated binaries reach a cluster on a lab host: a KubeClient from a kubeconfig file (admin.conf,
 * kubelet.conf, bootstrap-kubelet.conf), and the unverified discovery client kubeadm join starts with. The
 * remote API server's client implements this; until it is registered, commands that need a cluster say so.
 */
export interface KubeConnector {
  connectKubeClient(kubeconfigPath: string): Promise<KubeClient>;
  connectInsecure(server: string, token: string): Promise<KubeClient>;
}

let registered: KubeConnector | undefined;

/** Called once by the module that implements the remote client (the API server work). */
export function registerKubeConnector(c: KubeConnector): void {
  registered = c;
}

export function kubeConnector(): KubeConnector {
  if (registered) return registered;
  const missing = async (): Promise<KubeClient> => {
    throw new KubeadmError('PRV767', 'no client for a remote API server is registered in this build');
  };
  return { connectKubeClient: missing, connectInsecure: missing };
}
