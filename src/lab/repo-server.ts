import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { LabError } from '../errors/index.js';
import { isOurProcess, stopProcess } from './processes.js';

/** Port of the lab repository on the bridge address (each lab has its own bridge address, so no clash). */
export const REPO_PORT = 8080;

/**
 * The repository server: a small static HTTP server for the repository directory, written next to the state and
 * run by this same node binary, detached, so it works the same from sources, a build or a test run.
 */
export const REPO_SERVER_SOURCE = `// Written by provision lab: serves the lab's apt repository to lab hosts.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { join, posix } from 'node:path';
const [dir, host, port] = process.argv.slice(2);
const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
  let rel;
  try { rel = posix.normalize(decodeURIComponent(new URL(req.url, 'http://lab').pathname)).replace(/^\\/+/, ''); }
  catch { res.writeHead(400).end(); return; }
  if (rel === '' || rel.split('/').includes('..') || rel.includes('/')) { res.writeHead(404).end(); return; }
  const file = join(dir, rel);
  let st;
  try { st = statSync(file); } catch { res.writeHead(404).end(); return; }
  if (!st.isFile()) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'Content-Length': st.size, 'Content-Type': 'application/octet-stream', 'Last-Modified': st.mtime.toUTCString() });
  if (req.method === 'HEAD') { res.end(); return; }
  createReadStream(file).pipe(res);
});
server.listen(Number(port), host, () => console.log('serving ' + dir + ' on http://' + host + ':' + port + '/'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

export function repoServerMarkers(script: string): string[] {
  return [script];
}

/** Starts the server detached and waits until it accepts connections; returns its PID to record. */
export async function startRepoServer(opts: {
  script: string;
  repoDir: string;
  host: string;
  port: number;
  log: string;
}): Promise<number> {
  await writeFile(opts.script, REPO_SERVER_SOURCE, { mode: 0o644 });
  const log = openSync(opts.log, 'a', 0o600);
  let pid: number | undefined;
  try {
    const child = spawn(process.execPath, [opts.script, opts.repoDir, opts.host, String(opts.port)], {
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.on('error', () => undefined);
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(log);
  }
  if (pid === undefined)
    throw new LabError({ code: 'PRV608', message: 'cannot start the lab repository server' });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await accepts(opts.host, opts.port)) return pid;
    if (!(await isOurProcess(pid, repoServerMarkers(opts.script)))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new LabError({
    code: 'PRV608',
    message: `the lab repository server did not start on ${opts.host}:${opts.port}; see ${opts.log}`,
  });
}

export function stopRepoServer(pid: number, script: string): Promise<void> {
  return stopProcess(pid, repoServerMarkers(script), 5_000);
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}
