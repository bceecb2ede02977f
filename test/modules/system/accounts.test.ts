import { describe, expect, it } from 'vitest';
import { groupModule } from '../../../src/modules/system/group.js';
import { hostnameModule } from '../../../src/modules/system/hostname.js';
import { userModule } from '../../../src/modules/system/user.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';
import { runModuleCase } from '../../support/module-harness.js';

const GROUPS = 'root:x:0:\nsudo:x:27:ops\ndocker:x:998:ops\nops:x:1001:\nkube:x:990:\n';
const HASH =
  '$6$rounds=5000$saltsalt$Vq1zVhYk0o3yqzQm3q3r1m2pQXh0WZ4xXqYwqk9JbJf6o2d3o1nZ9T8zJQG8kqf0B1y1n2bq7w9mZ8xYx1aB0.';
const OTHER = '$6$othersalt$Zm9vYmFy';

const userRules = (exists: boolean, memberOf = 'ops sudo', hash = HASH): ScriptedRule[] => [
  exists
    ? { match: 'getent passwd ops', stdout: 'ops:x:1001:1001:Operations:/home/ops:/bin/bash\n' }
    : { match: 'getent passwd ops', rc: 2 },
  exists
    ? { match: 'id -Gn ops', stdout: `${memberOf}\n` }
    : { match: 'id -Gn ops', rc: 1, stderr: "id: 'ops': no such user\n" },
  exists
    ? { match: 'getent shadow ops', stdout: `ops:${hash}:20000:0:99999:7:::\n` }
    : { match: 'getent shadow ops', rc: 2 },
  { match: /^getent group$/, stdout: GROUPS },
  { match: /^(useradd|usermod|userdel) / },
];

describe('user', () => {
  const cases: [string, Record<string, unknown>, boolean, string, 'ok' | 'change', string[]][] = [
    [
      'absent → useradd with home, groups and hash',
      {
        name: 'ops',
        uid: 1001,
        group: 'ops',
        groups: ['sudo', 'docker'],
        shell: '/bin/bash',
        password: HASH,
      },
      false,
      '',
      'change',
      [`useradd -u 1001 -g ops -G sudo,docker -s /bin/bash -m -p '${HASH}' ops`],
    ],
    [
      'system user without home',
      { name: 'ops', system: true, create_home: false },
      false,
      '',
      'change',
      ['useradd -r -M ops'],
    ],
    [
      'present and equal → ok',
      { name: 'ops', uid: 1001, group: 'ops', groups: 'sudo', shell: '/bin/bash', password: HASH },
      true,
      'ops sudo',
      'ok',
      [],
    ],
    [
      'groups replaced when append is false',
      { name: 'ops', groups: ['docker'] },
      true,
      'ops sudo',
      'change',
      ['usermod -G docker ops'],
    ],
    [
      'append adds only the missing group',
      { name: 'ops', groups: ['docker', 'sudo'], append: true },
      true,
      'ops sudo',
      'change',
      ['usermod -a -G docker ops'],
    ],
    [
      'shell and password differ',
      { name: 'ops', shell: '/bin/zsh', password: OTHER },
      true,
      'ops sudo',
      'change',
      [`usermod -s /bin/zsh -p '${OTHER}' ops`],
    ],
    [
      'update_password on_create keeps an existing hash',
      { name: 'ops', password: OTHER, update_password: 'on_create' },
      true,
      'ops sudo',
      'ok',
      [],
    ],
    [
      'absent with remove',
      { name: 'ops', state: 'absent', remove: true },
      true,
      'ops',
      'change',
      ['userdel -r ops'],
    ],
    ['absent and missing → ok', { name: 'ops', state: 'absent' }, false, '', 'ok', []],
  ];
  for (const [label, params, exists, memberOf, outcome, applied] of cases) {
    it(label, async () => {
      const run = await runModuleCase(userModule, params, { rules: userRules(exists, memberOf) });
      expect(run.plan.outcome).toBe(outcome);
      expect(run.applied).toEqual(applied);
      const check = await runModuleCase(userModule, params, {
        rules: userRules(exists, memberOf),
        checkMode: true,
      });
      expect(check.applied).toEqual([]);
    });
  }

  it('marks the password hash secret and never returns it', async () => {
    const { plan, result } = await runModuleCase(
      userModule,
      { name: 'ops', password: OTHER },
      { rules: userRules(true) },
    );
    expect(plan.secretValues).toEqual([OTHER]);
    expect(JSON.stringify(result)).not.toContain(OTHER);
    expect(result.password).toBe('NOT_LOGGING_PASSWORD');
  });

  it('a missing group fails (PRV457), or is unknown in check mode when an earlier task adds groups', async () => {
    await expect(
      runModuleCase(userModule, { name: 'ops', groups: ['wheel'] }, { rules: userRules(true) }),
    ).rejects.toMatchObject({ code: 'PRV457' });
    const { plan } = await runModuleCase(
      userModule,
      { name: 'ops', groups: ['wheel'] },
      { rules: userRules(true), checkMode: true, pending: { '/etc/group': 'Create wheel' } },
    );
    expect(plan.outcome).toBe('unknown');
  });

  it.each([
    [{ name: 'ops', password: 'hunter2' }],
    [{ name: 'bad name' }],
    [{ name: 'ops', state: 'gone' }],
    [{ name: 'ops', comment: 'a:b' }],
  ])('rejects %j', (p) => expect(userModule.schema.safeParse(p).success).toBe(false));
});

