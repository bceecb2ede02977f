import { stringify } from 'yaml';
import {
  configMap,
  configReaderRbac,
  createOrUpdate,
  KUBEADM_CONFIG,
  KUBELET_CONFIG_MAP,
  renderClusterConfiguration,
} from '../cluster-objects.js';
import { kubeletConfiguration } from '../kubelet-files.js';
import { clientOf, type Phase } from './init-context.js';

export const uploadConfigPhase: Phase = {
  name: 'upload-config',
  async run(ctx) {
    const { d, cfg } = ctx;
    const client = await clientOf(ctx);
    d.stdout(
      `[upload-config] Storing the configuration used in ConfigMap "${KUBEADM_CONFIG}" in the "kube-system" Namespace`,
    );
    await createOrUpdate(
      client,
      configMap(KUBEADM_CONFIG, 'kube-system', {
        ClusterConfiguration: renderClusterConfiguration(cfg.cluster),
      }),
    );
    d.stdout(
      `[kubelet] Creating a ConfigMap "${KUBELET_CONFIG_MAP}" in namespace kube-system with the configuration for the kubelets in the cluster`,
    );
    await createOrUpdate(
      client,
      configMap(KUBELET_CONFIG_MAP, 'kube-system', {
        kubelet: stringify(kubeletConfiguration(cfg.cluster, cfg.kubelet)),
      }),
    );
    for (const o of configReaderRbac()) await createOrUpdate(client, o);
  },
};
