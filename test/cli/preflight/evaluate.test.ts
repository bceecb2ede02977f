import { describe, expect, it } from 'vitest';
import { evaluatePreflight } from '../../../src/cli/preflight/evaluate.js';
import { byProbeId, preflightProbes } from '../../../src/cli/preflight/probes.js';
import type { ClusterIntent } from '../../../src/cluster/convergence/intent.js';
import { CommandResult } from '../../../src/transport/transport.js';
import { recorded } from './recorded-host.js';

const node = (name: string, ip: string) => ({ name, ip, labels: {}, taints: [] });
const intent = (over: Partial<ClusterIntent> = {}): ClusterIntent => ({
  controlPlanes: [node('cp1', '198.18.0.11')],
  workers: [],
  cni: 'flannel',
  podNetworkCidr: '10.244.0.0/16',
  serviceCidr: '10.96.0.0/12',
  controlPlaneTaint: 'keep',
  ...over,
});

/** A node that already runs Flannel and kube-proxy in IPVS mode: addresses inside the cluster CIDRs by design. */
const joinedNodeAddrs = [
  '2: eth0    inet 198.18.0.11/24 brd 198.18.0.255 scope global eth0\\       valid_lft forever preferred_lft forever',
  '3: flannel.1    inet 10.244.0.0/32 scope global flannel.1\\       valid_lft forever preferred_lft forever',
  '4: cni0    inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0\\       valid_lft forever preferred_lft forever',
  '5: kube-ipvs0    inet 10.96.0.1/32 scope global kube-ipvs0\\       valid_lft forever preferred_lft forever',
  '',
].join('\n');

function results(addresses: string) {
  const byId: Record<string, string> = {
    identity: '0\n',
    osRelease: recorded.osRelease,
    arch: 'x86_64\n',
    swaps: recorded.swapsOff,
    listening: recorded.ssFree,
    ipForward: '1\n',
    addresses,
  };
  return byProbeId(preflightProbes().map((p) => CommandResult.of(0, byId[p.id] ?? '')));
}

describe('evaluatePreflight (pure)', () => {
  it("does not take the cluster's own CNI and kube-proxy interfaces for host networks", () => {
    const findings = evaluatePreflight(
      intent(),
      [{ host: 'cp1', reached: true, results: results(joinedNodeAddrs) }],
      { controlPlaneEndpoint: '', becomePasswordHosts: [] },
    );
    expect(findings).toEqual([]);
  });

  it('reports a CIDR that is not one, and skips its overlap checks', () => {
    const findings = evaluatePreflight(
      intent({ serviceCidr: '10.96.0.0' }),
      [{ host: 'cp1', reached: true, results: results(recorded.ipAddr('198.18.0.11/24')) }],
      { controlPlaneEndpoint: '', becomePasswordHosts: [] },
    );
    expect(findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      ['PRV824', 'error', "service_cidr '10.96.0.0' is not a CIDR"],
    ]);
  });

  it('checks each IPv4 entry of a dual-stack list and leaves the IPv6 ones alone', () => {
    const findings = evaluatePreflight(
      intent({
        podNetworkCidr: '10.96.8.0/24,fd00:10:244::/56',
        serviceCidr: '10.96.0.0/12,fd00:10:96::/112',
      }),
      [],
      { controlPlaneEndpoint: '', becomePasswordHosts: [] },
    );
    expect(findings.map((f) => f.code)).toEqual(['PRV817']);
  });

  it('warns of four control planes and wants an endpoint; three with an endpoint pass', () => {
    const four = intent({ controlPlanes: ['a', 'b', 'c', 'd'].map((n, i) => node(n, `198.18.0.${i + 11}`)) });
    expect(
      evaluatePreflight(four, [], { controlPlaneEndpoint: '', becomePasswordHosts: [] }).map((f) => f.code),
    ).toEqual(['PRV819', 'PRV820']);
    const three = intent({ controlPlanes: ['a', 'b', 'c'].map((n, i) => node(n, `198.18.0.${i + 11}`)) });
    expect(
      evaluatePreflight(three, [], { controlPlaneEndpoint: 'lb:6443', becomePasswordHosts: [] }),
    ).toEqual([]);
  });
});
