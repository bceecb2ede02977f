import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labFiles, machineValue, run, skipLab } from '../lab-support.js';
import {
  type EngineLab,
  expectNoSecrets,
  expectRecapAll,
  fixtures,
  labSecrets,
  labUp,
  recap,
} from './engine-lab.js';

// File, account, kernel, sysctl and fstab modules against real lab hosts: apply, re-run ok, --check predicts nothing.
describe.skipIf(skipLab)('file and system modules on lab hosts', () => {
  let l: EngineLab;
  const HOSTS = 2;
  let vars: string[] = [];
  let fetchDir = '';

  beforeAll(async () => {
    l = await labUp('engmod', HOSTS);
    fetchDir = join(l.cwd, 'fetched');
    const bundle = join(l.cwd, 'bundle-src');
    await mkdir(join(bundle, 'bundle'), { recursive: true });
    await writeFile(join(bundle, 'bundle/readme.txt'), 'from a controller-side archive\n');
    const archive = join(l.cwd, 'bundle.tar.gz');
    expect((await run('tar', ['-C', bundle, '-czf', archive, 'bundle'])).rc).toBe(0);
    // The lab repository's HTTP server serves any file under its directory.
    await writeFile(join(labFiles.repo(l.dir), 'prv-download.txt'), 'downloaded from the lab repository\n');
    vars = [
      '-e',
      `fetch_dir=${fetchDir}`,
      '-e',
      `archive=${archive}`,
      '-e',
      `repo_url=http://${l.state.bridgeAddress}:${l.state.repoPort}/`,
    ];
  });
  afterAll(async () => {
    await l?.down();
  });

  it('applies copy/template/lineinfile/blockinfile/replace/stat/fetch/unarchive/get_url/user/group/modprobe/mount, then re-runs ok', async () => {
    const args = ['-i', l.inventory, join(fixtures, 'system-modules.yml'), ...vars];
    const first = await l.provision(args, 'system modules (first)');
    expect(first.code, first.all).toBe(0);
    for (const c of Object.values(recap(first.stdout)))
      expect(c.changed, first.all).toBeGreaterThanOrEqual(12);
    // overlay and br_netfilter are the machine's kernel's: present in every host, nothing to load.
    expect(first.stdout).toMatch(/ok: \[engmod-host1\] => \(item=br_netfilter\)/);
    expect(first.stdout).toMatch(/ok: \[engmod-host2\] => \(item=overlay\)/);

    const again = await l.provision(args, 'system modules (re-run)');
    expect(again.code, again.all).toBe(0);
    expectRecapAll(again, HOSTS, 'changed', 0);
    const check = await l.provision(
      [...args, '--check', '--diff', '--output', 'json'],
      'system modules (--check)',
    );
    expect(check.code, check.all).toBe(0);
    expectRecapAll(check, HOSTS, 'changed', 0);
    expectRecapAll(check, HOSTS, 'unknown', 0);
  });

  it('left real files, accounts and an fstab line on each host', async () => {
    for (const [i, h] of l.state.hosts.entries()) {
      const r = await l.ssh(
        i,
        [
          'cd /srv/prv-modules',
          'cat copied.txt edited.conf app.conf downloaded.txt bundle/readme.txt',
          "stat -c '%a' copied.txt",
          'id -u prvuser; getent group prvgroup | cut -d: -f3; test -d /home/prvuser && echo home',
          "grep '^tmpfs /mnt/prv ' /etc/fstab",
          'test -e /mnt/prv && mountpoint -q /mnt/prv && echo mounted || echo not-mounted',
        ].join('; '),
      );
      expect(r.stdout).toContain(`copied to ${h.name}\n`);
      expect(r.stdout).toMatch(/^port = 9090$/m);
      expect(r.stdout).toMatch(/^name = second$/m);
      expect(r.stdout).toMatch(
        /# BEGIN ANSIBLE MANAGED BLOCK\n\[extra\]\nenabled = true\n# END ANSIBLE MANAGED BLOCK/,
      );
      expect(r.stdout).toContain(`host = ${h.name}\nport = 8080\n`);
      expect(r.stdout).toContain('downloaded from the lab repository\n');
      expect(r.stdout).toContain('from a controller-side archive\n');
      expect(r.stdout).toMatch(/^640\n2345\n2345\nhome\ntmpfs \/mnt\/prv tmpfs size=1m/m);
      // state=present writes fstab only: nothing is mounted.
      expect(r.stdout.trim().split('\n').at(-1)).toBe('not-mounted');
      const fetched = await readFile(join(fetchDir, h.name, 'srv/prv-modules/app.conf'), 'utf8');
      expect(fetched).toContain(`host = ${h.name}`);
    }
  });

  it('removes the fstab entry with state=absent, once', async () => {
    const args = ['-i', l.inventory, join(fixtures, 'fstab-absent.yml')];
    const first = await l.provision(args, 'fstab absent (first)');
    expect(first.code, first.all).toBe(0);
    expectRecapAll(first, HOSTS, 'changed', 1);
    const again = await l.provision(args, 'fstab absent (re-run)');
    expectRecapAll(again, HOSTS, 'changed', 0);
    for (const i of [0, 1]) expect((await l.ssh(i, 'grep -c /mnt/prv /etc/fstab')).stdout.trim()).toBe('0');
  });

  it('sets net.ipv4.ip_forward on one host only: not the other, not the machine', async () => {
    const machineBefore = await machineValue('/proc/sys/net/ipv4/ip_forward');
    const args = ['-i', l.inventory, join(fixtures, 'sysctl-forward.yml'), '-l', l.host(0).name];
    const first = await l.provision(args, 'sysctl (first)');
    expect(first.code, first.all).toBe(0);
    expectRecapAll(first, 1, 'changed', 1);
    const again = await l.provision(args, 'sysctl (re-run)');
    expectRecapAll(again, 1, 'changed', 0);
    const check = await l.provision([...args, '--check'], 'sysctl (--check)');
    expectRecapAll(check, 1, 'changed', 0);
    expect((await l.ssh(0, 'cat /proc/sys/net/ipv4/ip_forward')).stdout.trim()).toBe('1');
    expect((await l.ssh(0, 'grep -h ip_forward /etc/sysctl.conf')).stdout).toMatch(
      /^net\.ipv4\.ip_forward\s*=\s*1$/m,
    );
    expect((await l.ssh(1, 'cat /proc/sys/net/ipv4/ip_forward')).stdout.trim()).toBe('0');
    expect(await machineValue('/proc/sys/net/ipv4/ip_forward')).toBe(machineBefore);
  });

  it('shows no private key or password in any output', async () => {
    expectNoSecrets(l.outputs, await labSecrets(l));
  });
});
