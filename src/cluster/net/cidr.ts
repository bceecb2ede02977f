/** IPv4 CIDR arithmetic for IPAM (node podCIDRs, Calico blocks, service IPs). Addresses as unsigned 32-bit ints. */
export interface Cidr {
  base: number;
  prefix: number;
}

export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
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

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses `a.b.c.d/n`, normalising the base to the network address; undefined for anything else. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const ip = parseIPv4(m[1] as string);
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  return { base: ip - (ip % size({ base: 0, prefix })), prefix };
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function formatCidr(c: Cidr): string {
  return `${formatIPv4(c.base)}/${c.prefix}`;
}

export function cidrContainsIp(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip < c.base + size(c);
}

/** Whether `inner` lies wholly inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && cidrContainsIp(outer, inner.base);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContainsIp(a, b.base) || cidrContainsIp(b, a.base);
}

/** The i-th subnet of length `prefix` inside `c`, or undefined past the end. */
export function nthSubnet(c: Cidr, prefix: number, i: number): Cidr | undefined {
  if (prefix < c.prefix) return undefined;
  const count = 2 ** (prefix - c.prefix);
  if (i < 0 || i >= count) return undefined;
  return { base: c.base + i * 2 ** (32 - prefix), prefix };
}

export function subnetCount(c: Cidr, prefix: number): number {
  return prefix < c.prefix ? 0 : 2 ** (prefix - c.prefix);
}

/** The n-th address of the range (0 = network address): the 10th of 10.96.0.0/12 is 10.96.0.10. */
export function nthAddress(c: Cidr, n: number): string {
  return formatIPv4(c.base + n);
}
