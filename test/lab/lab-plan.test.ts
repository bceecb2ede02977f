import { describe, expect, it } from 'vitest';
import { LabError } from '../../src/errors/index.js';
import {
  bridgeAddress,
  bridgeName,
  firstFreeSubnet,
  hostAddress,
  hostVethName,
  subnetIndexOf,
} from '../../src/lab/addresses.js';
import { hostCgroupDirs, isHostCgroup, parseCgroupHierarchies } from '../../src/lab/cgroups.js';
import { defaultGroups, parseGroupsSpec, planHosts } from '../../src/lab/host-plan.js';
import { passwdIds } from '../../src/lab/host-users.js';
import { renderInventory } from '../../src/lab/inventory.js';
import { nspawnArgs } from '../../src/lab/nspawn.js';
import { packagesIndex, releaseFile } from '../../src/lab/repo-index.js';
import { LAB_SOURCES_LIST, planHostRoot, planRootHome } from '../../src/lab/rootfs.js';
import { knownHostsText } from '../../src/lab/ssh-keys.js';

describe('lab addressing', () => {
  it('gives each lab its own /24 in 198.18.0.0/15 and each host .10+N', () => {
    expect(bridgeAddress({ subnetIndex: 0 })).toBe('198.18.0.1');
    expect(hostAddress({ subnetIndex: 0 }, 1)).toBe('198.18.0.11');
    expect(hostAddress({ subnetIndex: 257 }, 3)).toBe('198.19.1.13');
    expect(bridgeName({ subnetIndex: 511 }).length).toBeLessThanOrEqual(15);
    expect(hostVethName({ subnetIndex: 511 }, 200).length).toBeLessThanOrEqual(15);
    expect(() => hostAddress({ subnetIndex: 512 }, 1)).toThrow(RangeError);
  });

  it('reads back subnet indexes and skips those in use', () => {
    expect(subnetIndexOf('198.19.1.13')).toBe(257);
    expect(subnetIndexOf('192.0.2.2')).toBeUndefined();
    expect(firstFreeSubnet(new Set([0, 1, 3]))).toBe(2);
    expect(firstFreeSubnet(new Set(Array.from({ length: 512 }, (_, i) => i)))).toBeUndefined();
  });
});

describe('lab host plan', () => {
  it('defaults to one control-plane host and workers', () => {
    expect(defaultGroups(3)).toEqual([
      { group: 'control_plane', count: 1 },
      { group: 'workers', count: 2 },
    ]);
    expect(defaultGroups(1)).toEqual([{ group: 'control_plane', count: 1 }]);
  });

  it('parses --groups in order and rejects bad specs with PRV606', () => {
    expect(parseGroupsSpec('control_plane=1,workers=2,lb=1')).toEqual([
      { group: 'control_plane', count: 1 },
      { group: 'workers', count: 2 },
      { group: 'lb', count: 1 },
    ]);
    for (const bad of ['workers', 'a-b=1', 'x=1,x=2', 'x=0', 'x=999']) {
      expect(() => parseGroupsSpec(bad), bad).toThrow(LabError);
    }
    try {
      parseGroupsSpec('oops');
    } catch (err) {
      expect((err as LabError).code).toBe('PRV606');
    }
  });

  it('numbers hosts group by group from the index given', () => {
    const hosts = planHosts('lab', { subnetIndex: 2 }, parseGroupsSpec('control_plane=1,workers=2'), 4);
    expect(hosts.map((h) => [h.name, h.group, h.address])).toEqual([
      ['lab-host4', 'control_plane', '198.18.2.14'],
      ['lab-host5', 'workers', '198.18.2.15'],
      ['lab-host6', 'workers', '198.18.2.16'],
    ]);
    expect(new Set(hosts.map((h) => h.netns)).size).toBe(3);
  });
});

