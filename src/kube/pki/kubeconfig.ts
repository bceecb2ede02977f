import { parse, stringify } from 'yaml';

/** A kubeconfig as kubeadm writes it: one cluster `kubernetes`, one user, one context `<user>@kubernetes`. */
export interface KubeconfigInput {
  server: string;
  caCertPem: string;
  userName: string;
  clusterName?: string;
  /** Client certificate auth, embedded (`client-certificate-data`). */
  clientCertPem?: string;
  clientKeyPem?: string;
  /** Client certificate auth from files (kubelet.conf after kubelet-finalize). */
  clientCertFile?: string;
  clientKeyFile?: string;
  /** Bearer token (bootstrap-kubelet.conf). */
  token?: string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function renderKubeconfig(k: KubeconfigInput): string {
  const cluster = k.clusterName ?? 'kubernetes';
  const user: Record<string, string> = {};
  if (k.clientCertPem) user['client-certificate-data'] = b64(k.clientCertPem);
  if (k.clientKeyPem) user['client-key-data'] = b64(k.clientKeyPem);
  if (k.clientCertFile) user['client-certificate'] = k.clientCertFile;
  if (k.clientKeyFile) user['client-key'] = k.clientKeyFile;
  if (k.token) user.token = k.token;
  const context = `${k.userName}@${cluster}`;
  return stringify({
    apiVersion: 'v1',
    clusters: [
      { cluster: { 'certificate-authority-data': b64(k.caCertPem), server: k.server }, name: cluster },
    ],
    contexts: [{ context: { cluster, user: k.userName }, name: context }],
    'current-context': context,
    kind: 'Config',
    preferences: {},
    users: [{ name: k.userName, user }],
  });
}

/** The cluster-only kubeconfig published in kube-public/cluster-info (no user: anyone may read it). */
export function renderClusterInfoKubeconfig(server: string, caCertPem: string): string {
  return stringify({
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': b64(caCertPem), server }, name: '' }],
    contexts: null,
    'current-context': '',
    kind: 'Config',
    preferences: {},
    users: null,
  });
}

/** What a client needs from a kubeconfig's current context; file references are left to the caller to read. */
export interface KubeconfigCredentials {
  server: string;
  caCertPem?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  clientCertFile?: string;
  clientKeyFile?: string;
  token?: string;
  userName?: string;
}

type Named<T> = { name?: string } & T;
const unb64 = (s: unknown) => (typeof s === 'string' ? Buffer.from(s, 'base64').toString('utf8') : undefined);
const str = (s: unknown) => (typeof s === 'string' ? s : undefined);

/** Reads the current context's server, CA and credentials; undefined when the text is not a usable kubeconfig. */
export function parseKubeconfig(text: string): KubeconfigCredentials | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const clusters = (doc.clusters ?? []) as Named<{ cluster?: Record<string, unknown> }>[];
  const contexts = (doc.contexts ?? []) as Named<{ context?: { cluster?: string; user?: string } }>[];
  const users = (doc.users ?? []) as Named<{ user?: Record<string, unknown> }>[];
  const ctx = contexts.find((c) => c.name === doc['current-context'])?.context;
  const cluster = (ctx ? clusters.find((c) => c.name === ctx.cluster) : clusters[0])?.cluster;
  const server = str(cluster?.server);
  if (!server) return undefined;
  const user = ctx ? users.find((u) => u.name === ctx.user)?.user : undefined;
  return {
    server,
    caCertPem: unb64(cluster?.['certificate-authority-data']),
    clientCertPem: unb64(user?.['client-certificate-data']),
    clientKeyPem: unb64(user?.['client-key-data']),
    clientCertFile: str(user?.['client-certificate']),
    clientKeyFile: str(user?.['client-key']),
    token: str(user?.token),
    userName: ctx?.user,
  };
}
