import { flagString, type ParsedArgs } from './argv.js';
import { type ConfigDocs, parseConfigDocs } from './config-file.js';
import type { KubeadmDeps } from './deps.js';
import { readText } from './host-fs.js';
import { type InitConfig, resolveInitConfig } from './init-config.js';
import { KubeadmError, phaseError } from './kubeadm-error.js';
import { coreDnsPhase, kubeProxyPhase } from './phases/addon.js';
import { bootstrapTokenPhase } from './phases/bootstrap-token.js';
import { certsPhase } from './phases/certs.js';
import type { InitContext, Phase } from './phases/init-context.js';
import { kubeconfigPhase } from './phases/kubeconfig.js';
import { kubeletFinalizePhase } from './phases/kubelet-finalize.js';
import { kubeletStartPhase } from './phases/kubelet-start.js';
import { markControlPlanePhase } from './phases/mark-control-plane.js';
import { preflightPhase } from './phases/preflight.js';
import { showJoinCommandPhase } from './phases/show-join-command.js';
import { controlPlanePhase, etcdPhase } from './phases/static-pods.js';
import { uploadCertsPhase } from './phases/upload-certs.js';
import { uploadConfigPhase } from './phases/upload-config.js';
import { waitControlPlanePhase } from './phases/wait-control-plane.js';

/** kubeadm init's phases, in kubeadm's order. */
export const INIT_PHASES: readonly Phase[] = [
  preflightPhase,
  certsPhase,
  kubeconfigPhase,
  etcdPhase,
  controlPlanePhase,
  kubeletStartPhase,
  waitControlPlanePhase,
  uploadConfigPhase,
  uploadCertsPhase,
  markControlPlanePhase,
  bootstrapTokenPhase,
  kubeletFinalizePhase,
  coreDnsPhase,
  kubeProxyPhase,
  showJoinCommandPhase,
];

export const INIT_FLAGS = {
  'apiserver-advertise-address': 'string',
  'apiserver-bind-port': 'string',
  'apiserver-cert-extra-sans': 'string',
  'certificate-key': 'string',
  config: 'string',
  'control-plane-endpoint': 'string',
  'cri-socket': 'string',
  'ignore-preflight-errors': 'string',
  'image-repository': 'string',
  'kubernetes-version': 'string',
  'node-name': 'string',
  'pod-network-cidr': 'string',
  'service-cidr': 'string',
  'service-dns-domain': 'string',
  'skip-certificate-key-print': 'bool',
  'skip-phases': 'string',
  'skip-token-print': 'bool',
  token: 'string',
  'token-ttl': 'string',
  'upload-certs': 'bool',
} as const;

/** A phase is skipped when named itself or by its parent (`addon` skips `addon/coredns`). */
export function skipped(phase: string, skip: readonly string[]): boolean {
  return skip.some((s) => s === phase || phase.startsWith(`${s}/`));
}

export async function readConfigDocs(d: KubeadmDeps, args: ParsedArgs): Promise<ConfigDocs> {
  const file = flagString(args, 'config');
  if (!file) return {};
  const text = await readText(d.fs, file.startsWith('/') ? file : `${process.cwd()}/${file}`);
  if (text === undefined) {
    throw new KubeadmError(
      'PRV762',
      `unable to read config from "${file}" : open ${file}: no such file or directory`,
    );
  }
  return parseConfigDocs(text, file);
}

export async function resolveInit(d: KubeadmDeps, args: ParsedArgs): Promise<InitConfig> {
  return resolveInitConfig(args, await readConfigDocs(d, args), {
    hostname: d.host.hostname(),
    defaultAddress: d.host.defaultAddress(),
    version: d.version,
  });
}

/** `kubeadm init`: every phase in order, failures reported as `error execution phase <name>: ...`. */
export async function runInit(d: KubeadmDeps, cfg: InitConfig): Promise<InitContext> {
  d.stdout(`[init] Using Kubernetes version: ${cfg.cluster.kubernetesVersion}`);
  const ctx: InitContext = { d, cfg };
  for (const phase of INIT_PHASES) {
    if (skipped(phase.name, cfg.skipPhases)) continue;
    try {
      await phase.run(ctx);
    } catch (e) {
      throw phaseError(phase.name, e);
    }
  }
  return ctx;
}
