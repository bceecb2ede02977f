import { type ImageBehaviour, type ImageEntry, justRuns } from './behaviour.js';
import { calicoCniBehaviour, calicoNodeBehaviour } from './calico.js';
import { flannelBehaviour } from './flannel.js';
import { imageRepository } from './image-ref.js';
import { cpuStressBehaviour, memoryStressBehaviour } from './stress.js';

const quick = (description: string, startupMs = 1000): ImageBehaviour => ({ description, startupMs });

/**
 * What each image does in the model. Lookup is by normalised repository, so tags, digests and Docker Hub
 * shorthand all match; anything not listed just runs.
 */
export const imageCatalog: readonly ImageEntry[] = [
  { repositories: ['docker.io/calico/node', 'quay.io/calico/node'], behaviour: calicoNodeBehaviour },
  { repositories: ['docker.io/calico/cni', 'quay.io/calico/cni'], behaviour: calicoCniBehaviour },
  {
    repositories: ['docker.io/calico/kube-controllers', 'quay.io/calico/kube-controllers'],
    behaviour: quick('Calico kube-controllers', 2000),
  },
  { repositories: ['ghcr.io/flannel-io/flannel', 'docker.io/flannel/flannel'], behaviour: flannelBehaviour },
  {
    repositories: ['ghcr.io/flannel-io/flannel-cni-plugin', 'docker.io/flannel/flannel-cni-plugin'],
    behaviour: quick('Flannel CNI plugin installer'),
  },
  { repositories: ['registry.k8s.io/kube-proxy'], behaviour: quick('kube-proxy') },
  {
    repositories: ['registry.k8s.io/coredns/coredns', 'docker.io/coredns/coredns'],
    behaviour: quick('CoreDNS', 2000),
  },
  { repositories: ['registry.k8s.io/pause'], behaviour: quick('pause', 500) },
  { repositories: ['registry.k8s.io/etcd'], behaviour: quick('etcd', 3000) },
  {
    repositories: [
      'registry.k8s.io/kube-apiserver',
      'registry.k8s.io/kube-controller-manager',
      'registry.k8s.io/kube-scheduler',
    ],
    behaviour: quick('control-plane component', 3000),
  },
  { repositories: ['docker.io/polinux/stress'], behaviour: memoryStressBehaviour },
  { repositories: ['docker.io/vish/stress'], behaviour: cpuStressBehaviour },
];

const byRepository = new Map<string, ImageBehaviour>();
for (const e of imageCatalog) for (const r of e.repositories) byRepository.set(r, e.behaviour);

export function imageBehaviour(image: string): ImageBehaviour {
  return byRepository.get(imageRepository(image)) ?? justRuns;
}
