import type { CheckResult } from '../../cluster/convergence/converge.js';
import type { SimulationResult } from '../../cluster/convergence/simulate.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

function roles(labels: Record<string, string>): string {
  const r = Object.keys(labels)
    .filter((k) => k.startsWith(ROLE_PREFIX))
    .map((k) => k.slice(ROLE_PREFIX.length));
  return r.length > 0 ? r.join(',') : '<none>';
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('   ')
      .trimEnd(),
  );
}

/** Per check: converged / converging (with the time it needs) / stuck (with the reason). */
export function checkLines(checks: readonly CheckResult[]): string[] {
  return checks.map((c) => {
    const extra =
      c.status === 'converging' && c.needsMs !== undefined ? ` (about ${Math.ceil(c.needsMs / 1000)}s)` : '';
    return `${c.status.padEnd(10)} ${c.check}${c.reason ? `: ${c.reason}` : ''}${extra}`;
  });
}

/** The predicted cluster after the run, as `--check` prints it after the task plan. */
export function predictedClusterLines(sim: SimulationResult, cni: string): string[] {
  const out = [`PREDICTED CLUSTER (model) ${'*'.repeat(54)}`, ''];
  out.push(
    ...table([
      ['NODE', 'STATUS', 'ROLES', 'POD-CIDR', 'TAINTS', 'LABELS'],
      ...sim.nodes.map((n) => [
        n.name,
        n.ready ? 'Ready' : 'NotReady',
        roles(n.labels),
        n.podCIDR ?? '<none>',
        n.taints.length > 0 ? n.taints.join(',') : '<none>',
        Object.entries(n.labels)
          .filter(
            ([k]) =>
              !k.startsWith(ROLE_PREFIX) &&
              !k.startsWith('kubernetes.io/') &&
              !k.startsWith('beta.kubernetes.io/') &&
              !k.startsWith('node.kubernetes.io/'),
          )
          .map(([k, v]) => `${k}=${v}`)
          .join(',') || '<none>',
      ]),
    ]),
  );
  out.push('', `CNI: ${cni}`, '');
  const owners = new Map<string, { desired: number; running: number }>();
  for (const p of sim.pods) {
    if (p.namespace !== 'kube-system' && p.namespace !== 'kube-flannel' && p.namespace !== 'calico-system')
      continue;
    const owner = p.name.replace(/-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{8,10}$/, '');
    const key = `${p.namespace}/${owner}`;
    const o = owners.get(key) ?? { desired: 0, running: 0 };
    o.desired++;
    if (p.status === 'Running') o.running++;
    owners.set(key, o);
  }
  out.push(
    ...table([
      ['SYSTEM PODS', 'READY'],
      ...[...owners.entries()].sort().map(([k, o]) => [k, `${o.running}/${o.desired}`]),
    ]),
  );
  out.push('', `verdict: ${sim.verdict}${sim.changes.length === 0 ? ' (no change)' : ''}`);
  for (const c of sim.checks.filter((x) => x.status !== 'converged'))
    out.push(`  ${c.status}: ${c.check}${c.reason ? ` — ${c.reason}` : ''}`);
  if (sim.changes.length > 0) out.push('changes:', ...sim.changes.map((c) => `  ${c}`));
  return out;
}
