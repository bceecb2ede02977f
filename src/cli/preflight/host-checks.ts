import type { Finding } from './finding.js';
import { PreflightCodes as C } from './finding.js';
import {
  parseKubectlVersion,
  parseKubeVersion,
  parseListening,
  parseOsRelease,
  parseProcSwaps,
  type Semver,
} from './parse-probes.js';
import type { ProbeResults } from './probes.js';

/** Ports kubeadm's preflight requires free: control planes all of them, workers only the kubelet's. */
export const CONTROL_PLANE_PORTS = [6443, 2379, 2380, 10250, 10257, 10259] as const;
export const WORKER_PORTS = [10250] as const;

const PORT_OWNER: Record<number, string> = {
  6443: 'kube-apiserver',
  2379: 'etcd client',
  2380: 'etcd peer',
  10250: 'kubelet',
  10257: 'kube-controller-manager',
  10259: 'kube-scheduler',
};

export interface HostContext {
  host: string;
  role: 'control_plane' | 'worker';
  /** The inventory gives a become password, so sudo asking for one is expected. */
  hasBecomePassword: boolean;
  /** kube_version of the inventory (v1.31.4), if set. */
  kubeVersion?: string;
}

const firstLine = (s: string) => s.trim().split('\n')[0] ?? '';

function unreadable(host: string, what: string, r: { rc: number; err: string }): Finding {
  const why = firstLine(r.err) || `exit ${r.rc}`;
  return {
    code: C.unreadable,
    severity: 'warning',
    host,
    message: `cannot read ${what} (${why}); its check was skipped`,
    fix: `run the probe on the host by hand and fix what stops it`,
  };
}

function sudoCheck(ctx: HostContext, r: ProbeResults): Finding[] {
  const id = r.identity;
  const uid = firstLine(id.out);
  if (uid === '0' || id.rc === 0) return [];
  if (ctx.hasBecomePassword && /password is required/i.test(id.err)) return [];
  return [
    {
      code: C.sudo,
      severity: 'error',
      host: ctx.host,
      message: `sudo -n true failed for the login user (uid ${uid || '?'}): ${firstLine(id.err) || `exit ${id.rc}`}`,
      fix: 'give the login user passwordless sudo (NOPASSWD in /etc/sudoers.d/) or set ansible_become_password',
    },
  ];
}

function platformChecks(ctx: HostContext, r: ProbeResults): Finding[] {
  const out: Finding[] = [];
  if (r.osRelease.rc !== 0) out.push(unreadable(ctx.host, '/etc/os-release', r.osRelease));
  else {
    const os = parseOsRelease(r.osRelease.out);
    const family = `${os.ID ?? ''} ${os.ID_LIKE ?? ''}`.split(/\s+/);
    if (!family.includes('debian') && !family.includes('ubuntu')) {
      out.push({
        code: C.os,
        severity: 'warning',
        host: ctx.host,
        message: `${os.PRETTY_NAME ?? os.ID ?? 'an unknown OS'} is not in the Debian/Ubuntu family`,
        fix: 'use a Debian or Ubuntu host: the roles install with apt',
      });
    }
  }
  const machine = firstLine(r.arch.out);
  const arch = { x86_64: 'amd64', amd64: 'amd64', aarch64: 'arm64', arm64: 'arm64' }[machine];
  if (r.arch.rc === 0 && arch === undefined) {
    out.push({
      code: C.arch,
      severity: 'warning',
      host: ctx.host,
      message: `architecture ${machine || 'unknown'} is neither amd64 nor arm64`,
      fix: 'use an amd64 or arm64 host: Kubernetes packages are published for those',
    });
  }
  return out;
}

function swapCheck(ctx: HostContext, r: ProbeResults): Finding[] {
  if (r.swaps.rc !== 0) return [unreadable(ctx.host, '/proc/swaps', r.swaps)];
  const areas = parseProcSwaps(r.swaps.out);
  if (areas.length === 0) return [];
  const mib = Math.round(areas.reduce((n, a) => n + a.sizeKib, 0) / 1024);
  return [
    {
      code: C.swap,
      severity: 'error',
      host: ctx.host,
      message: `swap is on (${mib} MiB in /proc/swaps)`,
      fix: 'swapoff -a and remove swap from /etc/fstab (the prereqs role does both)',
    },
  ];
}

