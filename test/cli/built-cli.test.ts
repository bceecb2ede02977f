import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'provision.js');

/** The published entry point runs under plain Node (no test-runner module interop), as users run it. */
describe('bin/provision.js under plain Node', () => {
  it('is built (npm ci builds it through the prepare script)', () => {
    expect(existsSync(join(root, 'dist', 'cli', 'main.js')), 'run npm run build').toBe(true);
  });

  it('loads the SSH transport and reports an unreachable host cleanly', () => {
    const dir = writeTree({
      'hosts.ini': 'nowhere ansible_host=127.0.0.1 ansible_port=1\n',
      'pb.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n',
      known_hosts: '',
    });
    const r = spawnSync(process.execPath, [bin, '-i', join(dir, 'hosts.ini'), join(dir, 'pb.yml')], {
      encoding: 'utf8',
      env: { ...process.env, HOME: dir, PROVISION_FACT_CACHE: join(dir, 'facts') },
      timeout: 60_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(4);
    expect(r.stdout).toMatch(/unreachable: \[nowhere\]/);
    expect(r.stdout + r.stderr).not.toMatch(/Named export|SyntaxError|\n\s+at /);
  });

  it('prints help and exits 0', () => {
    const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/lab/);
  });
});
