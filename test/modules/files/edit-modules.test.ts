import { describe } from 'vitest';
import { blockinfileModule } from '../../../src/modules/files/blockinfile.js';
import { lineinfileModule } from '../../../src/modules/files/lineinfile.js';
import { replaceModule } from '../../../src/modules/files/replace.js';
import { rejectsParams, runFileCases } from './case-runner.js';

const sshd = {
  '/etc/ssh': { type: 'directory' as const },
  '/etc/ssh/sshd_config': { content: 'Port 22\nPermitRootLogin yes\n', mode: '0600' },
};

describe('lineinfile', () => {
  runFileCases(lineinfileModule, [
    {
      name: 'line absent → change, writes the edited file keeping its mode',
      params: { path: '/etc/ssh/sshd_config', line: 'UseDNS no' },
      host: sshd,
      outcome: 'change',
      reason: /line added/,
      puts: [
        { path: '/etc/ssh/sshd_config', content: 'Port 22\nPermitRootLogin yes\nUseDNS no\n', mode: '0600' },
      ],
      diffs: [
        { before: 'Port 22\nPermitRootLogin yes\n', after: 'Port 22\nPermitRootLogin yes\nUseDNS no\n' },
      ],
      result: { msg: 'line added' },
    },
    {
      name: 'line present → ok',
      params: { dest: '/etc/ssh/sshd_config', regexp: '^Port ', line: 'Port 22' },
      host: sshd,
      outcome: 'ok',
    },
    {
      name: 'regexp match differs → replaced, with validate',
      params: {
        name: '/etc/ssh/sshd_config',
        regexp: '^PermitRootLogin',
        line: 'PermitRootLogin no',
        validate: 'sshd -t -f %s',
      },
      host: sshd,
      outcome: 'change',
      reason: /line replaced/,
      applied: [/^sshd -t -f \/etc\/ssh\/\.sshd_config\.provision-validate-/],
      diffs: [{ before: /PermitRootLogin yes/, after: /PermitRootLogin no/ }],
    },
    {
      name: 'state=absent removes matching lines',
      params: { path: '/etc/ssh/sshd_config', regexp: '^Permit', state: 'absent' },
      host: sshd,
      outcome: 'change',
      puts: [{ path: '/etc/ssh/sshd_config', content: 'Port 22\n' }],
      result: { found: 1 },
    },
    {
      name: 'a symlinked file is edited where the link points, keeping the link',
      params: { path: '/etc/resolv.conf', line: 'options edns0' },
      host: { '/etc/resolv.conf': { content: 'nameserver 1.1.1.1\n' } },
      rules: [{ match: /^if \[ -L \/etc\/resolv\.conf \]; then readlink -f/, stdout: '/run/resolv.conf\n' }],
      outcome: 'change',
      puts: [{ path: '/run/resolv.conf', content: 'nameserver 1.1.1.1\noptions edns0\n' }],
      paths: ['/etc/resolv.conf', '/run/resolv.conf'],
    },
    {
      name: 'state=absent on a missing file → ok',
      params: { path: '/etc/none', line: 'x', state: 'absent' },
      outcome: 'ok',
    },
    {
      name: 'missing file without create → PRV411',
      params: { path: '/etc/none', line: 'x' },
      error: 'PRV411',
    },
    {
      name: 'create makes the file and its directory',
      params: { path: '/etc/new/app.conf', line: 'x=1', create: true, mode: '0640' },
      outcome: 'change',
      applied: [/^mkdir -p -- \/etc\/new$/],
      puts: [{ path: '/etc/new/app.conf', content: 'x=1\n', mode: '0640' }],
      diffs: [{ before: '', after: 'x=1\n', header: '/etc/new/app.conf' }],
    },
    {
      name: 'pending file → unknown',
      params: { path: '/etc/ssh/sshd_config', line: 'UseDNS no' },
      host: sshd,
      pending: { '/etc/ssh/sshd_config': 'install openssh' },
      outcome: 'unknown',
      reason: /depends on \/etc\/ssh\/sshd_config, which task 'install openssh' would change/,
      paths: ['/etc/ssh/sshd_config'],
    },
    {
      name: 'a directory → PRV412',
      params: { path: '/etc/ssh', line: 'x' },
      host: sshd,
      error: 'PRV412',
    },
  ]);
  rejectsParams(lineinfileModule, [
    { name: 'present without line', params: { path: '/x', regexp: 'a' }, message: /needs line/ },
    {
      name: 'backrefs without regexp',
      params: { path: '/x', line: 'a', backrefs: true },
      message: /backrefs needs regexp/,
    },
    { name: 'regexp and search_string', params: { path: '/x', line: 'a', regexp: 'a', search_string: 'a' } },
    {
      name: 'an invalid regexp',
      params: { path: '/x', line: 'a', regexp: '(' },
      message: /invalid regular expression/,
    },
    {
      name: 'both insertafter and insertbefore',
      params: { path: '/x', line: 'a', insertafter: 'EOF', insertbefore: 'BOF' },
    },
    { name: 'two path aliases', params: { path: '/x', dest: '/y', line: 'a' } },
  ]);
});

