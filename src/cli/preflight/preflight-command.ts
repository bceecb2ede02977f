import { OptionsError } from '../../errors/index.js';
import { connectHost } from '../cluster/connect-control-plane.js';
import { intentFromInventory, renderedHostVars } from '../cluster/intent-from-inventory.js';
import { parseExtraVars } from '../extra-vars.js';
import type { Output } from '../output.js';
import { loadInventoryFor } from '../run-command.js';
import { type ConnectHost, collectProbes } from './collect-probes.js';
import type { InventoryFacts } from './evaluate.js';
import { evaluatePreflight } from './evaluate.js';
import { findingLine, preflightExit, summaryLine } from './finding.js';

export interface PreflightFlags {
  inventory?: string[];
  extraVars?: string[];
  output?: string;
  acceptNewHostKeys?: boolean;
}

export interface PreflightDeps {
  /** How to reach a host; the inventory's connection settings by default (tests script it). */
  connect?: ConnectHost;
}

/**
 * `provision preflight -i INV`: probes every control plane and worker (read-only, one round trip each) and checks
 * them and the inventory against what kubeadm needs. Exit 0 without errors, 2 with errors, 4 with an unreachable host.
 */
export async function preflightCommand(
  flags: PreflightFlags,
  out: Output,
  deps: PreflightDeps = {},
): Promise<number> {
  if (flags.output !== undefined && flags.output !== 'text' && flags.output !== 'json') {
    throw new OptionsError({ code: 'PRV800', message: `--output must be text or json, got ${flags.output}` });
  }
  const cwd = process.cwd();
  const inv = await loadInventoryFor(flags, cwd);
  const extraVars = parseExtraVars(flags.extraVars ?? [], cwd);
  const intent = intentFromInventory(inv, extraVars);
  const hosts = [...intent.controlPlanes, ...intent.workers].map((n) => n.name);
  const vars = new Map(hosts.map((h) => [h, renderedHostVars(inv, h, extraVars)]));
  const facts: InventoryFacts = {
    controlPlaneEndpoint: String(vars.get(hosts[0]!)?.control_plane_endpoint ?? ''),
    becomePasswordHosts: hosts.filter((h) => {
      const v = vars.get(h);
      return v?.ansible_become_password !== undefined || v?.ansible_become_pass !== undefined;
    }),
  };
  const connect: ConnectHost =
    deps.connect ??
    ((host) => connectHost(inv, host, { acceptNewHostKeys: flags.acceptNewHostKeys ?? false, extraVars }));
  const outcomes = await collectProbes(hosts, connect);
  const findings = evaluatePreflight(intent, outcomes, facts);
  const exit = preflightExit(findings);
  if (flags.output === 'json') out.line(JSON.stringify({ hosts, exit, findings }));
  else {
    for (const f of findings) out.line(findingLine(f));
    out.line(summaryLine(hosts.length, findings));
  }
  return exit;
}
