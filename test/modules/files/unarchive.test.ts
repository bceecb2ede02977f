import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveManifest, detectFormat } from '../../../src/modules/files/archive-manifest.js';
import { unarchiveModule } from '../../../src/modules/files/unarchive.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';
import { rejectsParams, runFileCases } from './case-runner.js';
import { sha256Hex } from './fixtures.js';

/** Archives built once with this machine's tar and zip: app/ with bin/run and README. */
const work = mkdtempSync(join(tmpdir(), 'prv-unarchive-test-'));
mkdirSync(join(work, 'src/app/bin'), { recursive: true });
writeFileSync(join(work, 'src/app/bin/run'), '#!/bin/sh\necho run\n');
writeFileSync(join(work, 'src/app/README'), 'readme\n');
const build = (name: string, args: string[], cmd = 'tar') => {
  execFileSync(cmd, args, { cwd: join(work, 'src') });
  return readFileSync(join(work, name));
};
const archives = {
  'app.tar': build('app.tar', ['-cf', join(work, 'app.tar'), 'app']),
  'app.tgz': build('app.tgz', ['-czf', join(work, 'app.tgz'), 'app']),
  'app.tar.xz': build('app.tar.xz', ['-cJf', join(work, 'app.tar.xz'), 'app']),
  'app.tar.bz2': build('app.tar.bz2', ['-cjf', join(work, 'app.tar.bz2'), 'app']),
  'app.zip': build('app.zip', ['-qr', join(work, 'app.zip'), 'app'], 'zip'),
};

const tools: ScriptedRule[] = [
  { match: /^command -v tar$/, stdout: '/usr/bin/tar\n' },
  { match: /^command -v unzip$/, stdout: '/usr/bin/unzip\n' },
];
const opt = { '/opt': { type: 'directory' as const } };

/** Answers for the per-entry probes: which entries dest already has (dirs, or files with content). */
function destTree(entries: Record<string, string | 'dir'>): ScriptedRule[] {
  const esc = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return Object.entries(entries).map(([path, v]) =>
    v === 'dir'
      ? { match: new RegExp(`^if \\[ -d ${esc(path)} \\] && \\[ ! -L`), stdout: '=dir\n' }
      : { match: new RegExp(`^if \\[ -f ${esc(path)} \\] && \\[ ! -L`), stdout: `=${sha256Hex(v)}\n` },
  );
}
const missing: ScriptedRule = { match: /^if \[ -[df] .* \] && \[ ! -L/, stdout: 'missing\n' };
const complete = destTree({
  '/opt/app': 'dir',
  '/opt/app/bin': 'dir',
  '/opt/app/bin/run': '#!/bin/sh\necho run\n',
  '/opt/app/README': 'readme\n',
});

describe('archive manifest', () => {
  for (const [name, bytes] of Object.entries(archives)) {
    it(`lists ${name} with content hashes`, () => {
      expect(detectFormat(bytes)).toBeDefined();
      const { entries } = archiveManifest(bytes, join(work, 'tmp'));
      expect(entries.map((e) => e.path)).toEqual(['app', 'app/README', 'app/bin', 'app/bin/run']);
      expect(entries.find((e) => e.path === 'app/README')?.sha256).toBe(sha256Hex('readme\n'));
    });
  }
  it('rejects something that is not an archive', () => {
    expect(() => archiveManifest(Buffer.from('plain text'), join(work, 'tmp'))).toThrow(/not a tar/);
  });
});

describe('unarchive', () => {
  runFileCases(unarchiveModule, [
    {
      name: 'dest empty → change: uploads the archive and unpacks it with tar',
      params: { src: 'app.tgz', dest: '/opt', list_files: true },
      host: opt,
      local: archives,
      rules: [...tools, missing],
      outcome: 'change',
      reason: /app missing/,
      puts: [{ path: /^\/tmp\/\.provision-unarchive-[0-9a-f]+$/, mode: '0600' }],
      applied: [
        /^tar -xf \/tmp\/\.provision-unarchive-[0-9a-f]+ -C \/opt$/,
        /^rm -f -- \/tmp\/\.provision-unarchive-/,
      ],
      result: { changed: true, files: ['app/', 'app/README', 'app/bin/', 'app/bin/run'] },
    },
    {
      name: 'dest holds the same files → ok',
      params: { src: 'app.tar.xz', dest: '/opt' },
      host: opt,
      local: archives,
      rules: [...tools, ...complete],
      outcome: 'ok',
    },
    {
      name: 'one file differs → change',
      params: { src: 'app.tar', dest: '/opt' },
      host: opt,
      local: archives,
      rules: [...tools, ...destTree({ '/opt/app/README': 'edited\n' }), ...complete],
      outcome: 'change',
      reason: /app\/README differs/,
      diffs: [
        {
          before: `app/README: file sha256 ${sha256Hex('edited\n')}\n`,
          after: `app/README: file sha256 ${sha256Hex('readme\n')}\n`,
          header: '/opt (from app.tar)',
        },
      ],
    },
    {
      name: 'zip unpacks with unzip',
      params: { src: 'app.zip', dest: '/opt' },
      host: opt,
      local: archives,
      rules: [...tools, missing],
      outcome: 'change',
      applied: [/^unzip -o -q -- \/tmp\/\.provision-unarchive-[0-9a-f]+ -d \/opt$/],
    },
    {
      name: 'remote_src reads the archive from the host and unpacks it in place',
      params: { src: '/srv/app.tar.bz2', dest: '/opt', remote_src: true, owner: 'app', mode: '0755' },
      host: { ...opt, '/srv/app.tar.bz2': { content: 'x' } },
      remoteFiles: { '/srv/app.tar.bz2': archives['app.tar.bz2'] },
      rules: [...tools, missing],
      outcome: 'change',
      puts: [],
      applied: [
        /^tar -xf \/srv\/app\.tar\.bz2 -C \/opt$/,
        /^cd \/opt && chown -R -h app -- app$/,
        /^cd \/opt && chmod -R 0755 -- app$/,
      ],
    },
    {
      name: 'creates exists → ok without reading the archive',
      params: { src: 'app.tgz', dest: '/opt', creates: '/opt/app/bin/run' },
      host: { ...opt, '/opt/app/bin/run': { content: 'x' } },
      rules: tools,
      outcome: 'ok',
      result: { msg: 'skipped, since /opt/app/bin/run exists' },
    },
    {
      name: 'dest missing → PRV410',
      params: { src: 'app.tgz', dest: '/nodir' },
      local: archives,
      rules: tools,
      error: 'PRV410',
    },
    {
      name: 'not an archive → PRV416',
      params: { src: 'notes.txt', dest: '/opt' },
      host: opt,
      local: { 'notes.txt': 'hello' },
      rules: tools,
      error: 'PRV416',
    },
    {
      name: 'unzip missing on the host → PRV416',
      params: { src: 'app.zip', dest: '/opt' },
      host: opt,
      local: archives,
      rules: [{ match: /^command -v unzip$/, rc: 1 }, ...tools],
      error: 'PRV416',
    },
    {
      name: 'dest an earlier task would create → unknown',
      params: { src: 'app.tgz', dest: '/opt/new' },
      local: archives,
      pending: { '/opt/new': 'mkdir' },
      outcome: 'unknown',
      reason: /depends on \/opt\/new, which task 'mkdir' would change/,
      paths: ['/opt/new'],
    },
  ]);
  rejectsParams(unarchiveModule, [
    { name: 'no dest', params: { src: 'a.tgz' } },
    { name: 'an unknown parameter', params: { src: 'a.tgz', dest: '/o', keep_newer: true } },
  ]);
});
