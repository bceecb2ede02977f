import { describe, expect, it } from 'vitest';
import { commandModule } from '../../../src/modules/commands/command.js';
import { rawModule } from '../../../src/modules/commands/raw.js';
import { scriptModule } from '../../../src/modules/commands/script.js';
import { shellModule } from '../../../src/modules/commands/shell.js';
import type { ModuleDefinition } from '../../../src/modules/module.js';
import { runModuleCase } from '../../support/module-harness.js';

/**
 * command/shell/raw/script, table-driven against the scripted transport: the guard file absent / present
 * (the "present-equal" state: nothing to do) / the command runs and fails (the "present-different" state),
 * each in normal and check mode.
 */
interface Case {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: any module's parameters
  module: ModuleDefinition<any>;
  params: Record<string, unknown>;
  rules: { match: string | RegExp; rc?: number; stdout?: string; stderr?: string }[];
  check?: boolean;
  pending?: Record<string, string>;
  outcome: 'change' | 'ok' | 'unknown';
  /** Commands apply runs (regexes, in order); [] means nothing ran. */
  applied: RegExp[];
  result?: Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: 'command runs, words quoted, no shell',
    module: commandModule,
    params: { _raw_params: "echo 'a b' $HOME" },
    rules: [{ match: 'echo', stdout: 'a b $HOME\n' }],
    outcome: 'change',
    applied: [/^echo 'a b' '\$HOME'$/],
    result: { rc: 0, stdout: 'a b $HOME', changed: true },
  },
  {
    name: 'command argv',
    module: commandModule,
    params: { argv: ['ls', '-l', 'x y'] },
    rules: [{ match: 'ls' }],
    outcome: 'change',
    applied: [/^ls -l 'x y'$/],
  },
  {
    name: 'command creates: file absent → runs',
    module: commandModule,
    params: { _raw_params: 'touch /t/f', creates: '/t/f' },
    rules: [{ match: 'test -e /t/f', rc: 1 }, { match: 'touch' }],
    outcome: 'change',
    applied: [/^touch \/t\/f$/],
  },
  {
    name: 'command creates: file present → ok, nothing runs',
    module: commandModule,
    params: { _raw_params: 'touch /t/f', creates: '/t/f' },
    rules: [{ match: 'test -e /t/f', rc: 0 }],
    outcome: 'ok',
    applied: [],
    result: { changed: false },
  },
  {
    name: 'command removes: file absent → ok',
    module: commandModule,
    params: { _raw_params: 'rm /t/f', removes: '/t/f' },
    rules: [{ match: 'test -e /t/f', rc: 1 }],
    outcome: 'ok',
    applied: [],
  },
  {
    name: 'command fails → failed result with rc and stderr',
    module: commandModule,
    params: { _raw_params: 'false' },
    rules: [{ match: 'false', rc: 1, stderr: 'boom\n' }],
    outcome: 'change',
    applied: [/^false$/],
    result: { failed: true, rc: 1, stderr: 'boom', msg: 'non-zero return code' },
  },
  {
    name: 'command in check mode → unknown, nothing runs',
    module: commandModule,
    params: { _raw_params: 'touch /t/f' },
    rules: [],
    check: true,
    outcome: 'unknown',
    applied: [],
  },
  {
    name: 'command creates absent in check mode → unknown',
    module: commandModule,
    params: { _raw_params: 'touch /t/f', creates: '/t/f' },
    rules: [{ match: 'test -e', rc: 1 }],
    check: true,
    outcome: 'unknown',
    applied: [],
  },
  {
    name: 'command creates present in check mode → ok',
    module: commandModule,
    params: { _raw_params: 'touch /t/f', creates: '/t/f' },
    rules: [{ match: 'test -e', rc: 0 }],
    check: true,
    outcome: 'ok',
    applied: [],
  },
  {
    name: 'command creates pending from an earlier task → unknown',
    module: commandModule,
    params: { _raw_params: 'cat /t/f', creates: '/t/f' },
    rules: [],
    check: true,
    pending: { '/t/f': 'make it' },
    outcome: 'unknown',
    applied: [],
  },
  {
    name: 'shell keeps pipes and variables',
    module: shellModule,
    params: { _raw_params: 'echo $HOME | wc -c' },
    rules: [{ match: 'wc', stdout: '6\n' }],
    outcome: 'change',
    applied: [/^echo \$HOME \| wc -c$/],
    result: { stdout: '6' },
  },
  {
    name: 'shell with executable',
    module: shellModule,
    params: { cmd: 'echo hi', executable: '/bin/bash' },
    rules: [{ match: 'bash' }],
    outcome: 'change',
    applied: [/^\/bin\/bash -c 'echo hi'$/],
  },
  {
    name: 'shell creates present → ok',
    module: shellModule,
    params: { _raw_params: 'make', creates: '/t/out' },
    rules: [{ match: 'test -e', rc: 0 }],
    outcome: 'ok',
    applied: [],
  },
  {
    name: 'shell in check mode → unknown',
    module: shellModule,
    params: { _raw_params: 'echo x > /t/y' },
    rules: [],
    check: true,
    outcome: 'unknown',
    applied: [],
  },
  {
    name: 'raw runs the text as it is',
    module: rawModule,
    params: { _raw_params: 'uptime; true' },
    rules: [{ match: 'uptime' }],
    outcome: 'change',
    applied: [/^uptime; true$/],
  },
  {
    name: 'raw in check mode → unknown',
    module: rawModule,
    params: { _raw_params: 'uptime' },
    rules: [],
    check: true,
    outcome: 'unknown',
    applied: [],
  },
];

