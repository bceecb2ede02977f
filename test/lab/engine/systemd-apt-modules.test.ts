import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPackagesToLabRepo } from '../../../src/lab/index.js';
import { run, skipLab } from '../lab-support.js';
import {
  type EngineLab,
  expectNoSecrets,
  expectRecapAll,
  fixtures,
  labSecrets,
  labUp,
  recap,
} from './engine-lab.js';

// The systemd/service and apt modules against real units and a real repository on lab hosts.
describe.skipIf(skipLab)('systemd, service, apt and dpkg_selections on lab hosts', () => {
  let l: EngineLab;
  const HOSTS = 2;
  const unit = join(fixtures, 'systemd-unit.yml');
  const apt = join(fixtures, 'apt-package.yml');

  beforeAll(async () => {
    l = await labUp('engsvc', HOSTS);
  });
  afterAll(async () => {
    await l?.down();
  });

  const unitState = async () =>
    Promise.all(
      [0, 1].map(async (i) =>
        (await l.ssh(i, 'systemctl is-active prv-sleeper; systemctl is-enabled prv-sleeper')).stdout.trim(),
      ),
    );

  /** Runs a tagged stage: once for real (changes), again (changed=0), then --check (predicts no change). */
  const converge = async (playbook: string, tag: string) => {
    const args = ['-i', l.inventory, playbook, '--tags', tag];
    const first = await l.provision(args, `${tag} (first)`);
    expect(first.code, first.all).toBe(0);
    for (const c of Object.values(recap(first.stdout))) expect(c.changed, first.all).toBeGreaterThan(0);
    const again = await l.provision(args, `${tag} (re-run)`);
    expect(again.code, again.all).toBe(0);
    expectRecapAll(again, HOSTS, 'changed', 0);
    const check = await l.provision([...args, '--check', '--output', 'json'], `${tag} (--check)`);
    expect(check.code, check.all).toBe(0);
    expectRecapAll(check, HOSTS, 'changed', 0);
  };

  it('installs a unit, reloads systemd, starts and enables it; a re-run and --check change nothing', async () => {
    await converge(unit, 'start');
    expect(await unitState()).toEqual(['active\nenabled', 'active\nenabled']);
  });

  it('in check mode predicts stop and mask but leaves the unit running', async () => {
    const check = await l.provision(
      ['-i', l.inventory, unit, '--tags', 'mask', '--check'],
      'mask (--check first)',
    );
    expect(check.code, check.all).toBe(0);
    expectRecapAll(check, HOSTS, 'changed', 2);
    expect(await unitState()).toEqual(['active\nenabled', 'active\nenabled']);
  });

  it('stops, disables and masks the unit, then unmasks it and service starts it again', async () => {
    await converge(unit, 'mask');
    expect(await unitState()).toEqual(['inactive\nmasked', 'inactive\nmasked']);
    await converge(unit, 'unmask');
    expect(await unitState()).toEqual(['active\ndisabled', 'active\ndisabled']);
  });

  it('installs a pinned version from the lab repository, holds it, then removes it although held', async () => {
    const build = join(l.cwd, 'deb');
    const debs: string[] = [];
    for (const version of ['1.0-1', '2.0-1']) {
      const root = join(build, version);
      await mkdir(join(root, 'DEBIAN'), { recursive: true });
      await mkdir(join(root, 'usr/share/prv-eng-test'), { recursive: true });
      await writeFile(
        join(root, 'DEBIAN/control'),
        `Package: prv-eng-test\nVersion: ${version}\nArchitecture: all\nMaintainer: lab <lab@example.invalid>\nDescription: engine lab test package\n`,
      );
      await writeFile(join(root, 'usr/share/prv-eng-test/version'), `${version}\n`);
      const deb = join(build, `prv-eng-test_${version}_all.deb`);
      const built = await run('dpkg-deb', ['--root-owner-group', '--build', root, deb]);
      expect(built.rc, built.stderr).toBe(0);
      debs.push(deb);
    }
    await addPackagesToLabRepo(l.dir, debs);

    await converge(apt, 'install');
    for (const i of [0, 1]) {
      const r = await l.ssh(
        i,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a dpkg-query format, not a template
        "dpkg-query -W -f '${Version} ${db:Status-Want}\\n' prv-eng-test; cat /usr/share/prv-eng-test/version; apt-cache policy prv-eng-test | grep Candidate",
      );
      expect(r.stdout.trim().split('\n')).toEqual(['1.0-1 hold', '1.0-1', '  Candidate: 2.0-1']);
    }

    await converge(apt, 'remove');
    for (const i of [0, 1]) {
      const r = await l.ssh(
        i,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a dpkg-query format, not a template
        "dpkg-query -W -f '${db:Status-Status}\\n' prv-eng-test 2>&1; test -e /usr/share/prv-eng-test/version || echo gone",
      );
      expect(r.stdout).toMatch(/gone/);
      expect(r.stdout).not.toMatch(/^installed$/m);
    }
  });

  it('shows no private key or password in any output', async () => {
    expectNoSecrets(l.outputs, await labSecrets(l));
  });
});
