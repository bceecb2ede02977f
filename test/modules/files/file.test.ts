import { describe } from 'vitest';
import { fileModule } from '../../../src/modules/files/file.js';
import { rejectsParams, runFileCases } from './case-runner.js';

const dir = (mode = '0755') => ({ type: 'directory' as const, mode });

describe('file', () => {
  runFileCases(fileModule, [
    {
      name: 'directory absent → mkdir with mode and owner',
      params: { path: '/srv/app', state: 'directory', mode: '0750', owner: 'app', group: 'app' },
      host: { '/srv': dir() },
      outcome: 'change',
      applied: [/^mkdir -p -- \/srv\/app$/, /^chown app:app -- \/srv\/app$/, /^chmod 0750 -- \/srv\/app$/],
      diffs: [
        {
          before: 'path: /srv/app\nstate: absent\n',
          after: 'path: /srv/app\nstate: directory\nmode: 0750\nowner: app\ngroup: app\n',
        },
      ],
    },
    {
      name: 'directory present with the same attributes → ok',
      params: { path: '/srv/app', state: 'directory', mode: '0750', owner: 'root' },
      host: { '/srv/app': dir('0750') },
      outcome: 'ok',
    },
    {
      name: 'directory present with another mode → chmod, diff of attributes',
      params: { path: '/srv/app', state: 'directory', mode: 'g+w' },
      host: { '/srv/app': dir('0755') },
      outcome: 'change',
      applied: [/^chmod 0775 -- \/srv\/app$/],
      diffs: [{ before: 'path: /srv/app\nmode: 0755\n', after: 'path: /srv/app\nmode: 0775\n' }],
    },
    {
      name: 'numeric owner compares with the uid',
      params: { path: '/srv/app', state: 'directory', owner: '1000' },
      host: { '/srv/app': { ...dir(), uid: 1000, owner: 'app' } },
      outcome: 'ok',
    },
    {
      name: 'directory over a file → PRV412',
      params: { path: '/srv/app', state: 'directory' },
      host: { '/srv/app': { content: 'x' } },
      error: 'PRV412',
    },
    {
      name: 'absent removes a present path',
      params: { path: '/srv/app', state: 'absent' },
      host: { '/srv/app': dir() },
      outcome: 'change',
      applied: [/^rm -rf -- \/srv\/app$/],
      diffs: [{ before: 'path: /srv/app\nstate: directory\n', after: 'path: /srv/app\nstate: absent\n' }],
    },
    { name: 'absent and already absent → ok', params: { path: '/srv/app', state: 'absent' }, outcome: 'ok' },
    {
      name: 'state=file on an absent path → PRV411',
      params: { path: '/srv/none', state: 'file', mode: '0600' },
      error: 'PRV411',
    },
    {
      name: 'state=file fixes the owner of an existing file',
      params: { path: '/etc/app', owner: 'app' },
      host: { '/etc/app': { content: 'x' } },
      outcome: 'change',
      applied: [/^chown app -- \/etc\/app$/],
    },
    {
      name: 'touch creates an absent file',
      params: { path: '/var/log/app.log', state: 'touch', mode: '0640' },
      host: { '/var/log': dir() },
      outcome: 'change',
      applied: [/^touch -- \/var\/log\/app\.log$/, /^chmod 0640 -- /],
    },
    {
      name: 'touch an existing file updates its times (as Ansible)',
      params: { path: '/var/log/app.log', state: 'touch' },
      host: { '/var/log/app.log': { content: '' } },
      outcome: 'change',
      applied: [/^touch -am -- /],
    },
    {
      name: 'touch with preserved times and equal attributes → ok',
      params: {
        path: '/var/log/app.log',
        state: 'touch',
        modification_time: 'preserve',
        access_time: 'preserve',
      },
      host: { '/var/log/app.log': { content: '' } },
      outcome: 'ok',
    },
    {
      name: 'link absent → ln -s (relative src judged from the link directory)',
      params: { path: '/etc/alt/editor', state: 'link', src: '../vim' },
      host: { '/etc/alt': dir(), '/etc/alt/../vim': { content: 'bin' } },
      outcome: 'change',
      applied: [/^ln -sfn -- \.\.\/vim \/etc\/alt\/editor$/],
      diffs: [{ before: /state: absent/, after: /state: link → \.\.\/vim/ }],
    },
    {
      name: 'link already pointing at src → ok',
      params: { path: '/usr/bin/editor', state: 'link', src: '/usr/bin/vim' },
      host: {
        '/usr/bin/editor': { type: 'link', linkTarget: '/usr/bin/vim' },
        '/usr/bin/vim': { content: 'b' },
      },
      outcome: 'ok',
    },
    {
      name: 'link pointing elsewhere → replaced',
      params: { path: '/usr/bin/editor', state: 'link', src: '/usr/bin/vim' },
      host: {
        '/usr/bin': dir(),
        '/usr/bin/editor': { type: 'link', linkTarget: '/usr/bin/nano' },
        '/usr/bin/vim': { content: 'b' },
      },
      outcome: 'change',
      diffs: [{ before: /link → \/usr\/bin\/nano/, after: /link → \/usr\/bin\/vim/ }],
    },
    {
      name: 'link over a regular file without force → PRV419',
      params: { path: '/usr/bin/editor', state: 'link', src: '/usr/bin/vim' },
      host: { '/usr/bin': dir(), '/usr/bin/editor': { content: 'x' }, '/usr/bin/vim': { content: 'b' } },
      error: 'PRV419',
    },
    {
      name: 'link to a missing src without force → PRV419',
      params: { path: '/usr/bin/editor', state: 'link', src: '/usr/bin/none' },
      host: { '/usr/bin': dir() },
      error: 'PRV419',
    },
    {
      name: 'link to a src an earlier task would create → unknown',
      params: { path: '/usr/bin/editor', state: 'link', src: '/opt/tool/bin' },
      host: { '/usr/bin': dir() },
      pending: { '/opt/tool/bin': 'unpack tool' },
      outcome: 'unknown',
      reason: /depends on \/opt\/tool\/bin, which task 'unpack tool' would change/,
    },
    {
      name: 'hard link to the same inode → ok',
      params: { path: '/a/h', state: 'hard', src: '/a/f' },
      host: { '/a/h': { content: 'x', inode: 77, nlink: 2 }, '/a/f': { content: 'x', inode: 77, nlink: 2 } },
      outcome: 'ok',
    },
    {
      name: 'hard link over a different file needs force',
      params: { path: '/a/h', state: 'hard', src: '/a/f', force: true },
      host: { '/a': dir(), '/a/h': { content: 'x', inode: 76 }, '/a/f': { content: 'x', inode: 77 } },
      outcome: 'change',
      applied: [/^ln -f -- \/a\/f \/a\/h$/],
    },
    {
      name: 'recurse: a file below with another owner → chown -R',
      params: { path: '/srv/app', state: 'directory', recurse: true, owner: 'app', mode: 'u=rwX,g=rX,o=' },
      host: { '/srv/app': { ...dir('0750'), owner: 'app' } },
      rules: [
        {
          match: /^find \/srv\/app -mindepth 1 -exec stat/,
          stdout: '41e8\t750\t1000\t0\tapp\troot\t/srv/app/d\n81a0\t640\t0\t0\troot\troot\t/srv/app/d/f\n',
        },
      ],
      outcome: 'change',
      reason: /\/srv\/app\/d\/f: owner/,
      applied: [/^chown -R -h app -- \/srv\/app$/, /^chmod -R u=rwX,g=rX,o= -- \/srv\/app$/],
    },
    {
      name: 'recurse: the whole tree matches → ok',
      params: { path: '/srv/app', state: 'directory', recurse: true, owner: 'app', mode: 'u=rwX,g=rX,o=' },
      host: { '/srv/app': { ...dir('0750'), owner: 'app' } },
      rules: [
        {
          match: /^find \/srv\/app -mindepth 1 -exec stat/,
          stdout: '41e8\t750\t1000\t0\tapp\troot\t/srv/app/d\n81a0\t640\t1000\t0\tapp\troot\t/srv/app/d/f\n',
        },
      ],
      outcome: 'ok',
    },
    {
      name: 'pending path → unknown',
      params: { path: '/srv/app', state: 'directory' },
      pending: { '/srv/app': 'unpack' },
      outcome: 'unknown',
    },
  ]);
  rejectsParams(fileModule, [
    { name: 'no path', params: { state: 'directory' }, message: /exactly one of path/ },
    { name: 'an unknown state', params: { path: '/x', state: 'present' } },
    { name: 'hard without src', params: { path: '/x', state: 'hard' }, message: /src/ },
    { name: 'recurse on a file', params: { path: '/x', state: 'file', recurse: true }, message: /recurse/ },
    { name: 'an unquoted mode', params: { path: '/x', mode: 755 }, message: /decimal/ },
    {
      name: 'a bad symbolic mode',
      params: { path: '/x', mode: 'u=rw;g=r' },
      message: /neither octal nor symbolic|symbolic/,
    },
  ]);
});
