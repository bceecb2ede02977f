import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import {
  FAKE_CA_HASH,
  FAKE_CERT_KEY,
  FAKE_TOKEN,
  type FakeNodeTools,
  fakeNodeTools,
} from './fake-node-tools.js';

/**
 * The join and taints roles' decisions, run locally against stand-in kubeadm/kubectl (every host is local; only
 * a temp directory is written): who joins, one token per run, secrets never shown, and nothing to do on re-run.
 */
let tools: FakeNodeTools;
let savedPath: string | undefined;

beforeEach(() => {
  tools = fakeNodeTools();
  savedPath = process.env.PATH;
  process.env.PATH = `${tools.bin}:${process.env.PATH}`;
  process.env.FAKE_STATE = tools.dir;
  process.env.PROVISION_FACT_CACHE = join(tools.dir, 'facts');
});

afterEach(() => {
  process.env.PATH = savedPath;
});

function write(name: string, text: string): string {
  const p = join(tools.dir, name);
  writeFileSync(p, text);
  return p;
}

const INVENTORY = `[control_plane]
cp1 ansible_host=198.18.0.11
cp2 ansible_host=198.18.0.12

[workers]
w1 ansible_host=198.18.0.21
w2 ansible_host=198.18.0.22 node_labels='{"tier": "db"}' node_taints='[{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]'

[all:vars]
ansible_connection=local
`;

async function run(playbook: string, ...extra: string[]) {
  const inv = write('inventory.ini', INVENTORY);
  const vars = write(
    'vars.json',
    JSON.stringify({
      kube_admin_kubeconfig: join(tools.dir, 'admin.conf'),
      kube_kubelet_kubeconfig: `${tools.dir}/joined-{{ inventory_hostname }}`,
      // Every path these roles write goes to the temp directory, never the machine's.
      kube_root_kubeconfig: `${tools.dir}/root-kube/{{ inventory_hostname }}/config`,
      kube_ready_delay: 0,
      kube_ready_retries: 1,
      control_plane_endpoint: '198.18.0.30:6443',
    }),
  );
  return runCli(['-i', inv, write('play.yml', playbook), '-e', `@${vars}`, ...extra]);
}

const recapChanged = (stdout: string) =>
  Object.fromEntries(
    [...stdout.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)/gm)].map((m) => [m[1], Number(m[2])]),
  );

const JOIN_PLAYS = `
- hosts: control_plane
  gather_facts: false
  serial: 1
  roles: [join]
- hosts: workers
  gather_facts: false
  roles: [join]
`;

// Each test runs the engine a few times on a possibly loaded machine.
const SLOW = 120_000;

describe('join role', () => {
  it(
    'joins only the nodes without a kubelet kubeconfig, with one fresh token, and shows no secret',
    async () => {
      write('joined-w1', '');
      const first = await run(JOIN_PLAYS, '-v');
      expect(first.code, first.all).toBe(0);
      const calls = tools.calls();
      // cp1 is the first control plane (kubeadm init's node): it never joins.
      expect(calls.filter((c) => c.includes('--node-name cp1'))).toEqual([]);
      expect(calls.filter((c) => c.startsWith('kubeadm token create'))).toEqual([
        'kubeadm token create --print-join-command --ttl 1h',
        'kubeadm token create --print-join-command --ttl 1h',
      ]);
      expect(calls).toContain('kubeadm init phase upload-certs --upload-certs');
      expect(calls).toContain(
        `kubeadm join 198.18.0.11:6443 --token ${FAKE_TOKEN} --discovery-token-ca-cert-hash ${FAKE_CA_HASH} ` +
          '--node-name cp2 --cri-socket unix:///var/run/containerd/containerd.sock --control-plane ' +
          `--certificate-key ${FAKE_CERT_KEY} --apiserver-advertise-address 198.18.0.12`,
      );
      expect(calls).toContain(
        `kubeadm join 198.18.0.11:6443 --token ${FAKE_TOKEN} --discovery-token-ca-cert-hash ${FAKE_CA_HASH} ` +
          '--node-name w2 --cri-socket unix:///var/run/containerd/containerd.sock',
      );
      expect(calls.filter((c) => c.includes('--node-name w1'))).toEqual([]);
      expect(first.all).not.toContain(FAKE_TOKEN);
      expect(first.all).not.toContain(FAKE_TOKEN.split('.')[1]);
      expect(first.all).not.toContain(FAKE_CERT_KEY);
      // The joined control plane gets the admin kubeconfig for root.
      expect(readFileSync(join(tools.dir, 'root-kube', 'cp2', 'config'), 'utf8')).toContain('kind: Config');
    },
    SLOW,
  );

  it(
    'a re-run changes nothing and makes no token',
    async () => {
      const first = await run(JOIN_PLAYS);
      expect(first.code, first.all).toBe(0);
      const callsAfterFirst = tools.calls().length;
      expect(callsAfterFirst).toBeGreaterThan(0);
      const again = await run(JOIN_PLAYS);
      expect(again.code, again.all).toBe(0);
      expect(tools.calls().slice(callsAfterFirst)).toEqual([]);
      expect(recapChanged(again.stdout)).toEqual({ cp1: 0, cp2: 0, w1: 0, w2: 0 });
    },
    SLOW,
  );

  it(
    '--check makes no token and leaves the joins unknown',
    async () => {
      const check = await run(JOIN_PLAYS, '--check', '--output', 'json');
      expect(check.code, check.all).toBe(0);
      expect(tools.calls()).toEqual([]);
      const results = check.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { type: string; task?: string; host?: string; status?: string })
        .filter((e) => e.type === 'host_result' && e.task?.startsWith('kubeadm join'));
      expect(results.filter((r) => r.status !== 'skipped').map((r) => [r.host, r.status])).toEqual([
        ['cp2', 'unknown'],
        ['w1', 'unknown'],
        ['w2', 'unknown'],
      ]);
    },
    SLOW,
  );
});

