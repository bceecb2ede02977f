/**
 * The contents of the simulated kube packages, as pure data: control fields, launchers and the systemd files
 * the real pkgs.k8s.io packages install. Only the binaries differ: small launchers running a bundled script.
 */
export type KubeBinary = 'kubeadm' | 'kubelet' | 'kubectl';
export const KUBE_BINARIES: readonly KubeBinary[] = ['kubeadm', 'kubelet', 'kubectl'];

export const LIB_DIR = '/usr/lib/provision-kube';

export interface DebFile {
  /** Absolute path inside the package. */
  path: string;
  content: string | Buffer;
  mode: number;
}

export interface DebLayout {
  name: KubeBinary;
  /** `1.31.2-1.1`, as pkgs.k8s.io versions its packages. */
  version: string;
  control: string;
  files: DebFile[];
  /** Maintainer scripts (postinst, prerm, postrm) by name. */
  scripts: Record<string, string>;
  conffiles: string[];
}

export const debVersion = (kubeVersion: string): string => `${kubeVersion.replace(/^v/, '')}-1.1`;

const descriptions: Record<KubeBinary, string> = {
  kubeadm: 'Command-line utility for administering a Kubernetes cluster',
  kubelet: 'Node agent for Kubernetes clusters',
  kubectl: 'Command-line utility for interacting with a Kubernetes cluster',
};

// Upstream depends on cri-tools, iptables, ethtool...; the lab repository carries only what lab hosts have, so the
// fields name what the simulated binaries really need: node to run them, the tools the kubelet calls.
const depends: Record<KubeBinary, string> = {
  kubeadm: 'nodejs (>= 20)',
  kubelet: 'nodejs (>= 20), iproute2, mount, util-linux',
  kubectl: 'nodejs (>= 20)',
};

export function controlFile(name: KubeBinary, version: string, arch: string, installedKb: number): string {
  return [
    `Package: ${name}`,
    `Version: ${debVersion(version)}`,
    `Architecture: ${arch}`,
    'Maintainer: provision lab <lab@provision.invalid>',
    `Installed-Size: ${installedKb}`,
    `Depends: ${depends[name]}`,
    'Section: admin',
    'Priority: optional',
    'Homepage: https://kubernetes.io',
    `Description: ${descriptions[name]}`,
    ` Simulated ${name} ${version.replace(/^v/, '')} for provision lab hosts: same name, paths and behaviour`,
    " seen from the outside, built on provision's cluster model.",
    '',
  ].join('\n');
}

export function launcher(name: KubeBinary): string {
  return `#!/bin/sh\nexec /usr/bin/node ${LIB_DIR}/${name}.mjs "$@"\n`;
}

export const KUBELET_SERVICE = `[Unit]
Description=kubelet: The Kubernetes Node Agent
Documentation=https://kubernetes.io/docs/
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=/usr/bin/kubelet
Restart=always
StartLimitInterval=0
RestartSec=10

[Install]
WantedBy=multi-user.target
`;

/** The kubeadm drop-in: the kubelet restarts every 10 s until kubeadm has written its config and flags. */
export const KUBEADM_DROPIN = `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
# This is a file that "kubeadm init" and "kubeadm join" generates at runtime, populating the KUBELET_KUBEADM_ARGS variable dynamically
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
# This is a file that the user can use for overrides of the kubelet args as a last resort. Preferably, the user should use
# the .NodeRegistration.KubeletExtraArgs object in the configuration files instead. KUBELET_EXTRA_ARGS should be sourced from this file.
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;

const KUBELET_POSTINST = `#!/bin/sh
set -e
if [ "$1" = "configure" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || true
  systemctl enable kubelet.service >/dev/null 2>&1 || true
  systemctl restart kubelet.service >/dev/null 2>&1 || true
fi
exit 0
`;

const KUBELET_PRERM = `#!/bin/sh
set -e
if [ "$1" = "remove" ] && [ -d /run/systemd/system ]; then
  systemctl stop kubelet.service >/dev/null 2>&1 || true
  systemctl disable kubelet.service >/dev/null 2>&1 || true
fi
exit 0
`;

const DAEMON_RELOAD = `#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || true
fi
exit 0
`;

/** Everything in one package except the bundle, which the builder adds as `${LIB_DIR}/<name>.mjs`. */
export function debLayout(name: KubeBinary, version: string, arch: string, bundle: Buffer): DebLayout {
  const files: DebFile[] = [
    { path: `/usr/bin/${name}`, content: launcher(name), mode: 0o755 },
    { path: `${LIB_DIR}/${name}.mjs`, content: bundle, mode: 0o644 },
  ];
  const scripts: Record<string, string> = {};
  const conffiles: string[] = [];
  if (name === 'kubelet') {
    files.push(
      { path: '/usr/lib/systemd/system/kubelet.service', content: KUBELET_SERVICE, mode: 0o644 },
      { path: '/etc/default/kubelet', content: 'KUBELET_EXTRA_ARGS=\n', mode: 0o644 },
    );
    conffiles.push('/etc/default/kubelet');
    scripts.postinst = KUBELET_POSTINST;
    scripts.prerm = KUBELET_PRERM;
    scripts.postrm = DAEMON_RELOAD;
  }
  if (name === 'kubeadm') {
    files.push({
      path: '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
      content: KUBEADM_DROPIN,
      mode: 0o644,
    });
    scripts.postinst = DAEMON_RELOAD;
    scripts.postrm = DAEMON_RELOAD;
  }
  const size = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
  return {
    name,
    version,
    control: controlFile(name, version, arch, Math.ceil(size / 1024)),
    files,
    scripts,
    conffiles,
  };
}