function portChecks(ctx: HostContext, r: ProbeResults): Finding[] {
  if (r.listening.rc !== 0) return [unreadable(ctx.host, 'the listening sockets', r.listening)];
  const sockets = parseListening(r.listening.out);
  const wanted: readonly number[] = ctx.role === 'control_plane' ? CONTROL_PLANE_PORTS : WORKER_PORTS;
  return wanted.flatMap((port): Finding[] => {
    const taken = sockets.filter((s) => s.port === port);
    if (taken.length === 0) return [];
    return [
      {
        code: C.portInUse,
        severity: 'error',
        host: ctx.host,
        message: `port ${port} (${PORT_OWNER[port]}) is in use: listening on ${taken.map((s) => s.local).join(', ')}`,
        fix: `stop the process on port ${port} (ss -ltnp 'sport = :${port}' names it), or kubeadm reset -f if it is an old cluster`,
      },
    ];
  });
}

function ipForwardCheck(ctx: HostContext, r: ProbeResults): Finding[] {
  if (r.ipForward.rc !== 0) return [unreadable(ctx.host, '/proc/sys/net/ipv4/ip_forward', r.ipForward)];
  const value = r.ipForward.out.trim();
  if (value === '1') return [];
  return [
    {
      code: C.ipForward,
      severity: 'warning',
      host: ctx.host,
      message: `net.ipv4.ip_forward is ${value || 'empty'}, kubeadm's preflight needs 1`,
      fix: 'the prereqs role sets it in /etc/sysctl.d/k8s.conf; by hand: sysctl -w net.ipv4.ip_forward=1',
    },
  ];
}

function skewFinding(
  ctx: HostContext,
  code: Finding['code'],
  bin: string,
  have: Semver,
  target: Semver,
  rule: string,
): Finding {
  return {
    code,
    severity: 'error',
    host: ctx.host,
    message: `${bin} ${have.text} is installed, kube_version is ${target.text}: ${rule}`,
    fix: `install ${bin} of kube_version's minor (the kube-packages role pins it), or change kube_version`,
  };
}

function versionChecks(ctx: HostContext, r: ProbeResults): Finding[] {
  const target = ctx.kubeVersion ? parseKubeVersion(ctx.kubeVersion) : undefined;
  if (!target) return [];
  const out: Finding[] = [];
  const installed = (res: ProbeResults['kubelet'], parse: (s: string) => Semver | undefined) =>
    res.rc === 0 && res.out.trim() !== '' ? parse(res.out) : undefined;
  const kubelet = installed(r.kubelet, parseKubeVersion);
  if (kubelet) {
    const behind = target.minor - kubelet.minor;
    if (kubelet.major !== target.major || behind < 0 || behind > 3)
      out.push(
        skewFinding(
          ctx,
          C.kubeletSkew,
          'kubelet',
          kubelet,
          target,
          'kubelet may be up to 3 minors older, never newer',
        ),
      );
  }
  const kubeadm = installed(r.kubeadm, parseKubeVersion);
  if (kubeadm) {
    const ahead = kubeadm.minor - target.minor;
    if (kubeadm.major !== target.major || ahead < 0 || ahead > 1)
      out.push(
        skewFinding(
          ctx,
          C.kubeadmSkew,
          'kubeadm',
          kubeadm,
          target,
          'kubeadm deploys its own minor or the one before',
        ),
      );
  }
  const kubectl = installed(r.kubectl, parseKubectlVersion);
  if (kubectl && (kubectl.major !== target.major || Math.abs(kubectl.minor - target.minor) > 1))
    out.push(skewFinding(ctx, C.kubectlSkew, 'kubectl', kubectl, target, 'kubectl must be within one minor'));
  return out;
}

/** Everything one host's probes say about it. Pure. */
export function evaluateHost(ctx: HostContext, r: ProbeResults): Finding[] {
  return [
    ...sudoCheck(ctx, r),
    ...platformChecks(ctx, r),
    ...swapCheck(ctx, r),
    ...portChecks(ctx, r),
    ...ipForwardCheck(ctx, r),
    ...versionChecks(ctx, r),
  ];
}