describe('lab host root plan', () => {
  const plan = planHostRoot({
    hostname: 'lab-host1',
    machineId: '0123456789abcdef0123456789abcdef',
    hosts: [
      { name: 'lab-host1', address: '198.18.0.11' },
      { name: 'lab-host2', address: '198.18.0.12' },
    ],
    repoUrl: 'http://198.18.0.1:8080/',
    repoHost: '198.18.0.1',
    authorizedKey: 'ssh-ed25519 AAAAclient lab',
    hostKeyPrivate: 'PRIVATE',
    hostKeyPublic: 'ssh-ed25519 AAAAhost root@lab-host1\n',
    machineAptSources: { listDir: ['debian.sources', 'other.list'], hasSourcesList: true },
  });
  const file = (p: string) => plan.files.find((f) => f.path === p);

  it('gives the host its own identity and keys', () => {
    expect(file('/etc/hostname')?.content).toBe('lab-host1\n');
    expect(file('/etc/machine-id')?.content).toBe('0123456789abcdef0123456789abcdef\n');
    expect(file('/etc/ssh/ssh_host_ed25519_key')?.mode).toBe(0o600);
    expect(planRootHome('ssh-ed25519 AAAAclient lab', [{ name: '.bashrc', content: 'x' }])).toEqual([
      { path: '.bashrc', content: 'x', mode: 0o644 },
      { path: '.ssh/authorized_keys', content: 'ssh-ed25519 AAAAclient lab\n', mode: 0o600 },
    ]);
    expect(file('/etc/hosts')?.content).toContain('198.18.0.12\tlab-host2');
  });

  it('points apt only at the lab repository', () => {
    expect(file(LAB_SOURCES_LIST)?.content).toBe('deb [trusted=yes] http://198.18.0.1:8080/ ./\n');
    expect(plan.removals.sort()).toEqual([
      '/etc/apt/sources.list',
      '/etc/apt/sources.list.d/debian.sources',
      '/etc/apt/sources.list.d/other.list',
    ]);
  });

  it('allows key logins, passwords only for labpass, and sudo rules for the lab users', () => {
    const sshd = file('/etc/ssh/sshd_config')?.content ?? '';
    expect(sshd).toMatch(/^PasswordAuthentication no$/m);
    expect(sshd).toMatch(/^PermitRootLogin prohibit-password$/m);
    expect(sshd).toMatch(/Match User labpass\n\s+PasswordAuthentication yes/);
    expect(file('/etc/sudoers.d/provision-lab')).toMatchObject({
      content: 'labuser ALL=(ALL:ALL) NOPASSWD: ALL\nlabpass ALL=(ALL:ALL) ALL\n',
      mode: 0o440,
    });
  });

  it('masks databases, cron, timers and network managers', () => {
    for (const unit of [
      'postgresql.service',
      'cron.service',
      'apt-daily.timer',
      'systemd-networkd.service',
    ]) {
      expect(plan.masks).toContain(unit);
    }
  });
});

