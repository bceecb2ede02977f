import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labFiles, skipLab } from '../lab-support.js';
import {
  type EngineLab,
  expectNoSecrets,
  expectRecapAll,
  fixtures,
  labConnectionVars,
  labSecrets,
  labUp,
  writeInventory,
} from './engine-lab.js';

// ProxyJump through another lab host, with the same key and a known_hosts file holding both hosts.
describe.skipIf(skipLab)('a jump host', () => {
  let l: EngineLab;
  const playbook = join(fixtures, 'client-address.yml');

  beforeAll(async () => {
    l = await labUp('engjump', 2);
  });
  afterAll(async () => {
    await l?.down();
  });

  it('reaches host2 through host1: host2 sees host1 as the SSH client', async () => {
    const [jump, target] = [l.host(0), l.host(1)];
    const inventory = await writeInventory(
      l,
      'jump.ini',
      [{ host: target }],
      ['ansible_user=root', ...labConnectionVars(l, undefined, ` -o ProxyJump=root@${jump.address}`)],
    );
    const r = await l.provision(['-i', inventory, playbook, '-v'], 'through the jump host');
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain(`client address ${jump.address}`);
    expectRecapAll(r, 1, 'changed', 1);
    expect((await l.ssh(1, 'cat /root/through-jump')).stdout).toBe(`via ${target.name}\n`);
    expect((await l.ssh(0, 'test -e /root/through-jump || echo absent')).stdout.trim()).toBe('absent');

    const again = await l.provision(['-i', inventory, playbook], 'through the jump host (re-run)');
    expect(again.code, again.all).toBe(0);
    expectRecapAll(again, 1, 'changed', 0);

    // Directly, host2 sees this machine (the bridge address) as the client: the jump above was real.
    const direct = await writeInventory(
      l,
      'direct.ini',
      [{ host: target }],
      ['ansible_user=root', ...labConnectionVars(l)],
    );
    const d = await l.provision(['-i', direct, playbook, '-v'], 'direct');
    expect(d.code, d.all).toBe(0);
    expect(d.stdout).toContain(`client address ${l.state.bridgeAddress}`);
  });

  it('refuses a jump host whose key is not known, naming it', async () => {
    const [jump, target] = [l.host(0), l.host(1)];
    const onlyTarget = join(l.cwd, 'known_hosts_target_only');
    const lines = (await readFile(labFiles.knownHosts(l.dir), 'utf8'))
      .split('\n')
      .filter((x) => x.includes(target.address));
    await writeFile(onlyTarget, `${lines.join('\n')}\n`);
    const inventory = await writeInventory(
      l,
      'jump-unknown.ini',
      [{ host: target }],
      ['ansible_user=root', ...labConnectionVars(l, onlyTarget, ` -o ProxyJump=root@${jump.address}`)],
    );
    const r = await l.provision(['-i', inventory, playbook], 'unknown jump host');
    expect(r.code, r.all).toBe(4);
    expect(r.all).toContain(jump.address);
    expect(r.all).toMatch(/not known/);
  });

  it('shows no private key or password in any output', async () => {
    expectNoSecrets(l.outputs, await labSecrets(l));
  });
});
