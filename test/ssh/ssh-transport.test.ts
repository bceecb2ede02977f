import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectSsh } from '../../src/transport/ssh/index.js';
import type { Transport } from '../../src/transport/transport.js';
import { TestSshd } from './sshd-fixture.js';

// Real SSH handshakes and sshd start-ups are slow on a loaded CI machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe('SSH transport over a private sshd', () => {
  const sshd = new TestSshd('transport');
  const dir = `/tmp/provision-ssh-put-${randomBytes(4).toString('hex')}`;
  let t: Transport;

  beforeAll(async () => {
    await sshd.start();
    sshd.writeKnownHosts();
    t = await connectSsh(sshd.hostVars(), { knownHostsFile: sshd.knownHosts, sshConfigFile: '/dev/null' });
    await t.run(`mkdir -p ${dir}`);
  });
  afterAll(async () => {
    await t?.run(`rm -rf ${dir}`).catch(() => undefined);
    await t?.close();
    await sshd.stop();
  });

  it('runs a command and returns rc, stdout and stderr', async () => {
    const r = await t.run('echo out; echo err >&2; exit 3');
    expect([r.rc, r.out, r.err, r.timedOut]).toEqual([3, 'out\n', 'err\n', false]);
  });

  it('passes stdin, env and cwd per command without leaking them into the next', async () => {
    const r = await t.run('cat; printf "%s %s" "$GREETING" "$(pwd)"', {
      stdin: 'from stdin\n',
      env: { GREETING: 'hello world' },
      cwd: '/usr',
    });
    expect(r.out).toBe('from stdin\nhello world /usr');
    const next = await t.run('printf "%s|%s" "$(printenv GREETING || echo unset)" "$(pwd)"');
    expect(next.out).toBe('unset|/root');
  });

  it('kills a command at its timeout (rc 124) and the shell goes on', async () => {
    const started = Date.now();
    const r = await t.run('sleep 30; echo late', { timeoutMs: 500 });
    expect([r.rc, r.timedOut, r.out]).toEqual([124, true, '']);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((await t.run('echo still here')).out).toBe('still here\n');
  });

  it('keeps every byte of binary stdin and output', async () => {
    const bytes = randomBytes(300_000);
    const r = await t.run('cat', { stdin: bytes });
    expect(r.stdout.equals(bytes)).toBe(true);
    const all = await t.run("printf '\\000\\001\\377\\n\\r'");
    expect([...all.stdout]).toEqual([0, 1, 255, 10, 13]);
  });

  it('runs 200 commands over one connection and one shell, one round trip each', async () => {
    const before = t.counters();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => t.run(`echo ${i}`)));
    expect(results.map((r) => Number(r.out))).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const after = t.counters();
    expect(after.connections).toBe(1);
    expect(after.sessions).toBe(1);
    expect(after.roundTrips - before.roundTrips).toBe(200);
    expect(after.bytesSent).toBeGreaterThan(before.bytesSent);
    expect(after.bytesReceived).toBeGreaterThan(before.bytesReceived);
  });

  it('runs a batch of probes in one round trip', async () => {
    const before = t.counters().roundTrips;
    const results = await t.runBatch(['echo one', 'echo two >&2; exit 2', 'cat /nonexistent-file']);
    expect(t.counters().roundTrips - before).toBe(1);
    expect(results.map((r) => [r.rc, r.out, r.err === '' ? '' : 'err'])).toEqual([
      [0, 'one\n', ''],
      [2, '', 'err'],
      [1, '', 'err'],
    ]);
  });

  it('puts files atomically with mode and owner, leaving no temp file', async () => {
    const content = Buffer.concat([randomBytes(5000), Buffer.from('\n')]);
    await t.put(`${dir}/f.bin`, content, { mode: '0640', owner: 'nobody', group: 'nogroup' });
    expect((await t.get(`${dir}/f.bin`)).equals(content)).toBe(true);
    expect((await t.run(`stat -c '%a %U %G' ${dir}/f.bin`)).out).toBe('640 nobody nogroup\n');
    await t.put(`${dir}/f.bin`, 'second\n');
    expect((await t.get(`${dir}/f.bin`)).toString()).toBe('second\n');
    expect((await t.run(`stat -c '%a' ${dir}/f.bin`)).out).toBe('640\n');
    expect((await t.run(`ls -A ${dir}`)).out).toBe('f.bin\n');
  });

  it('moves large files both ways', async () => {
    const big = randomBytes(8 * 1024 * 1024);
    await t.put(`${dir}/big.bin`, big);
    const back = await t.get(`${dir}/big.bin`);
    expect(back.length).toBe(big.length);
    expect(back.equals(big)).toBe(true);
    await t.run(`rm -f ${dir}/big.bin`);
  });

  it('reports put and get failures with their codes', async () => {
    await expect(t.put(`${dir}/missing-dir/x`, 'x')).rejects.toMatchObject({ code: 'PRV503' });
    await expect(t.get(`${dir}/nope`)).rejects.toMatchObject({ code: 'PRV504' });
  });

  it('treats become to the login user as no become', async () => {
    const r = await t.run('id -un', { become: { user: 'root' } });
    expect(r.out).toBe('root\n');
  });
});
