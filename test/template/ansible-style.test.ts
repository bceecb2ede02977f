import { describe, expect, it } from 'vitest';
import { evaluateCondition, OMIT, renderString, renderValue } from '../../src/template/index.js';

/** Variables shaped like what the engine provides on a control-plane host of a small kubeadm cluster. */
const scope = {
  inventory_hostname: 'cp1',
  groups: { all: ['cp1', 'w1', 'w2'], control_plane: ['cp1'], workers: ['w1', 'w2'], ungrouped: [] },
  group_names: ['control_plane'],
  hostvars: {
    cp1: {
      ansible_host: '198.18.0.11',
      ansible_default_ipv4: { address: '198.18.0.11', interface: 'host0' },
    },
    w1: { ansible_host: '198.18.0.12' },
    w2: { ansible_host: '198.18.0.13', node_labels: { disk: 'ssd' } },
  },
  ansible_facts: { distribution: 'Debian', distribution_major_version: '12', architecture: 'x86_64' },
  ansible_check_mode: false,
  kube_version: '1.29.3',
  pod_network_cidr: '10.244.0.0/16',
  service_cidr: '10.96.0.0/12',
  cluster_name: 'lab',
  h: 'w1',
  item: { name: 'kubelet', state: 'started' },
  packages: ['kubeadm', 'kubelet', 'kubectl'],
  join_result: { changed: true, failed: false, rc: 0, stdout: 'This node has joined the cluster' },
  sysctls: { 'net.ipv4.ip_forward': 1, 'net.bridge.bridge-nf-call-iptables': 1 },
};

describe('Jinja-style expressions inside mustaches', () => {
  it.each([
    ["{{ x | default('y') }}", 'y'],
    ["{{ groups['control_plane'][0] }}", 'cp1'],
    ['{{ hostvars[h].ansible_host }}', '198.18.0.12'],
    ["{{ hostvars[groups['control_plane'][0]]['ansible_default_ipv4']['address'] }}", '198.18.0.11'],
    ["{{ pod_network_cidr | ipaddr('network') }}", '10.244.0.0'],
    ["{{ service_cidr | ipaddr(10) | ipaddr('address') }}", '10.96.0.10'],
    ['{{ service_cidr | ansible.utils.nthhost(1) }}', '10.96.0.1'],
    ['{{ item.name }}', 'kubelet'],
    ['{{ cluster_name }}-{{ inventory_hostname }}', 'lab-cp1'],
    [
      "{{ groups['all'] | map('extract', hostvars, 'ansible_host') | join(',') }}",
      '198.18.0.11,198.18.0.12,198.18.0.13',
    ],
    ["{{ ansible_facts['distribution'] | lower }}{{ ansible_facts.distribution_major_version }}", 'debian12'],
    ["{{ kube_version.split('.')[:2] | join('.') }}", '1.29'],
    ["{{ kube_version | regex_replace('^(\\\\d+\\\\.\\\\d+).*$', '\\\\1') }}", '1.29'],
    ["{{ 'v' ~ kube_version }}", 'v1.29.3'],
    ["{{ (groups['workers'] | length) + 1 }}", '3'],
    ["{{ '%s:%d' | format(hostvars['cp1'].ansible_host, 6443) }}", '198.18.0.11:6443'],
    [
      "{{ hostvars['w2'].node_labels | default({}) | dict2items | map(attribute='key') | join(',') }}",
      'disk',
    ],
    ["{{ hostvars['w1'].node_labels | default({}) | length }}", '0'],
    ["{{ 'amd64' if ansible_facts.architecture == 'x86_64' else 'arm64' }}", 'amd64'],
    ['{{- cluster_name -}}', 'lab'],
  ])('%s', (template, expected) => {
    expect(renderString(template, scope)).toBe(expected);
  });
});

describe('typed values for module arguments and loops', () => {
  it('a loop over a variable stays a list', () => {
    expect(renderValue('{{ packages }}', scope)).toEqual(['kubeadm', 'kubelet', 'kubectl']);
    expect(renderValue("{{ groups['workers'] }}", scope)).toEqual(['w1', 'w2']);
    expect(renderValue('{{ sysctls | dict2items }}', scope)).toEqual([
      { key: 'net.ipv4.ip_forward', value: 1 },
      { key: 'net.bridge.bridge-nf-call-iptables', value: 1 },
    ]);
  });

  it('module args with omit and mixed strings', () => {
    const args = {
      name: '{{ item.name }}',
      state: '{{ item.state }}',
      enabled: '{{ item.enabled | default(omit) }}',
      dest: '/etc/kubernetes/{{ cluster_name }}.conf',
      port: '{{ 6443 }}',
    };
    expect(renderValue(args, scope)).toEqual({
      name: 'kubelet',
      state: 'started',
      dest: '/etc/kubernetes/lab.conf',
      port: 6443,
    });
    expect(renderValue('{{ undefined_thing | default(omit) }}', scope)).toBe(OMIT);
  });
});

