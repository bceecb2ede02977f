import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type FakeNodeTools, fakeNodeTools } from './fake-node-tools.js';

/** remove-node.yml for a worker, run locally against stand-in kubeadm/kubectl (only a temp directory is
 * written): drain from a control plane that stays, reset on the node, delete the Node — in that order. */
const SLOW = 120_000;
const playbook = join(import.meta.dirname, '..', '..', 'playbooks', 'remove-node.yml');
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

async function run(...extra: string[]) {
  const inv = join(tools.dir, 'inventory.ini');
  writeFileSync(
    inv,
    '[control_plane]\ncp1\ncp2\n\n[workers]\nw1\nw2\n\n[all:vars]\nansible_connection=local\n',
  );
  const vars = join(tools.dir, 'vars.json');
  writeFileSync(
    vars,
    JSON.stringify({
      remove_node: 'w2',
      kube_admin_kubeconfig: join(tools.dir, 'admin.conf'),
      kube_kubelet_kubeconfig: `${tools.dir}/joined-{{ inventory_hostname }}`,
    }),
  );
  return runCli(['-i', inv, playbook, '-e', `@${vars}`, ...extra]);
}

describe('remove-node.yml (worker)', () => {
  it(
    'drains, resets and deletes the node, in that order',
    async () => {
      tools.setNode('w2', { metadata: { name: 'w2' } });
      writeFileSync(join(tools.dir, 'joined-w2'), '');
      const r = await run();
      expect(r.code, r.all).toBe(0);
      const admin = join(tools.dir, 'admin.conf');
      expect(tools.calls()).toEqual([
        `kubectl --kubeconfig ${admin} get node w2 -o name`,
        `kubectl --kubeconfig ${admin} drain w2 --ignore-daemonsets --delete-emptydir-data --force --timeout=300s`,
        'kubeadm reset -f --cri-socket unix:///var/run/containerd/containerd.sock',
        `kubectl --kubeconfig ${admin} delete node w2`,
      ]);
    },
    SLOW,
  );

  it(
    'does nothing for a node that is already gone',
    async () => {
      const r = await run();
      expect(r.code, r.all).toBe(0);
      expect(tools.calls()).toEqual([
        `kubectl --kubeconfig ${join(tools.dir, 'admin.conf')} get node w2 -o name`,
      ]);
    },
    SLOW,
  );
});
