import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipLab } from '../lab-support.js';
import {
  type EngineLab,
  examplePlaybook,
  expectNoSecrets,
  fixtures,
  labSecrets,
  labUp,
  recap,
  waitForSsh,
} from './engine-lab.js';

const STACK_FRAME = /\n\s+at \S.*:\d+:\d+\)?(\n|$)/;

// A stopped host and sshd killed mid-run: the host is reported clearly, the others go on, a re-run converges.
describe.skipIf(skipLab)('SSH faults on lab hosts', () => {
  let l: EngineLab;
  const longSleep = join(fixtures, 'long-sleep.yml');

  beforeAll(async () => {
    l = await labUp('engfault', 2);
  });
  afterAll(async () => {
    await l?.down();
  });

  it('reports a stopped host unreachable while the other host succeeds (exit 4); after start a re-run converges', async () => {
    const [up, stopped] = [l.host(0), l.host(1)];
    await l.lab('stop', stopped.name);
    const r = await l.provision(['-i', l.inventory, examplePlaybook], 'with a stopped host');
    expect(r.code, r.all).toBe(4);
    const counts = recap(r.stdout);
    expect(counts[stopped.name]?.unreachable, r.all).toBe(1);
    expect(counts[up.name], r.all).toMatchObject({ unreachable: 0, failed: 0 });
    expect(counts[up.name]?.changed).toBeGreaterThan(0);
    expect(r.all).toContain(stopped.name);
    expect(r.all).not.toMatch(STACK_FRAME);
    expect((await l.ssh(0, 'cat /tmp/provision-example/app/marker')).stdout).toMatch(
      /installed by provision/,
    );

    await l.lab('start', stopped.name);
    await l.reload();
    const again = await l.provision(['-i', l.inventory, examplePlaybook], 'after start');
    expect(again.code, again.all).toBe(0);
    const after = recap(again.stdout);
    expect(after[up.name]?.changed).toBe(0);
    expect(after[stopped.name]?.changed).toBeGreaterThan(0);
  });

  it('names the host whose sshd was killed mid-task, without a stack trace; the other host finishes; a re-run converges', async () => {
    const victim = l.host(1);
    const running = l.provision(['-i', l.inventory, longSleep, '-e', 'sleep_s=30'], 'sshd killed mid-run');
    // Wait until the long task runs on the victim, then kill its SSH session and the listener; systemd brings the
    // listener back after the kill (restoring sshd), the killed session stays dead.
    const until = Date.now() + 120_000;
    for (;;) {
      const r = await l.ssh(1, 'pgrep -x -n sleep');
      if (r.rc === 0) break;
      if (Date.now() > until) throw new Error('the long task never started on the victim');
      await new Promise((res) => setTimeout(res, 500));
    }
    const kill = await l.ssh(
      1,
      [
        'p=$(pgrep -x -n sleep)',
        "u=$(sed -n 's#^0::.*/##p' /proc/$p/cgroup)",
        'echo "session unit $u"',
        'systemctl kill -s KILL ssh.service "$u"',
        'sleep 2',
        'systemctl start ssh.service',
      ].join('; '),
    );
    expect(kill.stdout, kill.stderr).toMatch(/session unit session-\d+\.scope/);
    const r = await running;
    expect([2, 4], r.all).toContain(r.code);
    const counts = recap(r.stdout);
    const failedOrGone = (counts[victim.name]?.failed ?? 0) + (counts[victim.name]?.unreachable ?? 0);
    expect(failedOrGone, r.all).toBe(1);
    expect(counts[l.host(0).name], r.all).toMatchObject({ failed: 0, unreachable: 0, changed: 2 });
    expect(r.all).toMatch(new RegExp(`${victim.name}.*(connection|closed|reset|lost|dropped)`, 'i'));
    expect(r.all).not.toMatch(STACK_FRAME);
    expect(r.all).not.toMatch(/PRV900/);
    expect((await l.ssh(0, 'cat /root/after-sleep')).stdout).toBe('after\n');

    await waitForSsh(l, 1);
    expect((await l.ssh(1, 'test -e /root/after-sleep || echo absent')).stdout.trim()).toBe('absent');
    const again = await l.provision(
      ['-i', l.inventory, longSleep, '-e', 'sleep_s=1'],
      'after sshd came back',
    );
    expect(again.code, again.all).toBe(0);
    expect(recap(again.stdout)[victim.name]).toMatchObject({ changed: 1, failed: 0 });
    expect(recap(again.stdout)[l.host(0).name]).toMatchObject({ changed: 0, failed: 0 });
  });

  it('shows no private key or password in any output', async () => {
    expectNoSecrets(l.outputs, await labSecrets(l));
  });
});
