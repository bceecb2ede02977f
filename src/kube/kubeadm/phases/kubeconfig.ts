import { generateKubeconfigs, type SharedPki } from '../../pki/pki-generate.js';
import { kubeconfigSpecs } from '../../pki/pki-specs.js';
import type { KubeadmDeps } from '../deps.js';
import { type ClusterConfig, endpointUrl, type NodeConfig } from '../init-config.js';
import { KubeadmError } from '../kubeadm-error.js';
import { readSharedPki } from '../pki-files.js';
import type { InitContext, Phase } from './init-context.js';

/** The shared PKI from the context, or from disk when the certs phase was skipped. */
export async function sharedOf(ctx: InitContext): Promise<SharedPki> {
  ctx.shared ??= await readSharedPki(ctx.d.fs);
  if (!ctx.shared) {
    throw new KubeadmError(
      'PRV769',
      `couldn't load CA certificate ca: open /etc/kubernetes/pki/ca.crt: no such file or directory`,
    );
  }
  return ctx.shared;
}

/** Writes the kubeconfig files named in `only` (all five by default); existing ones are kept. */
export async function writeKubeconfigs(
  d: KubeadmDeps,
  shared: SharedPki,
  c: ClusterConfig,
  n: NodeConfig,
  only?: readonly string[],
): Promise<void> {
  d.stdout('[kubeconfig] Using kubeconfig folder "/etc/kubernetes"');
  const specs = [];
  for (const s of kubeconfigSpecs(n.nodeName)) {
    if (only && !only.includes(s.file)) continue;
    if (await d.fs.exists(`/etc/kubernetes/${s.file}`)) {
      d.stdout(`[kubeconfig] Using existing kubeconfig file: "/etc/kubernetes/${s.file}"`);
    } else {
      specs.push(s);
    }
  }
  const servers = { endpoint: endpointUrl(c, n), local: `https://${n.advertiseAddress}:${n.bindPort}` };
  const files = await generateKubeconfigs(shared.cas.ca, specs, servers, d.now(), c.encryptionAlgorithm);
  for (const [file, text] of files) {
    d.stdout(`[kubeconfig] Writing "${file}" kubeconfig file`);
    await d.fs.writeFile(`/etc/kubernetes/${file}`, text, 0o600);
  }
}

export const kubeconfigPhase: Phase = {
  name: 'kubeconfig',
  async run(ctx) {
    await writeKubeconfigs(ctx.d, await sharedOf(ctx), ctx.cfg.cluster, ctx.cfg.node);
  },
};
