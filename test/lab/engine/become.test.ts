import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipLab } from '../lab-support.js';
import {
  type EngineLab,
  expectNoSecrets,
  expectRecapAll,
  fixtures,
  labConnectionVars,
  labSecrets,
  labUp,
  recap,
  writeInventory,
} from './engine-lab.js';

// become through sudo as a non-root SSH user: without a password (labuser) and with one (labpass).
describe.skipIf(skipLab)('become as a non-root user on a lab host', () => {
  let l: EngineLab;
  const playbook = join(fixtures, 'become.yml');
  const wrongPassword = `wrong-${randomBytes(9).toString('hex')}`;

  beforeAll(async () => {
    l = await labUp('engbecome', 1);
  });
  afterAll(async () => {
    await l?.down();
  });

  const inventoryFor = (file: string, user: string, password?: string) =>
    writeInventory(
      l,
      file,
      [{ host: l.host(0) }],
      [
        `ansible_user=${user}`,
        'ansible_become=true',
        ...(password === undefined ? [] : [`ansible_become_password=${password}`]),
        ...labConnectionVars(l),
      ],
    );

  const ownerModeOf = async (path: string) => (await l.ssh(0, `stat -c '%U %G %a' ${path}`)).stdout.trim();

  for (const [user, withPassword] of [
    ['labuser', false],
    ['labpass', true],
  ] as const) {
    it(`${user} (sudo ${withPassword ? 'with' : 'without'} a password) writes root-owned files; a re-run changes nothing`, async () => {
      const inventory = await inventoryFor(
        `${user}.ini`,
        user,
        withPassword ? l.state.labpassPassword : undefined,
      );
      const first = await l.provision(['-i', inventory, playbook, '-vvv'], `become ${user} (first)`);
      expect(first.code, first.all).toBe(0);
      // The directory is shared by both users' runs; the file is this user's own.
      expect(first.stdout).toMatch(
        new RegExp(`changed: \\[.+\\] => .*"dest":"/etc/prv-become/${user}\\.conf"`),
      );
      const again = await l.provision(
        ['-i', inventory, playbook, '--output', 'json'],
        `become ${user} (re-run)`,
      );
      expect(again.code, again.all).toBe(0);
      expectRecapAll(again, 1, 'changed', 0);
      const check = await l.provision(
        ['-i', inventory, playbook, '--check', '--diff'],
        `become ${user} (--check)`,
      );
      expect(check.code, check.all).toBe(0);
      expect(recap(check.stdout)[l.host(0).name]?.changed).toBe(0);

      expect(await ownerModeOf('/etc/prv-become')).toBe('root root 750');
      expect(await ownerModeOf(`/etc/prv-become/${user}.conf`)).toBe('root root 640');
      expect((await l.ssh(0, `cat /etc/prv-become/${user}.conf`)).stdout).toBe(
        `written by ${user} through sudo\n`,
      );
      // The user itself cannot read what it wrote as root: the write really went through sudo.
      expect((await l.ssh(0, `cat /etc/prv-become/${user}.conf`, user)).rc).not.toBe(0);
    });
  }

  it('fails clearly with a wrong become password and never echoes it', async () => {
    const inventory = await inventoryFor('labpass-wrong.ini', 'labpass', wrongPassword);
    for (const output of ['text', 'json']) {
      const r = await l.provision(
        ['-i', inventory, playbook, '-vvv', '--output', output],
        `wrong password (${output})`,
      );
      expect(r.code, r.all).not.toBe(0);
      expect(r.all).toMatch(/password/i);
      expect(r.all).toContain(l.host(0).name);
      expect(r.all).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(r.all.includes(wrongPassword)).toBe(false);
    }
    expect(await ownerModeOf('/etc/prv-become/labpass.conf')).toBe('root root 640');
  });

  it('masks the become password a playbook prints on purpose, in text and JSON output', async () => {
    const inventory = await inventoryFor('labpass-echo.ini', 'labpass', l.state.labpassPassword);
    for (const output of ['text', 'json']) {
      const r = await l.provision(
        ['-i', inventory, join(fixtures, 'echo-secrets.yml'), '-vvv', '--diff', '--output', output],
        `echo secrets (${output})`,
      );
      expect(r.code, r.all).toBe(0);
      expect(r.all).toContain('the password is ********');
      expect(r.all.includes(l.state.labpassPassword)).toBe(false);
    }
  });

  it('shows no private key or (wrong) become password in any output', async () => {
    expectNoSecrets(l.outputs, [...(await labSecrets(l)), wrongPassword]);
  });
});
