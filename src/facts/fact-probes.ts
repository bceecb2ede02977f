/**
 * The read-only commands that gather facts, run as one batch (one round trip per host). Each tolerates a missing
 * tool: an empty answer leaves that fact out instead of failing the host.
 */
export const FACT_PROBES = {
  hostname: 'hostname 2>/dev/null || cat /etc/hostname',
  fqdn: 'hostname -f 2>/dev/null || hostname',
  osRelease: 'cat /etc/os-release 2>/dev/null',
  uname: 'uname -s; uname -r; uname -m; uname -v',
  meminfo: 'cat /proc/meminfo',
  cpus: 'nproc 2>/dev/null; grep -c ^processor /proc/cpuinfo 2>/dev/null',
  initComm: 'cat /proc/1/comm 2>/dev/null',
  addrs: 'ip -o addr show 2>/dev/null',
  defaultRoute: 'ip -4 route show default 2>/dev/null',
  defaultRoute6: 'ip -6 route show default 2>/dev/null',
  user: 'id -un; id -u; id -g',
  machineId: 'cat /etc/machine-id 2>/dev/null',
  epoch: 'date +%s',
  pkgMgr: 'command -v apt-get dnf yum apk zypper pacman 2>/dev/null | head -n1',
} as const;

export type FactProbeName = keyof typeof FACT_PROBES;
export const FACT_PROBE_NAMES = Object.keys(FACT_PROBES) as FactProbeName[];
