import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGroups, labDown, labUp } from '../../src/lab/index.js';
import { requireLab, skipLab } from './lab-support.js';

const NAME = 'labmem';
const LIMIT_BYTES = 1.5 * 1024 ** 3;

/** Every process below the given roots (the hosts' nspawns and all they run), from /proc. */
async function descendants(roots: readonly number[]): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const queue = [...roots];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Proportional set size: shared pages (the machine's binaries and libraries) counted once across processes. */
async function pssBytes(pids: readonly number[]): Promise<number> {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb * 1024;
}

async function memAvailableBytes(): Promise<number> {
  const m = /^MemAvailable:\s+(\d+) kB/m.exec(await readFile('/proc/meminfo', 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

describe.skipIf(skipLab)('ten lab hosts', () => {
  let cwd = '';

  beforeAll(async () => {
    requireLab();
    cwd = await mkdtemp(join(tmpdir(), 'provision-lab-mem-'));
  });

  afterAll(async () => {
    if (!cwd) return;
    await labDown({ cwd, name: NAME }).catch(() => undefined);
    await rm(cwd, { recursive: true, force: true });
  });

  it('take under 1.5 GB of memory', async () => {
    const availableBefore = await memAvailableBytes();
    const started = Date.now();
    const { state } = await labUp({ cwd, name: NAME, groups: defaultGroups(10) });
    const upMs = Date.now() - started;
    const pids = await descendants(state.hosts.map((h) => h.pid).filter((p): p is number => p !== null));
    const pss = await pssBytes(pids);
    const availableDrop = availableBefore - (await memAvailableBytes());
    const mib = (b: number) => `${Math.round(b / 1024 ** 2)} MiB`;
    console.log(
      `10 lab hosts: up in ${upMs} ms; ${pids.length} processes, PSS ${mib(pss)}; MemAvailable dropped ${mib(availableDrop)} (machine-wide, includes other activity)`,
    );
    expect(state.hosts).toHaveLength(10);
    expect(pss).toBeGreaterThan(0);
    expect(pss).toBeLessThan(LIMIT_BYTES);
  });
});
