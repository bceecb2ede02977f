import { describe, expect, it } from 'vitest';
import { findMount, removeFstabEntries, setFstabEntry } from '../../../src/modules/system/fstab.js';
import { mountModule } from '../../../src/modules/system/mount.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';
import { runModuleCase } from '../../support/module-harness.js';

const FSTAB = `# /etc/fstab: static file system information.
UUID=2f6a1c6e-5e3c-4b7c-9d0e-0c1d2e3f4a5b / ext4 errors=remount-ro 0 1
/swap.img\tnone\tswap\tsw\t0\t0
`;
const PROC_MOUNTS = `sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda1 / ext4 rw,relatime,errors=remount-ro 0 0
/dev/sdb1 /var/lib/data\\040dir ext4 rw,relatime 0 0
`;
const rules = (fstab: string | undefined, dir = false): ScriptedRule[] => [
  fstab === undefined
    ? { match: 'if [ -e /etc/fstab ]', rc: 3 }
    : { match: 'if [ -e /etc/fstab ]', stdout: fstab },
  { match: 'cat /proc/mounts', stdout: PROC_MOUNTS },
  { match: '&& echo dir', stdout: dir ? 'dir\n' : '' },
  { match: /^(mkdir|mount|umount|rmdir|b=)/, stdout: '/etc/fstab.2026-11-24@05:50:00~\n' },
];

describe('fstab parsing', () => {
  it('reads escaped mount points from /proc/mounts', () => {
    expect(findMount(PROC_MOUNTS, '/var/lib/data dir')).toEqual({
      src: '/dev/sdb1',
      fstype: 'ext4',
      opts: 'rw,relatime',
    });
    expect(findMount(PROC_MOUNTS, '/mnt')).toBeUndefined();
  });
  it('removes every swap line with the mount point none', () => {
    expect(removeFstabEntries(`${FSTAB}/dev/sdc none swap sw 0 0\n`, 'none')).toBe(
      '# /etc/fstab: static file system information.\nUUID=2f6a1c6e-5e3c-4b7c-9d0e-0c1d2e3f4a5b / ext4 errors=remount-ro 0 1\n',
    );
  });
  it('replaces a differing entry in place and keeps an equal one byte-for-byte', () => {
    const e = { src: '/dev/sdb1', path: '/data', fstype: 'xfs', opts: 'defaults', dump: '0', passno: '2' };
    const withData = setFstabEntry(FSTAB, e);
    expect(withData.endsWith('/dev/sdb1 /data xfs defaults 0 2\n')).toBe(true);
    expect(setFstabEntry(withData, e)).toBe(withData);
    expect(setFstabEntry(withData, { ...e, opts: 'noatime' })).toContain('/dev/sdb1 /data xfs noatime 0 2\n');
  });
});