const hosts = { '/etc/hosts': { content: '127.0.0.1 localhost\n' } };
const managed =
  '127.0.0.1 localhost\n# BEGIN ANSIBLE MANAGED BLOCK\n10.0.0.1 a\n# END ANSIBLE MANAGED BLOCK\n';

describe('blockinfile', () => {
  runFileCases(blockinfileModule, [
    {
      name: 'block absent → inserted at EOF',
      params: { path: '/etc/hosts', block: '10.0.0.1 a' },
      host: hosts,
      outcome: 'change',
      reason: /Block inserted/,
      puts: [{ path: '/etc/hosts', content: managed }],
      diffs: [{ before: '127.0.0.1 localhost\n', after: managed }],
    },
    {
      name: 'same block present → ok',
      params: { path: '/etc/hosts', block: '10.0.0.1 a\n' },
      host: { '/etc/hosts': { content: managed } },
      outcome: 'ok',
    },
    {
      name: 'different block → replaced',
      params: { path: '/etc/hosts', content: '10.0.0.2 b' },
      host: { '/etc/hosts': { content: managed } },
      outcome: 'change',
      reason: /Block replaced/,
      diffs: [{ before: /10\.0\.0\.1 a/, after: /10\.0\.0\.2 b/ }],
    },
    {
      name: 'state=absent removes the block',
      params: { path: '/etc/hosts', state: 'absent' },
      host: { '/etc/hosts': { content: managed } },
      outcome: 'change',
      puts: [{ path: '/etc/hosts', content: '127.0.0.1 localhost\n' }],
    },
    {
      name: 'missing file without create → PRV411',
      params: { path: '/etc/none', block: 'x' },
      error: 'PRV411',
    },
    {
      name: 'pending file → unknown',
      params: { path: '/etc/hosts', block: 'x' },
      host: hosts,
      pending: { '/etc/hosts': 'earlier' },
      outcome: 'unknown',
    },
  ]);
  rejectsParams(blockinfileModule, [
    {
      name: 'a marker without {mark}',
      params: { path: '/x', block: 'a', marker: '# managed' },
      message: /\{mark\}/,
    },
    { name: 'an unknown state', params: { path: '/x', state: 'gone' } },
  ]);
});

describe('replace', () => {
  runFileCases(replaceModule, [
    {
      name: 'matches → replaced',
      params: { path: '/etc/ssh/sshd_config', regexp: '^Port \\d+$', replace: 'Port 2222', backup: true },
      host: sshd,
      outcome: 'change',
      reason: /1 replacements made/,
      puts: [{ path: '/etc/ssh/sshd_config', content: 'Port 2222\nPermitRootLogin yes\n' }],
      applied: [/^cp -p -- /],
      diffs: [{ before: /Port 22\n/, after: /Port 2222\n/ }],
    },
    {
      name: 'no match → ok',
      params: { path: '/etc/ssh/sshd_config', regexp: '^UseDNS', replace: 'x' },
      host: sshd,
      outcome: 'ok',
    },
    {
      name: 'replacement equal to the match → ok',
      params: { path: '/etc/ssh/sshd_config', regexp: '^Port (\\d+)$', replace: 'Port \\1' },
      host: sshd,
      outcome: 'ok',
    },
    { name: 'missing file → PRV411', params: { path: '/etc/none', regexp: 'a' }, error: 'PRV411' },
    {
      name: 'pending file → unknown',
      params: { path: '/etc/ssh/sshd_config', regexp: 'a' },
      pending: { '/etc/ssh/sshd_config': 'earlier' },
      outcome: 'unknown',
    },
  ]);
  rejectsParams(replaceModule, [
    { name: 'no regexp', params: { path: '/x', replace: 'a' } },
    { name: 'an invalid regexp', params: { path: '/x', regexp: '[' }, message: /invalid regular expression/ },
  ]);
});
