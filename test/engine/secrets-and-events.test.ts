import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEvent } from '../../src/report/event-schema.js';
import { runCli, writeTree } from '../support/cli.js';

const playbook = join(import.meta.dirname, '..', 'fixtures', 'secrets', 'secrets.yml');
const SECRETS = ['S3cr3t-db-pass-4711', 'tok-abcdef123456', 'become-pass-9931'];

describe('secrets never reach any output; JSON events follow the exported schema', () => {
  const inventory = writeTree({
    'hosts.ini': 'localhost ansible_connection=local ansible_become_password=become-pass-9931\n',
  });
  const variants: [string, string[]][] = [
    ['text', []],
    ['text with --diff -vvv', ['--diff', '-vvv']],
    ['json', ['--output', 'json', '--diff']],
    ['check mode json', ['--check', '--diff', '--output', 'json']],
  ];
  for (const [name, flags] of variants) {
    it(name, async () => {
      const scratch = mkdtempSync(join(tmpdir(), 'prv-secrets-'));
      process.env.PROVISION_FACT_CACHE = join(scratch, 'facts');
      const r = await runCli([
        '-i',
        join(inventory, 'hosts.ini'),
        playbook,
        '-e',
        `scratch_dir=${scratch}`,
        '--secret-var',
        'api_token',
        ...flags,
      ]);
      expect(r.code, r.all).toBe(0);
      for (const s of SECRETS) expect(r.all, `secret ${s} leaked in ${name}`).not.toContain(s);
      expect(r.all).toContain('********');
      if (flags.includes('json')) {
        const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
        expect(lines.length).toBeGreaterThan(5);
        for (const l of lines) expect(() => runEvent.parse(JSON.parse(l)), l).not.toThrow();
        const types = new Set(lines.map((l) => (JSON.parse(l) as { type: string }).type));
        for (const t of ['run_start', 'play_start', 'task_start', 'host_result', 'recap'])
          expect(types).toContain(t);
      }
    });
  }

  it('a no_log result is censored whole', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'prv-secrets-'));
    const r = await runCli([
      '-i',
      join(inventory, 'hosts.ini'),
      playbook,
      '-e',
      `scratch_dir=${scratch}`,
      '--output',
      'json',
    ]);
    const noLog = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { type: string; task?: string; result?: Record<string, unknown> })
      .find((e) => e.type === 'host_result' && e.task === 'a command with a no_log secret');
    expect(noLog?.result).toEqual({ censored: expect.stringContaining('no_log') });
  });
});
