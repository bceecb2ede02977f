import { converge, overall } from '../../cluster/convergence/converge.js';
import { HostUnreachable, OptionsError } from '../../errors/index.js';
import { parseExtraVars } from '../extra-vars.js';
import type { Output } from '../output.js';
import { loadInventoryFor } from '../run-command.js';
import { checkLines } from './cluster-report.js';
import { connectHost } from './connect-control-plane.js';
import { intentFromInventory } from './intent-from-inventory.js';
import { readCluster } from './read-cluster.js';

export interface VerifyFlags {
  inventory?: string[];
  extraVars?: string[];
  output?: string;
  acceptNewHostKeys?: boolean;
}

/** Exit codes of `provision verify`. */
export const VerifyExit = { converged: 0, converging: 1, stuck: 2, unreachable: 4 } as const;

/**
 * `provision verify -i INV`: reads the cluster through the first control plane (kubectl JSON over SSH), checks it
 * against the inventory's intent with the model's convergence checks, and prints each check's verdict.
 */
export async function verifyCommand(flags: VerifyFlags, out: Output): Promise<number> {
  const cwd = process.cwd();
  const inv = await loadInventoryFor(flags, cwd);
  const extraVars = parseExtraVars(flags.extraVars ?? [], cwd);
  const intent = intentFromInventory(inv, extraVars);
  const first = intent.controlPlanes[0]!.name;
  if (flags.output !== undefined && flags.output !== 'text' && flags.output !== 'json') {
    throw new OptionsError({ code: 'PRV800', message: `--output must be text or json, got ${flags.output}` });
  }
  let observed: Awaited<ReturnType<typeof readCluster>>;
  try {
    const { transport, become } = await connectHost(inv, first, {
      acceptNewHostKeys: flags.acceptNewHostKeys ?? false,
      extraVars,
    });
    try {
      observed = await readCluster(transport, first, become ? { become } : undefined);
    } finally {
      await transport.close();
    }
  } catch (e) {
    if (e instanceof HostUnreachable) {
      out.error(e.format());
      return VerifyExit.unreachable;
    }
    throw e;
  }
  const checks = observed
    ? converge(intent, observed)
    : [
        {
          check: `cluster on ${first}`,
          status: 'stuck' as const,
          reason: 'no cluster: /etc/kubernetes/admin.conf does not exist (kubeadm init has not run)',
        },
      ];
  const verdict = overall(checks);
  if (flags.output === 'json') out.line(JSON.stringify({ verdict, checks }));
  else {
    for (const l of checkLines(checks)) out.line(l);
    out.line('');
    out.line(`cluster: ${verdict}`);
  }
  return VerifyExit[verdict];
}
