import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labFiles, run, skipLab } from '../lab-support.js';
import {
  type EngineLab,
  examplePlaybook,
  expectNoSecrets,
  labConnectionVars,
  labSecrets,
  labUp,
  recap,
  writeInventory,
} from './engine-lab.js';

/** `SHA256:…` of the first key in a known_hosts or .pub file, as ssh-keygen prints it. */
async function fingerprintOf(file: string): Promise<string> {
  const r = await run('ssh-keygen', ['-l', '-f', file]);
  const fp = /SHA256:\S+/.exec(r.stdout)?.[0];
  if (!fp) throw new Error(`ssh-keygen -lf ${file}: ${r.stdout}${r.stderr}`);
  return fp;
}

/** The fingerprint ssh-keygen finds for `host` in a known_hosts file (hashed entries included). */
async function lookUp(file: string, host: string): Promise<string | undefined> {
  const r = await run('ssh-keygen', ['-l', '-F', host, '-f', file]);
  return /SHA256:\S+/.exec(r.stdout)?.[0];
}

// Host keys are checked like OpenSSH does: a changed key is always refused (both fingerprints shown), an unknown
// host is refused unless --accept-new-host-keys, which records it.
describe.skipIf(skipLab)('SSH host keys against lab hosts', () => {
  let l: EngineLab;
  let labKnownHosts: string[] = [];

  beforeAll(async () => {
    l = await labUp('engkeys', 2);
    labKnownHosts = (await readFile(labFiles.knownHosts(l.dir), 'utf8')).split('\n').filter(Boolean);
  });
  afterAll(async () => {
    await l?.down();
  });

  const inventoryWith = (file: string, knownHosts: string) =>
    writeInventory(
      l,
      file,
      l.state.hosts.map((host) => ({ host })),
      ['ansible_user=root', ...labConnectionVars(l, knownHosts)],
    );

  it('refuses a host whose key was replaced, showing both fingerprints; the other host goes on', async () => {
    const fake = join(l.cwd, 'fake_key');
    expect((await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'fake', '-f', fake])).rc).toBe(0);
    const fakePub = (await readFile(`${fake}.pub`, 'utf8')).trim().split(' ');
    const h1 = l.host(0);
    const replaced = labKnownHosts.map((line) =>
      line.split(' ')[0]?.split(',').includes(h1.address)
        ? `${line.split(' ')[0]} ${fakePub[0]} ${fakePub[1]}`
        : line,
    );
    expect(replaced).not.toEqual(labKnownHosts);
    const knownHosts = join(l.cwd, 'known_hosts_changed');
    await writeFile(knownHosts, `${replaced.join('\n')}\n`);
    const realLine = join(l.cwd, 'real_host1_key');
    await writeFile(realLine, `${labKnownHosts.find((x) => x.includes(h1.address))}\n`);
    const offered = await fingerprintOf(realLine);
    const expected = await fingerprintOf(`${fake}.pub`);
    expect(offered).not.toBe(expected);

    const r = await l.provision(
      ['-i', await inventoryWith('changed.ini', knownHosts), examplePlaybook],
      'changed key',
    );
    expect(r.code, r.all).toBe(4);
    expect(r.all).toMatch(/HAS CHANGED/);
    expect(r.all).toContain(offered);
    expect(r.all).toContain(expected);
    // The code and the hint (how to remove the old key) reach the user, not only the message.
    expect(r.all).toContain('PRV513');
    expect(r.all).toContain(`ssh-keygen -R '${h1.address}' -f ${knownHosts}`);
    const counts = recap(r.stdout);
    expect(counts[h1.name]?.unreachable, r.all).toBe(1);
    expect(counts[l.host(1).name]?.unreachable, r.all).toBe(0);
    expect(counts[l.host(1).name]?.failed, r.all).toBe(0);
    // The refused key is never written over the expected one.
    expect(await readFile(knownHosts, 'utf8')).toBe(`${replaced.join('\n')}\n`);
    // Nothing ran on the refused host.
    expect(
      (
        await l.ssh(0, 'test -e /tmp/provision-example/app/marker && echo ran || echo untouched')
      ).stdout.trim(),
    ).toBe('untouched');
  });

  it('refuses unknown hosts, then accepts and records them with --accept-new-host-keys', async () => {
    const knownHosts = join(l.cwd, 'known_hosts_empty');
    await writeFile(knownHosts, '');
    const inventory = await inventoryWith('unknown.ini', knownHosts);
    const refused = await l.provision(['-i', inventory, examplePlaybook], 'unknown hosts');
    expect(refused.code, refused.all).toBe(4);
    expect(refused.all).toContain('PRV512');
    expect(refused.all).toMatch(/--accept-new-host-keys/);
    for (const h of l.state.hosts) expect(recap(refused.stdout)[h.name]?.unreachable).toBe(1);
    expect(await readFile(knownHosts, 'utf8')).toBe('');

    const accepted = await l.provision(
      ['-i', inventory, examplePlaybook, '--accept-new-host-keys'],
      'accept new keys',
    );
    expect(accepted.code, accepted.all).toBe(0);
    const recorded = await readFile(knownHosts, 'utf8');
    for (const h of l.state.hosts) {
      // The recorded key (hashed, as OpenSSH's HashKnownHosts does) is the host's real key: ssh-keygen finds it
      // under the address with the fingerprint of the lab's own entry.
      const fp = await lookUp(labFiles.knownHosts(l.dir), h.address);
      expect(fp).toMatch(/^SHA256:/);
      expect(await lookUp(knownHosts, h.address), recorded).toBe(fp);
    }
    // Now known: a run without the flag connects.
    const again = await l.provision(['-i', inventory, examplePlaybook], 'recorded keys');
    expect(again.code, again.all).toBe(0);
    expect(Object.values(recap(again.stdout)).map((c) => c.changed)).toEqual([0, 0]);
  });

  it('shows no private key or password in any output', async () => {
    expectNoSecrets(l.outputs, await labSecrets(l));
  });
});
