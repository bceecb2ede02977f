import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'precedence');

describe('variable precedence (the README table)', () => {
  it('each level wins over the one below it', async () => {
    const r = await runCli(['-i', join(dir, 'hosts.ini'), join(dir, 'site.yml'), '-e', 'p12=extra_vars']);
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toMatch(/h1\s+: ok=3\s+changed=0\s+unreachable=0\s+failed=0/);
  });

  it('the assertions really check: without -e the extra-vars level fails', async () => {
    const r = await runCli(['-i', join(dir, 'hosts.ini'), join(dir, 'site.yml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("p12 == 'extra_vars'");
  });
});
