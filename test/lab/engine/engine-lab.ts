import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { type HostState, type LabState, labCommand, labDir, readLabState } from '../../../src/lab/index.js';
import { type CliRun, runCli } from '../../support/cli.js';
import { labFiles, requireLab, ssh } from '../lab-support.js';

/** Playbooks the engine's lab tests run, and the repository's own playbooks. */
export const fixtures = resolve('test/fixtures/lab');
export const examplePlaybook = resolve('playbooks/example.yml');
export const nodePrepPlaybook = resolve('bench/vs-ansible/node-prep.yml');

/**
 * One small lab for one test file, plus a log of everything `provision` printed in it, so every file can check at
 * the end that no key or password reached any output.
 */
export interface EngineLab {
  name: string;
  cwd: string;
  dir: string;
  state: LabState;
  inventory: string;
  outputs: string[];
  host(index: number): HostState;
  /** `provision ARGS…` in-process; the output is logged and the elapsed time printed. */
  provision(args: readonly string[], label?: string): Promise<CliRun>;
  /** A real OpenSSH command as root (or `user`) on the host. */
  ssh(index: number, command: string, user?: string): Promise<{ rc: number; stdout: string; stderr: string }>;
  lab(...argv: string[]): Promise<void>;
  reload(): Promise<void>;
  down(): Promise<void>;
}

export async function labUp(name: string, hosts: number): Promise<EngineLab> {
  requireLab();
  const cwd = await mkdtemp(join(tmpdir(), `provision-${name}-`));
  const dir = labDir(cwd, name);
  const outputs: string[] = [];
  const lab = async (...argv: string[]) => {
    await labCommand({ cwd: () => cwd, print: (l) => outputs.push(l) }).parseAsync(
      [...argv, '--name', name],
      {
        from: 'user',
      },
    );
  };
  const started = Date.now();
  await lab('up', '-n', String(hosts));
  console.log(`[${name}] lab up (${hosts} hosts): ${Date.now() - started} ms; ${loadAverage()}`);
  const read = async () => {
    const s = await readLabState(dir);
    if (!s) throw new Error(`lab ${name} has no state`);
    return s;
  };
  const self: EngineLab = {
    name,
    cwd,
    dir,
    state: await read(),
    inventory: labFiles.inventory(dir),
    outputs,
    host(index) {
      const h = self.state.hosts[index];
      if (!h) throw new Error(`lab ${name} has no host #${index}`);
      return h;
    },
    async provision(args, label) {
      const t = Date.now();
      const r = await runCli([...args]);
      outputs.push(r.all);
      console.log(`[${name}] provision ${label ?? args.join(' ')}: exit ${r.code} in ${Date.now() - t} ms`);
      return r;
    },
    ssh: (index, command, user) => ssh(dir, self.host(index), command, user ? { user } : {}),
    lab,
    async reload() {
      self.state = await read();
    },
    async down() {
      await labCommand({ cwd: () => cwd, print: () => undefined })
        .parseAsync(['down', '--name', name], { from: 'user' })
        .catch((e: unknown) => console.log(`[${name}] lab down failed: ${String(e)}`));
      await rm(cwd, { recursive: true, force: true });
    },
  };
  return self;
}

/** The machine's load average, printed next to timings: they mean little without it. */
export function loadAverage(): string {
  return `load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;
}

/** Per-host recap counters from the JSON recap event, or else the text recap (`host : ok=1 changed=0 …`). */
export function recap(output: string): Record<string, Record<string, number>> {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{"type":"recap"')) continue;
    return (JSON.parse(line) as { hosts: Record<string, Record<string, number>> }).hosts;
  }
  const out: Record<string, Record<string, number>> = {};
  for (const line of output.split('\n')) {
    const m = /^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$/.exec(line.trim());
    if (!m?.[1] || !m[2]) continue;
    const counts: Record<string, number> = {};
    for (const kv of m[2].trim().split(/\s+/)) {
      const [k, v] = kv.split('=');
      if (k && v) counts[k] = Number(v);
    }
    out[m[1]] = counts;
  }
  return out;
}

/** Every host of the run has `field` equal to `value` in the recap (and the recap names `hosts` hosts). */
export function expectRecapAll(r: CliRun, hosts: number, field: string, value: number): void {
  const counts = recap(r.stdout);
  expect(Object.keys(counts), r.all).toHaveLength(hosts);
  for (const [host, c] of Object.entries(counts)) expect(c[field], `${host} ${field}\n${r.all}`).toBe(value);
}

/** The secrets a lab holds: the private key's base64 lines and the become password. */
export async function labSecrets(l: EngineLab): Promise<string[]> {
  const key = await readFile(labFiles.privateKey(l.dir), 'utf8');
  const keyLines = key
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.length >= 16 && !s.startsWith('-----'));
  return [...keyLines, l.state.labpassPassword];
}

export function expectNoSecrets(outputs: readonly string[], secrets: readonly string[]): void {
  expect(outputs.length).toBeGreaterThan(0);
  for (const [i, text] of outputs.entries()) {
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5);
      expect(text.includes(secret), `output #${i} shows a secret`).toBe(false);
    }
  }
}

/** An inventory of the given hosts with extra `[all:vars]` lines, written beside the lab's own. */
export async function writeInventory(
  l: EngineLab,
  file: string,
  hosts: ReadonlyArray<{ host: HostState; vars?: string }>,
  vars: readonly string[],
): Promise<string> {
  const path = join(l.cwd, file);
  const lines = [
    '[all]',
    ...hosts.map((h) => `${h.host.name} ansible_host=${h.host.address} ${h.vars ?? ''}`),
  ];
  lines.push('', '[all:vars]', ...vars, '');
  await writeFile(path, lines.join('\n'));
  return path;
}

/** The lab's connection settings as inventory lines: key and strict known_hosts. */
export function labConnectionVars(
  l: EngineLab,
  knownHosts = labFiles.knownHosts(l.dir),
  extra = '',
): string[] {
  return [
    `ansible_ssh_private_key_file=${labFiles.privateKey(l.dir)}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes${extra}'`,
  ];
}

/** Waits until OpenSSH logs into the host again (after sshd was killed and systemd restarted it). */
export async function waitForSsh(l: EngineLab, index: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await l.ssh(index, 'true');
    if (r.rc === 0) return;
    if (Date.now() > until) throw new Error(`host #${index} does not answer SSH: ${r.stderr}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
}
