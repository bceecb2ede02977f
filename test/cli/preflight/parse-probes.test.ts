import { describe, expect, it } from 'vitest';
import { overlaps, parseIpv4Cidr } from '../../../src/cli/preflight/cidr.js';
import {
  parseIpAddr,
  parseKubectlVersion,
  parseKubeVersion,
  parseListening,
  parseProcSwaps,
} from '../../../src/cli/preflight/parse-probes.js';
import { recorded } from './recorded-host.js';

describe('preflight probe parsers', () => {
  it('reads /proc/swaps: the header alone is no swap, each further line an area in KiB', () => {
    expect(parseProcSwaps(recorded.swapsOff)).toEqual([]);
    expect(parseProcSwaps(recorded.swapsOn)).toEqual([{ name: '/swap.img', sizeKib: 2097148 }]);
  });

  it('reads listening ports from ss -ltnH and from /proc/net/tcp{,6}, skipping non-LISTEN rows', () => {
    expect(parseListening(recorded.ssFree).map((s) => s.port)).toEqual([53, 22, 22]);
    expect(parseListening(recorded.ss6443)).toContainEqual({ port: 6443, local: '*:6443' });
    expect(parseListening(recorded.procTcp6443)).toEqual([
      { port: 22, local: '0.0.0.0:22' },
      { port: 6443, local: '[::]:6443' },
    ]);
    expect(
      parseListening(
        '   3: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n',
      ),
    ).toEqual([{ port: 3306, local: '127.0.0.1:3306' }]);
  });

  it('reads ip -o -4 addr show, interface names without their @link suffix', () => {
    const text = `${recorded.ipAddr('198.18.0.11/24')}5: eth1@if7    inet 10.1.2.3/16 brd 10.1.255.255 scope global eth1\\       valid_lft forever preferred_lft forever\n`;
    expect(parseIpAddr(text)).toEqual([
      { iface: 'lo', cidr: '127.0.0.1/8' },
      { iface: 'eth0', cidr: '198.18.0.11/24' },
      { iface: 'eth1', cidr: '10.1.2.3/16' },
    ]);
  });

  it('reads kubelet, kubeadm and kubectl versions', () => {
    expect(parseKubeVersion('Kubernetes v1.31.4\n')).toEqual({ text: 'v1.31.4', major: 1, minor: 31 });
    expect(parseKubeVersion('v1.30.0-rc.1\n')?.minor).toBe(30);
    expect(parseKubectlVersion(recorded.kubectlJson('1.32.2'))).toEqual({
      text: 'v1.32.2',
      major: 1,
      minor: 32,
    });
    expect(parseKubectlVersion('error: unknown flag')).toBeUndefined();
  });
});

describe('IPv4 CIDR overlap', () => {
  const net = (t: string) => parseIpv4Cidr(t)!;
  it('sees containment and disjointness', () => {
    expect(overlaps(net('10.96.0.0/16'), net('10.96.0.0/12'))).toBe(true);
    expect(overlaps(net('10.244.0.0/16'), net('10.96.0.0/12'))).toBe(false);
    expect(overlaps(net('192.168.0.0/16'), net('192.168.1.22/24'))).toBe(true);
    expect(overlaps(net('10.111.255.255/32'), net('10.96.0.0/12'))).toBe(true);
    expect(overlaps(net('10.112.0.0/32'), net('10.96.0.0/12'))).toBe(false);
  });
  it('rejects what is not IPv4 CIDR notation', () => {
    for (const bad of ['10.96.0/12', '10.96.0.0/33', '300.1.1.1/8', 'fd00::/108', '10.0.0.0/'])
      expect(parseIpv4Cidr(bad)).toBeUndefined();
  });
});
