import { parse } from 'yaml';
import type { KubeadmDeps } from './deps.js';
import { readText } from './host-fs.js';
import { ETCD_DATA_DIR, MANIFESTS_DIR, PKI_DIR } from './manifests.js';

const KUBECONFIG_FILES = [
  'admin.conf',
  'super-admin.conf',
  'kubelet.conf',
  'bootstrap-kubelet.conf',
  'controller-manager.conf',
  'scheduler.conf',
].map((f) => `/etc/kubernetes/${f}`);
const CLEARED_DIRS = [MANIFESTS_DIR, '/var/lib/kubelet', PKI_DIR];

/** This host's etcd member as its manifest names it: `--name` and the client URL to reach it. */
export async function localEtcdMember(
  d: KubeadmDeps,
): Promise<{ name: string; clientUrl: string; peerUrl?: string } | undefined> {
  const text = await readText(d.fs, `${MANIFESTS_DIR}/etcd.yaml`);
  if (!text) return undefined;
  const pod = parse(text) as { spec?: { containers?: { command?: string[] }[] } };
  const flags = new Map(
    (pod.spec?.containers?.[0]?.command ?? [])
      .filter((a) => a.startsWith('--'))
      .map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as const),
  );
  const name = flags.get('name');
  const clientUrl = flags.get('advertise-client-urls')?.split(',')[0];
  return name && clientUrl
    ? { name, clientUrl, peerUrl: flags.get('initial-advertise-peer-urls') }
    : undefined;
}

async function clearDir(d: KubeadmDeps, dir: string): Promise<void> {
  for (const entry of await d.fs.listDir(dir)) await d.fs.remove(`${dir}/${entry}`);
}

/** `kubeadm reset -f`: removes this host's etcd member, stops the kubelet, deletes what init/join wrote. */
export async function runReset(d: KubeadmDeps): Promise<void> {
  d.stdout('[preflight] Running pre-flight checks');
  const member = await localEtcdMember(d);
  if (member) {
    try {
      const etcd = d.etcd({
        endpoints: [member.clientUrl],
        caFile: `${PKI_DIR}/etcd/ca.crt`,
        certFile: `${PKI_DIR}/apiserver-etcd-client.crt`,
        keyFile: `${PKI_DIR}/apiserver-etcd-client.key`,
      });
      const found = (await etcd.list()).find(
        (m) =>
          m.name === member.name || (member.peerUrl !== undefined && m.peerUrls.includes(member.peerUrl)),
      );
      if (found) await etcd.remove(found.id);
    } catch (e) {
      d.stdout(
        `[reset] Failed to remove etcd member: ${e instanceof Error ? e.message : String(e)}. Please manually remove this etcd member using etcdctl`,
      );
    }
    await clearDir(d, ETCD_DATA_DIR);
    d.stdout(`[reset] Deleted contents of the etcd data directory: ${ETCD_DATA_DIR}`);
  }
  d.stdout('[reset] Stopping the kubelet service');
  await d.host.stopKubelet();
  d.stdout('[reset] Unmounting mounted directories in "/var/lib/kubelet"');
  d.stdout(`[reset] Deleting contents of directories: [${CLEARED_DIRS.join(' ')}]`);
  for (const dir of CLEARED_DIRS) await clearDir(d, dir);
  d.stdout(`[reset] Deleting files: [${KUBECONFIG_FILES.join(' ')}]`);
  for (const f of KUBECONFIG_FILES) await d.fs.remove(f);
  d.stdout(
    [
      '',
      'The reset process does not clean CNI configuration. To do so, you must remove /etc/cni/net.d',
      '',
      'The reset process does not reset or clean up iptables rules or IPVS tables.',
      'If you wish to reset iptables, you must do so manually by using the "iptables" command.',
      '',
      'If your cluster was setup to utilize IPVS, run ipvsadm --clear (or similar)',
      "to reset your system's IPVS tables.",
      '',
      'The reset process does not clean your kubeconfig files and you must remove them manually.',
      'Please, check the contents of the $HOME/.kube/config file.',
    ].join('\n'),
  );
}
