import { describe, expect, it } from 'vitest';
import { cleanHosts, recorded, recordedHost, runPreflight, SMALL_CLUSTER } from './recorded-host.js';

describe('provision preflight over recorded probe outputs', () => {
  it('finds nothing on a clean cluster and exits 0, probing each host once without sudo', async () => {
    const run = await runPreflight(SMALL_CLUSTER, cleanHosts(), { allVars: 'kube_version: "1.31.4"\n' });
    expect(run.lines).toEqual(['preflight: 3 hosts, 0 errors, 0 warnings, 0 unreachable']);
    expect(run.code).toBe(0);
    for (const t of run.transports.values()) {
      expect(t.counters().roundTrips).toBe(1);
      expect(t.runs).toHaveLength(10);
      expect(t.runs.every((r) => r.options.become === undefined)).toBe(true);
      expect(t.puts).toEqual([]);
    }
  });

  it('finds swap on a host from /proc/swaps', async () => {
    const hosts = { ...cleanHosts(), w1: recordedHost('w1', '198.18.0.21', { swaps: recorded.swapsOn }) };
    const run = await runPreflight(SMALL_CLUSTER, hosts);
    expect(run.lines).toContain(
      'ERROR PRV812 w1: swap is on (2048 MiB in /proc/swaps) — fix: swapoff -a and remove swap from /etc/fstab (the prereqs role does both)',
    );
    expect(run.lines.filter((l) => l.startsWith('ERROR'))).toHaveLength(1);
    expect(run.code).toBe(2);
  });

  it('finds port 6443 taken on a control plane from ss -ltnH', async () => {
    const hosts = {
      ...cleanHosts(),
      cp1: recordedHost('cp1', '198.18.0.11', { listening: recorded.ss6443 }),
    };
    const run = await runPreflight(SMALL_CLUSTER, hosts);
    const errors = run.lines.filter((l) => l.startsWith('ERROR'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^ERROR PRV813 cp1: port 6443 \(kube-apiserver\) is in use: listening on \*:6443 — fix: /,
    );
    expect(run.code).toBe(2);
  });

  it('finds port 6443 taken from /proc/net/tcp6 when ss is absent', async () => {
    const hosts = {
      ...cleanHosts(),
      cp1: recordedHost('cp1', '198.18.0.11', { listening: recorded.procTcp6443 }),
    };
    const run = await runPreflight(SMALL_CLUSTER, hosts);
    expect(run.lines.filter((l) => l.startsWith('ERROR'))).toEqual([
      expect.stringMatching(
        /^ERROR PRV813 cp1: port 6443 \(kube-apiserver\) is in use: listening on \[::\]:6443/,
      ),
    ]);
  });

  it('does not count 6443 against a worker, which only needs the kubelet port', async () => {
    const hosts = { ...cleanHosts(), w2: recordedHost('w2', '198.18.0.22', { listening: recorded.ss6443 }) };
    const run = await runPreflight(SMALL_CLUSTER, hosts);
    expect(run.code).toBe(0);
  });

  it('finds a pod CIDR overlapping the service CIDR', async () => {
    const run = await runPreflight(SMALL_CLUSTER, cleanHosts(), {
      allVars: 'pod_network_cidr: 10.96.0.0/16\nservice_cidr: 10.96.0.0/12\n',
    });
    expect(run.lines).toContain(
      'ERROR PRV817: pod_network_cidr 10.96.0.0/16 overlaps service_cidr 10.96.0.0/12 — fix: choose disjoint ranges, e.g. pod_network_cidr 10.244.0.0/16 with service_cidr 10.96.0.0/12',
    );
    expect(run.code).toBe(2);
  });

  it("finds Calico's default pod CIDR overlapping a host network", async () => {
    const hosts = {
      ...cleanHosts(),
      w2: recordedHost('w2', '192.168.1.22', { ipAddr: recorded.ipAddr('192.168.1.22/24') }),
    };
    const run = await runPreflight(SMALL_CLUSTER, hosts);
    expect(run.lines.filter((l) => l.startsWith('ERROR'))).toEqual([
      "ERROR PRV818 w2: pod_network_cidr 192.168.0.0/16 overlaps the host network 192.168.1.22/24 on eth0 — fix: choose a pod_network_cidr outside the hosts' networks",
    ]);
    expect(run.code).toBe(2);
  });

  it('finds two control planes without control_plane_endpoint, and warns of the even count', async () => {
    const ini = '[control_plane]\ncp1 ansible_host=198.18.0.11\ncp2 ansible_host=198.18.0.12\n';
    const hosts = { cp1: recordedHost('cp1', '198.18.0.11'), cp2: recordedHost('cp2', '198.18.0.12') };
    const run = await runPreflight(ini, hosts);
    expect(run.lines).toContain(
      'ERROR PRV820: 2 control planes but control_plane_endpoint is not set — fix: set control_plane_endpoint to the load balancer host:port (a host in group lb runs haproxy on :6443)',
    );
    expect(run.lines.some((l) => l.startsWith('WARNING PRV819: 2 control planes'))).toBe(true);
    expect(run.code).toBe(2);
    const withEndpoint = await runPreflight(
      ini,
      { cp1: recordedHost('cp1', '198.18.0.11'), cp2: recordedHost('cp2', '198.18.0.12') },
      { allVars: 'control_plane_endpoint: "198.18.0.10:6443"\n' },
    );
    expect(withEndpoint.lines.some((l) => l.includes('PRV820'))).toBe(false);
    expect(withEndpoint.code).toBe(0);
  });

  it('reports an unreachable host as a finding, still checks the others, and exits 4', async () => {
    const hosts = {
      cp1: recordedHost('cp1', '198.18.0.11'),
      w1: recordedHost('w1', '198.18.0.21', { swaps: recorded.swapsOn }),
    };
    const run = await runPreflight(SMALL_CLUSTER, hosts);
    expect(run.lines).toContain(
      'ERROR PRV810 w2: cannot reach the host: cannot connect to w2: connect ETIMEDOUT — fix: check ansible_host, ansible_port, ansible_user and the SSH key in the inventory (ssh USER@HOST true)',
    );
    expect(run.lines.some((l) => l.startsWith('ERROR PRV812 w1'))).toBe(true);
    expect(run.lines.at(-1)).toBe('preflight: 3 hosts, 2 errors, 0 warnings, 1 unreachable');
    expect(run.code).toBe(4);
  });

  it('prints the findings as JSON with --output json', async () => {
    const hosts = { ...cleanHosts(), w1: recordedHost('w1', '198.18.0.21', { swaps: recorded.swapsOn }) };
    const run = await runPreflight(SMALL_CLUSTER, hosts, { output: 'json' });
    const doc = JSON.parse(run.stdout) as { hosts: string[]; exit: number; findings: unknown[] };
    expect(doc.hosts).toEqual(['cp1', 'w1', 'w2']);
    expect(doc.exit).toBe(2);
    expect(doc.findings).toEqual([
      {
        code: 'PRV812',
        severity: 'error',
        host: 'w1',
        message: 'swap is on (2048 MiB in /proc/swaps)',
        fix: 'swapoff -a and remove swap from /etc/fstab (the prereqs role does both)',
      },
    ]);
  });
});