describe('group', () => {
  const cases: [string, Record<string, unknown>, string | undefined, 'ok' | 'change', string[]][] = [
    [
      'absent → groupadd',
      { name: 'kube', gid: 990, system: true },
      undefined,
      'change',
      ['groupadd -g 990 -r kube'],
    ],
    ['present and equal → ok', { name: 'kube', gid: 990 }, 'kube:x:990:\n', 'ok', []],
    [
      'gid differs → groupmod',
      { name: 'kube', gid: 991 },
      'kube:x:990:\n',
      'change',
      ['groupmod -g 991 kube'],
    ],
    [
      'state absent → groupdel',
      { name: 'kube', state: 'absent' },
      'kube:x:990:\n',
      'change',
      ['groupdel kube'],
    ],
  ];
  for (const [label, params, entry, outcome, applied] of cases) {
    it(label, async () => {
      const rules: ScriptedRule[] = [
        entry === undefined ? { match: 'getent group', rc: 2 } : { match: 'getent group', stdout: entry },
        { match: /^group(add|mod|del) / },
      ];
      const run = await runModuleCase(groupModule, params, { rules });
      expect(run.plan.outcome).toBe(outcome);
      expect(run.applied).toEqual(applied);
      expect((await runModuleCase(groupModule, params, { rules, checkMode: true })).applied).toEqual([]);
    });
  }
  it('rejects a negative gid', () =>
    expect(groupModule.schema.safeParse({ name: 'x', gid: -1 }).success).toBe(false));
});

describe('hostname', () => {
  const rules = (file: string | undefined, live: string): ScriptedRule[] => [
    file === undefined
      ? { match: 'if [ -e /etc/hostname ]', rc: 3 }
      : { match: 'if [ -e /etc/hostname ]', stdout: file },
    { match: /^hostname$/, stdout: `${live}\n` },
    { match: /hostname(ctl set-hostname)? cp1/ },
  ];

  it('different name → writes /etc/hostname and sets the running name', async () => {
    const run = await runModuleCase(
      hostnameModule,
      { name: 'cp1.lab.example' },
      { rules: rules('localhost\n', 'localhost'), diffMode: true },
    );
    expect(run.plan.outcome).toBe('change');
    expect(run.transport.puts.map((w) => [w.path, w.content.toString()])).toEqual([
      ['/etc/hostname', 'cp1.lab.example\n'],
    ]);
    expect(run.applied).toEqual([
      'if command -v hostnamectl >/dev/null 2>&1 && hostnamectl set-hostname cp1.lab.example 2>/dev/null; then :; else hostname cp1.lab.example; fi',
    ]);
    expect(run.plan.diff?.[0]).toMatchObject({ before: 'localhost\n', after: 'cp1.lab.example\n' });
    expect(run.result.ansible_facts).toEqual({
      ansible_hostname: 'cp1',
      ansible_nodename: 'cp1.lab.example',
      ansible_fqdn: 'cp1.lab.example',
      ansible_domain: 'lab.example',
    });
  });

  it('same name → ok; only the running name differs → change without diff text change', async () => {
    expect(
      (await runModuleCase(hostnameModule, { name: 'cp1' }, { rules: rules('cp1\n', 'cp1') })).plan.outcome,
    ).toBe('ok');
    const live = await runModuleCase(
      hostnameModule,
      { name: 'cp1', use: 'debian' },
      { rules: rules('cp1\n', 'localhost') },
    );
    expect(live.plan.outcome).toBe('change');
    expect(live.transport.puts).toEqual([]);
    expect(live.applied).toEqual(['hostname cp1']);
  });

  it('check mode changes nothing', async () => {
    const run = await runModuleCase(
      hostnameModule,
      { name: 'cp1' },
      { rules: rules(undefined, 'localhost'), checkMode: true },
    );
    expect(run.applied).toEqual([]);
    expect(run.transport.puts).toEqual([]);
  });

  it.each([[{ name: 'bad_name!' }], [{ name: 'cp1', use: 'redhat' }], [{}]])('rejects %j', (p) =>
    expect(hostnameModule.schema.safeParse(p).success).toBe(false),
  );
});
