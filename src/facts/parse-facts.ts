import type { FactProbeName } from './fact-probes.js';

/** Facts as Ansible names them under ansible_facts (without the ansible_ prefix). */
export type Facts = Record<string, unknown>;

function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^["']|["']$/g, '');
  }
  return out;
}

const OS_FAMILY: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Debian',
  raspbian: 'Debian',
  linuxmint: 'Debian',
  pop: 'Debian',
  rhel: 'RedHat',
  centos: 'RedHat',
  fedora: 'RedHat',
  rocky: 'RedHat',
  almalinux: 'RedHat',
  amzn: 'RedHat',
  ol: 'RedHat',
  sles: 'Suse',
  opensuse: 'Suse',
  'opensuse-leap': 'Suse',
  arch: 'Archlinux',
  alpine: 'Alpine',
};

function kb(meminfo: Record<string, number>, key: string): number | undefined {
  const v = meminfo[key];
  return v === undefined ? undefined : Math.floor(v / 1024);
}

function prefixToNetmask(prefix: number): string {
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.');
}

function networkOf(address: string, prefix: number): string {
  const n = address.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const net = (n & mask) >>> 0;
  return [24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.');
}

interface IfaceAddr {
  iface: string;
  family: 'inet' | 'inet6';
  address: string;
  prefix: number;
}

function parseAddrs(text: string): IfaceAddr[] {
  const out: IfaceAddr[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+(\S+?)(?:@\S+)?\s+(inet6?)\s+([0-9a-fA-F.:]+)\/(\d+)/.exec(line.trim());
    if (m) out.push({ iface: m[1]!, family: m[2] as 'inet' | 'inet6', address: m[3]!, prefix: Number(m[4]) });
  }
  return out;
}

/** Turns the probes' outputs into Ansible-named facts. Pure: tests feed it recorded outputs. */
export function parseFacts(out: Partial<Record<FactProbeName, string>>): Facts {
  const f: Facts = {};
  const lines = (k: FactProbeName) =>
    (out[k] ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  const hostname = lines('hostname')[0];
  if (hostname) {
    f.hostname = hostname.split('.')[0];
    f.nodename = hostname;
  }
  const fqdn = lines('fqdn')[0] ?? hostname;
  if (fqdn) {
    f.fqdn = fqdn;
    f.domain = fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '';
  }
  const os = parseOsRelease(out.osRelease ?? '');
  if (os.ID) {
    const id = os.ID.toLowerCase();
    f.distribution = os.NAME?.split(' ')[0] ?? os.ID;
    if (id === 'debian') f.distribution = 'Debian';
    if (id === 'ubuntu') f.distribution = 'Ubuntu';
    f.distribution_version = os.VERSION_ID ?? '';
    f.distribution_major_version = (os.VERSION_ID ?? '').split('.')[0] ?? '';
    f.distribution_release = os.VERSION_CODENAME ?? '';
    f.os_family = OS_FAMILY[id] ?? OS_FAMILY[(os.ID_LIKE ?? '').split(' ')[0] ?? ''] ?? f.distribution;
  }
  const [system, kernel, machine, kernelVersion] = lines('uname');
  if (system) f.system = system;
  if (kernel) f.kernel = kernel;
  if (machine) {
    f.architecture = machine;
    f.machine = machine;
  }
  if (kernelVersion) f.kernel_version = kernelVersion;
  const meminfo: Record<string, number> = {};
  for (const l of lines('meminfo')) {
    const m = /^(\w+):\s+(\d+)/.exec(l);
    if (m) meminfo[m[1]!] = Number(m[2]);
  }
  if (meminfo.MemTotal !== undefined) {
    f.memtotal_mb = kb(meminfo, 'MemTotal');
    f.memfree_mb = kb(meminfo, 'MemFree');
    f.swaptotal_mb = kb(meminfo, 'SwapTotal') ?? 0;
    f.swapfree_mb = kb(meminfo, 'SwapFree') ?? 0;
  }
  const cpus = lines('cpus')
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0);
  if (cpus.length > 0) {
    f.processor_vcpus = cpus[0];
    f.processor_nproc = cpus[0];
    f.processor_count = cpus[1] ?? cpus[0];
    f.processor_cores = cpus[1] ?? cpus[0];
  }
  const init = lines('initComm')[0];
  if (init) f.service_mgr = init === 'systemd' ? 'systemd' : init;
  const addrs = parseAddrs(out.addrs ?? '');
  const ifaces = [...new Set(addrs.map((a) => a.iface))];
  f.interfaces = ifaces;
  f.all_ipv4_addresses = addrs.filter((a) => a.family === 'inet' && a.iface !== 'lo').map((a) => a.address);
  f.all_ipv6_addresses = addrs.filter((a) => a.family === 'inet6' && a.iface !== 'lo').map((a) => a.address);
  for (const iface of ifaces) {
    const v4 = addrs.find((a) => a.iface === iface && a.family === 'inet');
    const entry: Record<string, unknown> = { device: iface, active: true };
    if (v4)
      entry.ipv4 = {
        address: v4.address,
        prefix: String(v4.prefix),
        netmask: prefixToNetmask(v4.prefix),
        network: networkOf(v4.address, v4.prefix),
      };
    entry.ipv6 = addrs
      .filter((a) => a.iface === iface && a.family === 'inet6')
      .map((a) => ({ address: a.address, prefix: String(a.prefix) }));
    f[iface.replace(/[^A-Za-z0-9_]/g, '_')] = entry;
  }
  const route =
    /default via (\S+) dev (\S+)/.exec(out.defaultRoute ?? '') ??
    /default dev (\S+)/.exec(out.defaultRoute ?? '');
  if (route) {
    const gateway = route.length === 3 ? route[1] : undefined;
    const iface = route.length === 3 ? route[2]! : route[1]!;
    const v4 = addrs.find((a) => a.iface === iface && a.family === 'inet');
    f.default_ipv4 = v4
      ? {
          address: v4.address,
          interface: iface,
          gateway,
          prefix: String(v4.prefix),
          netmask: prefixToNetmask(v4.prefix),
          network: networkOf(v4.address, v4.prefix),
        }
      : { interface: iface, gateway };
  } else f.default_ipv4 = {};
  const route6 = /default via (\S+) dev (\S+)/.exec(out.defaultRoute6 ?? '');
  f.default_ipv6 = route6 ? { gateway: route6[1], interface: route6[2] } : {};
  const [user, uid, gid] = lines('user');
  if (user) f.user_id = user;
  if (uid) f.user_uid = Number(uid);
  if (gid) f.user_gid = Number(gid);
  const mid = lines('machineId')[0];
  if (mid) f.machine_id = mid;
  const epoch = lines('epoch')[0];
  if (epoch)
    f.date_time = { epoch, iso8601: new Date(Number(epoch) * 1000).toISOString().replace(/\.\d+Z$/, 'Z') };
  const pkg = lines('pkgMgr')[0];
  if (pkg) f.pkg_mgr = pkg.split('/').pop() === 'apt-get' ? 'apt' : pkg.split('/').pop();
  return f;
}
