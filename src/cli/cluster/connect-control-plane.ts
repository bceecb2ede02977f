import type { Inventory } from '../../inventory/index.js';
import type { BecomeOptions, Transport } from '../../transport/transport.js';
import { transportFactory } from '../connect.js';
import { renderedHostVars } from './intent-from-inventory.js';

/** Opens a transport to a host with its inventory connection settings; sudo when not logged in as root. */
export async function connectHost(
  inv: Inventory,
  host: string,
  opts: { acceptNewHostKeys: boolean; extraVars?: Record<string, unknown> },
): Promise<{ transport: Transport; become?: BecomeOptions }> {
  const vars = renderedHostVars(inv, host, opts.extraVars);
  const transport = await transportFactory({ acceptNewHostKeys: opts.acceptNewHostKeys })(host, vars);
  const user = String(vars.ansible_user ?? 'root');
  const password = (vars.ansible_become_password ?? vars.ansible_become_pass) as string | undefined;
  return { transport, become: user === 'root' ? undefined : { user: 'root', method: 'sudo', password } };
}
