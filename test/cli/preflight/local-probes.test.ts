import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectProbes } from '../../../src/cli/preflight/collect-probes.js';
import { LocalTransport } from '../../../src/transport/local-transport.js';
import { runCli, writeTree } from '../../support/cli.js';

describe('provision preflight on this machine (read-only probes, local connection)', () => {
  it('runs every real probe in one round trip and gets readable answers', async () => {
    const transport = new LocalTransport('localhost');
    const [outcome] = await collectProbes(['localhost'], async () => ({ transport }));
    expect(outcome?.reached).toBe(true);
    expect(transport.counters().roundTrips).toBe(1);
    if (!outcome?.reached) return;
    expect(outcome.results.swaps.out.split('\n')[0]).toMatch(/^Filename\s+Type\s+Size\s+Used\s+Priority/);
    expect(outcome.results.ipForward.out.trim()).toMatch(/^[01]$/);
    expect(outcome.results.identity.out.trim()).toMatch(/^\d+$/);
    expect(outcome.results.osRelease.out).toMatch(/^ID=/m);
  });

  it('prints findings or a clean summary through the CLI and exits 0 or 2, never crashing', async () => {
    const root = writeTree({
      'hosts.ini': '[control_plane]\nlocalhost ansible_connection=local kube_version=1.31.4\n',
    });
    const run = await runCli(['preflight', '-i', join(root, 'hosts.ini')]);
    expect(run.stderr).toBe('');
    expect([0, 2]).toContain(run.code);
    const lines = run.stdout.split('\n');
    expect(lines.at(-1)).toMatch(/^preflight: 1 host, \d+ errors?, \d+ warnings?, 0 unreachable$/);
    for (const l of lines.slice(0, -1))
      expect(l).toMatch(/^(ERROR|WARNING) PRV8[12]\d( localhost)?: .+ — fix: .+/);
    const json = await runCli(['preflight', '-i', join(root, 'hosts.ini'), '--output', 'json']);
    const doc = JSON.parse(json.stdout) as { exit: number; findings: { code: string }[] };
    expect(doc.exit).toBe(json.code);
    expect(doc.findings).toHaveLength(lines.length - 1);
  });
});
