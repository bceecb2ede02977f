/**
 * bench/vs-ansible: provision against Ansible on the same lab hosts, same playbook, same machine, same run.
 * Each tool gets fresh hosts for its first run, then re-runs (idempotent: changed=0). Prints one line:
 * vs-ansible: ansible_first_s=A provision_first_s=B ratio_first=A/B ansible_rerun_s=C provision_rerun_s=D
 *             ratio_rerun=C/D round_trips_per_task_host=R
 * Usage (root): npx tsx bench/vs-ansible.ts [--hosts 10]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const playbook = join(import.meta.dirname, 'vs-ansible', 'node-prep.yml');
const hostsArg = process.argv.indexOf('--hosts');
const hosts = hostsArg > 0 ? Number(process.argv[hostsArg + 1]) : 10;
const work = mkdtempSync(join(tmpdir(), 'vs-ansible-'));
const lab = 'bench';
const inventory = join(work, '.provision', 'lab', lab, 'inventory.ini');
const provisionBin = join(root, 'bin', 'provision.js');

function provision(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number; stdout: string; seconds: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [provisionBin, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0)
    throw new Error(`provision ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { status: r.status ?? 1, stdout: r.stdout, seconds };
}

function freshLab(): void {
  provision(['lab', 'down', '--name', lab]);
  provision(['lab', 'up', '-n', String(hosts), '--name', lab]);
}

function ansible(tools: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(join(tools, 'bin', 'ansible-playbook'), ['-i', inventory, '-f', '10', playbook], {
    cwd: work,
    encoding: 'utf8',
    env: {
      ...process.env,
      ANSIBLE_PIPELINING: 'True',
      ANSIBLE_HOST_KEY_CHECKING: 'True',
      ANSIBLE_FORKS: '10',
      ANSIBLE_NOCOLOR: '1',
    },
    maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0)
    throw new Error(
      `ansible-playbook failed (${r.status}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`,
    );
  if (!/failed=0/.test(r.stdout))
    throw new Error(`ansible-playbook reported failures:\n${r.stdout.slice(-4000)}`);
  return seconds;
}

const tools = execFileSync(
  'bash',
  [join(import.meta.dirname, 'ansible-tools.sh'), join(root, '.provision', 'tools', 'ansible')],
  { encoding: 'utf8' },
).trim();

try {
  freshLab();
  const ansibleFirst = ansible(tools);
  const ansibleRerun = ansible(tools);
  freshLab();
  const first = provision(['-i', inventory, playbook, '-f', '50']);
  const rerun = provision(['-i', inventory, playbook, '-f', '50', '--output', 'json']);
  const recap = rerun.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map(
      (l) =>
        JSON.parse(l) as {
          type: string;
          hosts?: Record<string, { changed: number; failed: number }>;
          counters?: Record<string, { roundTrips: number }>;
        },
    )
    .find((e) => e.type === 'recap');
  if (!recap?.hosts || !recap.counters) throw new Error('no recap in the re-run output');
  const changed = Object.values(recap.hosts).reduce((n, h) => n + h.changed + h.failed, 0);
  if (changed !== 0) throw new Error(`provision re-run was not idempotent: ${changed} changed/failed`);
  const taskHosts = 31 * Object.keys(recap.hosts).length;
  const roundTrips = Object.values(recap.counters).reduce((n, c) => n + c.roundTrips, 0);
  const f = (n: number) => n.toFixed(2);
  const line = `vs-ansible: ansible_first_s=${f(ansibleFirst)} provision_first_s=${f(first.seconds)} ratio_first=${f(ansibleFirst / first.seconds)} ansible_rerun_s=${f(ansibleRerun)} provision_rerun_s=${f(rerun.seconds)} ratio_rerun=${f(ansibleRerun / rerun.seconds)} round_trips_per_task_host=${f(roundTrips / taskHosts)}`;
  if (process.argv.includes('--record')) {
    appendFileSync(
      join(import.meta.dirname, 'RESULTS.md'),
      `\n- ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), ${hosts} lab hosts:\n  \`${line}\`\n`,
    );
  }
  console.log(line);
} finally {
  provision(['lab', 'down', '--name', lab]);
}
