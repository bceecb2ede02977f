import type { BecomeOptions, Transport } from '../../transport/transport.js';
import { byProbeId, type HostProbeOutcome, preflightProbes } from './probes.js';

export type ConnectHost = (host: string) => Promise<{ transport: Transport; become?: BecomeOptions }>;

async function probeHost(host: string, connect: ConnectHost): Promise<HostProbeOutcome> {
  let transport: Transport | undefined;
  try {
    ({ transport } = await connect(host));
    // As the login user, without become: every probe reads what any user may read, and the sudo probe must run
    // as that user to tell whether sudo works.
    const results = await transport.runBatch(preflightProbes().map((p) => p.command));
    return { host, reached: true, results: byProbeId(results) };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { host, reached: false, reason: reason.trim().split('\n')[0] ?? reason };
  } finally {
    await transport?.close().catch(() => undefined);
  }
}

/**
 * Probes every host in parallel: one connection and one runBatch each. A host that cannot be connected to or
 * probed becomes an unreachable outcome, never an exception, so one dead host does not hide the others' findings.
 */
export function collectProbes(hosts: readonly string[], connect: ConnectHost): Promise<HostProbeOutcome[]> {
  return Promise.all(hosts.map((h) => probeHost(h, connect)));
}
