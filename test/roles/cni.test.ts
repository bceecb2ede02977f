import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type FakeNodeTools, fakeNodeTools } from './fake-node-tools.js';

/**
 * The CNI roles on lab hosts, run locally against a stand-in kubectl (only a temp directory is written): apply
 * once, then only when the manifest changed or the DaemonSet went missing; wait for the rollout; honest --check.
 */
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

async function run(role: string, vars: Record<string, unknown>, ...extra: string[]) {
  const inv = join(tools.dir, 'inventory.ini');
  writeFileSync(
    inv,
    '[control_plane]\ncp1 ansible_host=198.18.0.11\n\n[all:vars]\nansible_connection=local\n',
  );
  const varsFile = join(tools.dir, 'vars.json');
  writeFileSync(
    varsFile,
    JSON.stringify({
      kube_package_source: 'lab',
      lab_repo_url: 'http://198.18.0.1:8080/',
      kube_admin_kubeconfig: join(tools.dir, 'admin.conf'),
      kube_manifest_dir: join(tools.dir, 'manifests'),
      ...vars,
    }),
  );
  const play = join(tools.dir, 'play.yml');
  writeFileSync(play, `- hosts: control_plane[0]\n  gather_facts: false\n  roles: [${role}]\n`);
  return runCli(['-i', inv, play, '-e', `@${varsFile}`, ...extra]);
}

const changed = (stdout: string) => Number(/cp1\s+: ok=\d+\s+changed=(\d+)/.exec(stdout)?.[1]);
const kubectlVerbs = (calls: string[]) =>
  calls.map((c) => c.replace(/--kubeconfig \S+ /, '').replace(/ \/\S+\//, ' DIR/'));

describe('cni-calico role (lab)', () => {
  it(
    'applies once, waits for calico-node, changes nothing on re-run and re-applies when the DaemonSet is gone',
    async () => {
      const first = await run('cni-calico', {});
      expect(first.code, first.all).toBe(0);
      expect(kubectlVerbs(tools.calls())).toEqual([
        'kubectl -n kube-system get daemonset calico-node -o name',
        'kubectl apply -f DIR/calico.yaml',
        'kubectl -n kube-system rollout status daemonset/calico-node --timeout=300s',
      ]);
      expect(changed(first.stdout)).toBeGreaterThan(0);

      const before = tools.calls().length;
      const again = await run('cni-calico', {});
      expect(again.code, again.all).toBe(0);
      expect(changed(again.stdout), again.stdout).toBe(0);
      expect(kubectlVerbs(tools.calls().slice(before))).toEqual([
        'kubectl -n kube-system get daemonset calico-node -o name',
        'kubectl -n kube-system rollout status daemonset/calico-node --timeout=300s',
      ]);

      rmSync(join(tools.dir, 'ds-calico-node'));
      const mark = tools.calls().length;
      const repaired = await run('cni-calico', {});
      expect(repaired.code, repaired.all).toBe(0);
      expect(kubectlVerbs(tools.calls().slice(mark))).toContain('kubectl apply -f DIR/calico.yaml');
    },
    SLOW,
  );

  it(
    '--check before the cluster exists calls no kubectl and reports the apply as unknown',
    async () => {
      const r = await run(
        'cni-calico',
        { kube_admin_kubeconfig: join(tools.dir, 'missing.conf') },
        '--check',
      );
      expect(r.code, r.all).toBe(0);
      expect(tools.calls()).toEqual([]);
      expect(r.stdout).toMatch(/cp1\s+: ok=\d+\s+changed=\d+\s.*unknown=[1-9]/);
    },
    SLOW,
  );

  it(
    '--check on a converged cluster predicts no change',
    async () => {
      expect((await run('cni-calico', {})).code).toBe(0);
      const r = await run('cni-calico', {}, '--check');
      expect(r.code, r.all).toBe(0);
      expect(r.stdout).toMatch(/cp1\s+: ok=\d+\s+changed=0\s.*unknown=0/);
    },
    SLOW,
  );
});

describe('cni-flannel role (lab)', () => {
  it(
    'applies kube-flannel-ds and waits for its rollout',
    async () => {
      const r = await run('cni-flannel', { cni: 'flannel' });
      expect(r.code, r.all).toBe(0);
      expect(kubectlVerbs(tools.calls())).toEqual([
        'kubectl -n kube-flannel get daemonset kube-flannel-ds -o name',
        'kubectl apply -f DIR/kube-flannel.yml',
        'kubectl -n kube-flannel rollout status daemonset/kube-flannel-ds --timeout=300s',
      ]);
    },
    SLOW,
  );

  it(
    'without a pod CIDR it applies but does not wait for a rollout that cannot finish',
    async () => {
      const r = await run('cni-flannel', { cni: 'flannel', pod_network_cidr: '' });
      expect(r.code, r.all).toBe(0);
      expect(kubectlVerbs(tools.calls()).some((c) => c.includes('rollout status'))).toBe(false);
      expect(kubectlVerbs(tools.calls())).toContain('kubectl apply -f DIR/kube-flannel.yml');
    },
    SLOW,
  );
});
