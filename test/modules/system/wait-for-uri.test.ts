import { describe, expect, it } from 'vitest';
import { curlConfig, parseCurlOutput, uriModule } from '../../../src/modules/system/uri.js';
import { activeConnections, waitForModule } from '../../../src/modules/system/wait-for.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';
import { moduleContext, runModuleCase } from '../../support/module-harness.js';

describe('wait_for', () => {
  const port = { host: '10.0.0.5', port: 6443, timeout: 30, delay: 2, sleep: 5 };
  const closed: ScriptedRule = { match: '/dev/tcp/', stdout: '' };
  const open: ScriptedRule = { match: '/dev/tcp/', stdout: 'open\n' };

  it('polls on the injected clock until the port opens', async () => {
    const { ctx, transport, sleeps } = moduleContext({ rules: [{ ...closed, times: 2 }, open] });
    const plan = await waitForModule.plan(waitForModule.schema.parse(port), ctx);
    expect(plan.outcome).toBe('ok');
    expect(plan.result).toMatchObject({ changed: false, port: 6443, elapsed: 12, state: 'started' });
    expect(sleeps).toEqual([2000, 5000, 5000]);
    expect(transport.runs).toHaveLength(3);
    expect(transport.runs[0]?.command).toContain(
      'timeout 5 bash -c \'exec 3<>"/dev/tcp/$0/$1" && echo open\' 10.0.0.5 6443',
    );
  });

  it('times out with a failed result and the message', async () => {
    const { ctx, sleeps } = moduleContext({ rules: [closed] });
    const plan = await waitForModule.plan(
      waitForModule.schema.parse({ ...port, msg: 'API server did not come up' }),
      ctx,
    );
    expect(plan.result).toMatchObject({ failed: true, msg: 'API server did not come up' });
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30_000);
  });

  it('state stopped waits for the port to close; search_regex reads the banner', async () => {
    const stopped = await runModuleCase(waitForModule, { port: 22, state: 'stopped' }, { rules: [closed] });
    expect(stopped.plan.outcome).toBe('ok');
    const banner = await runModuleCase(
      waitForModule,
      { port: 22, search_regex: 'OpenSSH_(?<v>[0-9.]+)' },
      {
        rules: [{ match: '/dev/tcp/', stdout: 'open\nSSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\n' }],
      },
    );
    expect(banner.result).toMatchObject({ match_groups: ['9.6'], match_groupdict: { v: '9.6' } });
  });

  it('paths: present, absent, and contents matching a regex', async () => {
    const present = await runModuleCase(
      waitForModule,
      { path: '/etc/kubernetes/admin.conf' },
      { rules: [{ match: 'if [ -e', stdout: 'exists\n' }] },
    );
    expect(present.plan.outcome).toBe('ok');
    const absent = await runModuleCase(
      waitForModule,
      { path: '/var/lock/x', state: 'absent' },
      { rules: [{ match: 'if [ -e', stdout: 'missing\n' }] },
    );
    expect(absent.plan.outcome).toBe('ok');
    const { ctx, sleeps } = moduleContext({
      rules: [
        { match: 'if [ -e', stdout: 'exists\nstarting\n', times: 1 },
        { match: 'if [ -e', stdout: 'exists\nstarting\nready\n' },
      ],
    });
    const plan = await waitForModule.plan(
      waitForModule.schema.parse({ path: '/var/log/x.log', search_regex: '^ready$' }),
      ctx,
    );
    expect(plan.result.failed).toBeUndefined();
    expect(sleeps).toEqual([1000]);
  });

  it('drained counts established connections in /proc/net/tcp', async () => {
    const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:192B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
   1: 0B00000A:192B 0C00000A:D431 01 00000000:00000000 00:00000000 00000000     0        0 2 1
`;
    expect(activeConnections(tcp, 6443)).toBe(1);
    expect(activeConnections(tcp, 22)).toBe(0);
    const { ctx } = moduleContext({
      rules: [
        { match: '/proc/net/tcp', stdout: tcp, times: 1 },
        { match: '/proc/net/tcp', stdout: tcp.split('\n').slice(0, 2).join('\n') },
      ],
    });
    const plan = await waitForModule.plan(waitForModule.schema.parse({ port: 6443, state: 'drained' }), ctx);
    expect(plan.result.failed).toBeUndefined();
  });

  it('check mode: one probe; not yet there → unknown, no waiting', async () => {
    const { plan, transport } = await runModuleCase(waitForModule, port, {
      rules: [closed],
      checkMode: true,
    });
    expect(plan.outcome).toBe('unknown');
    expect(transport.runs).toHaveLength(1);
  });

  it('no bash and no nc → PRV451', async () => {
    await expect(
      runModuleCase(waitForModule, { port: 80 }, { rules: [{ match: '/dev/tcp/', stdout: 'notool\n' }] }),
    ).rejects.toMatchObject({ code: 'PRV451' });
  });

  it.each([
    [{ port: 1, path: '/x' }],
    [{ port: 70000 }],
    [{ state: 'drained' }],
    [{ path: '/x', search_regex: '(' }],
    [{ port: 22, timeout: -1 }],
  ])('rejects %j', (p) => expect(waitForModule.schema.safeParse(p).success).toBe(false));
});

describe('uri', () => {
  const response = (status: number, headers: string, body: string) =>
    `${status}\n--PRV-HEADERS--\nHTTP/1.1 ${status} X\r\n${headers}\r\n\r\n\n--PRV-BODY--\n${body}`;
  const JSON_OK = response(200, 'Content-Type: application/json\r\nContent-Length: 16', '{"status":"ok"}\n');

  it('parses status, headers (last block after redirects) and body', () => {
    const out = `200\n--PRV-HEADERS--\nHTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n\n--PRV-BODY--\nhello`;
    expect(parseCurlOutput(out)).toEqual({
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
  });

  it('GET runs in plan (read-only), returns json, is not a change', async () => {
    const { plan, result, transport } = await runModuleCase(
      uriModule,
      { url: 'https://10.0.0.5:6443/readyz', validate_certs: false, return_content: true },
      {
        rules: [{ match: 'curl -sS -K -', stdout: JSON_OK }],
      },
    );
    expect(plan.outcome).toBe('ok');
    expect(result).toMatchObject({
      changed: false,
      status: 200,
      json: { status: 'ok' },
      content: '{"status":"ok"}\n',
      content_type: 'application/json',
    });
    expect(String(transport.runs[0]?.options.stdin)).toContain('insecure');
  });

  it('an unexpected status is a failed result that keeps the status (for until: loops)', async () => {
    const { result } = await runModuleCase(
      uriModule,
      { url: 'http://10.0.0.5/healthz' },
      { rules: [{ match: 'curl', stdout: response(503, 'Content-Length: 0', '') }] },
    );
    expect(result).toMatchObject({ failed: true, status: 503, msg: 'Status code was 503 and not [200]' });
  });

  it('POST is a change, sent only by apply; check mode sends nothing', async () => {
    const p = {
      url: 'http://10.0.0.5/api',
      method: 'post',
      body: { a: 1 },
      body_format: 'json',
      status_code: [200, 201],
    };
    const check = await runModuleCase(uriModule, p, { rules: [], checkMode: true });
    expect(check.plan.outcome).toBe('change');
    expect(check.transport.runs).toEqual([]);
    const real = await runModuleCase(uriModule, p, {
      rules: [{ match: 'curl', stdout: response(201, 'Content-Type: application/json', '{"id":7}') }],
    });
    expect(real.result).toMatchObject({ changed: true, status: 201, json: { id: 7 } });
    const config = String(real.transport.runs[0]?.options.stdin);
    expect(config).toContain('request = "POST"');
    expect(config).toContain('header = "Content-Type: application/json"');
    expect(config).toContain('data-raw = "{\\"a\\":1}"');
  });

  it('credentials travel in curl config on stdin, never on the command line, and are secret', async () => {
    const p = {
      url: 'https://h/x',
      url_username: 'admin',
      url_password: 's3cr3t-pass',
      force_basic_auth: true,
    };
    const { plan, transport } = await runModuleCase(uriModule, p, {
      rules: [{ match: 'curl', stdout: JSON_OK }],
    });
    expect(plan.secretValues).toEqual(['s3cr3t-pass']);
    expect(transport.runs[0]?.command).not.toContain('s3cr3t');
    expect(curlConfig(uriModule.schema.parse(p))).toContain('user = "admin:s3cr3t-pass"\nbasic');
  });

  it('creates skips the request when the file exists', async () => {
    const { plan, transport } = await runModuleCase(
      uriModule,
      { url: 'http://h/x', method: 'POST', creates: '/etc/done' },
      { rules: [{ match: '[ -e /etc/done ]', stdout: 'exists\n' }] },
    );
    expect(plan.outcome).toBe('ok');
    expect(transport.runs.some((r) => r.command.includes('curl'))).toBe(false);
  });

  it('check mode: a GET that cannot connect is unknown; without curl → PRV451', async () => {
    const { plan } = await runModuleCase(
      uriModule,
      { url: 'http://10.0.0.5:6443/' },
      {
        rules: [
          {
            match: 'curl',
            rc: 7,
            stdout: '000\n--PRV-HEADERS--\n\n--PRV-BODY--\n',
            stderr: 'curl: (7) Failed to connect\n',
          },
        ],
        checkMode: true,
      },
    );
    expect(plan.outcome).toBe('unknown');
    await expect(
      runModuleCase(
        uriModule,
        { url: 'http://h/' },
        { rules: [{ match: 'curl', rc: 127, stderr: 'curl: not found\n' }] },
      ),
    ).rejects.toMatchObject({ code: 'PRV451' });
  });

  it.each([
    [{ url: 'not a url' }],
    [{ url: 'http://h', body_format: 'form-urlencoded', body: 'x' }],
    [{ url: 'http://h', url_password: 'x' }],
    [{ url: 'http://h', status_code: ['ok'] }],
  ])('rejects %j', (p) => expect(uriModule.schema.safeParse(p).success).toBe(false));
});
