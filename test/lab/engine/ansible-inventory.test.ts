import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labFiles, run, skipLab } from '../lab-support.js';
import {
  type EngineLab,
  expectNoSecrets,
  expectRecapAll,
  labSecrets,
  labUp,
  loadAverage,
  nodePrepPlaybook,
} from './engine-lab.js';

/** ansible-playbook's recap: `host : ok=N changed=N unreachable=N failed=N …`. */
function ansibleRecap(out: string): Record<string, Record<string, number>> {
  const hosts: Record<string, Record<string, number>> = {};
  for (const m of out.matchAll(/^(\S+)\s+:\s+(ok=.*)$/gm)) {
    if (!m[1] || !m[2]) continue;
    hosts[m[1]] = Object.fromEntries(
      m[2]
        .trim()
        .split(/\s+/)
        .map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]),
    );
  }
  return hosts;
}

// Acceptance 2: the lab's inventory works unchanged with ansible-playbook, host keys checked.
describe.skipIf(skipLab)("the lab's inventory with ansible-playbook", () => {
  let l: EngineLab;
  let ansiblePlaybook = '';
  const HOSTS = 2;
  let runs = 0;
  const ansible = async (inventory: string, label: string, extra: string[] = []) => {
    const t = Date.now();
    const r = await run('env', [
      `ANSIBLE_LOCAL_TEMP=${join(l.cwd, 'ansible-tmp')}`,
      `ANSIBLE_REMOTE_TEMP=/tmp/.ansible-remote`,
      // A control socket per run: a master left over from an earlier run would skip the host-key check.
      `ANSIBLE_SSH_CONTROL_PATH_DIR=${join(l.cwd, `cp-${++runs}`)}`,
      'ANSIBLE_PIPELINING=True',
      'ANSIBLE_NOCOLOR=1',
      'ANSIBLE_RETRY_FILES_ENABLED=0',
      ansiblePlaybook,
      '-i',
      inventory,
      nodePrepPlaybook,
      '-f',
      '10',
      '-e',
      'prep_root=/srv/ans',
      ...extra,
    ]);
    l.outputs.push(r.stdout + r.stderr);
    console.log(
      `[${l.name}] ansible-playbook ${label}: exit ${r.rc} in ${Date.now() - t} ms; ${loadAverage()}`,
    );
    return r;
  };

  beforeAll(async () => {
    const tools = await run('bash', [resolve('bench/ansible-tools.sh')]);
    if (tools.rc !== 0) throw new Error(`bench/ansible-tools.sh failed: ${tools.stderr}`);
    ansiblePlaybook = join(tools.stdout.trim().split('\n').at(-1) ?? '', 'bin/ansible-playbook');
    l = await labUp('engans', HOSTS);
  });
  afterAll(async () => {
    await l?.down();
  });

  it('runs the 30-task playbook with ansible-playbook and re-runs it with changed=0; provision agrees it converged', async () => {
    const first = await ansible(l.inventory, '(first)');
    expect(first.rc, first.stdout + first.stderr).toBe(0);
    const firstRecap = ansibleRecap(first.stdout);
    expect(Object.keys(firstRecap).sort()).toEqual(l.state.hosts.map((h) => h.name).sort());
    for (const c of Object.values(firstRecap)) expect(c).toMatchObject({ failed: 0, unreachable: 0 });

    const again = await ansible(l.inventory, '(re-run)');
    expect(again.rc, again.stdout).toBe(0);
    for (const c of Object.values(ansibleRecap(again.stdout)))
      expect(c, again.stdout).toMatchObject({ changed: 0 });

    // The same files by the same playbook: provision finds nothing to change either.
    const ours = await l.provision(
      ['-i', l.inventory, nodePrepPlaybook, '-e', 'prep_root=/srv/ans'],
      'after ansible',
    );
    expect(ours.code, ours.all).toBe(0);
    expectRecapAll(ours, HOSTS, 'changed', 0);
  }, 1_200_000);

  it('checks host keys: the same inventory with an empty known_hosts file is refused', async () => {
    const emptyKnownHosts = join(l.cwd, 'known_hosts_empty');
    await writeFile(emptyKnownHosts, '');
    const original = await readFile(labFiles.inventory(l.dir), 'utf8');
    const inventory = join(l.cwd, 'inventory-unknown.ini');
    await writeFile(inventory, original.replace(labFiles.knownHosts(l.dir), emptyKnownHosts));
    const r = await ansible(inventory, '(unknown host keys)');
    expect(r.rc, r.stdout).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Host key verification failed/);
    for (const c of Object.values(ansibleRecap(r.stdout))) expect(c.unreachable).toBe(1);
    expect(await readFile(emptyKnownHosts, 'utf8')).toBe('');
  }, 600_000);

  it('shows no private key or password in any output', async () => {
    expectNoSecrets(l.outputs, await labSecrets(l));
  });
});
