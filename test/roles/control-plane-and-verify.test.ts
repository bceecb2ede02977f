import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { FAKE_CERT_KEY, FAKE_TOKEN, type FakeNodeTools, fakeNodeTools } from './fake-node-tools.js';

/** The control-plane and verify roles, run locally against stand-in kubeadm/kubectl; only a temp directory is
 * written. */
const SLOW = 120_000;
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

const INVENTORY = `[control_plane]
cp1 ansible_host=198.18.0.11

[workers]
w1 ansible_host=198.18.0.21 node_labels='{"tier": "db"}' node_taints='[{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]'

[all:vars]
ansible_connection=local
`;

async function run(hosts: string, role: string, vars: Record<string, unknown> = {}, ...extra: string[]) {
  const inv = join(tools.dir, 'inventory.ini');
  writeFileSync(inv, typeof vars.inventory_text === 'string' ? vars.inventory_text : INVENTORY);
  const varsFile = join(tools.dir, 'vars.json');
  writeFileSync(
    varsFile,
    JSON.stringify({
      kube_admin_kubeconfig: join(tools.dir, 'admin.conf'),
      kube_kubeadm_config_path: join(tools.dir, 'etc', 'kubeadm-config.yaml'),
      kube_root_kubeconfig: join(tools.dir, 'root-kube', 'config'),
      kube_admin_conf_dest: join(tools.dir, 'controller', 'admin.conf'),
      kube_ready_retries: 1,
      kube_ready_delay: 0,
      ...vars,
    }),
  );
  const play = join(tools.dir, 'play.yml');
  writeFileSync(play, `- hosts: ${hosts}\n  gather_facts: false\n  roles: [${role}]\n`);
  return runCli(['-i', inv, play, '-e', `@${varsFile}`, ...extra]);
}

const changed = (stdout: string, host: string) =>
  Number(new RegExp(`${host}\\s+: ok=\\d+\\s+changed=(\\d+)`).exec(stdout)?.[1]);

describe('control-plane role', () => {
  it(
    'writes the kubeadm config, runs init once, hands out the admin kubeconfig, and shows no secret',
    async () => {
      rmSync(join(tools.dir, 'admin.conf'));
      const first = await run('control_plane[0]', 'control-plane', {}, '-v');
      expect(first.code, first.all).toBe(0);
      const config = join(tools.dir, 'etc', 'kubeadm-config.yaml');
      expect(tools.calls()).toEqual([`kubeadm init --config ${config} --upload-certs`]);
      expect(readFileSync(config, 'utf8')).toMatch(/kind: InitConfiguration/);
      for (const copy of [
        join(tools.dir, 'root-kube', 'config'),
        join(tools.dir, 'controller', 'admin.conf'),
      ])
        expect(readFileSync(copy, 'utf8')).toContain('kind: Config');
      expect(first.all).not.toContain(FAKE_TOKEN);
      expect(first.all).not.toContain(FAKE_CERT_KEY);

      const again = await run('control_plane[0]', 'control-plane');
      expect(again.code, again.all).toBe(0);
      expect(tools.calls()).toHaveLength(1);
      expect(changed(again.stdout, 'cp1'), again.stdout).toBe(0);
    },
    SLOW,
  );

  it(
    '--check on a fresh host runs nothing and writes nothing',
    async () => {
      rmSync(join(tools.dir, 'admin.conf'));
      const r = await run('control_plane[0]', 'control-plane', {}, '--check');
      expect(r.code, r.all).toBe(0);
      expect(tools.calls()).toEqual([]);
      expect(existsSync(join(tools.dir, 'etc'))).toBe(false);
      expect(existsSync(join(tools.dir, 'controller'))).toBe(false);
      expect(r.stdout).toMatch(/TASK \[kubeadm init\][^\n]*\n[^\n]*unknown/);
    },
    SLOW,
  );

  it(
    'refuses two control planes without control_plane_endpoint',
    async () => {
      const two = await run('control_plane[0]', 'control-plane', {
        inventory_text: INVENTORY.replace('[workers]', 'cp2 ansible_host=198.18.0.12\n\n[workers]'),
      });
      expect(two.code).toBe(2);
      expect(two.all).toMatch(/control_plane_endpoint/);
    },
    SLOW,
  );
});

const node = (name: string, labels: Record<string, string>, taints: object[], ready = 'True') => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: { taints },
  status: { conditions: [{ type: 'Ready', status: ready }] },
});
const CP_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const CP_LABEL = { 'node-role.kubernetes.io/control-plane': '' };
const DB_TAINT = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };

describe('verify role', () => {
  it(
    'passes when every node is Ready with its labels and taints',
    async () => {
      tools.setNode('cp1', node('cp1', CP_LABEL, [CP_TAINT]));
      tools.setNode('w1', node('w1', { tier: 'db' }, [DB_TAINT]));
      const r = await run('control_plane:workers', 'verify');
      expect(r.code, r.all).toBe(0);
      expect(changed(r.stdout, 'cp1') + changed(r.stdout, 'w1')).toBe(0);
    },
    SLOW,
  );

  for (const [what, cp1, w1, message] of [
    [
      'a NotReady node',
      node('cp1', CP_LABEL, [CP_TAINT]),
      node('w1', { tier: 'db' }, [DB_TAINT], 'False'),
      /w1/,
    ],
    [
      'a missing label',
      node('cp1', CP_LABEL, [CP_TAINT]),
      node('w1', {}, [DB_TAINT]),
      /label tier is missing/,
    ],
    ['a missing taint', node('cp1', CP_LABEL, [CP_TAINT]), node('w1', { tier: 'db' }, []), /taint dedicated/],
    [
      'a removed control-plane taint',
      node('cp1', CP_LABEL, []),
      node('w1', { tier: 'db' }, [DB_TAINT]),
      /cp1/,
    ],
  ] as const) {
    it(
      `fails on ${what}`,
      async () => {
        tools.setNode('cp1', cp1);
        tools.setNode('w1', w1);
        const r = await run('control_plane:workers', 'verify');
        expect(r.code, r.all).toBe(2);
        expect(r.all).toMatch(message);
      },
      SLOW,
    );
  }

  it(
    'fails at once for Flannel without a pod CIDR',
    async () => {
      const r = await run('control_plane:workers', 'verify', { cni: 'flannel', pod_network_cidr: '' });
      expect(r.code).toBe(2);
      expect(r.all).toMatch(/pod cidr not assigned/);
      expect(tools.calls()).toEqual([]);
    },
    SLOW,
  );
});
