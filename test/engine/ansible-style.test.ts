import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'ansible-style');

/** Playbooks written the Ansible way (Jinja-style expressions, roles, blocks, includes) run unchanged. */
describe('Ansible-style playbooks run unchanged', () => {
  for (const pb of ['expressions.yml', 'structure.yml']) {
    it(pb, async () => {
      const scratch = mkdtempSync(join(tmpdir(), 'prv-style-'));
      process.env.PROVISION_FACT_CACHE = join(scratch, 'facts');
      const r = await runCli([
        '-i',
        join(dir, 'inventory.ini'),
        join(dir, pb),
        '-e',
        `scratch_dir=${scratch}`,
      ]);
      expect(r.stdout, r.all).toMatch(/PLAY RECAP/);
      expect(r.code, r.all).toBe(0);
      for (const h of ['cp1', 'w1', 'w2'])
        expect(r.stdout).toMatch(
          new RegExp(`${h}\\s+: ok=\\d+\\s+changed=\\d+\\s+unreachable=0\\s+failed=0`),
        );
    });
  }
});
