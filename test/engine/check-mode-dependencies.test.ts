import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostState } from '../../src/engine/host-state.js';
import { runCli } from '../support/cli.js';

const playbook = join(import.meta.dirname, '..', 'fixtures', 'check-deps', 'site.yml');

describe('check mode follows what earlier tasks would change', () => {
  it('creates: marks its file pending; reads of it, facts from it and their users are unknown, not failures', async () => {
    const d = mkdtempSync(join(tmpdir(), 'prv-deps-'));
    mkdirSync(join(d, 'apt', 'sources.list.d'), { recursive: true });
    const r = await runCli([
      '-i',
      'localhost,',
      '-c',
      'local',
      playbook,
      '-e',
      `d=${d}`,
      '--check',
      '--output',
      'json',
    ]);
    expect(r.code, r.all).toBe(0);
    const status = Object.fromEntries(
      r.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { type: string; task: string; status: string; reason?: string })
        .filter((e) => e.type === 'host_result')
        .map((e) => [e.task, e.status]),
    );
    expect(status).toEqual({
      'make a file': 'unknown',
      'look at what the command creates': 'unknown',
      'remember its output': 'unknown',
      'use the remembered value': 'unknown',
      'add a repository file': 'changed',
      'read the status, known without the earlier tasks': 'ok',
    });
  });

  it('a directory is pending when something under it is', () => {
    const h = new HostState('h');
    h.pendingPaths.set('/etc/apt/sources.list.d/k8s.list', 'add repo');
    expect(h.pendingChange('/etc/apt')).toBe('add repo');
    expect(h.pendingChange('/etc/apt/sources.list.d/k8s.list/x')).toBe('add repo');
    expect(h.pendingChange('/etc/aptitude')).toBeUndefined();
  });
});
