import { KubeadmError } from './kubeadm-error.js';

const units: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration (`24h0m0s`, `2h`, `90m`, `0`), in milliseconds. */
export function parseGoDuration(text: string, flag: string): number {
  const t = text.trim();
  if (t === '0') return 0;
  let total = 0;
  let consumed = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(m[1]) * (units[m[2] as string] as number);
    consumed += m[0].length;
  }
  if (t === '' || consumed !== t.length) {
    throw new KubeadmError(
      'PRV761',
      `invalid argument "${text}" for "--${flag}" flag: time: invalid duration "${text}"`,
    );
  }
  return total;
}

/** Go's Duration.String(): `24h0m0s`, `2h0m0s`, `30s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}

/** k8s.io/apimachinery duration.ShortHumanDuration, as `kubeadm token list` prints TTLs. */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 365) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}
