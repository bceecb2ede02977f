import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSsh } from '../../src/transport/ssh/index.js';
import type { Transport } from '../../src/transport/transport.js';
import { TestSshd } from './sshd-fixture.js';

describe('SSH transport over a private sshd', () => {
  const sshd = new TestSshd('transport');
  let t: Transport;

  beforeAll(async () => {
    await sshd.start();
    sshd.writeKnownHosts();
    t = await connectSsh(sshd.hostVars(), { knownHostsFile: sshd.knownHosts, sshConfigFile: '/dev/null' });
  });
  afterAll(async () => {
    await t?.close();
    await sshd.stop();
  });

  it('runs a command and returns rc, stdout and stderr', async () => {
    const r = await t.run('echo out; echo err >&2; exit 3');
    expect([r.rc, r.out, r.err]).toEqual([3, 'out\n', 'err\n']);
  });
});
