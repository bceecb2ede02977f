import { KubeadmError } from './kubeadm-error.js';

/** Images kubeadm pins per Kubernetes minor (cmd/kubeadm/app/constants): etcd, CoreDNS and pause tags. */
const pinnedImages: Record<number, { etcd: string; coredns: string; pause: string }> = {
  29: { etcd: '3.5.12-0', coredns: 'v1.11.1', pause: '3.9' },
  30: { etcd: '3.5.15-0', coredns: 'v1.11.3', pause: '3.9' },
  31: { etcd: '3.5.15-0', coredns: 'v1.11.3', pause: '3.10' },
  32: { etcd: '3.5.16-0', coredns: 'v1.11.3', pause: '3.10' },
  33: { etcd: '3.5.21-0', coredns: 'v1.12.0', pause: '3.10' },
  34: { etcd: '3.6.4-0', coredns: 'v1.12.1', pause: '3.10.1' },
};

export interface KubeVersion {
  major: number;
  minor: number;
  patch: number;
  /** `v1.31.2` */
  text: string;
}

export function parseKubeVersion(input: string): KubeVersion {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(input.trim());
  if (!m) {
    throw new KubeadmError(
      'PRV761',
      `couldn't parse Kubernetes version "${input}": version string "${input}" doesn't match expected regular expression: "^v(\\d+\\.\\d+\\.\\d+)([-\\w.+]*)?$"`,
    );
  }
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { major, minor, patch, text: `v${major}.${minor}.${patch}` };
}

export const REGISTRY = 'registry.k8s.io';

export function pinned(v: KubeVersion) {
  const known = Object.keys(pinnedImages).map(Number);
  const minor = Math.min(Math.max(v.minor, Math.min(...known)), Math.max(...known));
  return pinnedImages[minor] as { etcd: string; coredns: string; pause: string };
}

/** `kubeadm config images list` order: control plane, proxy, CoreDNS, pause, etcd. */
export function imagesFor(v: KubeVersion, repo = REGISTRY): string[] {
  const p = pinned(v);
  return [
    `${repo}/kube-apiserver:${v.text}`,
    `${repo}/kube-controller-manager:${v.text}`,
    `${repo}/kube-scheduler:${v.text}`,
    `${repo}/kube-proxy:${v.text}`,
    `${repo}/coredns/coredns:${p.coredns}`,
    `${repo}/pause:${p.pause}`,
    `${repo}/etcd:${p.etcd}`,
  ];
}

/** `kubeadm version` as the real binary prints it (a Go struct dump), or `-o short`. */
export function versionOutput(version: string, output: string | undefined, platform: string): string {
  const v = parseKubeVersion(version);
  if (output === 'short') return v.text;
  const info = {
    major: String(v.major),
    minor: String(v.minor),
    gitVersion: v.text,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '',
    goVersion: 'go1.22.8',
    compiler: 'gc',
    platform,
  };
  if (output === 'json') return JSON.stringify({ clientVersion: info }, null, 2);
  if (output === 'yaml') {
    return [
      'clientVersion:',
      ...Object.entries(info).map(([k, val]) => `  ${k}: ${JSON.stringify(val)}`),
    ].join('\n');
  }
  return `kubeadm version: &version.Info{Major:"${info.major}", Minor:"${info.minor}", GitVersion:"${info.gitVersion}", GitCommit:"${info.gitCommit}", GitTreeState:"${info.gitTreeState}", BuildDate:"${info.buildDate}", GoVersion:"${info.goVersion}", Compiler:"${info.compiler}", Platform:"${info.platform}"}`;
}
