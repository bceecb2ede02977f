import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockinfileModule } from '../../../src/modules/files/blockinfile.js';
import { fetchModule } from '../../../src/modules/files/fetch.js';
import { getUrlModule } from '../../../src/modules/files/get-url.js';
import { lineinfileModule } from '../../../src/modules/files/lineinfile.js';
import { replaceModule } from '../../../src/modules/files/replace.js';
import { slurpModule } from '../../../src/modules/files/slurp.js';
import { statModule } from '../../../src/modules/files/stat.js';
import { unarchiveModule } from '../../../src/modules/files/unarchive.js';
import { applyThenReplan, localContext } from './local-context.js';

/** The edit, read and transfer modules on the local transport in a scratch directory: apply, re-plan → ok. */

const root = mkdtempSync(join(tmpdir(), 'prv-content-local-'));
const files = join(root, 'files');
const t = join(root, 'target');
mkdirSync(files);
mkdirSync(t);
const ctx = () => localContext(files, { diffMode: true, vars: { playbook_dir: root } });

describe('edit modules on the local transport', () => {
  it('lineinfile, blockinfile and replace converge and stay converged', async () => {
    writeFileSync(join(t, 'sshd_config'), 'Port 22\n#PermitRootLogin yes\nUseDNS yes\n', { mode: 0o600 });
    const steps: [
      typeof lineinfileModule | typeof blockinfileModule | typeof replaceModule,
      Record<string, unknown>,
    ][] = [
      [
        lineinfileModule,
        { path: join(t, 'sshd_config'), regexp: '^#?PermitRootLogin', line: 'PermitRootLogin no' },
      ],
      [lineinfileModule, { path: join(t, 'sshd_config'), line: 'X11Forwarding no', insertafter: '^Port' }],
      [lineinfileModule, { path: join(t, 'sshd_config'), regexp: '^UseDNS', state: 'absent', backup: true }],
      [lineinfileModule, { path: join(t, 'new/conf'), line: 'a=1', create: true }],
      [
        blockinfileModule,
        { path: join(t, 'sshd_config'), block: 'Match User deploy\n  PasswordAuthentication no' },
      ],
      [replaceModule, { path: join(t, 'sshd_config'), regexp: '^Port (22)$', replace: 'Port \\g<1>22' }],
    ];
    for (const [def, params] of steps) {
      const { first, second } = await applyThenReplan(def as never, params, ctx());
      expect(first.outcome, `${def.name}: ${first.reason}`).toBe('change');
      expect(second.outcome, `${def.name}: ${second.reason}`).toBe('ok');
    }
    expect(readFileSync(join(t, 'sshd_config'), 'utf8')).toBe(
      'Port 2222\nX11Forwarding no\nPermitRootLogin no\n# BEGIN ANSIBLE MANAGED BLOCK\nMatch User deploy\n  PasswordAuthentication no\n# END ANSIBLE MANAGED BLOCK\n',
    );
    expect(statSync(join(t, 'sshd_config')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(t, 'new/conf'), 'utf8')).toBe('a=1\n');
    // Through a symlink: the file it points to is edited and the link stays a link.
    symlinkSync('new/conf', join(t, 'conf.link'));
    const linked = await applyThenReplan(
      lineinfileModule,
      { path: join(t, 'conf.link'), line: 'b=2' },
      ctx(),
    );
    expect([linked.first.outcome, linked.second.outcome]).toEqual(['change', 'ok']);
    expect(lstatSync(join(t, 'conf.link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(t, 'new/conf'), 'utf8')).toBe('a=1\nb=2\n');
  }, 120_000);
});

describe('read modules on the local transport', () => {
  it('stat, slurp and fetch', async () => {
    writeFileSync(join(t, 'data'), 'payload\n');
    const c = ctx();
    const st = await statModule.plan(statModule.schema.parse({ path: join(t, 'data') }), c);
    expect(st.result.stat).toMatchObject({
      exists: true,
      isreg: true,
      size: 8,
      checksum: createHash('sha1').update('payload\n').digest('hex'),
    });
    const sl = await slurpModule.plan(slurpModule.schema.parse({ src: join(t, 'data') }), c);
    expect(Buffer.from(sl.result.content as string, 'base64').toString()).toBe('payload\n');
    const { first, result, second } = await applyThenReplan(
      fetchModule,
      { src: join(t, 'data'), dest: 'fetched' },
      c,
    );
    expect([first.outcome, second.outcome]).toEqual(['change', 'ok']);
    expect(readFileSync(result.dest as string, 'utf8')).toBe('payload\n');
    expect(result.dest).toBe(join(root, 'fetched/localhost', t, 'data'));
  }, 60_000);
});

describe('transfer modules on the local transport', () => {
  const server = createServer((req, res) => {
    if (req.url === '/tool') res.end('tool v1\n');
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('get_url downloads on the host once, verifies the checksum, and fails on 404', async () => {
    const sum = createHash('sha256').update('tool v1\n').digest('hex');
    const run = await applyThenReplan(
      getUrlModule,
      { url: `${base}/tool`, dest: join(t, 'tool'), mode: '0755', checksum: `sha256:${sum}` },
      ctx(),
    );
    expect([run.first.outcome, run.second.outcome]).toEqual(['change', 'ok']);
    expect(readFileSync(join(t, 'tool'), 'utf8')).toBe('tool v1\n');
    expect(statSync(join(t, 'tool')).mode & 0o777).toBe(0o755);
    const copy = await applyThenReplan(
      getUrlModule,
      { url: `file://${join(t, 'tool')}`, dest: join(t, 'tool.copy') },
      ctx(),
    );
    expect([copy.first.outcome, copy.second.outcome]).toEqual(['change', 'ok']);
    const plan = await getUrlModule.plan(
      getUrlModule.schema.parse({ url: `${base}/missing`, dest: join(t, 'missing') }),
      ctx(),
    );
    await expect(plan.apply?.()).rejects.toMatchObject({ code: 'PRV415' });
  }, 60_000);

  it('unarchive unpacks tar.gz and zip once', async () => {
    const src = join(root, 'arc');
    mkdirSync(join(src, 'pkg/bin'), { recursive: true });
    writeFileSync(join(src, 'pkg/bin/run'), 'run\n');
    writeFileSync(join(src, 'pkg/VERSION'), '1\n');
    execFileSync('tar', ['-czf', join(files, 'pkg.tgz'), '-C', src, 'pkg']);
    execFileSync('zip', ['-qr', join(files, 'pkg.zip'), 'pkg'], { cwd: src });
    mkdirSync(join(t, 'z'));
    for (const params of [
      { src: 'pkg.tgz', dest: t },
      { src: 'pkg.zip', dest: join(t, 'z'), mode: 'u=rwX,g=rX,o=' },
      { src: join(files, 'pkg.tgz'), dest: t, remote_src: true, creates: join(t, 'pkg/VERSION') },
    ]) {
      const { first, second } = await applyThenReplan(unarchiveModule, params, ctx());
      if (!params.creates) expect(first.outcome, first.reason).toBe('change');
      expect(second.outcome, second.reason).toBe('ok');
    }
    expect(readFileSync(join(t, 'pkg/bin/run'), 'utf8')).toBe('run\n');
    expect(statSync(join(t, 'z/pkg/VERSION')).mode & 0o777).toBe(0o640);
    writeFileSync(join(t, 'pkg/VERSION'), '2\n');
    const again = await applyThenReplan(unarchiveModule, { src: 'pkg.tgz', dest: t }, ctx());
    expect([again.first.outcome, again.second.outcome]).toEqual(['change', 'ok']);
    expect(readFileSync(join(t, 'pkg/VERSION'), 'utf8')).toBe('1\n');
  }, 120_000);
});
