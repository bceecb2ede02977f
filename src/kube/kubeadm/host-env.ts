import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/** What kubeadm asks of the host besides files: identity, ports, addresses, the kubelet service. */
export interface HostEnv {
  isRoot(): boolean;
  /** Whether something already listens on the TCP port (kubeadm tries to bind it, as here). */
  portInUse(port: number): Promise<boolean>;
  hostname(): string;
  /** The address kubeadm advertises when none is given: the first non-loopback IPv4 address. */
  defaultAddress(): string | undefined;
  /** `systemctl restart kubelet` (kubelet-start); absent systemd is not an error, as kubeadm only warns. */
  restartKubelet(): Promise<void>;
  /** `systemctl stop kubelet` (reset). */
  stopKubelet(): Promise<void>;
}

function systemctl(args: string[]): Promise<void> {
  return new Promise((resolve) => execFile('systemctl', args, { timeout: 30_000 }, () => resolve()));
}

export const realHostEnv: HostEnv = {
  isRoot: () => process.getuid?.() === 0,
  portInUse: (port) =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE'));
      server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(false)));
    }),
  hostname: () => hostname(),
  defaultAddress: () => {
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
    }
    return undefined;
  },
  restartKubelet: () => systemctl(['restart', 'kubelet']),
  stopKubelet: () => systemctl(['stop', 'kubelet']),
};
