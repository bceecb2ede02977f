import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAnsibleSettings } from '../../src/cli/ansible-config.js';
import { parseExtraVars } from '../../src/cli/extra-vars.js';
import { captureOutput } from '../../src/cli/output.js';
import { ttyRenderer } from '../../src/cli/tty-renderer.js';
import type { RunEvent } from '../../src/report/event-schema.js';
import { runCli, writeTree } from '../support/cli.js';

const project = writeTree({
  'hosts.ini':
    '[web]\nweb1 ansible_connection=local\nweb2 ansible_connection=local\n[db]\ndb1 ansible_connection=local\n',
  'site.yml': [
    '- name: Site',
    '  hosts: all',
    '  gather_facts: false',
    '  tasks:',
    '    - name: first',
    '      debug: msg=one',
    '      tags: [setup]',
    '    - name: second',
    '      debug: msg=two',
    '      tags: [deploy]',
    '    - name: third',
    '      debug: msg=three',
    '      tags: [always]',
    '    - name: fourth',
    '      debug: msg=four',
    '      tags: [never, debugging]',
    '',
  ].join('\n'),
  'ansible.cfg':
    '[defaults]\ninventory = hosts.ini\nforks = 7\nroles_path = roles:/opt/roles\nremote_user = deploy\nhost_key_checking = False\n',
});
const inv = join(project, 'hosts.ini');
const site = join(project, 'site.yml');
const ran = (stdout: string) => [...stdout.matchAll(/TASK \[(\w+)\]/g)].map((m) => m[1]);

