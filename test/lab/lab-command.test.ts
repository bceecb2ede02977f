import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/errors/index.js';
import { labCommand, labPrerequisiteProblem } from '../../src/lab/index.js';

// Errors a user meets before anything is created; these need neither root nor systemd-nspawn.
describe('provision lab errors', () => {
  let cwd = '';
  const lines: string[] = [];
  const lab = (...argv: string[]) =>
    labCommand({ cwd: () => cwd, print: (l) => lines.push(l) }).parseAsync(argv, { from: 'user' });

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'provision-lab-cmd-'));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('needs root, then systemd-nspawn, with an install hint', () => {
    const all = { uid: 0, has: () => true };
    expect(labPrerequisiteProblem(all)).toBeUndefined();
    expect(labPrerequisiteProblem({ ...all, uid: 1000 })).toMatchObject({ code: 'PRV601' });
    const noNspawn = labPrerequisiteProblem({ uid: 0, has: (c) => c !== 'systemd-nspawn' });
    expect(noNspawn).toMatchObject({ code: 'PRV602', hint: 'apt-get install systemd-container' });
    expect(labPrerequisiteProblem({ uid: 0, has: (c) => c !== 'sshd' })).toMatchObject({ code: 'PRV611' });
  });

  it('says there is no lab here for status, stop, ssh and inventory', async () => {
    for (const argv of [['status'], ['stop', 'lab-host1'], ['ssh', 'lab-host1'], ['inventory']]) {
      await expect(lab(...argv), argv.join(' ')).rejects.toMatchObject({ code: 'PRV604' });
    }
  });

  it('rejects bad host counts, group specs and lab names before creating anything', async () => {
    await expect(lab('up', '--groups', 'workers')).rejects.toMatchObject({ code: 'PRV606' });
    await expect(lab('up', '-n', '0')).rejects.toMatchObject({ code: 'PRV606' });
    await expect(lab('up', '-n', 'x')).rejects.toMatchObject({ code: 'PRV606' });
    await expect(lab('up', '-n', '2', '--groups', 'workers=2')).rejects.toMatchObject({ code: 'PRV606' });
    await expect(lab('down', '--name', '../etc')).rejects.toMatchObject({ code: 'PRV606' });
  });

  it('treats `down` without a lab as nothing to do', async () => {
    await lab('down');
    expect(lines.at(-1)).toMatch(/nothing to do/);
  });

  it('documents every lab error code with a title and hint', () => {
    const lab6xx = Object.entries(errorCodes).filter(([code]) => code.startsWith('PRV6'));
    expect(lab6xx.length).toBeGreaterThanOrEqual(12);
    for (const [, info] of lab6xx) {
      expect(info.title).not.toBe('');
      expect(info.hint).not.toBe('');
    }
  });
});
