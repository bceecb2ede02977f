/** Parsers for the probe outputs, in the formats the real tools print. Pure. */

export interface SwapArea {
  name: string;
  sizeKib: number;
}

/** /proc/swaps: a header line, then one line per active area (Filename Type Size(KiB) Used Priority). */
export function parseProcSwaps(text: string): SwapArea[] {
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 3 && f[0] !== '')
    .map((f) => ({ name: f[0]!, sizeKib: Number(f[2]) || 0 }));
}

export interface ListeningSocket {
  port: number;
  /** The local address as the source shows it, e.g. 0.0.0.0:6443 or [::]:6443. */
  local: string;
}

const PROC_TCP_LINE =
  /^\s*\d+:\s+([0-9A-Fa-f]+):([0-9A-Fa-f]{4})\s+[0-9A-Fa-f]+:[0-9A-Fa-f]{4}\s+([0-9A-Fa-f]{2})\s/;

/** /proc/net/tcp keeps an IPv4 address as 8 hex digits in host (little-endian) byte order. */
function procAddress(hex: string): string {
  if (hex.length === 8) {
    const bytes = [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    return bytes.join('.');
  }
  return /^0+$/.test(hex) ? '[::]' : '[IPv6]';
}

/**
 * Listening TCP sockets from `ss -ltnH` (State Recv-Q Send-Q Local:Port Peer:Port …) or from /proc/net/tcp and
 * /proc/net/tcp6 (hex local address:port, state 0A = LISTEN); each line is recognised by its own shape.
 */
export function parseListening(text: string): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of text.split('\n')) {
    const proc = PROC_TCP_LINE.exec(line);
    if (proc) {
      if (proc[3]!.toUpperCase() !== '0A') continue;
      const port = Number.parseInt(proc[2]!, 16);
      out.push({ port, local: `${procAddress(proc[1]!)}:${port}` });
      continue;
    }
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'LISTEN' || f.length < 5) continue;
    const local = f[3]!;
    const port = Number(local.slice(local.lastIndexOf(':') + 1));
    if (Number.isInteger(port)) out.push({ port, local });
  }
  return out;
}

export interface HostAddress {
  iface: string;
  cidr: string;
}

/** `ip -o -4 addr show`: `2: eth0    inet 10.0.0.5/24 brd … scope global eth0\       valid_lft …`. */
export function parseIpAddr(text: string): HostAddress[] {
  const out: HostAddress[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+(\S+)\s+inet\s+(\S+)/.exec(line);
    if (m) out.push({ iface: m[1]!.replace(/@.*$/, ''), cidr: m[2]! });
  }
  return out;
}

/** /etc/os-release KEY=value lines (values optionally quoted). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

export interface Semver {
  text: string;
  major: number;
  minor: number;
}

/** The first vMAJOR.MINOR[.PATCH] in a version line: `Kubernetes v1.31.4`, `v1.31.4`. */
export function parseKubeVersion(text: string): Semver | undefined {
  const m = /v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?/.exec(text);
  if (!m) return undefined;
  return { text: m[0].startsWith('v') ? m[0] : `v${m[0]}`, major: Number(m[1]), minor: Number(m[2]) };
}

/** `kubectl version --client -o json` → clientVersion.gitVersion. */
export function parseKubectlVersion(text: string): Semver | undefined {
  try {
    const doc = JSON.parse(text) as { clientVersion?: { gitVersion?: unknown } };
    const git = doc.clientVersion?.gitVersion;
    return typeof git === 'string' ? parseKubeVersion(git) : undefined;
  } catch {
    return undefined;
  }
}
