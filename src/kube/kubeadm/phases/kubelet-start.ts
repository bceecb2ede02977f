import type { KubeadmDeps } from '../deps.js';
import type { NodeConfig } from '../init-config.js';
import {
  KUBELET_CONFIG,
  KUBELET_FLAGS_ENV,
  kubeletConfiguration,
  kubeletFlagsEnv,
  renderKubeletConfig,
} from '../kubelet-files.js';
import type { Phase } from './init-context.js';

/** Writes the kubelet's flags and configuration, then (re)starts it, as kubelet-start does on every node. */
export async function startKubelet(d: KubeadmDeps, n: NodeConfig, configYaml: string): Promise<void> {
  d.stdout(`[kubelet-start] Writing kubelet environment file with flags to file "${KUBELET_FLAGS_ENV}"`);
  await d.fs.writeFile(KUBELET_FLAGS_ENV, kubeletFlagsEnv(n, d.host.hostname()), 0o644);
  d.stdout(`[kubelet-start] Writing kubelet configuration to file "${KUBELET_CONFIG}"`);
  await d.fs.writeFile(KUBELET_CONFIG, configYaml, 0o644);
  d.stdout('[kubelet-start] Starting the kubelet');
  await d.host.restartKubelet();
}

export const kubeletStartPhase: Phase = {
  name: 'kubelet-start',
  async run({ d, cfg }) {
    await startKubelet(d, cfg.node, renderKubeletConfig(kubeletConfiguration(cfg.cluster, cfg.kubelet)));
  },
};
