import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeTree } from '../support/cli.js';

/**
 * Bad input of every kind must stop the run before any task with a typed error: its code, the file:line:col of the
 * problem, exit code 4 — and never a stack trace. Each case is a small project on disk.
 */
interface BadCase {
  name: string;
  files: Record<string, string>;
  /** Code range: PRV1 inventory, PRV2 playbook, PRV3 template. */
  code: RegExp;
  /** The file (relative) and line the error must point at. */
  at: [string, number];
  inventory?: string;
}

const play = (tasks: string) => `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`;

const cases: BadCase[] = [
  // YAML syntax
  {
    name: 'unclosed flow sequence',
    files: { 'pb.yml': '- hosts: all\n  tasks: [\n' },
    code: /^PRV201$/,
    at: ['pb.yml', 3],
  },
  {
    name: 'bad indentation',
    files: { 'pb.yml': '- hosts: all\n  tasks:\n    - debug: msg=a\n   - debug: msg=b\n' },
    code: /^PRV201$/,
    at: ['pb.yml', 4],
  },
  {
    name: 'duplicate key',
    files: { 'pb.yml': '- hosts: all\n  hosts: web\n' },
    code: /^PRV201$/,
    at: ['pb.yml', 2],
  },
  {
    name: 'unterminated quote',
    files: { 'pb.yml': '- hosts: "all\n  tasks: []\n' },
    code: /^PRV201$/,
    at: ['pb.yml', 1],
  },
  {
    name: 'unquoted mustache value',
    files: { 'pb.yml': play('    - debug:\n        msg: {{ x }}\n') },
    code: /^PRV201$/,
    at: ['pb.yml', 5],
  },
  // structure
  {
    name: 'playbook is a map',
    files: { 'pb.yml': 'hosts: all\ntasks: []\n' },
    code: /^PRV203$/,
    at: ['pb.yml', 1],
  },
  {
    name: 'play without hosts',
    files: { 'pb.yml': '- name: x\n  tasks: []\n' },
    code: /^PRV203$/,
    at: ['pb.yml', 1],
  },
  {
    name: 'tasks not a list',
    files: { 'pb.yml': '- hosts: all\n  tasks:\n    debug: msg=hi\n' },
    code: /^PRV203$/,
    at: ['pb.yml', 3],
  },
  {
    name: 'task is a string',
    files: { 'pb.yml': play('    - debug msg=hi\n') },
    code: /^PRV203$/,
    at: ['pb.yml', 4],
  },
  {
    name: 'unknown play keyword',
    files: { 'pb.yml': '- hosts: all\n  taks: []\n' },
    code: /^PRV204$/,
    at: ['pb.yml', 2],
  },
  {
    name: 'misspelt task keyword',
    files: { 'pb.yml': play('    - debug: msg=hi\n      whne: true\n') },
    code: /^PRV204$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'listen outside handlers',
    files: { 'pb.yml': play('    - debug: msg=hi\n      listen: x\n') },
    code: /^PRV204$/,
    at: ['pb.yml', 5],
  },
  // modules and parameters
  {
    name: 'unknown module',
    files: { 'pb.yml': play('    - name: t\n      copi:\n        src: a\n        dest: /b\n') },
    code: /^PRV205$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'two modules',
    files: { 'pb.yml': play('    - debug: msg=a\n      command: ls\n') },
    code: /^PRV206$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'no module',
    files: { 'pb.yml': play('    - name: nothing\n      when: true\n') },
    code: /^PRV207$/,
    at: ['pb.yml', 4],
  },
  {
    name: 'unknown parameter',
    files: { 'pb.yml': play('    - copy:\n        src: a\n        dset: /b\n') },
    code: /^PRV208$/,
    at: ['pb.yml', 6],
  },
  {
    name: 'missing required parameter',
    files: { 'pb.yml': play('    - file:\n        state: directory\n') },
    code: /^PRV208$/,
    at: ['pb.yml', 4],
  },
  {
    name: 'invalid enum value',
    files: { 'pb.yml': play('    - file:\n        path: /x\n        state: bogus\n') },
    code: /^PRV208$/,
    at: ['pb.yml', 6],
  },
  {
    name: 'unquoted decimal mode',
    files: { 'pb.yml': play('    - file:\n        path: /x\n        state: directory\n        mode: 755\n') },
    code: /^PRV208$/,
    at: ['pb.yml', 7],
  },
  {
    name: 'bad inline args',
    files: { 'pb.yml': play("    - copy: src='a dest=/b\n") },
    code: /^PRV212$/,
    at: ['pb.yml', 4],
  },
  {
    name: 'free-form text to a kv module',
    files: { 'pb.yml': play('    - file: /etc/hosts\n') },
    code: /^PRV212$/,
    at: ['pb.yml', 4],
  },
  // keyword values
  {
    name: 'register not an identifier',
    files: { 'pb.yml': play('    - command: ls\n      register: my-result\n') },
    code: /^PRV209$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'loop not a list',
    files: { 'pb.yml': play('    - debug: msg=a\n      loop: 5\n') },
    code: /^PRV213$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'when is a map',
    files: { 'pb.yml': play('    - debug: msg=a\n      when:\n        x: 1\n') },
    code: /^PRV209$/,
    at: ['pb.yml', 6],
  },
  {
    name: 'serial invalid',
    files: { 'pb.yml': '- hosts: all\n  serial: many\n  tasks: []\n' },
    code: /^PRV209$/,
    at: ['pb.yml', 2],
  },
  {
    name: 'strategy unknown',
    files: { 'pb.yml': '- hosts: all\n  strategy: debug\n  tasks: []\n' },
    code: /^PRV209$/,
    at: ['pb.yml', 2],
  },
  {
    name: 'become_method su',
    files: { 'pb.yml': '- hosts: all\n  become_method: su\n  tasks: []\n' },
    code: /^PRV216$/,
    at: ['pb.yml', 2],
  },
  {
    name: 'unsupported with_ lookup',
    files: { 'pb.yml': play('    - debug: msg=a\n      with_nested: [[1], [2]]\n') },
    code: /^PRV213$/,
    at: ['pb.yml', 5],
  },
  // templates and expressions
  {
    name: 'unclosed mustache',
    files: { 'pb.yml': play('    - debug:\n        msg: "{{ x "\n') },
    code: /^PRV3\d\d$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'jinja statement',
    files: { 'pb.yml': play('    - debug:\n        msg: "{% if x %}a{% endif %}"\n') },
    code: /^PRV3\d\d$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'dangling filter pipe',
    files: { 'pb.yml': play('    - debug:\n        msg: "{{ a | }}"\n') },
    code: /^PRV3\d\d$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'bad when expression',
    files: { 'pb.yml': play('    - debug: msg=a\n      when: x ==\n') },
    code: /^PRV3\d\d$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'unbalanced parentheses in when',
    files: { 'pb.yml': play('    - debug: msg=a\n      when: (a and b\n') },
    code: /^PRV3\d\d$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'unclosed handlebars block in template text',
    files: { 'pb.yml': play('    - debug:\n        msg: "{{#each items}}x"\n') },
    code: /^PRV3\d\d$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'bad expression in changed_when',
    files: { 'pb.yml': play('    - command: ls\n      changed_when: "\'a\' in"\n') },
    code: /^PRV3\d\d$/,
    at: ['pb.yml', 5],
  },
  {
    name: 'bad expression in vars',
    files: { 'pb.yml': '- hosts: all\n  vars:\n    a: "{{ 1 + }}"\n  tasks: []\n' },
    code: /^PRV3\d\d$/,
    at: ['pb.yml', 3],
  },
  // includes and roles
  {
    name: 'import_tasks missing file',
    files: { 'pb.yml': play('    - import_tasks: nope.yml\n') },
    code: /^PRV202$/,
    at: ['pb.yml', 4],
  },
  {
    name: 'include cycle',
    files: {
      'pb.yml': play('    - import_tasks: a.yml\n'),
      'a.yml': '- import_tasks: b.yml\n',
      'b.yml': '- import_tasks: a.yml\n',
    },
    code: /^PRV211$/,
    at: ['b.yml', 1],
  },
  {
    name: 'import_playbook missing',
    files: { 'pb.yml': '- import_playbook: other.yml\n' },
    code: /^PRV202$/,
    at: ['pb.yml', 1],
  },
  {
    name: 'role not found',
    files: { 'pb.yml': '- hosts: all\n  roles:\n    - nosuchrole\n' },
    code: /^PRV210$/,
    at: ['pb.yml', 3],
  },
  {
    name: 'removed include keyword',
    files: { 'pb.yml': play('    - include: a.yml\n') },
    code: /^PRV216$/,
    at: ['pb.yml', 4],
  },
  {
    name: 'notify unknown handler',
    files: { 'pb.yml': play('    - command: ls\n      notify: restart nothing\n') },
    code: /^PRV214$/,
    at: ['pb.yml', 4],
  },
  {
    name: 'vars_files missing',
    files: { 'pb.yml': '- hosts: all\n  vars_files:\n    - nope.yml\n  tasks: []\n' },
    code: /^PRV202$/,
    at: ['pb.yml', 3],
  },
  {
    name: 'invalid YAML inside a role',
    files: {
      'pb.yml': '- hosts: all\n  roles:\n    - r\n',
      'roles/r/tasks/main.yml': '- debug: msg=a\n  - x\n',
    },
    code: /^PRV201$/,
    at: ['roles/r/tasks/main.yml', 2],
  },
  {
    name: 'unknown module inside a role',
    files: {
      'pb.yml': '- hosts: all\n  roles:\n    - r\n',
      'roles/r/tasks/main.yml': '- name: a\n  lineinfiel:\n    path: /x\n',
    },
    code: /^PRV205$/,
    at: ['roles/r/tasks/main.yml', 2],
  },
  // inventories
  {
    name: 'INI bad range',
    inventory: 'hosts.ini',
    files: { 'pb.yml': play('    - debug: msg=a\n'), 'hosts.ini': '[web]\nnode[01:x]\n' },
    code: /^PRV1\d\d$/,
    at: ['hosts.ini', 2],
  },
  {
    name: 'INI unclosed section',
    inventory: 'hosts.ini',
    files: { 'pb.yml': play('    - debug: msg=a\n'), 'hosts.ini': '[web\nhost1\n' },
    code: /^PRV1\d\d$/,
    at: ['hosts.ini', 1],
  },
  {
    name: 'INI bad quoting',
    inventory: 'hosts.ini',
    files: { 'pb.yml': play('    - debug: msg=a\n'), 'hosts.ini': '[web]\nhost1 a="unclosed\n' },
    code: /^PRV1\d\d$/,
    at: ['hosts.ini', 2],
  },
  {
    name: 'INI unknown section suffix',
    inventory: 'hosts.ini',
    files: { 'pb.yml': play('    - debug: msg=a\n'), 'hosts.ini': '[web:kids]\nhost1\n' },
    code: /^PRV1\d\d$/,
    at: ['hosts.ini', 1],
  },
  {
    name: 'YAML inventory hosts not a map',
    inventory: 'hosts.yml',
    files: { 'pb.yml': play('    - debug: msg=a\n'), 'hosts.yml': 'all:\n  hosts:\n    - a\n    - b\n' },
    code: /^PRV1\d\d$/,
    at: ['hosts.yml', 3],
  },
  {
    name: 'YAML inventory syntax',
    inventory: 'hosts.yml',
    files: { 'pb.yml': play('    - debug: msg=a\n'), 'hosts.yml': 'all:\n  hosts: [a\n' },
    code: /^PRV1\d\d$/,
    at: ['hosts.yml', 3],
  },
];

describe('bad input stops the run before any task', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const dir = writeTree({ 'marker-task.txt': '', ...c.files });
      const inv = c.inventory ? join(dir, c.inventory) : 'localhost,';
      const r = await runCli(['-i', inv, '-c', 'local', join(dir, 'pb.yml')]);
      expect(r.code, r.all).toBe(4);
      const m = /ERROR (PRV\d{3}) (\S+):(\d+):(\d+): /.exec(r.stderr);
      expect(m, r.all).not.toBeNull();
      expect(m![1]).toMatch(c.code);
      expect(m![2]).toBe(join(dir, c.at[0]));
      expect(Number(m![3]), r.all).toBe(c.at[1]);
      expect(Number(m![4])).toBeGreaterThanOrEqual(1);
      expect(r.all).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
      expect(r.stdout).not.toMatch(/TASK \[/);
    });
  }
});
