import { describe, expect, it } from 'vitest';
import { FACT_PROBES } from '../../src/facts/fact-probes.js';
import { parseFacts } from '../../src/facts/parse-facts.js';
import { setupModule } from '../../src/facts/setup-module.js';
import { runModuleCase } from '../support/module-harness.js';

const debianHost = {
  hostname: 'node1\n',
  fqdn: 'node1.lab.example\n',
  osRelease:
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n',
  uname: 'Linux\n6.1.0-18-amd64\nx86_64\n#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1\n',
  meminfo:
    'MemTotal:       24576000 kB\nMemFree:        20480000 kB\nSwapTotal:       2097148 kB\nSwapFree:        2097148 kB\n',
  cpus: '2\n2\n',
  initComm: 'systemd\n',
  addrs:
    '1: lo    inet 127.0.0.1/8 scope host lo\n2: host0    inet 198.18.0.11/24 brd 198.18.0.255 scope global host0\n2: host0    inet6 fe80::1/64 scope link\n',
  defaultRoute: 'default via 198.18.0.1 dev host0 proto static\n',
  defaultRoute6: '',
  user: 'root\n0\n0\n',
  machineId: '0123456789abcdef0123456789abcdef\n',
  epoch: '1764000000\n',
  pkgMgr: '/usr/bin/apt-get\n',
};

describe('facts', () => {
  it('parses the probes into Ansible-named facts', () => {
    const f = parseFacts(debianHost);
    expect(f).toMatchObject({
      hostname: 'node1',
      fqdn: 'node1.lab.example',
      domain: 'lab.example',
      os_family: 'Debian',
      distribution: 'Debian',
      distribution_version: '12',
      distribution_major_version: '12',
      distribution_release: 'bookworm',
      kernel: '6.1.0-18-amd64',
      architecture: 'x86_64',
      system: 'Linux',
      memtotal_mb: 24000,
      swaptotal_mb: 2047,
      processor_vcpus: 2,
      service_mgr: 'systemd',
      all_ipv4_addresses: ['198.18.0.11'],
      default_ipv4: {
        address: '198.18.0.11',
        interface: 'host0',
        gateway: '198.18.0.1',
        prefix: '24',
        netmask: '255.255.255.0',
        network: '198.18.0.0',
      },
      user_id: 'root',
      pkg_mgr: 'apt',
    });
    expect(f.interfaces).toEqual(['lo', 'host0']);
  });

  it('a host missing tools still gives the facts it can', () => {
    const f = parseFacts({ hostname: 'bare\n' });
    expect(f.hostname).toBe('bare');
    expect(f.default_ipv4).toEqual({});
  });

  it('setup gathers everything in one round trip', async () => {
    const rules = Object.entries(FACT_PROBES).map(([k, cmd]) => ({
      match: cmd,
      stdout: debianHost[k as keyof typeof debianHost],
    }));
    const r = await runModuleCase(setupModule, {}, { rules });
    expect(r.transport.counters().roundTrips).toBe(1);
    expect((r.result.ansible_facts as Record<string, unknown>).distribution).toBe('Debian');
  });
});
