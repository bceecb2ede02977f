import type { CommandResult } from '../../transport/transport.js';

/** The read-only probes preflight runs on every host, in one runBatch. None needs root; none changes anything. */
export const PROBE_IDS = [
  'identity',
  'osRelease',
  'arch',
  'swaps',
  'listening',
  'ipForward',
  'addresses',
  'kubelet',
  'kubeadm',
  'kubectl',
] as const;

export type ProbeId = (typeof PROBE_IDS)[number];

export interface PreflightProbe {
  id: ProbeId;
  command: string;
}

/** A binary's version command, printing nothing (rc 0) when the binary is not installed. */
const ifInstalled = (bin: string, command: string) =>
  `command -v ${bin} >/dev/null 2>&1 || exit 0; ${command}`;

const COMMANDS: Record<ProbeId, string> = {
  // The uid, then `sudo -n true` only for a non-root login: its rc and stderr say whether sudo works unattended.
  identity: 'id -u; [ "$(id -u)" -eq 0 ] || sudo -n true',
  osRelease: 'cat /etc/os-release',
  arch: 'uname -m',
  // Exactly /proc/swaps, so a test host can bind-mount a fake one.
  swaps: 'cat /proc/swaps',
  // ss when present; else the kernel's tables (state 0A = LISTEN), parsed by us.
  listening:
    'if command -v ss >/dev/null 2>&1; then ss -ltnH; else cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; fi',
  ipForward: 'cat /proc/sys/net/ipv4/ip_forward',
  addresses: 'ip -o -4 addr show',
  kubelet: ifInstalled('kubelet', 'kubelet --version'),
  kubeadm: ifInstalled('kubeadm', 'kubeadm version -o short'),
  kubectl: ifInstalled('kubectl', 'kubectl version --client -o json'),
};

export function preflightProbes(): readonly PreflightProbe[] {
  return PROBE_IDS.map((id) => ({ id, command: COMMANDS[id] }));
}

export type ProbeResults = Record<ProbeId, CommandResult>;

/** What preflight learned from one host: its probe results, or why it could not be reached. */
export type HostProbeOutcome =
  | { host: string; reached: true; results: ProbeResults }
  | { host: string; reached: false; reason: string };

/** Pairs runBatch's results (in probe order) with the probe ids. */
export function byProbeId(results: readonly CommandResult[]): ProbeResults {
  const probes = preflightProbes();
  if (results.length !== probes.length) {
    throw new RangeError(`expected ${probes.length} probe results, got ${results.length}`);
  }
  return Object.fromEntries(probes.map((p, i) => [p.id, results[i]!])) as ProbeResults;
}
