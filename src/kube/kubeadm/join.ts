import { stringify } from 'yaml';
import { renderKubeconfig } from '../pki/kubeconfig.js';
import { parseToken, tokenString } from './bootstrap-token.js';
import { KUBELET_CONFIG_MAP, readClusterConfiguration } from './cluster-objects.js';
import type { KubeadmDeps } from './deps.js';
import { discoverCluster } from './discovery.js';
import { type ClusterConfig, resolveClusterConfig } from './init-config.js';
import type { JoinConfig } from './join-config.js';
import { downloadCerts, NO_ENDPOINT_MESSAGE, prepareControlPlane } from './join-control-plane.js';
import { KubeadmError, phaseError } from './kubeadm-error.js';
import { kubeletConfiguration } from './kubelet-files.js';
import { BOOTSTRAP_KUBELET_CONF, KUBELET_CONF } from './phases/init-context.js';
import { startKubelet } from './phases/kubelet-start.js';
import { markControlPlane } from './phases/mark-control-plane.js';
import { joinChecks, runPreflight } from './preflight.js';

const WORKER_DONE = [
  '',
  'This node has joined the cluster:',
  '* Certificate signing request was sent to apiserver and a response was received.',
  '* The Kubelet was informed of the new secure connection details.',
  '',
  "Run 'kubectl get nodes' on the control-plane to see this node join the cluster.",
  '',
].join('\n');

const CONTROL_PLANE_DONE = [
  '',
  'This node has joined the cluster and a new control plane instance was created:',
  '',
  '* Certificate signing request was sent to apiserver and approval was received.',
  '* The Kubelet was informed of the new secure connection details.',
  '* Control plane label and taint were applied to the new node.',
  '* The Kubernetes control plane instances scaled up.',
  '* A new etcd member was added to the local/stacked etcd cluster.',
  '',
  'To start administering your cluster from this node, you need to run the following as a regular user:',
  '',
  '\tmkdir -p $HOME/.kube',
  '\tsudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config',
  '\tsudo chown $(id -u):$(id -g) $HOME/.kube/config',
  '',
  "Run 'kubectl get nodes' to see this node join the cluster.",
  '',
].join('\n');

async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw phaseError(name, e);
  }
}

/** `kubeadm join`: preflight, token discovery with CA pinning, then the worker or control-plane path. */
export async function runJoin(d: KubeadmDeps, j: JoinConfig): Promise<void> {
  const token = parseJoinToken(j.token);
  const { creds, cluster } = await phase('preflight', async () => {
    await runPreflight(d, joinChecks(d, j.controlPlane, j.node.bindPort), j.node.ignorePreflightErrors);
    const insecure = await d.connectInsecure(`https://${j.endpoint}`, j.token);
    const found = await discoverCluster(insecure, token, j.caHashes, j.unsafeSkipCaVerification, d.now());
    await d.fs.writeFile(
      BOOTSTRAP_KUBELET_CONF,
      renderKubeconfig({
        server: found.server,
        caCertPem: found.caCertPem,
        userName: 'tls-bootstrap-token-user',
        token: tokenString(token),
      }),
      0o600,
    );
    d.stdout('[preflight] Reading configuration from the cluster...');
    d.stdout(
      "[preflight] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'",
    );
    const client = await d.connect(BOOTSTRAP_KUBELET_CONF);
    const cluster: ClusterConfig = resolveClusterConfig(
      await readClusterConfiguration(client),
      {},
      d.version,
    );
    if (j.controlPlane && !cluster.controlPlaneEndpoint)
      throw new KubeadmError('PRV768', NO_ENDPOINT_MESSAGE);
    return { creds: found, cluster };
  });
  const client = await d.connect(BOOTSTRAP_KUBELET_CONF);
  if (j.controlPlane) {
    const shared = await phase('control-plane-prepare/download-certs', () =>
      downloadCerts(d, client, j.certificateKey),
    );
    await phase('control-plane-prepare', () => prepareControlPlane(d, client, shared, cluster, j.node));
  } else {
    // Without a CSR signer in the simulated cluster the kubelet keeps the bootstrap token as its credential.
    await d.fs.writeFile(
      KUBELET_CONF,
      renderKubeconfig({
        server: creds.server,
        caCertPem: creds.caCertPem,
        userName: `system:node:${j.node.nodeName}`,
        token: tokenString(token),
      }),
      0o600,
    );
  }
  await phase('kubelet-start', async () => {
    const cm = await client.get('ConfigMap', KUBELET_CONFIG_MAP, 'kube-system');
    const text = cm.data?.kubelet ?? stringify(kubeletConfiguration(cluster, {}));
    await startKubelet(d, j.node, text);
    d.stdout('[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap');
  });
  if (j.controlPlane) {
    const admin = await d.connect('/etc/kubernetes/admin.conf');
    await phase('control-plane-join/mark-control-plane', () =>
      markControlPlane(d, admin, j.node.nodeName, j.node.taints),
    );
  }
  // kubeadm removes the bootstrap kubeconfig once the kubelet has its own credentials.
  await d.fs.remove(BOOTSTRAP_KUBELET_CONF);
  d.stdout(j.controlPlane ? CONTROL_PLANE_DONE : WORKER_DONE);
}

function parseJoinToken(text: string) {
  try {
    return parseToken(text);
  } catch (e) {
    throw new KubeadmError(
      'PRV763',
      'discovery.bootstrapToken.token: Invalid value: "<value withheld>": the bootstrap token is invalid',
      e,
    );
  }
}