const node = (
  name: string,
  labels: Record<string, string>,
  taints: { key: string; value?: string; effect: string }[],
) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: { taints },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});
const CP_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const CP_LABEL = { 'node-role.kubernetes.io/control-plane': '' };
const TAINT_PLAY = `
- hosts: control_plane:workers
  gather_facts: false
  roles: [taints]
`;

describe('taints role', () => {
  it(
    'removes the control-plane taint and adds the inventory labels and taints that are missing',
    async () => {
      tools.setNode('cp1', node('cp1', CP_LABEL, [CP_TAINT]));
      tools.setNode('cp2', node('cp2', CP_LABEL, []));
      tools.setNode('w1', node('w1', {}, []));
      tools.setNode('w2', node('w2', {}, []));
      const r = await run(TAINT_PLAY, '-e', 'control_plane_taint=remove');
      expect(r.code, r.all).toBe(0);
      const admin = join(tools.dir, 'admin.conf');
      const changes = tools.calls().filter((c) => !c.includes(' get node '));
      expect(changes.sort()).toEqual(
        [
          `kubectl --kubeconfig ${admin} label nodes w2 tier=db --overwrite`,
          `kubectl --kubeconfig ${admin} taint nodes cp1 node-role.kubernetes.io/control-plane:NoSchedule-`,
          `kubectl --kubeconfig ${admin} taint nodes w2 dedicated=db:NoSchedule --overwrite`,
        ].sort(),
      );
      expect(recapChanged(r.stdout)).toEqual({ cp1: 1, cp2: 0, w1: 0, w2: 2 });
    },
    SLOW,
  );

  it(
    'keep puts a missing control-plane taint back',
    async () => {
      tools.setNode('cp1', node('cp1', CP_LABEL, [CP_TAINT]));
      tools.setNode('cp2', node('cp2', CP_LABEL, []));
      tools.setNode('w1', node('w1', {}, []));
      tools.setNode(
        'w2',
        node('w2', { tier: 'db' }, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]),
      );
      const r = await run(TAINT_PLAY);
      expect(r.code, r.all).toBe(0);
      expect(tools.calls().filter((c) => !c.includes(' get node '))).toEqual([
        `kubectl --kubeconfig ${join(tools.dir, 'admin.conf')} taint nodes cp2 node-role.kubernetes.io/control-plane:NoSchedule --overwrite`,
      ]);
    },
    SLOW,
  );

  it(
    'changes nothing on nodes that already match the inventory, in a real run and in --check',
    async () => {
      tools.setNode('cp1', node('cp1', CP_LABEL, [CP_TAINT]));
      tools.setNode('cp2', node('cp2', CP_LABEL, [CP_TAINT]));
      tools.setNode('w1', node('w1', {}, []));
      tools.setNode(
        'w2',
        node('w2', { tier: 'db' }, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]),
      );
      for (const flags of [[], ['--check']]) {
        const r = await run(TAINT_PLAY, ...flags);
        expect(r.code, r.all).toBe(0);
        expect(tools.calls().filter((c) => !c.includes(' get node '))).toEqual([]);
        expect(recapChanged(r.stdout)).toEqual({ cp1: 0, cp2: 0, w1: 0, w2: 0 });
      }
    },
    SLOW,
  );
});
