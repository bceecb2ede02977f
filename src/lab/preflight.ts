import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { LabError } from '../errors/index.js';

export function onPath(command: string, pathVar = process.env.PATH ?? ''): boolean {
  const dirs = [...pathVar.split(delimiter), '/usr/sbin', '/sbin'].filter((d) => d !== '');
  return dirs.some((d) => {
    try {
      accessSync(join(d, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface LabEnvironment {
  uid: number | undefined;
  has: (command: string) => boolean;
}

const machineEnvironment = (): LabEnvironment => ({ uid: process.getuid?.(), has: (c) => onPath(c) });

/** Why the lab cannot run here, or undefined when it can. Tests use this to fail loudly with the reason. */
export function labPrerequisiteProblem(env: LabEnvironment = machineEnvironment()): LabError | undefined {
  if (env.uid !== 0) {
    return new LabError({ code: 'PRV601', message: 'provision lab must run as root' });
  }
  if (!env.has('systemd-nspawn')) {
    return new LabError({ code: 'PRV602', message: 'systemd-nspawn is not installed on this machine' });
  }
  for (const tool of [
    'sshd',
    'ssh',
    'ssh-keygen',
    'ip',
    'mount',
    'nsenter',
    'useradd',
    'chpasswd',
    'dpkg-deb',
  ]) {
    if (!env.has(tool))
      return new LabError({ code: 'PRV611', message: `${tool} is not installed on this machine` });
  }
  return undefined;
}

export function checkLabPrerequisites(): void {
  const problem = labPrerequisiteProblem();
  if (problem) throw problem;
}