describe('lab files', () => {
  it('writes an inventory with groups, the key and strict known_hosts checking', () => {
    const text = renderInventory({
      hosts: [
        { name: 'lab-host1', group: 'control_plane', address: '198.18.0.11' },
        { name: 'lab-host2', group: 'workers', address: '198.18.0.12' },
        { name: 'lab-host3', group: 'workers', address: '198.18.0.13' },
      ],
      privateKeyPath: '/x/id_ed25519',
      knownHostsPath: '/x/known_hosts',
    });
    expect(text).toContain('[control_plane]\nlab-host1 ansible_host=198.18.0.11\n');
    expect(text).toContain(
      '[workers]\nlab-host2 ansible_host=198.18.0.12\nlab-host3 ansible_host=198.18.0.13\n',
    );
    expect(text).toContain('ansible_user=root\nansible_ssh_private_key_file=/x/id_ed25519\n');
    expect(text).toContain(
      "ansible_ssh_common_args='-o UserKnownHostsFile=/x/known_hosts -o StrictHostKeyChecking=yes'",
    );
  });

  it('writes known_hosts under name and address', () => {
    expect(
      knownHostsText([
        { name: 'lab-host1', address: '198.18.0.11', hostKey: 'ssh-ed25519 AAAAkey root@lab-host1\n' },
      ]),
    ).toBe('lab-host1,198.18.0.11 ssh-ed25519 AAAAkey\n');
  });

  it('reads uid and gid from passwd text', () => {
    expect(
      passwdIds('root:x:0:0::/root:/bin/sh\nlabuser:x:1001:1002::/home/labuser:/bin/bash\n', 'labuser'),
    ).toEqual({
      uid: 1001,
      gid: 1002,
    });
    expect(passwdIds('root:x:0:0::/root:/bin/sh\n', 'labpass')).toBeUndefined();
  });

  it('boots with systemd, our network namespace and /proc/sys/net private', () => {
    const args = nspawnArgs({
      machine: 'lab-host1',
      root: '/r',
      rootHome: '/h',
      cgroupDirs: [],
      netns: 'ns1',
      hiddenDir: '/w/.provision/lab',
      consoleLog: '/l',
    });
    expect(args).toEqual(
      expect.arrayContaining([
        '--boot',
        '--register=no',
        '--keep-unit',
        '--machine=lab-host1',
        '--private-network',
        '--network-namespace-path=/run/netns/ns1',
        '--bind=/h:/root',
        '--tmpfs=/tmp:mode=1777',
        '--tmpfs=/w/.provision/lab',
      ]),
    );
  });

  it('indexes packages in file-name order with sizes and digests', () => {
    const pkg = (name: string) => ({
      control: `Package: ${name}\nVersion: 1.0\nArchitecture: all\n`,
      filename: `${name}_1.0_all.deb`,
      size: 10,
      md5: 'm',
      sha256: 's',
    });
    expect(packagesIndex([pkg('zz'), pkg('aa')])).toBe(
      'Package: aa\nVersion: 1.0\nArchitecture: all\nFilename: ./aa_1.0_all.deb\nSize: 10\nMD5sum: m\nSHA256: s\n\n' +
        'Package: zz\nVersion: 1.0\nArchitecture: all\nFilename: ./zz_1.0_all.deb\nSize: 10\nMD5sum: m\nSHA256: s\n',
    );
    const release = releaseFile(new Date(Date.UTC(2026, 0, 2)), [
      { name: 'Packages', size: 3, md5: 'a', sha256: 'b' },
    ]);
    expect(release).toContain('Date: Fri, 02 Jan 2026 00:00:00 GMT\n');
    expect(release).toContain('SHA256:\n b 3 Packages\n');
  });
});

describe('lab cgroups', () => {
  it("puts each host under this process's own cgroup in the unified and name=systemd hierarchies", () => {
    const mounts = [
      'tmpfs /sys/fs/cgroup tmpfs rw 0 0',
      'cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0',
      'cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0',
      'cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0',
    ].join('\n');
    const self = '9:name=systemd:/user.slice/s.scope\n4:memory:/\n0::/user.slice/s.scope\n';
    const h = parseCgroupHierarchies(mounts, self);
    expect(hostCgroupDirs(h, 'provision-lab0-host1')).toEqual([
      '/sys/fs/cgroup/systemd/user.slice/s.scope/provision-lab0-host1',
      '/sys/fs/cgroup/unified/user.slice/s.scope/provision-lab0-host1',
    ]);
    expect(
      hostCgroupDirs(parseCgroupHierarchies('cgroup2 /sys/fs/cgroup cgroup2 rw 0 0', '0::/\n'), 'x'),
    ).toEqual(['/sys/fs/cgroup/x']);
    expect(isHostCgroup('/sys/fs/cgroup/unified/provision-lab0-host1')).toBe(true);
    expect(isHostCgroup('/sys/fs/cgroup/unified')).toBe(false);
    expect(isHostCgroup('/tmp/provision-lab0-host1')).toBe(false);
  });
});
