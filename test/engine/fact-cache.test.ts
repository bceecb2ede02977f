import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeTree } from '../support/cli.js';

describe('facts of hosts outside --limit come from the fact cache', () => {
  it('a limited run reads hostvars of another host without reaching it', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'prv-facts-'));
    process.env.PROVISION_FACT_CACHE = cache;
    const dir = writeTree({
      'up.ini': 'h1 ansible_connection=local\nh2 ansible_connection=local\n',
      // In the second run h2 cannot be reached at all: only the cache can answer for it.
      'down.ini': 'h1 ansible_connection=local\nh2 ansible_host=127.0.0.1 ansible_port=1\n',
      'gather.yml': '- hosts: all\n  gather_facts: true\n  tasks: []\n',
      'read.yml': [
        '- hosts: all',
        '  gather_facts: true',
        '  tasks:',
        '    - assert:',
        '        that:',
        "          - hostvars['h2'].ansible_facts.hostname | length > 0",
        "          - hostvars['h2'].ansible_system == 'Linux'",
        '',
      ].join('\n'),
    });
    expect((await runCli(['-i', join(dir, 'up.ini'), join(dir, 'gather.yml')])).code).toBe(0);
    const r = await runCli(['-i', join(dir, 'down.ini'), join(dir, 'read.yml'), '-l', 'h1']);
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toMatch(/h1\s+: ok=2\s+changed=0\s+unreachable=0\s+failed=0/);
    expect(r.stdout).not.toMatch(/h2\s+:/);
  });
});
