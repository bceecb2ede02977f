import {
  broadcastOf,
  formatAddress,
  type IpNet,
  isPrivateV4,
  netContains,
  netmaskOf,
  networkOf,
  nthAddress,
  parseIp,
  sizeOf,
  tryParseIp,
  usableRange,
} from '../cidr.js';
import { problem } from '../errors.js';
import { typeName } from '../values.js';
import { arg, type FilterSpec, type Kwargs, requireArg } from './types.js';

const addr = (net: IpNet, n: bigint) => formatAddress(net.version, n);
const withPrefix = (net: IpNet, n: bigint) => `${addr(net, n)}/${net.prefix}`;
const single = (net: IpNet) => sizeOf(net) === 1n;
const isNetworkAddress = (net: IpNet) => net.ip === networkOf(net);

/** One ansible.utils ipaddr query on one parsed value; `false` means "does not apply", as there. */
function query(net: IpNet, q: unknown): unknown {
  if (typeof q === 'number' || (typeof q === 'string' && /^-?\d+$/.test(q))) {
    const n = nthAddress(net, Number(q));
    if (n === undefined) return false;
    return single(net) ? addr(net, n) : withPrefix(net, n);
  }
  switch (q) {
    case undefined:
    case null:
    case '':
      return undefined;
    case 'address':
      return single(net) || !isNetworkAddress(net) ? addr(net, net.ip) : false;
    case 'host':
      return single(net) || !isNetworkAddress(net) ? withPrefix(net, net.ip) : false;
    case 'network':
      return addr(net, networkOf(net));
    case 'net':
      return !single(net) && isNetworkAddress(net) ? withPrefix(net, net.ip) : false;
    case 'subnet':
    case 'cidr':
    case 'network/prefix':
      return withPrefix(net, networkOf(net));
    case 'prefix':
      return net.prefix;
    case 'netmask':
      return netmaskOf(net);
    case 'broadcast':
      return net.version === 4 && net.prefix < 31 ? addr(net, broadcastOf(net)) : false;
    case 'size':
      return Number(sizeOf(net));
    case 'first_usable':
      return addr(net, usableRange(net)[0]);
    case 'last_usable':
      return addr(net, usableRange(net)[1]);
    case 'address/prefix':
    case 'host/prefix':
      return !single(net) && !isNetworkAddress(net) ? withPrefix(net, net.ip) : false;
    case 'version':
      return net.version;
    case 'ipv4':
      return net.version === 4 ? undefined : false;
    case 'ipv6':
      return net.version === 6 ? undefined : false;
    case 'private':
      return isPrivateV4(net) ? undefined : false;
    case 'public':
      return net.version === 4 && !isPrivateV4(net) ? undefined : false;
    default: {
      // A network as the query keeps the values inside it: `addrs | ipaddr('10.0.0.0/8')`.
      const within = tryParseIp(q);
      if (within) return netContains(within, net) ? undefined : false;
      throw problem('PRV308', `ipaddr: unknown query ${JSON.stringify(q)}`);
    }
  }
}

/** ipaddr(query) on a value or (filtering) a list, as ansible.utils.ipaddr does. */
function ipaddr(value: unknown, q: unknown, only?: 4 | 6): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => ipaddr(v, q, only)).filter((r) => r !== false && r !== null);
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) {
    value = formatAddress(4, BigInt(value));
  }
  const net = tryParseIp(value);
  if (!net || (only && net.version !== only)) return false;
  const r = query(net, q);
  return r === undefined ? (value as string).trim() : r;
}

const ipaddrFilter =
  (only?: 4 | 6): FilterSpec['fn'] =>
  (input, args, kw) =>
    ipaddr(input, arg(args, kw, 0, 'query', ''), only);

function nthhost(input: unknown, args: unknown[], kw: Kwargs): unknown {
  const net = parseIp(input);
  const n = requireArg(args, kw, 0, 'n', 'nthhost');
  if (typeof n !== 'number') throw problem('PRV308', `nthhost needs a number, not ${typeName(n)}`);
  const a = nthAddress(net, n);
  return a === undefined ? false : addr(net, a);
}

export const cidrFilters: Record<string, FilterSpec> = {
  ipaddr: { fn: ipaddrFilter() },
  ipv4: { fn: ipaddrFilter(4) },
  ipv6: { fn: ipaddrFilter(6) },
  nthhost: { fn: nthhost },
  ipmath: {
    fn: (input, args, kw) => {
      const net = parseIp(input);
      const n = Number(requireArg(args, kw, 0, 'amount', 'ipmath'));
      if (!Number.isInteger(n)) throw problem('PRV308', 'ipmath needs an integer');
      const next = net.ip + BigInt(n);
      if (next < 0n || next >= 1n << BigInt(net.version === 4 ? 32 : 128))
        throw problem('PRV314', 'ipmath result is out of range');
      return addr(net, next);
    },
  },
  network_in_network: {
    fn: (input, args, kw) =>
      netContains(parseIp(input), parseIp(requireArg(args, kw, 0, 'test', 'network_in_network'))),
  },
  network_in_usable: {
    fn: (input, args, kw) => {
      const outer = parseIp(input);
      const inner = parseIp(requireArg(args, kw, 0, 'test', 'network_in_usable'));
      if (!netContains(outer, inner)) return false;
      const [first, last] = usableRange(outer);
      const start = networkOf(inner);
      return start >= first && start + sizeOf(inner) - 1n <= last;
    },
  },
  cidr_network: { fn: (input) => addr(parseIp(input), networkOf(parseIp(input))) },
  cidr_prefix: { fn: (input) => parseIp(input).prefix },
  cidr_netmask: { fn: (input) => netmaskOf(parseIp(input)) },
  cidr_nth: {
    fn: (input, args, kw) => {
      const r = nthhost(input, args, kw);
      if (r === false)
        throw problem('PRV314', `address number ${String(args[0])} is outside ${String(input)}`);
      return r;
    },
  },
  cidr_contains: {
    fn: (input, args, kw) =>
      netContains(parseIp(input), parseIp(requireArg(args, kw, 0, 'other', 'cidr_contains'))),
  },
};

/** ansible.utils tests: `addr is ip_in_network('10.0.0.0/8')` and friends. */
export const cidrTests = {
  ip_in_network: (input: unknown, args: unknown[]) =>
    netContains(parseIp(args[0], 'network'), parseIp(input)),
  in_any_network: (input: unknown, args: unknown[]) => {
    const nets = Array.isArray(args[0]) ? args[0] : [args[0]];
    const ip = parseIp(input);
    return nets.some((n) => netContains(parseIp(n, 'network'), ip));
  },
  ip: (input: unknown) => tryParseIp(input) !== undefined,
  ipv4: (input: unknown) => tryParseIp(input)?.version === 4,
  ipv6: (input: unknown) => tryParseIp(input)?.version === 6,
  ip_address: (input: unknown) => {
    const ip = tryParseIp(input);
    return ip !== undefined && !ip.hasPrefix;
  },
  subnet_of: (input: unknown, args: unknown[]) => netContains(parseIp(args[0], 'network'), parseIp(input)),
  supernet_of: (input: unknown, args: unknown[]) => netContains(parseIp(input), parseIp(args[0], 'network')),
};
