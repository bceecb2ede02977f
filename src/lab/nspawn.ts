import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LabError } from '../errors/index.js';
import { isOurProcess, stopProcess } from './processes.js';
import { runCommand } from './run-command.js';

export interface MachineSpec {
  machine: string;
  root: string;
  /** The host's own /root, bound over the machine's. */
  rootHome: string;
  netns: string;
  /** Hidden from the host behind an empty tmpfs: the labs' own state (keys, other hosts' roots). */
  hiddenDir: string;
  consoleLog: string;
  /** Cgroups (one per hierarchy) the host's nspawn runs in; see cgroups.ts. */
  cgroupDirs: readonly string[];
}

/**
 * systemd-nspawn boots systemd as PID 1 in the host's root. `--register=no --keep-unit` because the machine has
 * no system bus; `--private-network` with our namespace so /proc/sys/net is the host's own (writable) while the
 * rest of /proc/sys stays read-only; no resolv.conf, timezone or journal linking from the machine.
 */
export function nspawnArgs(spec: MachineSpec): string[] {
  return [
    '--quiet',
    `--directory=${spec.root}`,
    '--boot',
    '--register=no',
    '--keep-unit',
    '--settings=no',
    `--machine=${spec.machine}`,
    '--private-network',
    `--network-namespace-path=/run/netns/${spec.netns}`,
    '--console=read-only',
    '--resolv-conf=off',
    '--timezone=off',
    '--link-journal=no',
    `--bind=${spec.rootHome}:/root`,
    // A host's own /tmp, as on a real machine: not the machine's, which holds other labs' keys and files.
    '--tmpfs=/tmp:mode=1777',
    `--tmpfs=${spec.hiddenDir}`,
  ];
}

/** What identifies a host's nspawn among the machine's processes. */
export function machineMarkers(machine: string): string[] {
  return [`--machine=${machine}`, '--boot'];
}

/** Starts the host detached (it outlives this process) and returns the nspawn PID to record. */
export function startMachine(spec: MachineSpec): number {
  const log = openSync(spec.consoleLog, 'a', 0o600);
  try {
    // The shell joins the host's cgroups, then becomes systemd-nspawn (same PID, nspawn's command line).
    const launch =
      'while [ "$1" != -- ]; do echo $$ > "$1/cgroup.procs" || exit 125; shift; done; shift; exec systemd-nspawn "$@"';
    const child = spawn(
      '/bin/sh',
      ['-c', launch, 'nspawn-launch', ...spec.cgroupDirs, '--', ...nspawnArgs(spec)],
      {
        detached: true,
        stdio: ['ignore', log, log],
      },
    );
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) {
      throw new LabError({ code: 'PRV607', message: `cannot start systemd-nspawn for ${spec.machine}` });
    }
    return child.pid;
  } finally {
    closeSync(log);
  }
}

export function machineRunning(pid: number | null, machine: string): Promise<boolean> {
  return pid === null ? Promise.resolve(false) : isOurProcess(pid, machineMarkers(machine));
}

/** SIGTERM makes nspawn shut the host's systemd down cleanly; SIGKILL after 20 s. */
export function stopMachine(pid: number, machine: string): Promise<void> {
  return stopProcess(pid, machineMarkers(machine), 20_000);
}

/** The host's PID 1 (systemd), as seen from the machine: the nspawn process's child. */
export async function machineInitPid(nspawnPid: number): Promise<number | undefined> {
  try {
    const children = await readFile(`/proc/${nspawnPid}/task/${nspawnPid}/children`, 'utf8');
    const first = children.trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the host's systemd has finished booting (`is-system-running --wait`, asked over its private socket
 * from inside the host's mount namespace), so a host that `up` reports is idle and answers at once. Returns the
 * final state ("running", or "degraded" when a unit failed).
 */
export async function waitForBoot(nspawnPid: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const init = await machineInitPid(nspawnPid);
    if (init !== undefined) {
      const r = await runCommand(
        'nsenter',
        [`--target=${init}`, '--mount', '--', 'systemctl', 'is-system-running', '--wait'],
        undefined,
        Math.max(1_000, deadline - Date.now()),
      );
      const state = r.stdout.trim();
      if (state === 'running' || state === 'degraded') return state;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return 'timeout';
}
