import { readFile } from 'node:fs/promises';

/**
 * The lab stops only processes it started: a recorded PID counts as ours only while its command line still
 * carries the markers it was started with (a PID reused by an unrelated process is left alone).
 */
export async function isOurProcess(pid: number, markers: readonly string[]): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesised command name; a zombie has already exited.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return markers.every((m) => argv.includes(m));
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, wait up to `graceMs` for the process to go, then SIGKILL and wait again. */
export async function stopProcess(pid: number, markers: readonly string[], graceMs: number): Promise<void> {
  if (!(await isOurProcess(pid, markers))) return;
  signal(pid, 'SIGTERM');
  if (await waitGone(pid, markers, graceMs)) return;
  signal(pid, 'SIGKILL');
  await waitGone(pid, markers, 5_000);
}

async function waitGone(pid: number, markers: readonly string[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await isOurProcess(pid, markers))) return true;
    await sleep(100);
  }
  return !(await isOurProcess(pid, markers));
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
