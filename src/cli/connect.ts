import { LocalTransport } from '../transport/local-transport.js';
import type { SshConnectOptions } from '../transport/ssh/index.js';
import type { Transport } from '../transport/transport.js';

export interface ConnectSettings {
  acceptNewHostKeys: boolean;
  connectTimeoutMs?: number;
  log?: (message: string) => void;
}

/** Builds the engine's transport factory: `ansible_connection: local` runs here, anything else goes over SSH. */
export function transportFactory(
  settings: ConnectSettings,
): (host: string, vars: Record<string, unknown>) => Promise<Transport> {
  return async (host, vars) => {
    if (vars.ansible_connection === 'local') return new LocalTransport(host);
    const { connectSsh } = await import('../transport/ssh/index.js');
    const options: SshConnectOptions = {
      acceptNewHostKeys: settings.acceptNewHostKeys,
      connectTimeoutMs: settings.connectTimeoutMs,
      log: settings.log ? (_level, msg) => settings.log?.(msg) : undefined,
    };
    return connectSsh({ inventory_hostname: host, ...vars }, options);
  };
}
