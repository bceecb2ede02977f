/**
 * Lab addressing. Each lab owns one /24 inside 198.18.0.0/15 (the benchmarking range, never routed here):
 * the bridge takes .1, host N takes .(10+N). The subnet index picks the /24 and names the bridge, so two labs on
 * one machine never share names or addresses.
 */
export interface LabAddressing {
  /** 0–511: 198.18.0.0/24 … 198.19.255.0/24. */
  subnetIndex: number;
}

export const SUBNET_COUNT = 512;
const HOST_OFFSET = 10;

function prefix({ subnetIndex }: LabAddressing): string {
  if (!Number.isInteger(subnetIndex) || subnetIndex < 0 || subnetIndex >= SUBNET_COUNT) {
    throw new RangeError(`lab subnet index out of range: ${subnetIndex}`);
  }
  return `198.${18 + Math.floor(subnetIndex / 256)}.${subnetIndex % 256}`;
}

export function subnetCidr(a: LabAddressing): string {
  return `${prefix(a)}.0/24`;
}

export function bridgeAddress(a: LabAddressing): string {
  return `${prefix(a)}.1`;
}

export function bridgeName(a: LabAddressing): string {
  return `prvlab${a.subnetIndex}`;
}

export function hostAddress(a: LabAddressing, index: number): string {
  if (!Number.isInteger(index) || index < 1 || index > 254 - HOST_OFFSET) {
    throw new RangeError(`lab host index out of range: ${index}`);
  }
  return `${prefix(a)}.${HOST_OFFSET + index}`;
}

/** Host side of the veth pair; at most 15 characters as Linux requires. */
export function hostVethName(a: LabAddressing, index: number): string {
  return `pl${a.subnetIndex}h${index}`;
}

export function hostNetnsName(a: LabAddressing, index: number): string {
  return `provision-lab${a.subnetIndex}-host${index}`;
}

/** The subnet index of a 198.18/15 IPv4 address, or undefined for any other address. */
export function subnetIndexOf(ipv4: string): number | undefined {
  const m = /^198\.(18|19)\.(\d{1,3})\.\d{1,3}$/.exec(ipv4);
  if (!m?.[1] || !m[2]) return undefined;
  return (Number(m[1]) - 18) * 256 + Number(m[2]);
}

/** The first subnet index not in use, or undefined when all are taken. */
export function firstFreeSubnet(inUse: ReadonlySet<number>, from = 0): number | undefined {
  for (let i = from; i < SUBNET_COUNT; i++) if (!inUse.has(i)) return i;
  return undefined;
}