describe('conditions as Ansible writes them', () => {
  it.each([
    ["inventory_hostname == groups['control_plane'][0]", true],
    ["inventory_hostname in groups['workers']", false],
    ["'control_plane' in group_names", true],
    ['join_result is changed', true],
    ['join_result is succeeded and not ansible_check_mode', true],
    ["'joined' in join_result.stdout", true],
    ["kube_version is version('1.28', '>=')", true],
    ['node_token is not defined', true],
    [
      "ansible_facts['distribution'] == 'Debian' and ansible_facts['distribution_major_version'] | int >= 12",
      true,
    ],
    [["inventory_hostname in groups['control_plane']", 'join_result.rc == 0'], true],
    ["'10.244.3.7' | ansible.utils.ipaddr(pod_network_cidr)", true],
    ["'10.245.3.7' | ansible.utils.ipaddr(pod_network_cidr)", false],
    ["'10.244.3.7' is ansible.utils.in_network(pod_network_cidr)", true],
  ])('%j', (cond, expected) => {
    expect(evaluateCondition(cond, scope)).toBe(expected);
  });
});

describe('a kubeadm config template file', () => {
  const template = `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
clusterName: {{ cluster_name }}
kubernetesVersion: v{{ kube_version }}
controlPlaneEndpoint: "{{ hostvars[groups['control_plane'][0]].ansible_host }}:6443"
networking:
  podSubnet: {{ pod_network_cidr }}
  serviceSubnet: {{ service_cidr }}
  dnsDomain: cluster.local
apiServer:
  certSANs:
{{#each groups.control_plane as |host|}}
    - {{ hostvars[host].ansible_host }}
{{/each}}
{{#if extra_args | default(false)}}
  extraArgs: {{ extra_args | to_json }}
{{/if}}
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
clusterDNS:
  - {{ service_cidr | ipaddr(10) | ipaddr('address') }}
`;

  it('renders as the cluster roles need it', () => {
    expect(renderString(template, scope)).toBe(`apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
clusterName: lab
kubernetesVersion: v1.29.3
controlPlaneEndpoint: "198.18.0.11:6443"
networking:
  podSubnet: 10.244.0.0/16
  serviceSubnet: 10.96.0.0/12
  dnsDomain: cluster.local
apiServer:
  certSANs:
    - 198.18.0.11
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
clusterDNS:
  - 10.96.0.10
`);
  });

  it('renders the optional block when its variable is set', () => {
    const out = renderString(template, { ...scope, extra_args: { 'audit-log-maxage': '30' } });
    expect(out).toContain('  extraArgs: {"audit-log-maxage": "30"}\n---');
  });
});

describe('lookups go through the engine-supplied readers', () => {
  const lookups = {
    file: (p: string) => (p === '/keys/id.pub' ? 'ssh-ed25519 AAAA key\n' : missing(p)),
    env: (n: string) => (n === 'HOME' ? '/root' : undefined),
    template: (p: string) => `rendered ${p}`,
  };
  function missing(p: string): never {
    throw new Error(`no such file: ${p}`);
  }
  it.each([
    ["{{ lookup('file', '/keys/id.pub') }}", 'ssh-ed25519 AAAA key'],
    ["{{ lookup('env', 'HOME') }}", '/root'],
    ["{{ lookup('env', 'NOPE') }}", ''],
    ["{{ lookup('env', 'NOPE', default='x') }}", 'x'],
    ["{{ lookup('ansible.builtin.template', 'a.j2') }}", 'rendered a.j2'],
    ["{{ query('env', 'HOME', 'NOPE') | length }}", '2'],
    ["{{ lookup('vars', 'cluster_name') }}", 'lab'],
  ])('%s', (template, expected) => {
    expect(renderString(template, scope, { lookups })).toBe(expected);
  });

  it('a failing read is a PRV311 error naming the term', () => {
    expect(() => renderString("{{ lookup('file', '/nope') }}", scope, { lookups })).toThrow(
      expect.objectContaining({ code: 'PRV311', message: expect.stringContaining('/nope') }),
    );
  });
});