describe('mount', () => {
  const data = { path: '/data', src: '/dev/sdb1', fstype: 'xfs', opts: 'noatime', passno: 2 };
  const cases: [
    string,
    Record<string, unknown>,
    string | undefined,
    boolean,
    'ok' | 'change',
    string[],
    boolean,
  ][] = [
    [
      'mounted, nothing there → fstab entry, mkdir, mount',
      { ...data, state: 'mounted' },
      FSTAB,
      false,
      'change',
      ['mkdir -p -- /data', 'mount /data'],
      true,
    ],
    ['present → fstab only', { ...data, state: 'present' }, FSTAB, false, 'change', [], true],
    [
      'present and equal → ok',
      { ...data, state: 'present' },
      `${FSTAB}/dev/sdb1 /data xfs noatime 0 2\n`,
      true,
      'ok',
      [],
      false,
    ],
    ['unmounted when not mounted → ok', { path: '/data', state: 'unmounted' }, FSTAB, true, 'ok', [], false],
    [
      'mounted fs with changed options → remount',
      {
        path: '/',
        src: 'UUID=2f6a1c6e-5e3c-4b7c-9d0e-0c1d2e3f4a5b',
        fstype: 'ext4',
        opts: 'noatime',
        passno: 1,
        state: 'mounted',
      },
      FSTAB,
      true,
      'change',
      ['mount -o remount / || { umount / && mount /; }'],
      true,
    ],
    [
      'swap entry absent (path none) → removed from fstab, nothing unmounted',
      { path: 'none', fstype: 'swap', state: 'absent' },
      FSTAB,
      false,
      'change',
      [],
      true,
    ],
    [
      'swap entry already absent → ok',
      { path: 'swap', fstype: 'swap', state: 'absent' },
      FSTAB,
      false,
      'ok',
      [],
      false,
    ],
    [
      'remounted always remounts',
      { path: '/', state: 'remounted' },
      FSTAB,
      true,
      'change',
      ['mount -o remount /'],
      false,
    ],
  ];
  for (const [label, params, fstab, dir, outcome, applied, writes] of cases) {
    it(label, async () => {
      const run = await runModuleCase(mountModule, params, { rules: rules(fstab, dir) });
      expect(run.plan.outcome).toBe(outcome);
      expect(run.applied).toEqual(applied);
      expect(run.transport.puts.map((w) => w.path)).toEqual(writes ? ['/etc/fstab'] : []);
      const check = await runModuleCase(mountModule, params, {
        rules: rules(fstab, dir),
        checkMode: true,
        diffMode: true,
      });
      expect(check.applied).toEqual([]);
      expect(check.transport.puts).toEqual([]);
      expect(check.plan.diff !== undefined).toBe(writes);
    });
  }

  it('the swap diff shows exactly the removed line', async () => {
    const { plan } = await runModuleCase(
      mountModule,
      { path: 'none', fstype: 'swap', state: 'absent' },
      { rules: rules(FSTAB), diffMode: true, checkMode: true },
    );
    expect(plan.diff).toEqual([
      {
        before: FSTAB,
        after: FSTAB.replace('/swap.img\tnone\tswap\tsw\t0\t0\n', ''),
        beforeHeader: '/etc/fstab',
        afterHeader: '/etc/fstab',
      },
    ]);
  });

  it('absent unmounts and removes the mount point; backup copies fstab first', async () => {
    const run = await runModuleCase(
      mountModule,
      { path: '/var/lib/data dir', state: 'absent', backup: true },
      {
        rules: rules(`${FSTAB}/dev/sdb1 /var/lib/data\\040dir ext4 defaults 0 0\n`, true),
      },
    );
    expect(run.applied[0]).toMatch(/^b=\/etc\/fstab\.\$\(date/);
    expect(run.applied.slice(1)).toEqual(["umount '/var/lib/data dir'", "rmdir -- '/var/lib/data dir'"]);
    expect(run.result.backup_file).toBe('/etc/fstab.2026-11-24@05:50:00~');
    expect(run.transport.puts[0]?.content.toString()).toBe(FSTAB);
  });

  it('a failing mount is a failed result', async () => {
    const { result } = await runModuleCase(
      mountModule,
      { ...data, state: 'mounted' },
      {
        rules: [
          ...rules(FSTAB, true).slice(0, 3),
          {
            match: 'mount /data',
            rc: 32,
            stderr: 'mount: /data: special device /dev/sdb1 does not exist.\n',
          },
        ],
      },
    );
    expect(result).toMatchObject({ failed: true, rc: 32, changed: true });
  });

  it.each([
    [{ path: '/data', state: 'mounted' }],
    [{ path: 'data', src: 'x', fstype: 'ext4', state: 'present' }],
    [{ path: 'none', fstype: 'swap', state: 'mounted', src: '/swap.img' }],
    [{ path: '/data', state: 'gone' }],
    [{ src: '/dev/sdb1', state: 'present', fstype: 'xfs' }],
  ])('rejects %j', (p) => expect(mountModule.schema.safeParse(p).success).toBe(false));
});
