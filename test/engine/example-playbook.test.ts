import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RunEvent, runEvent } from '../../src/report/event-schema.js';
import { runCli } from '../support/cli.js';
import { snapshotTree } from '../support/fs-snapshot.js';

const playbook = join(import.meta.dirname, '..', '..', 'playbooks', 'example.yml');

async function runJson(
  target: string,
  ...extra: string[]
): Promise<{ code: number; events: RunEvent[]; all: string }> {
  const r = await runCli([
    '-i',
    'localhost,',
    '-c',
    'local',
    playbook,
    '-e',
    `target_dir=${target}`,
    '--output',
    'json',
    ...extra,
  ]);
  const events = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => runEvent.parse(JSON.parse(l)));
  return { code: r.code, events, all: r.all };
}

const results = (events: RunEvent[]) =>
  events.filter((e): e is Extract<RunEvent, { type: 'host_result' }> => e.type === 'host_result');
const recapOf = (events: RunEvent[]) =>
  events.find((e): e is Extract<RunEvent, { type: 'recap' }> => e.type === 'recap')!.hosts.localhost!;

describe('the example playbook, run locally against a scratch directory', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'prv-example-'));
    process.env.PROVISION_FACT_CACHE = join(scratch, 'facts');
  });

  it('converges, then re-runs with changed=0', async () => {
    const target = join(scratch, 'converge');
    const first = await runJson(target);
    expect(first.code, first.all).toBe(0);
    expect(recapOf(first.events).changed).toBeGreaterThan(3);
    const second = await runJson(target);
    expect(second.code, second.all).toBe(0);
    expect(
      recapOf(second.events).changed,
      JSON.stringify(results(second.events).filter((r) => r.status === 'changed')),
    ).toBe(0);
    expect(recapOf(second.events).failed).toBe(0);
  });

  it('--check on a fresh target changes nothing and predicts every change of the real run', async () => {
    const target = join(scratch, 'fresh');
    mkdirSync(target);
    writeFileSync(join(target, 'unrelated.txt'), 'keep me\n');
    const before = snapshotTree(target);
    const check = await runJson(target, '--check', '--diff');
    expect(check.code, check.all).toBe(0);
    expect(snapshotTree(target)).toEqual(before);
    const predicted = new Map(results(check.events).map((r) => [r.task, r]));
    for (const r of results(check.events)) {
      if (r.status === 'unknown') expect(r.reason, `${r.task} is unknown without a reason`).toBeTruthy();
    }
    const real = await runJson(target);
    expect(real.code, real.all).toBe(0);
    for (const r of results(real.events).filter((x) => x.status === 'changed')) {
      const p = predicted.get(r.task);
      expect(p, `check mode did not report task ${r.task}`).toBeDefined();
      expect(['changed', 'unknown'], `${r.task} changed for real but check said ${p?.status}`).toContain(
        p!.status,
      );
    }
  });

  it('--check on a converged target predicts no change', async () => {
    const target = join(scratch, 'converged');
    expect((await runJson(target)).code).toBe(0);
    const before = snapshotTree(target);
    const check = await runJson(target, '--check');
    expect(check.code, check.all).toBe(0);
    expect(snapshotTree(target)).toEqual(before);
    const changed = results(check.events).filter((r) => r.status === 'changed');
    expect(changed.map((c) => c.task)).toEqual([]);
  });
});
