import { describe } from 'vitest';
import { copyModule } from '../../../src/modules/files/copy.js';
import { templateModule } from '../../../src/modules/files/template.js';
import { rejectsParams, runFileCases } from './case-runner.js';

const etc = { '/etc': { type: 'directory' as const } };

describe('copy', () => {
  runFileCases(copyModule, [
    {
      name: 'absent dest → change, writes content with mode',
      paths: ['/etc/app.conf'],
      params: { content: 'hello\n', dest: '/etc/app.conf', mode: '0640', owner: 'app' },
      host: etc,
      outcome: 'change',
      reason: /absent/,
      puts: [{ path: '/etc/app.conf', content: 'hello\n', mode: '0640', owner: 'app' }],
      result: { changed: true, dest: '/etc/app.conf', size: 6 },
    },
    {
      name: 'equal content and attributes → ok',
      params: { content: 'hello\n', dest: '/etc/app.conf', mode: '0644' },
      host: { ...etc, '/etc/app.conf': { content: 'hello\n', mode: '0644' } },
      outcome: 'ok',
    },
    {
      name: 'different content → change with a diff, keeps owner and mode',
      params: { content: 'new\n', dest: '/etc/app.conf' },
      host: {
        ...etc,
        '/etc/app.conf': { content: 'old\n', mode: '0600', uid: 1000, gid: 1001, owner: 'app' },
      },
      outcome: 'change',
      reason: /content differs/,
      puts: [{ path: '/etc/app.conf', content: 'new\n', mode: '0600', owner: '1000', group: '1001' }],
      diffs: [{ before: 'old\n', after: 'new\n', header: '/etc/app.conf' }],
    },
    {
      name: 'same content, different mode → chmod only',
      params: { content: 'x', dest: '/etc/app.conf', mode: 'u=rw,go=' },
      host: { ...etc, '/etc/app.conf': { content: 'x', mode: '0644' } },
      outcome: 'change',
      applied: [/^chmod 0600 -- \/etc\/app\.conf$/],
      puts: [],
      diffs: [{ before: /mode: 0644/, after: /mode: 0600/ }],
    },
    {
      name: 'local src into a directory named by a trailing slash',
      params: { src: 'motd', dest: '/etc/' },
      host: etc,
      local: { motd: 'welcome\n' },
      outcome: 'change',
      puts: [{ path: '/etc/motd', content: 'welcome\n' }],
    },
    {
      name: 'dest is an existing directory → into it',
      params: { src: 'motd', dest: '/etc' },
      host: { ...etc, '/etc/motd': { content: 'welcome\n' } },
      local: { motd: 'welcome\n' },
      outcome: 'ok',
    },
    {
      name: 'force: false keeps an existing different file',
      params: { content: 'new', dest: '/etc/app.conf', force: false },
      host: { ...etc, '/etc/app.conf': { content: 'old' } },
      outcome: 'ok',
    },
    {
      name: 'backup copies the old file first',
      params: { content: 'new', dest: '/etc/app.conf', backup: true },
      host: { ...etc, '/etc/app.conf': { content: 'old' } },
      outcome: 'change',
      applied: [/^cp -p -- \/etc\/app\.conf '\/etc\/app\.conf\.2023-11-14@22:13:20~'$/],
      result: { backup_file: '/etc/app.conf.2023-11-14@22:13:20~' },
    },
    {
      name: 'validate writes a temp file, checks it, then moves it',
      params: { content: 'ok', dest: '/etc/sudoers.d/x', validate: 'visudo -cf %s' },
      host: { '/etc/sudoers.d': { type: 'directory' } },
      outcome: 'change',
      puts: [{ path: /^\/etc\/sudoers\.d\/\.x\.provision-validate-[0-9a-f]+$/, content: 'ok' }],
      applied: [
        /^visudo -cf \/etc\/sudoers\.d\/\.x\.provision-validate-/,
        /^mv -f -- .* \/etc\/sudoers\.d\/x$/,
      ],
    },
    {
      name: 'remote_src copies on the host',
      params: { src: '/opt/a', dest: '/etc/a', remote_src: true },
      host: { ...etc, '/opt/a': { content: 'A' } },
      outcome: 'change',
      puts: [],
      applied: [/cp -- \/opt\/a "\$t"/, /mv -f "\$t" \/etc\/a/],
    },
    {
      name: 'remote_src with equal content → ok',
      params: { src: '/opt/a', dest: '/etc/a', remote_src: true },
      host: { ...etc, '/opt/a': { content: 'A' }, '/etc/a': { content: 'A' } },
      outcome: 'ok',
    },
    {
      name: 'binary content is not shown in the diff',
      params: { content: 'a\u0000b', dest: '/etc/bin' },
      host: { ...etc, '/etc/bin': { content: 'x\u0000y' } },
      outcome: 'change',
      diffs: [{ before: /binary content not shown: 3 bytes/, after: /binary content not shown/ }],
    },
    {
      name: 'dest pending from an earlier task → unknown',
      params: { content: 'x', dest: '/etc/app.conf' },
      host: etc,
      pending: { '/etc/app.conf': 'write config' },
      outcome: 'unknown',
      reason: /depends on \/etc\/app\.conf, which task 'write config' would change/,
      paths: ['/etc/app.conf'],
    },
    {
      name: 'missing parent an earlier task creates → unknown',
      params: { content: 'x', dest: '/opt/app/conf' },
      pending: { '/opt/app': 'make dir' },
      outcome: 'unknown',
      reason: /depends on \/opt\/app/,
    },
    { name: 'missing parent → PRV410', params: { content: 'x', dest: '/opt/app/conf' }, error: 'PRV410' },
    {
      name: 'dest is a directory with content → PRV412',
      params: { content: 'x', dest: '/etc' },
      host: etc,
      error: 'PRV412',
    },
    {
      name: 'unknown owner → PRV417',
      params: { content: 'x', dest: '/etc/a', owner: 'ghost' },
      host: etc,
      error: 'PRV417',
    },
    {
      name: 'owner an earlier task would create → unknown',
      params: { content: 'x', dest: '/etc/a', owner: 'ghost' },
      host: etc,
      pending: { '/etc/passwd': 'add user ghost' },
      outcome: 'unknown',
      reason: /\/etc\/passwd/,
    },
    {
      name: 'remote_src missing → PRV411',
      params: { src: '/opt/none', dest: '/etc/a', remote_src: true },
      host: etc,
      error: 'PRV411',
    },
  ]);
  rejectsParams(copyModule, [
    { name: 'neither src nor content', params: { dest: '/x' }, message: /exactly one of src or content/ },
    { name: 'an unknown parameter', params: { content: 'x', dest: '/x', destination: '/y' } },
    { name: 'a numeric mode', params: { content: 'x', dest: '/x', mode: 644 }, message: /quote it/ },
    {
      name: 'validate without %s',
      params: { content: 'x', dest: '/x', validate: 'visudo -c' },
      message: /%s/,
    },
    { name: 'content into a directory', params: { content: 'x', dest: '/etc/' } },
  ]);
});

