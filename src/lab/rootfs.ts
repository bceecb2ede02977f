/**
 * What a lab host's root holds on top of the machine's own `/` (the overlay's lower layer): everything that makes
 * it a distinct host. Pure: the plan is data; overlay.ts writes it into the host's upper layer before boot.
 */

export interface RootFile {
  /** Absolute path inside the host. */
  path: string;
  content: string;
  mode: number;
}

export interface HostRootPlan {
  files: RootFile[];
  /** Units masked (linked to /dev/null): services a lab node does not need and that only cost memory or time. */
  masks: string[];
  /** Machine files hidden from the host (apt sources that would point outside the lab). */
  removals: string[];
}

export interface HostRootInput {
  hostname: string;
  machineId: string;
  /** `address name` of every lab host, for /etc/hosts. */
  hosts: ReadonlyArray<{ name: string; address: string }>;
  repoUrl: string;
  repoHost: string;
  authorizedKey: string;
  hostKeyPrivate: string;
  hostKeyPublic: string;
  /** Entries of the machine's /etc/apt/sources.list.d and whether /etc/apt/sources.list exists. */
  machineAptSources: { listDir: readonly string[]; hasSourcesList: boolean };
}

export const LAB_SOURCES_LIST = '/etc/apt/sources.list.d/provision-lab.list';

export const MASKED_UNITS: readonly string[] = [
  'postgresql.service',
  'postgresql@.service',
  'mariadb.service',
  'mysql.service',
  'redis-server.service',
  'cron.service',
  'anacron.service',
  'exim4.service',
  'rsyslog.service',
  'unattended-upgrades.service',
  'console-getty.service',
  'getty@tty1.service',
  'systemd-timesyncd.service',
  // A per-user systemd manager for every first login costs seconds on a busy machine and nothing a node uses.
  'user@.service',
  // The host's address is set from outside in its network namespace; a network manager inside would undo it.
  'systemd-networkd.service',
  'systemd-networkd.socket',
  'systemd-networkd-wait-online.service',
  'networking.service',
  'systemd-resolved.service',
  'ssh.socket',
  'e2scrub_reap.service',
  'apt-daily.timer',
  'apt-daily-upgrade.timer',
  'dpkg-db-backup.timer',
  'e2scrub_all.timer',
  'fstrim.timer',
  'man-db.timer',
];

export function sshdConfig(): string {
  return [
    '# Written by provision lab. Key logins only; labpass may also log in with its password (for auth tests).',
    'Port 22',
    'HostKey /etc/ssh/ssh_host_ed25519_key',
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM yes',
    'X11Forwarding no',
    'PrintMotd no',
    'AcceptEnv LANG LC_*',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    // Many parallel connections from one controller are the normal case for a provisioning tool.
    'MaxStartups 100:30:200',
    'MaxSessions 64',
    'Match User labpass',
    '    PasswordAuthentication yes',
    '',
  ].join('\n');
}

/**
 * The host's /root: its own directory (bind-mounted by nspawn), not the machine's, whose shell start-up files and
 * dot-files belong to the machine's user. Paths are relative to the home directory.
 */
export function planRootHome(
  authorizedKey: string,
  skel: ReadonlyArray<{ name: string; content: string }>,
): RootFile[] {
  return [
    ...skel.map((f) => ({ path: f.name, content: f.content, mode: 0o644 })),
    { path: '.ssh/authorized_keys', content: `${authorizedKey.trim()}\n`, mode: 0o600 },
  ];
}

export function etcHosts(hostname: string, hosts: HostRootInput['hosts']): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  if (!hosts.some((h) => h.name === hostname)) lines.push(`127.0.1.1\t${hostname}`);
  for (const h of hosts) lines.push(`${h.address}\t${h.name}`);
  return `${lines.join('\n')}\n`;
}

export function planHostRoot(input: HostRootInput): HostRootPlan {
  const files: RootFile[] = [
    { path: '/etc/hostname', content: `${input.hostname}\n`, mode: 0o644 },
    { path: '/etc/machine-id', content: `${input.machineId}\n`, mode: 0o444 },
    { path: '/etc/hosts', content: etcHosts(input.hostname, input.hosts), mode: 0o644 },
    {
      path: '/etc/resolv.conf',
      // No nameserver: lookups fail at once instead of waiting on a server the lab cannot reach.
      content: '# Lab hosts have no DNS; names resolve through /etc/hosts.\noptions timeout:1 attempts:1\n',
      mode: 0o644,
    },
    { path: '/etc/ssh/sshd_config', content: sshdConfig(), mode: 0o644 },
    { path: '/etc/ssh/ssh_host_ed25519_key', content: input.hostKeyPrivate, mode: 0o600 },
    { path: '/etc/ssh/ssh_host_ed25519_key.pub', content: input.hostKeyPublic, mode: 0o644 },
    { path: LAB_SOURCES_LIST, content: `deb [trusted=yes] ${input.repoUrl} ./\n`, mode: 0o644 },
    {
      path: '/etc/apt/apt.conf.d/99provision-lab',
      content: `// The lab repository is on the lab bridge: never through a proxy.\nAcquire::http::Proxy::${input.repoHost} "DIRECT";\n`,
      mode: 0o644,
    },
    {
      path: '/etc/sudoers.d/provision-lab',
      content: 'labuser ALL=(ALL:ALL) NOPASSWD: ALL\nlabpass ALL=(ALL:ALL) ALL\n',
      mode: 0o440,
    },
  ];
  const removals = input.machineAptSources.listDir
    .map((entry) => `/etc/apt/sources.list.d/${entry}`)
    .filter((p) => p !== LAB_SOURCES_LIST);
  if (input.machineAptSources.hasSourcesList) removals.push('/etc/apt/sources.list');
  return { files, masks: [...MASKED_UNITS], removals };
}
