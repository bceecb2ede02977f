import type { KubeadmDeps } from './deps.js';
import { readText } from './host-fs.js';
import { KubeadmError } from './kubeadm-error.js';
import { ETCD_DATA_DIR, MANIFESTS_DIR } from './manifests.js';

/** One failed check, as kubeadm names it (`Port-6443`) with its message (`Port 6443 is in use`). */
export interface PreflightFinding {
  name: string;
  message: string;
}

const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';
/** kubeadm's check names turn a path into `--etc-kubernetes-...`. */
const pathName = (p: string) => p.replace(/\//g, '-');

type Check = () => Promise<PreflightFinding | undefined>;

function portCheck(d: KubeadmDeps, port: number): Check {
  return async () =>
    (await d.host.portInUse(port)) ? { name: `Port-${port}`, message: `Port ${port} is in use` } : undefined;
}

function fileAvailable(d: KubeadmDeps, path: string): Check {
  return async () =>
    (await d.fs.exists(path))
      ? { name: `FileAvailable-${pathName(path)}`, message: `${path} already exists` }
      : undefined;
}

function dirAvailable(d: KubeadmDeps, path: string): Check {
  return async () =>
    (await d.fs.listDir(path)).length > 0
      ? { name: `DirAvailable-${pathName(path)}`, message: `${path} is not empty` }
      : undefined;
}

function ipForward(d: KubeadmDeps): Check {
  return async () => {
    const name = `FileContent-${pathName(IP_FORWARD)}`;
    const text = await readText(d.fs, IP_FORWARD);
    if (text === undefined) return { name, message: `${IP_FORWARD} does not exist` };
    return text.trim() === '1' ? undefined : { name, message: `${IP_FORWARD} contents are not set to 1` };
  };
}

/** The common checks every node runs (kubeadm's addCommonChecks): ip_forward, the kubelet's port. */
const commonChecks = (d: KubeadmDeps): Check[] => [ipForward(d), portCheck(d, 10250)];

/** A control plane's own checks: API server, scheduler and controller-manager ports, manifests, local etcd. */
function controlPlaneChecks(d: KubeadmDeps, bindPort: number): Check[] {
  return [
    portCheck(d, bindPort),
    portCheck(d, 10259),
    portCheck(d, 10257),
    ...['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'].map((c) =>
      fileAvailable(d, `${MANIFESTS_DIR}/${c}.yaml`),
    ),
  ];
}

const etcdChecks = (d: KubeadmDeps): Check[] => [
  portCheck(d, 2379),
  portCheck(d, 2380),
  dirAvailable(d, ETCD_DATA_DIR),
];

/** `kubeadm init`'s checks, in its order. */
export function initChecks(d: KubeadmDeps, bindPort: number): Check[] {
  return [...controlPlaneChecks(d, bindPort), ...commonChecks(d), ...etcdChecks(d)];
}

/** `kubeadm join`'s checks; a control plane adds init's own after the node checks. */
export function joinChecks(d: KubeadmDeps, controlPlane: boolean, bindPort: number): Check[] {
  const node = [
    dirAvailable(d, MANIFESTS_DIR),
    fileAvailable(d, '/etc/kubernetes/kubelet.conf'),
    fileAvailable(d, '/etc/kubernetes/bootstrap-kubelet.conf'),
    ...commonChecks(d),
  ];
  if (controlPlane) return [...node, ...controlPlaneChecks(d, bindPort), ...etcdChecks(d)];
  return [...node, fileAvailable(d, '/etc/kubernetes/pki/ca.crt')];
}

const ignoredBy = (ignore: readonly string[], name: string) =>
  ignore.includes('all') || ignore.includes(name.toLowerCase());

/**
 * Runs checks as kubeadm's preflight phase does: the root check first and alone, then the rest; ignored
 * failures print as warnings, the others fail the phase with kubeadm's message.
 */
export async function runPreflight(
  d: KubeadmDeps,
  checks: Check[],
  ignore: readonly string[],
): Promise<void> {
  d.stdout('[preflight] Running pre-flight checks');
  const rootFinding: PreflightFinding[] = d.host.isRoot()
    ? []
    : [{ name: 'IsPrivilegedUser', message: 'user is not running as root' }];
  const findings =
    rootFinding.length > 0 && !ignoredBy(ignore, 'IsPrivilegedUser')
      ? rootFinding
      : [...rootFinding, ...(await Promise.all(checks.map((c) => c()))).filter((f) => f !== undefined)];
  const fatal = findings.filter((f) => !ignoredBy(ignore, f.name));
  for (const f of findings) if (!fatal.includes(f)) d.stdout(`\t[WARNING ${f.name}]: ${f.message}`);
  if (fatal.length === 0) return;
  throw new KubeadmError(
    'PRV760',
    [
      'error execution phase preflight: [preflight] Some fatal errors occurred:',
      ...fatal.map((f) => `\t[ERROR ${f.name}]: ${f.message}`),
      '[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`',
    ].join('\n'),
  );
}