describe('command modules', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const r = await runModuleCase(c.module, c.params, {
        rules: c.rules,
        checkMode: c.check,
        pending: c.pending,
      });
      expect(r.plan.outcome).toBe(c.outcome);
      expect(r.applied.length).toBe(c.applied.length);
      for (const [i, re] of c.applied.entries()) expect(r.applied[i]).toMatch(re);
      if (c.result) expect(r.result).toMatchObject(c.result);
      if (c.check) expect(r.transport.puts).toEqual([]);
    });
  }

  it('check mode names the creates path as what the command would change', async () => {
    const r = await runModuleCase(
      commandModule,
      { _raw_params: 'kubeadm init', creates: '/etc/kubernetes/admin.conf' },
      { rules: [{ match: 'test -e', rc: 1 }], checkMode: true },
    );
    expect(r.plan.paths).toEqual(['/etc/kubernetes/admin.conf']);
  });

  it('script uploads the local file, runs it with its arguments, removes it', async () => {
    const r = await runModuleCase(
      scriptModule,
      { _raw_params: 'setup.sh --fast "a b"' },
      {
        localFiles: { 'setup.sh': '#!/bin/sh\necho ok\n' },
        rules: [
          { match: 'mktemp -d', stdout: '/tmp/x1\n' },
          { match: '/tmp/x1/setup.sh', stdout: 'ok\n' },
          { match: 'rm -rf' },
        ],
      },
    );
    expect(r.transport.puts.map((p) => [p.path, p.content.toString(), p.options.mode])).toEqual([
      ['/tmp/x1/setup.sh', '#!/bin/sh\necho ok\n', '0700'],
    ]);
    expect(r.applied).toContainEqual("/tmp/x1/setup.sh --fast 'a b'");
    expect(r.applied.at(-1)).toBe('rm -rf /tmp/x1');
    expect(r.result).toMatchObject({ stdout: 'ok', rc: 0 });
  });

  it('script in check mode uploads nothing', async () => {
    const r = await runModuleCase(
      scriptModule,
      { _raw_params: 'setup.sh' },
      { localFiles: { 'setup.sh': 'x' }, checkMode: true },
    );
    expect(r.plan.outcome).toBe('unknown');
    expect(r.transport.puts).toEqual([]);
    expect(r.transport.runs).toEqual([]);
  });

  it('bad parameters are rejected by the schema', () => {
    expect(commandModule.schema.safeParse({ _raw_params: 'x', creates: 5 }).success).toBe(false);
    expect(shellModule.schema.safeParse({ cmd: 'x', bogus: 1 }).success).toBe(false);
  });
});
