/** One member of the stacked etcd cluster, as `etcdctl member list` shows it. */
export interface EtcdMember {
  id: string;
  name: string;
  peerUrls: string[];
  clientUrls: string[];
}

/**
 * etcd's membership API as kubeadm uses it: join --control-plane adds this host's member before writing its etcd
 * manifest; reset removes it. Implemented against the real etcd of the lab (TLS with the kubeadm PKI); tests fake it.
 */
export interface EtcdMembers {
  list(): Promise<EtcdMember[]>;
  /** Adds a member by its peer URL; returns the member list including it. */
  add(name: string, peerUrl: string): Promise<EtcdMember[]>;
  remove(id: string): Promise<void>;
}

/** How to reach etcd: client endpoints plus the client certificate (paths on this host) kubeadm would use. */
export interface EtcdConnection {
  endpoints: string[];
  caFile: string;
  certFile: string;
  keyFile: string;
}

export type EtcdMembersFactory = (conn: EtcdConnection) => EtcdMembers;
