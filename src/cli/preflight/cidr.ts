/** IPv4 networks as integer ranges, enough to tell whether two CIDRs share any address. */
export interface Ipv4Net {
  /** As written, for messages. */
  text: string;
  first: number;
  last: number;
}

function ipv4ToInt(addr: string): number | undefined {
  const parts = addr.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** `10.96.0.0/12` → its range; a bare address is a /32. undefined when not IPv4 CIDR notation. */
export function parseIpv4Cidr(text: string): Ipv4Net | undefined {
  const [addr, prefixText] = text.trim().split('/');
  const ip = ipv4ToInt(addr ?? '');
  if (ip === undefined) return undefined;
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32 || (prefixText ?? '32').trim() === '') {
    return undefined;
  }
  const size = 2 ** (32 - prefix);
  const first = Math.floor(ip / size) * size;
  return { text: text.trim(), first, last: first + size - 1 };
}

export function overlaps(a: Ipv4Net, b: Ipv4Net): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Whether the text is an IPv6 CIDR (dual-stack lists may carry one; these checks cover IPv4 only). */
export function looksIpv6(text: string): boolean {
  return text.includes(':');
}