describe('ansible-playbook flags', () => {
  it('--list-hosts, --list-tasks, --list-tags, --syntax-check run nothing', async () => {
    const hosts = await runCli(['-i', inv, site, '--list-hosts', '-l', 'web']);
    expect(hosts.stdout).toMatch(/hosts \(2\):\n\s+web1\n\s+web2/);
    const tasks = await runCli(['-i', inv, site, '--list-tasks', '-t', 'deploy']);
    expect(tasks.stdout).toMatch(/second/);
    expect(tasks.stdout).toMatch(/third/);
    expect(tasks.stdout).not.toMatch(/first|fourth/);
    const tags = await runCli(['-i', inv, site, '--list-tags']);
    expect(tags.stdout).toMatch(/TASK TAGS: \[always, debugging, deploy, never, setup\]/);
    const syntax = await runCli(['-i', inv, site, '--syntax-check']);
    expect(syntax.code).toBe(0);
    expect(syntax.stdout).toMatch(/playbook: /);
    for (const r of [hosts, tasks, tags, syntax]) expect(r.stdout).not.toMatch(/ok: \[/);
  });

  it('tags: always runs, never only when asked, skip-tags wins', async () => {
    expect(ran((await runCli(['-i', inv, site, '-l', 'db1'])).stdout)).toEqual(['first', 'second', 'third']);
    expect(ran((await runCli(['-i', inv, site, '-l', 'db1', '-t', 'setup'])).stdout)).toEqual([
      'first',
      'third',
    ]);
    expect(ran((await runCli(['-i', inv, site, '-l', 'db1', '-t', 'debugging'])).stdout)).toEqual([
      'third',
      'fourth',
    ]);
    expect(ran((await runCli(['-i', inv, site, '-l', 'db1', '--skip-tags', 'setup,always'])).stdout)).toEqual(
      ['second'],
    );
  });

  it('--limit and --start-at-task', async () => {
    const r = await runCli(['-i', inv, site, '-l', 'web:!web2', '--start-at-task', 'second']);
    expect(ran(r.stdout)).toEqual(['second', 'third']);
    expect(r.stdout).toMatch(/web1\s+: ok=2/);
    expect(r.stdout).not.toMatch(/web2|db1/);
  });

  it('bad options exit 5 with a message; no playbook is an error', async () => {
    expect((await runCli(['-i', inv, site, '--forks', 'many'])).code).toBe(5);
    expect((await runCli(['-i', inv, site, '--output', 'xml'])).code).toBe(5);
    expect((await runCli(['-i', inv, site, '--no-such-flag'])).code).toBe(5);
    expect((await runCli(['-i', inv])).code).toBe(5);
  });

  it('-e: key=value, JSON, YAML and @file; later wins', () => {
    const dir = writeTree({ 'vars.yml': 'a: from_file\nn: 3\n' });
    expect(parseExtraVars(['a=1 b="two words"', '{"c": [1, 2]}', `@${join(dir, 'vars.yml')}`], dir)).toEqual({
      a: 'from_file',
      b: 'two words',
      c: [1, 2],
      n: 3,
    });
    expect(() => parseExtraVars(['@missing.yml'], dir)).toThrow(/not found/);
  });

  it('ansible.cfg [defaults] and ANSIBLE_* variables (which win)', () => {
    const s = loadAnsibleSettings(project, {});
    expect(s).toMatchObject({
      forks: 7,
      remoteUser: 'deploy',
      hostKeyChecking: false,
      inventory: [join(project, 'hosts.ini')],
    });
    expect(s.rolesPath).toEqual([join(project, 'roles'), '/opt/roles']);
    const env = loadAnsibleSettings(project, {
      ANSIBLE_FORKS: '3',
      ANSIBLE_REMOTE_USER: 'ops',
      ANSIBLE_HOST_KEY_CHECKING: 'True',
    });
    expect(env).toMatchObject({ forks: 3, remoteUser: 'ops', hostKeyChecking: true });
  });

  it('provision inventory --list, --graph, --host print what ansible-inventory does', async () => {
    const list = await runCli(['inventory', '-i', inv, '--list']);
    const json = JSON.parse(list.stdout) as Record<string, { hosts?: string[]; children?: string[] }>;
    expect(json.web?.hosts).toEqual(['web1', 'web2']);
    expect(json.all?.children).toEqual(expect.arrayContaining(['web', 'db', 'ungrouped']));
    expect((await runCli(['inventory', '-i', inv, '--graph'])).stdout).toMatch(
      /@all:\n\s*\|--@ungrouped:\n\s*\|--@web:\n\s*\|\s*\|--web1/,
    );
    expect(JSON.parse((await runCli(['inventory', '-i', inv, '--host', 'db1'])).stdout)).toEqual({
      ansible_connection: 'local',
    });
    expect((await runCli(['inventory', '-i', inv, '--host', 'nope'])).code).not.toBe(0);
  });
});

describe('the terminal renderer', () => {
  it('shows each play through listr2 and prints the recap when the run ends', async () => {
    const out = captureOutput();
    const render = ttyRenderer(out, { color: false });
    const loc = { file: 'pb.yml', line: 1, col: 1 };
    const events: RunEvent[] = [
      { type: 'run_start', time: '', playbooks: ['pb.yml'], check: false, diff: false },
      { type: 'play_start', time: '', name: 'p', hosts: ['h1'], location: loc },
      { type: 'task_start', time: '', name: 't', location: loc, handler: false },
      {
        type: 'host_result',
        time: '',
        host: 'h1',
        task: 't',
        location: loc,
        status: 'changed',
        result: { changed: true },
        durationMs: 1,
      },
      {
        type: 'recap',
        time: '',
        hosts: {
          h1: {
            ok: 1,
            changed: 1,
            unreachable: 0,
            failed: 0,
            skipped: 0,
            rescued: 0,
            ignored: 0,
            unknown: 0,
          },
        },
        counters: {},
        check: false,
        durationMs: 5,
      },
    ];
    for (const e of events) render(e);
    await new Promise((r) => setTimeout(r, 300));
    expect(out.stdout.join('\n')).toMatch(/PLAY RECAP[\s\S]*h1\s+: ok=1\s+changed=1/);
  });
});
