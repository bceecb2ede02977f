import type { ClusterIntent } from '../../cluster/convergence/intent.js';
import { type Ipv4Net, looksIpv6, overlaps, parseIpv4Cidr } from './cidr.js';
import { PreflightCodes as C, type Finding } from './finding.js';
import { evaluateHost } from './host-checks.js';
import { parseIpAddr } from './parse-probes.js';
import type { HostProbeOutcome } from './probes.js';

/** What preflight needs from the inventory beyond the ClusterIntent. */
export interface InventoryFacts {
  /** control_plane_endpoint as the inventory sets it ('' when unset). */
  controlPlaneEndpoint: string;
  /** Hosts whose inventory gives a become password (sudo asking for one is then expected). */
  becomePasswordHosts: readonly string[];
}

/**
 * Interfaces the cluster itself creates (CNI bridges and tunnels, kube-proxy's IPVS dummy): their addresses lie in
 * the pod or service CIDR by design on a host that already runs a node, so they are not host networks.
 */
const CLUSTER_IFACE = /^(cni\d*|flannel\.\d+|tunl\d+|vxlan\.calico|cali[0-9a-f]+|kube-ipvs\d+|nodelocaldns)$/;

interface ClusterCidr {
  label: 'pod_network_cidr' | 'service_cidr';
  net: Ipv4Net;
}

function clusterCidrs(intent: ClusterIntent): { cidrs: ClusterCidr[]; findings: Finding[] } {
  const cidrs: ClusterCidr[] = [];
  const findings: Finding[] = [];
  const entries: [ClusterCidr['label'], string][] = [
    ['pod_network_cidr', intent.podNetworkCidr],
    ['service_cidr', intent.serviceCidr ?? ''],
  ];
  for (const [label, value] of entries) {
    for (const text of value.split(',').map((s) => s.trim())) {
      if (text === '' || looksIpv6(text)) continue;
      const net = parseIpv4Cidr(text);
      if (net && text.includes('/')) cidrs.push({ label, net });
      else
        findings.push({
          code: C.badCidr,
          severity: 'error',
          message: `${label} '${text}' is not a CIDR`,
          fix: `write ${label} as address/prefix, e.g. ${label === 'service_cidr' ? '10.96.0.0/12' : '10.244.0.0/16'}`,
        });
    }
  }
  return { cidrs, findings };
}

function cidrChecks(intent: ClusterIntent, reached: HostProbeOutcome[]): Finding[] {
  const { cidrs, findings } = clusterCidrs(intent);
  const pods = cidrs.filter((c) => c.label === 'pod_network_cidr');
  const services = cidrs.filter((c) => c.label === 'service_cidr');
  for (const p of pods)
    for (const s of services)
      if (overlaps(p.net, s.net))
        findings.push({
          code: C.podServiceOverlap,
          severity: 'error',
          message: `pod_network_cidr ${p.net.text} overlaps service_cidr ${s.net.text}`,
          fix: 'choose disjoint ranges, e.g. pod_network_cidr 10.244.0.0/16 with service_cidr 10.96.0.0/12',
        });
  for (const outcome of reached) {
    if (!outcome.reached) continue;
    const addr = outcome.results.addresses;
    if (addr.rc !== 0) {
      findings.push({
        code: C.unreadable,
        severity: 'warning',
        host: outcome.host,
        message: `cannot read the host networks (ip -o -4 addr show: ${addr.err.trim().split('\n')[0] || `exit ${addr.rc}`}); the CIDR overlap check was skipped`,
        fix: 'install iproute2 on the host',
      });
      continue;
    }
    for (const a of parseIpAddr(addr.out)) {
      if (CLUSTER_IFACE.test(a.iface)) continue;
      const net = parseIpv4Cidr(a.cidr);
      if (!net || net.first >>> 24 === 127) continue;
      for (const c of cidrs)
        if (overlaps(c.net, net))
          findings.push({
            code: C.hostNetworkOverlap,
            severity: 'error',
            host: outcome.host,
            message: `${c.label} ${c.net.text} overlaps the host network ${a.cidr} on ${a.iface}`,
            fix: `choose a ${c.label} outside the hosts' networks`,
          });
    }
  }
  return findings;
}

function topologyChecks(intent: ClusterIntent, facts: InventoryFacts): Finding[] {
  const n = intent.controlPlanes.length;
  const out: Finding[] = [];
  if (n % 2 === 0)
    out.push({
      code: C.evenControlPlanes,
      severity: 'warning',
      message: `${n} control planes: an even number adds no etcd fault tolerance over ${n - 1}`,
      fix: `use ${n - 1} or ${n + 1} control planes (etcd quorum is a majority)`,
    });
  if (n > 1 && facts.controlPlaneEndpoint.trim() === '')
    out.push({
      code: C.noEndpoint,
      severity: 'error',
      message: `${n} control planes but control_plane_endpoint is not set`,
      fix: 'set control_plane_endpoint to the load balancer host:port (a host in group lb runs haproxy on :6443)',
    });
  return out;
}

/**
 * Every finding for the cluster the inventory describes, from each host's probe results. Pure: the same inputs
 * give the same findings, in a stable order (inventory-wide first, then host by host in inventory order).
 */
export function evaluatePreflight(
  intent: ClusterIntent,
  outcomes: readonly HostProbeOutcome[],
  facts: InventoryFacts,
): Finding[] {
  const cps = new Set(intent.controlPlanes.map((n) => n.name));
  const perHost = outcomes.flatMap((o): Finding[] => {
    if (!o.reached)
      return [
        {
          code: C.unreachable,
          severity: 'error',
          host: o.host,
          message: `cannot reach the host: ${o.reason}`,
          fix: 'check ansible_host, ansible_port, ansible_user and the SSH key in the inventory (ssh USER@HOST true)',
        },
      ];
    return evaluateHost(
      {
        host: o.host,
        role: cps.has(o.host) ? 'control_plane' : 'worker',
        hasBecomePassword: facts.becomePasswordHosts.includes(o.host),
        ...(intent.kubeVersion ? { kubeVersion: intent.kubeVersion } : {}),
      },
      o.results,
    );
  });
  return [...topologyChecks(intent, facts), ...cidrChecks(intent, [...outcomes]), ...perHost];
}
