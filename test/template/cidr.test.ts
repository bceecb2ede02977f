import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '../../src/template/index.js';

const scope = {
  pod_network_cidr: '10.244.0.0/16',
  service_cidr: '10.96.0.0/12',
  host_cidr: '192.168.1.5/24',
  v6: '2001:db8::/64',
  addrs: ['10.0.0.1', 'not-an-ip', '192.168.0.0/24', 'fe80::1'],
};
const ev = (text: string) => evaluateExpression(text, scope);

describe('ipaddr and friends (ansible.utils names)', () => {
  it.each([
    ["pod_network_cidr | ipaddr('network')", '10.244.0.0'],
    ["pod_network_cidr | ipaddr('prefix')", 16],
    ["pod_network_cidr | ipaddr('netmask')", '255.255.0.0'],
    ["pod_network_cidr | ipaddr('size')", 65536],
    ["pod_network_cidr | ipaddr('broadcast')", '10.244.255.255'],
    ["pod_network_cidr | ipaddr('subnet')", '10.244.0.0/16'],
    ["pod_network_cidr | ipaddr('net')", '10.244.0.0/16'],
    ["pod_network_cidr | ipaddr('address')", false],
    ["pod_network_cidr | ipaddr('first_usable')", '10.244.0.1'],
    ["pod_network_cidr | ipaddr('last_usable')", '10.244.255.254'],
    ['pod_network_cidr | ipaddr', '10.244.0.0/16'],
    ["'nonsense' | ipaddr", false],
    ["host_cidr | ipaddr('address')", '192.168.1.5'],
    ["host_cidr | ipaddr('host')", '192.168.1.5/24'],
    ["host_cidr | ipaddr('network')", '192.168.1.0'],
    ["host_cidr | ipaddr('network/prefix')", '192.168.1.0/24'],
    ["'10.0.0.1' | ipaddr('address')", '10.0.0.1'],
    ["'10.0.0.1' | ipaddr('prefix')", 32],
    ["'192.168.1.5/255.255.255.0' | ipaddr('prefix')", 24],
    ['service_cidr | ipaddr(10)', '10.96.0.10/12'],
    ["service_cidr | ipaddr(10) | ipaddr('address')", '10.96.0.10'],
    ["service_cidr | ipaddr('1') | ipaddr('address')", '10.96.0.1'],
    ['service_cidr | ipaddr(-1)', '10.111.255.255/12'],
    ["'10.0.0.0/30' | ipaddr(9)", false],
    ['addrs | ipaddr', ['10.0.0.1', '192.168.0.0/24', 'fe80::1']],
    ['addrs | ipv4', ['10.0.0.1', '192.168.0.0/24']],
    ['addrs | ipv6', ['fe80::1']],
    ["'10.0.0.1' | ipv4('address')", '10.0.0.1'],
    ["'10.0.0.1' | ipv6", false],
    ["'10.0.0.1' | ipaddr('version')", 4],
    ["'10.1.2.3' | ipaddr('private')", '10.1.2.3'],
    ["'8.8.8.8' | ipaddr('private')", false],
    ["'8.8.8.8' | ipaddr('public')", '8.8.8.8'],
    ['pod_network_cidr | nthhost(5)', '10.244.0.5'],
    ["'10.0.0.0/24' | nthhost(-2)", '10.0.0.254'],
    ["'10.0.0.1' | ipmath(5)", '10.0.0.6'],
    ["'10.0.0.0/8' | network_in_network('10.1.0.0/16')", true],
    ["'10.0.0.0/8' | network_in_network('11.0.0.0/16')", false],
    ["'10.0.0.0/8' | network_in_network('10.0.0.5')", true],
    ["'192.168.0.0/24' | network_in_usable('192.168.0.1')", true],
    ["'192.168.0.0/24' | network_in_usable('192.168.0.255')", false],
    ["'192.168.0.0/24' | network_in_usable('192.168.0.0')", false],
    ['pod_network_cidr | cidr_network', '10.244.0.0'],
    ['pod_network_cidr | cidr_prefix', 16],
    ['pod_network_cidr | cidr_netmask', '255.255.0.0'],
    ['service_cidr | cidr_nth(1)', '10.96.0.1'],
    ["pod_network_cidr | cidr_contains('10.244.3.4')", true],
    ["pod_network_cidr | cidr_contains('10.245.0.0/24')", false],
    ["'10.244.1.1' is ip_in_network(pod_network_cidr)", true],
    ["'10.245.1.1' is ansible.utils.in_network(pod_network_cidr)", false],
    ["'10.1.1.1' is in_any_network(['192.168.0.0/16', '10.0.0.0/8'])", true],
    ["'10.1.0.0/16' is subnet_of('10.0.0.0/8')", true],
    ["'10.0.0.0/8' is supernet_of('10.1.0.0/16')", true],
    ["'10.1.1.1' is ip", true],
    ["'10.1.1.1' is ipv4", true],
    ["'10.1.1.1' is ipv6", false],
    ["'10.1.1.1/24' is ip_address", false],
    ["'x' is ip", false],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('IPv6', () => {
  it.each([
    ["v6 | ipaddr('network')", '2001:db8::'],
    ["v6 | ipaddr('prefix')", 64],
    ['v6 | ipaddr(1)', '2001:db8::1/64'],
    ['v6 | nthhost(255)', '2001:db8::ff'],
    ["v6 | cidr_contains('2001:db8::abcd')", true],
    ["v6 | cidr_contains('2001:db9::1')", false],
    ["'2001:db8:0:0:1:0:0:1' | ipaddr('address')", '2001:db8::1:0:0:1'],
    ["'::ffff:10.0.0.1' | ipaddr('address')", '::ffff:a00:1'],
    ["'fd00::/8' | ipaddr('netmask')", 'ff00::'],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('bad input', () => {
  it.each([
    "'nonsense' | cidr_network",
    "'10.0.0.0/33' | cidr_prefix",
    "'300.1.1.1/8' | nthhost(1)",
    "'10.0.0.0/30' | cidr_nth(9)",
    "'fe80::1%eth0' | cidr_prefix",
  ])('%s is a PRV314 template error', (text) => {
    expect(() => ev(text)).toThrow(expect.objectContaining({ code: 'PRV314' }));
  });
});
