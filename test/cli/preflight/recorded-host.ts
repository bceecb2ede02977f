import { join } from 'node:path';
import { captureOutput } from '../../../src/cli/output.js';
import { preflightCommand } from '../../../src/cli/preflight/preflight-command.js';
import { HostUnreachable } from '../../../src/errors/index.js';
import { type ScriptedRule, ScriptedTransport } from '../../../src/transport/scripted-transport.js';
import { writeTree } from '../../support/cli.js';

/** Probe outputs as the real tools print them on an Ubuntu 24.04 host that is ready for kubeadm. */
export const recorded = {
  osRelease: [
    'PRETTY_NAME="Ubuntu 24.04.1 LTS"',
    'NAME="Ubuntu"',
    'VERSION_ID="24.04"',
    'VERSION="24.04.1 LTS (Noble Numbat)"',
    'VERSION_CODENAME=noble',
    'ID=ubuntu',
    'ID_LIKE=debian',
    'UBUNTU_CODENAME=noble',
    '',
  ].join('\n'),
  swapsOff: 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n',
  swapsOn:
    'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/swap.img                               file\t\t2097148\t\t0\t\t-2\n',
  ssFree: [
    'LISTEN 0      4096   127.0.0.53%lo:53        0.0.0.0:*          ',
    'LISTEN 0      128          0.0.0.0:22        0.0.0.0:*          ',
    'LISTEN 0      128             [::]:22           [::]:*          ',
    '',
  ].join('\n'),
  ss6443: [
    'LISTEN 0      128          0.0.0.0:22        0.0.0.0:*          ',
    'LISTEN 0      4096               *:6443            *:*          ',
    '',
  ].join('\n'),
  /** /proc/net/tcp then /proc/net/tcp6 (no ss): sshd on :22, an apiserver left over on :6443 (0x192B, 0A). */
  procTcp6443: [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20731 1 0000000000000000 100 0 0 10 0',
    '   1: 0B0012C6:0016 0100A8C0:D3E2 01 00000000:00000000 02:0009F6D9 00000000     0        0 41821 4 0000000000000000 20 4 31 10 -1',
    '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 00000000000000000000000000000000:192B 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 51234 1 0000000000000000 100 0 0 10 0',
    '',
  ].join('\n'),
  ipAddr: (cidr: string) =>
    [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      `2: eth0    inet ${cidr} brd 198.18.0.255 scope global eth0\\       valid_lft forever preferred_lft forever`,
      '',
    ].join('\n'),
  kubectlJson: (v: string) =>
    JSON.stringify(
      {
        clientVersion: { major: '1', minor: v.split('.')[1], gitVersion: `v${v}`, platform: 'linux/amd64' },
        kustomizeVersion: 'v5.4.2',
      },
      null,
      2,
    ),
};

export interface HostShape {
  swaps?: string;
  listening?: string;
  ipAddr?: string;
  ipForward?: string;
  uid?: string;
  sudo?: { rc: number; stderr: string };
  osRelease?: string;
  arch?: string;
  kubelet?: string;
  kubeadm?: string;
  kubectl?: string;
}

/** A ScriptedTransport answering every preflight probe; the defaults describe a clean Ubuntu host. */
export function recordedHost(host: string, address: string, shape: HostShape = {}): ScriptedTransport {
  const rules: ScriptedRule[] = [
    {
      match: 'id -u',
      stdout: `${shape.uid ?? '0'}\n`,
      rc: shape.sudo?.rc ?? 0,
      stderr: shape.sudo?.stderr ?? '',
    },
    { match: 'cat /etc/os-release', stdout: shape.osRelease ?? recorded.osRelease },
    { match: 'uname -m', stdout: `${shape.arch ?? 'x86_64'}\n` },
    { match: 'cat /proc/swaps', stdout: shape.swaps ?? recorded.swapsOff },
    { match: 'ss -ltnH', stdout: shape.listening ?? recorded.ssFree },
    { match: 'ip_forward', stdout: `${shape.ipForward ?? '1'}\n` },
    { match: 'ip -o -4 addr show', stdout: shape.ipAddr ?? recorded.ipAddr(`${address}/24`) },
    { match: 'kubelet --version', stdout: shape.kubelet ?? '' },
    { match: 'kubeadm version -o short', stdout: shape.kubeadm ?? '' },
    { match: 'kubectl version --client -o json', stdout: shape.kubectl ?? '' },
  ];
  return new ScriptedTransport(rules, host);
}

export interface PreflightRun {
  code: number;
  stdout: string;
  lines: string[];
  transports: Map<string, ScriptedTransport>;
}

/**
 * Runs `provision preflight` over an inventory written from `ini` (plus group_vars/all.yml from `allVars`), each
 * host answered by its scripted transport; a host without one is unreachable.
 */
export async function runPreflight(
  ini: string,
  hosts: Record<string, ScriptedTransport>,
  opts: { allVars?: string; output?: string } = {},
): Promise<PreflightRun> {
  const root = writeTree({
    'inv/hosts.ini': ini,
    ...(opts.allVars ? { 'inv/group_vars/all.yml': opts.allVars } : {}),
  });
  const out = captureOutput();
  const code = await preflightCommand(
    { inventory: [join(root, 'inv')], ...(opts.output ? { output: opts.output } : {}) },
    out,
    {
      connect: async (host) => {
        const t = hosts[host];
        if (!t)
          throw new HostUnreachable({
            code: 'PRV501',
            host,
            message: `cannot connect to ${host}: connect ETIMEDOUT`,
          });
        return { transport: t };
      },
    },
  );
  return {
    code,
    stdout: out.stdout.join('\n'),
    lines: out.stdout,
    transports: new Map(Object.entries(hosts)),
  };
}

/** Three hosts: one control plane, two workers, on the lab bridge. */
export const SMALL_CLUSTER = `
[control_plane]
cp1 ansible_host=198.18.0.11

[workers]
w1 ansible_host=198.18.0.21
w2 ansible_host=198.18.0.22
`;

export const cleanHosts = (): Record<string, ScriptedTransport> => ({
  cp1: recordedHost('cp1', '198.18.0.11'),
  w1: recordedHost('w1', '198.18.0.21'),
  w2: recordedHost('w2', '198.18.0.22'),
});
