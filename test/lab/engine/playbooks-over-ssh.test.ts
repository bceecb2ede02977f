import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipLab } from '../lab-support.js';
import {
  type EngineLab,
  examplePlaybook,
  expectNoSecrets,
  expectRecapAll,
  labSecrets,
  labUp,
  nodePrepPlaybook,
  recap,
} from './engine-lab.js';

// Acceptance 1: the repository's playbooks run unchanged over SSH with strict host-key checking, re-run with
// changed=0, and --check afterwards predicts no change.
describe.skipIf(skipLab)('playbooks over SSH against lab hosts', () => {
  let l: EngineLab;
  const HOSTS = 2;

  beforeAll(async () => {
    l = await labUp('engpb', HOSTS);
  });
  afterAll(async () => {
    await l?.down();
  });

  for (const [label, playbook, extra] of [
    ['the example playbook', examplePlaybook, []],
    ['the 30-task playbook', nodePrepPlaybook, ['-e', 'prep_root=/srv/x']],
  ] as const) {
    it(`runs ${label}, re-runs it with changed=0 and --check predicts no change`, async () => {
      const args = ['-i', l.inventory, playbook, ...extra];
      const first = await l.provision(args, `${label} (first)`);
      expect(first.code, first.all).toBe(0);
      const firstRecap = recap(first.stdout);
      for (const c of Object.values(firstRecap)) expect(c.changed).toBeGreaterThan(0);
      expectRecapAll(first, HOSTS, 'failed', 0);

      const again = await l.provision([...args, '-vvv'], `${label} (re-run)`);
      expect(again.code, again.all).toBe(0);
      expectRecapAll(again, HOSTS, 'changed', 0);

      const check = await l.provision(
        [...args, '--check', '--diff', '--output', 'json'],
        `${label} (--check)`,
      );
      expect(check.code, check.all).toBe(0);
      expectRecapAll(check, HOSTS, 'changed', 0);
      // Commands do not run in check mode: they and their readers are "unknown", never "will change".
      expectRecapAll(check, HOSTS, 'failed', 0);
      expect(check.stdout).not.toMatch(/"status":"(changed|will_change)"/);
    });
  }

  it('the 30-task playbook really laid out /srv/x on every host', async () => {
    for (const i of [0, 1]) {
      // Byte for byte what ansible-playbook writes, the newline after the joined list included.
      const r = await l.ssh(
        i,
        'cat /srv/x/etc/modules-load.d/k8s.conf; test -e /srv/x/var/lib/prepared && echo made',
      );
      expect(r.stdout).toBe('overlay\nbr_netfilter\nmade\n');
    }
  });

  it('shows no private key or password in any output', async () => {
    expectNoSecrets(l.outputs, await labSecrets(l));
  });
});