describe('template', () => {
  const render = (t: string) => t.replace('{{ port }}', '8080');
  runFileCases(templateModule, [
    {
      name: 'absent dest → renders and writes',
      params: { src: 'app.conf.j2', dest: '/etc/app.conf', mode: '0644' },
      host: etc,
      local: { 'app.conf.j2': 'port={{ port }}\n' },
      render,
      outcome: 'change',
      puts: [{ path: '/etc/app.conf', content: 'port=8080\n', mode: '0644' }],
    },
    {
      name: 'rendered content equal → ok',
      params: { src: 'app.conf.j2', dest: '/etc/app.conf' },
      host: { ...etc, '/etc/app.conf': { content: 'port=8080\n' } },
      local: { 'app.conf.j2': 'port={{ port }}\n' },
      render,
      outcome: 'ok',
    },
    {
      name: 'rendered content differs → diff of rendered text',
      params: { src: 'app.conf.j2', dest: '/etc/app.conf' },
      host: { ...etc, '/etc/app.conf': { content: 'port=80\n' } },
      local: { 'app.conf.j2': 'port={{ port }}\n' },
      render,
      outcome: 'change',
      diffs: [{ before: 'port=80\n', after: 'port=8080\n', header: '/etc/app.conf' }],
    },
    {
      name: 'pending dest → unknown',
      params: { src: 'app.conf.j2', dest: '/etc/app.conf' },
      local: { 'app.conf.j2': 'x' },
      pending: { '/etc/app.conf': 'earlier' },
      outcome: 'unknown',
    },
  ]);
  rejectsParams(templateModule, [
    { name: 'missing src', params: { dest: '/x' } },
    { name: 'content (copy only)', params: { src: 'a', dest: '/x', content: 'y' } },
  ]);
});
