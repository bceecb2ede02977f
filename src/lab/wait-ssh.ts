import { connect } from 'node:net';

/** Resolves true once something at address:22 sends an SSH banner (sshd is accepting), false at the deadline. */
export async function waitForSsh(
  address: string,
  timeoutMs: number,
  alive: () => Promise<boolean>,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await sshBanner(address, 1_000)) return true;
    if (!(await alive())) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function sshBanner(address: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port: 22 });
    let buf = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('SSH-')) done(true);
    });
    socket.on('end', () => done(false));
  });
}
