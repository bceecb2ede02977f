import { describe, expect, it } from 'vitest';
import { getUrlModule } from '../../../src/modules/files/get-url.js';
import { downloadScript, parseDownload } from '../../../src/modules/files/get-url-download.js';
import { runModuleCase } from '../../support/module-harness.js';
import { rejectsParams, runFileCases } from './case-runner.js';
import { hostRules, sha256Hex } from './fixtures.js';

const URL_ = 'https://example.test/tool-1.0.tar.gz';
const payload = 'tool bytes';
const sum = sha256Hex(payload);
const curl = { match: /^command -v curl$/, stdout: '/usr/bin/curl\n' };
const noWget = { match: /^command -v wget$/, rc: 1 };
const opt = { '/opt': { type: 'directory' as const } };
/** What the download script prints: temp path, its checksum, dest's checksum, HTTP status. */
const downloaded = (destSum = '') => ({
  match: /^t=\$\(mktemp/,
  stdout: `/opt/.tool.provision-abc\n${sum}\n${destSum}\n200\n`,
});

describe('get_url', () => {
  runFileCases(getUrlModule, [
    {
      name: 'dest absent → change; the host downloads with curl, then the file is moved into place',
      params: { url: URL_, dest: '/opt/tool.tgz', mode: '0644', checksum: `sha256:${sum}` },
      host: opt,
      rules: [curl, noWget, downloaded()],
      outcome: 'change',
      applied: [
        /curl -sSL .*--url https:\/\/example\.test\/tool-1\.0\.tar\.gz/,
        /mv -f -- \/opt\/\.tool\.provision-abc \/opt\/tool\.tgz/,
      ],
      puts: [],
      diffs: [{ before: /state: absent/, after: /file from https:\/\/example\.test/ }],
      result: { changed: true, checksum_dest: sum },
    },
    {
      name: 'dest present with the expected checksum → ok',
      params: { url: URL_, dest: '/opt/tool.tgz', checksum: `sha256:${sum}` },
      host: { ...opt, '/opt/tool.tgz': { content: payload } },
      rules: [curl, noWget, { match: /^if \[ -f \/opt\/tool\.tgz \]; then sha256sum/, stdout: `${sum}\n` }],
      outcome: 'ok',
    },
    {
      name: 'dest present, no checksum, force off → ok without downloading',
      params: { url: URL_, dest: '/opt/tool.tgz' },
      host: { ...opt, '/opt/tool.tgz': { content: 'old' } },
      rules: [curl, noWget],
      outcome: 'ok',
    },
    {
      name: 'dest present with another checksum → change',
      params: { url: URL_, dest: '/opt/tool.tgz', checksum: `sha256:${sum}` },
      host: { ...opt, '/opt/tool.tgz': { content: 'old' } },
      rules: [
        curl,
        noWget,
        { match: /^if \[ -f \/opt\/tool\.tgz \]; then sha256sum/, stdout: `${sha256Hex('old')}\n` },
        downloaded(sha256Hex('old')),
      ],
      outcome: 'change',
      reason: /checksum differs/,
    },
    {
      name: 'force without checksum → unknown until downloaded',
      params: { url: URL_, dest: '/opt/tool.tgz', force: true },
      host: { ...opt, '/opt/tool.tgz': { content: payload } },
      rules: [curl, noWget, downloaded(sum)],
      outcome: 'unknown',
      reason: /known only after the download/,
      result: { changed: false },
    },
    {
      name: 'wget when curl is missing',
      params: { url: URL_, dest: '/opt/tool.tgz' },
      host: opt,
      rules: [
        { match: /^command -v curl$/, rc: 1 },
        { match: /^command -v wget$/, stdout: '/usr/bin/wget\n' },
        downloaded(),
      ],
      outcome: 'change',
      applied: [/wget -q -O "\$t" -T 10 -- https:\/\/example\.test/],
    },
    {
      name: 'file:// copies on the host',
      params: { url: 'file:///srv/files/tool.tgz', dest: '/opt/tool.tgz' },
      host: opt,
      rules: [curl, noWget, downloaded()],
      outcome: 'change',
      applied: [/cp -- \/srv\/files\/tool\.tgz "\$t"/],
    },
    {
      name: 'dest is a directory → file named after the URL',
      params: { url: URL_, dest: '/opt' },
      host: { ...opt, '/opt/tool-1.0.tar.gz': { content: 'x' } },
      rules: [curl, noWget],
      outcome: 'ok',
      result: { dest: '/opt/tool-1.0.tar.gz' },
    },
    {
      name: 'checksum mismatch after download → PRV414',
      params: { url: URL_, dest: '/opt/tool.tgz', checksum: `sha256:${'0'.repeat(64)}` },
      host: opt,
      rules: [curl, noWget, downloaded()],
      error: 'PRV414',
    },
    {
      name: 'no curl, no wget → PRV415',
      params: { url: URL_, dest: '/opt/tool.tgz' },
      host: opt,
      rules: [{ match: /^command -v (curl|wget)$/, rc: 1 }],
      error: 'PRV415',
    },
    {
      name: 'missing dest directory → PRV410',
      params: { url: URL_, dest: '/nodir/tool.tgz' },
      rules: [curl, noWget],
      error: 'PRV410',
    },
    {
      name: 'pending dest → unknown',
      params: { url: URL_, dest: '/opt/tool.tgz' },
      pending: { '/opt/tool.tgz': 'earlier' },
      outcome: 'unknown',
    },
  ]);

  it('the download failing on the host → PRV415 with its stderr', async () => {
    const err = await runModuleCase(
      getUrlModule,
      { url: URL_, dest: '/opt/tool.tgz' },
      {
        rules: [
          curl,
          noWget,
          { match: /^t=\$\(mktemp/, rc: 22, stderr: 'download failed: status 404' },
          ...hostRules(opt),
        ],
      },
    ).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('PRV415');
    expect((err as Error).message).toMatch(/404/);
  });

  it('masks a password in the URL', async () => {
    const { plan } = await runModuleCase(
      getUrlModule,
      { url: 'https://u:s3cret@example.test/x', dest: '/opt/x' },
      { rules: [curl, noWget, ...hostRules(opt)], checkMode: true },
    );
    expect(plan.secretValues).toEqual(['s3cret']);
  });

  it('builds a download script that keeps the temp file beside dest', () => {
    const script = downloadScript({
      url: URL_,
      dest: '/opt/tool.tgz',
      algo: 'sha256',
      tool: 'curl',
      timeoutSec: 5,
      headers: { Authorization: 'Bearer x' },
      validateCerts: false,
    });
    expect(script).toMatch(/^t=\$\(mktemp \/opt\/\.tool\.tgz\.provision-XXXXXX\)/);
    expect(script).toContain("-H 'Authorization: Bearer x'");
    expect(script).toContain(' -k ');
    expect(parseDownload('/t\nab\n\n200\n')).toEqual({ tmp: '/t', sum: 'ab', destSum: '', status: 200 });
  });

  rejectsParams(getUrlModule, [
    { name: 'an ftp URL', params: { url: 'ftp://x/y', dest: '/a' }, message: /http/ },
    {
      name: 'a checksum without algorithm',
      params: { url: URL_, dest: '/a', checksum: 'abc' },
      message: /algorithm:hex/,
    },
    { name: 'no dest', params: { url: URL_ } },
  ]);
});
