import type { KubeClient } from '../../cluster/client/kube-client.js';
import type { EtcdMembersFactory } from './etcd-members.js';
import type { HostEnv } from './host-env.js';
import type { HostFs } from './host-fs.js';

/**
 * Everything a kubeadm command touches, injected: files, host probes, time, the cluster (only ever through a
 * KubeClient, so the same code runs against the in-process model and a remote API server), and etcd membership.
 */
export interface KubeadmDeps {
  fs: HostFs;
  host: HostEnv;
  /** Milliseconds since the epoch (token expiry, certificate validity). */
  now(): number;
  /** Waits (polling for the API server and the node); tests step a fake clock or resolve at once. */
  sleep(ms: number): Promise<void>;
  /** A client authenticated by the kubeconfig at `path` (admin.conf, bootstrap kubeconfig). */
  connect(kubeconfigPath: string): Promise<KubeClient>;
  /**
   * A client for discovery as kubeadm join starts it, before the CA is trusted: TLS unverified, the bootstrap token
   * as credential. Join reads only kube-public/cluster-info through it and pins the CA found there by its hash.
   */
  connectInsecure(server: string, token: string): Promise<KubeClient>;
  etcd: EtcdMembersFactory;
  /** kubeadm's own version, `1.31.2`. */
  version: string;
  stdout(line: string): void;
  stderr(line: string): void;
}
