import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { LabError } from '../errors/index.js';
import { isOurProcess, stopProcess } from './processes.js';

export interface MachineSpec {
  machine: string;
  root: string;
  netns: string;
  /** Hidden from the host behind an empty tmpfs: the labs' own state (keys, other hosts' roots). */
  hiddenDir: string;
  consoleLog: string;
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
    const child = spawn('systemd-nspawn', nspawnArgs(spec), { detached: true, stdio: ['ignore', log, log] });
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
