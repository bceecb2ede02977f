import { isIPv4, isIPv6 } from 'node:net';
import { problem } from './errors.js';

/** An IP address with an optional prefix, as ansible.utils' ipaddr sees it (`10.0.0.5/24` keeps the .5). */
export interface IpNet {
  version: 4 | 6;
  /** The address as written (not masked). */
  ip: bigint;
  prefix: number;
  /** Whether the text carried /prefix or a netmask. */
  hasPrefix: boolean;
}

const BITS = { 4: 32, 6: 128 } as const;

function v4ToBig(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n);
}

function v6ToBig(text: string): bigint {
  let s = text;
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4tail) {
    const n = v4ToBig(v4tail[1]!);
    s = `${s.slice(0, -v4tail[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = 8 - headParts.length - tailParts.length;
  const groups = [...headParts, ...Array<string>(tail === undefined ? 0 : fill).fill('0'), ...tailParts];
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(Number.parseInt(g, 16)), 0n);
}

function maskBits(version: 4 | 6, prefix: number): bigint {
  const bits = BigInt(BITS[version]);
  return ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

function netmaskToPrefix(mask: string): number | undefined {
  if (!isIPv4(mask)) return undefined;
  const m = v4ToBig(mask);
  for (let p = 0; p <= 32; p++) if (maskBits(4, p) === m) return p;
  return undefined;
}

/** Parses `addr`, `addr/prefix` or `addr/netmask`; undefined when it is not an IP. */
export function tryParseIp(value: unknown): IpNet | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const suffix = slash < 0 ? undefined : text.slice(slash + 1);
  if (addr.includes('%')) return undefined;
  const version = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : undefined;
  if (!version) return undefined;
  let prefix: number = BITS[version];
  if (suffix !== undefined) {
    if (/^\d{1,3}$/.test(suffix) && Number(suffix) <= BITS[version]) prefix = Number(suffix);
    else {
      const fromMask = version === 4 ? netmaskToPrefix(suffix) : undefined;
      if (fromMask === undefined) return undefined;
      prefix = fromMask;
    }
  }
  return {
    version,
    ip: version === 4 ? v4ToBig(addr) : v6ToBig(addr),
    prefix,
    hasPrefix: suffix !== undefined,
  };
}

export function parseIp(value: unknown, what = 'value'): IpNet {
  const ip = tryParseIp(value);
  if (!ip)
    throw problem(
      'PRV314',
      `${what} ${JSON.stringify(value) ?? String(value)} is not an IP address or network`,
    );
  return ip;
}

function formatV6(n: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (length ≥ 2) of zero groups.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatAddress(version: 4 | 6, n: bigint): string {
  if (version === 6) return formatV6(n);
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
}

export function networkOf(net: IpNet): bigint {
  return net.ip & maskBits(net.version, net.prefix);
}

export function sizeOf(net: IpNet): bigint {
  return 1n << BigInt(BITS[net.version] - net.prefix);
}

export function broadcastOf(net: IpNet): bigint {
  return networkOf(net) + sizeOf(net) - 1n;
}

export function netmaskOf(net: IpNet): string {
  return formatAddress(net.version, maskBits(net.version, net.prefix));
}

/** Address number `n` of the network (negative counts from the end); undefined outside it. */
export function nthAddress(net: IpNet, n: number): bigint | undefined {
  const size = sizeOf(net);
  const index = n < 0 ? size + BigInt(n) : BigInt(n);
  if (index < 0n || index >= size) return undefined;
  return networkOf(net) + index;
}

/** Whether `inner` (address or network) lies wholly inside `outer`. */
export function netContains(outer: IpNet, inner: IpNet): boolean {
  if (outer.version !== inner.version || inner.prefix < outer.prefix) return false;
  const start = networkOf(inner);
  return start >= networkOf(outer) && start + sizeOf(inner) - 1n <= broadcastOf(outer);
}

/** The usable host range: a network's first and last address are not usable unless it is a /31, /32 or IPv6. */
export function usableRange(net: IpNet): [bigint, bigint] {
  const first = networkOf(net);
  const last = broadcastOf(net);
  if (net.version === 4 && net.prefix < 31) return [first + 1n, last - 1n];
  return [first, last];
}

export function isPrivateV4(net: IpNet): boolean {
  if (net.version !== 4) return false;
  return [
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
  ].some((n) => netContains(tryParseIp(n)!, net));
}
