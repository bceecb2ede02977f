import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchDestination, fetchModule } from '../../../src/modules/files/fetch.js';
import { slurpModule } from '../../../src/modules/files/slurp.js';
import { statModule } from '../../../src/modules/files/stat.js';
import { runModuleCase } from '../../support/module-harness.js';
import { rejectsParams, runFileCases } from './case-runner.js';
import { hostRules } from './fixtures.js';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

describe('stat', () => {
  runFileCases(statModule, [
    {
      name: 'absent path → exists: false',
      params: { path: '/etc/none' },
      outcome: 'ok',
      result: { changed: false, stat: { exists: false } },
    },
    {
      name: 'regular file → Ansible stat keys with checksum',
      params: { path: '/etc/app.conf' },
      host: {
        '/etc/app.conf': {
          content: 'abc',
          mode: '0640',
          uid: 1000,
          gid: 1001,
          owner: 'app',
          group: 'appg',
          mtime: 1_700_000_123,
        },
      },
      rules: [{ match: /sha1sum -- \/etc\/app\.conf/, stdout: `${sha1('abc')}\n` }],
      outcome: 'ok',
      result: {
        stat: {
          exists: true,
          isreg: true,
          isdir: false,
          islnk: false,
          mode: '0640',
          uid: 1000,
          gid: 1001,
          pw_name: 'app',
          gr_name: 'appg',
          size: 3,
          mtime: 1_700_000_123,
          rusr: true,
          wgrp: false,
          roth: false,
          checksum: sha1('abc'),
          readable: true,
        },
      },
    },
    {
      name: 'symlink (not followed) → islnk and lnk_target',
      params: { path: '/etc/alt', checksum_algorithm: 'sha256' },
      host: { '/etc/alt': { type: 'link', linkTarget: 'real', mode: '0777' } },
      rules: [{ match: /readlink -f/, stdout: '/etc/real\n' }],
      outcome: 'ok',
      result: { stat: { islnk: true, lnk_target: 'real', lnk_source: '/etc/real' } },
    },
    {
      name: 'directory → isdir, no checksum',
      params: { path: '/etc', get_checksum: false },
      host: { '/etc': { type: 'directory' } },
      outcome: 'ok',
      result: { stat: { isdir: true, mode: '0755' } },
    },
    {
      name: 'path an earlier task would change → unknown',
      params: { path: '/etc/app.conf' },
      pending: { '/etc/app.conf': 'write config' },
      outcome: 'unknown',
      reason: /write config/,
    },
  ]);
  rejectsParams(statModule, [
    { name: 'no path', params: {} },
    { name: 'an unknown algorithm', params: { path: '/x', checksum_algorithm: 'crc32' } },
  ]);
});

describe('slurp', () => {
  runFileCases(slurpModule, [
    {
      name: 'file → base64 content',
      params: { src: '/etc/hostname' },
      host: { '/etc/hostname': { content: 'node1\n' } },
      rules: [{ match: /^if \[ -f \/etc\/hostname \]; then cat/, stdout: 'node1\n' }],
      outcome: 'ok',
      result: {
        content: Buffer.from('node1\n').toString('base64'),
        encoding: 'base64',
        source: '/etc/hostname',
      },
    },
    { name: 'missing → PRV411', params: { path: '/etc/none' }, error: 'PRV411' },
    {
      name: 'directory → PRV412',
      params: { src: '/etc' },
      host: { '/etc': { type: 'directory' } },
      error: 'PRV412',
    },
    {
      name: 'pending → unknown',
      params: { src: '/etc/kubernetes/admin.conf' },
      pending: { '/etc/kubernetes/admin.conf': 'kubeadm init' },
      outcome: 'unknown',
      reason: /kubeadm init/,
    },
  ]);
  rejectsParams(slurpModule, [{ name: 'src and path', params: { src: '/a', path: '/b' } }]);
});

describe('fetch', () => {
  const base = mkdtempSync(join(tmpdir(), 'prv-fetch-test-'));
  const remote = { '/etc/app.conf': { content: 'v2\n' } };
  const sumRule = { match: /sha1sum -- \/etc\/app\.conf/, stdout: `${sha1('v2\n')}\n` };

  it('computes Ansible destinations', () => {
    expect(fetchDestination({ src: '/etc/a.conf', dest: 'out' }, 'h1', '/pb')).toBe('/pb/out/h1/etc/a.conf');
    expect(fetchDestination({ src: '/etc/a.conf', dest: '/o/', flat: true }, 'h1', '/pb')).toBe('/o/a.conf');
    expect(fetchDestination({ src: '/etc/a.conf', dest: '/o/x.conf', flat: true }, 'h1', '/pb')).toBe(
      '/o/x.conf',
    );
  });

  it('absent locally → change; apply writes under dest/<host>/<path>; check mode writes nothing', async () => {
    const dir = mkdtempSync(join(base, 'a-'));
    const opts = {
      rules: [sumRule, ...hostRules(remote)],
      remoteFiles: { '/etc/app.conf': 'v2\n' },
      vars: { playbook_dir: dir },
    };
    const dry = await runModuleCase(
      fetchModule,
      { src: '/etc/app.conf', dest: 'fetched' },
      { ...opts, checkMode: true },
    );
    expect(dry.plan.outcome).toBe('change');
    expect(existsSync(join(dir, 'fetched'))).toBe(false);
    const real = await runModuleCase(fetchModule, { src: '/etc/app.conf', dest: 'fetched' }, opts);
    const local = join(dir, 'fetched/testhost/etc/app.conf');
    expect(readFileSync(local, 'utf8')).toBe('v2\n');
    expect(real.result).toMatchObject({ changed: true, dest: local, checksum: sha1('v2\n') });
  });

  it('equal local copy → ok; different → change', async () => {
    const dir = mkdtempSync(join(base, 'b-'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/app.conf'), 'v2\n');
    const opts = {
      rules: [sumRule, ...hostRules(remote)],
      remoteFiles: { '/etc/app.conf': 'v2\n' },
      vars: { playbook_dir: dir },
    };
    const same = await runModuleCase(fetchModule, { src: '/etc/app.conf', dest: 'out/', flat: true }, opts);
    expect(same.plan.outcome).toBe('ok');
    writeFileSync(join(dir, 'out/app.conf'), 'v1\n');
    const diff = await runModuleCase(
      fetchModule,
      { src: '/etc/app.conf', dest: 'out/', flat: true },
      { ...opts, checkMode: true },
    );
    expect(diff.plan.outcome).toBe('change');
    expect(readFileSync(join(dir, 'out/app.conf'), 'utf8')).toBe('v1\n');
  });

  runFileCases(fetchModule, [
    { name: 'missing remote file → PRV411', params: { src: '/etc/none', dest: '/tmp/x' }, error: 'PRV411' },
    {
      name: 'missing remote file with fail_on_missing: false → ok',
      params: { src: '/etc/none', dest: join(base, 'none'), fail_on_missing: false },
      outcome: 'ok',
    },
    {
      name: 'pending remote file → unknown',
      params: { src: '/etc/kubernetes/admin.conf', dest: join(base, 'p') },
      pending: { '/etc/kubernetes/admin.conf': 'kubeadm init' },
      outcome: 'unknown',
    },
  ]);
  rejectsParams(fetchModule, [{ name: 'no dest', params: { src: '/a' } }]);
});
