/** One thing preflight found: stable code, severity, the host (none for inventory-wide findings) and the fix. */
export interface Finding {
  code: PreflightCode;
  severity: 'error' | 'warning';
  host?: string;
  message: string;
  fix: string;
}

/** PRV810–PRV829: preflight findings (titles and hints in src/errors/codes/cli.ts). */
export const PreflightCodes = {
  unreachable: 'PRV810',
  sudo: 'PRV811',
  swap: 'PRV812',
  portInUse: 'PRV813',
  os: 'PRV814',
  arch: 'PRV815',
  ipForward: 'PRV816',
  podServiceOverlap: 'PRV817',
  hostNetworkOverlap: 'PRV818',
  evenControlPlanes: 'PRV819',
  noEndpoint: 'PRV820',
  kubeletSkew: 'PRV821',
  kubeadmSkew: 'PRV822',
  kubectlSkew: 'PRV823',
  badCidr: 'PRV824',
  unreadable: 'PRV825',
} as const;

export type PreflightCode = (typeof PreflightCodes)[keyof typeof PreflightCodes];

/** Exit codes of `provision preflight`: unreachable wins over errors; warnings alone pass. */
export const PreflightExit = { ok: 0, errors: 2, unreachable: 4 } as const;

export function preflightExit(findings: readonly Finding[]): number {
  if (findings.some((f) => f.code === PreflightCodes.unreachable)) return PreflightExit.unreachable;
  if (findings.some((f) => f.severity === 'error')) return PreflightExit.errors;
  return PreflightExit.ok;
}

/** `ERROR PRV812 cp1: swap is on (…) — fix: …` */
export function findingLine(f: Finding): string {
  const where = f.host ? ` ${f.host}` : '';
  return `${f.severity.toUpperCase()} ${f.code}${where}: ${f.message} — fix: ${f.fix}`;
}

export function summaryLine(hostCount: number, findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const unreachable = findings.filter((f) => f.code === PreflightCodes.unreachable).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `preflight: ${plural(hostCount, 'host')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${unreachable} unreachable`;
}
