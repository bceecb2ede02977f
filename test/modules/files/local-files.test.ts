import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyModule } from '../../../src/modules/files/copy.js';
import { fileModule } from '../../../src/modules/files/file.js';
import { templateModule } from '../../../src/modules/files/template.js';
import type { ModuleDefinition } from '../../../src/modules/module.js';
import { applyThenReplan, localContext } from './local-context.js';

/**
 * The write modules on this machine (connection: local) in a scratch directory: apply, then plan again → ok.
 * Check mode on the same tasks leaves the directory byte-identical.
 */

const root = mkdtempSync(join(tmpdir(), 'prv-files-local-'));
const files = join(root, 'files');
mkdirSync(join(files, 'site/css'), { recursive: true });
writeFileSync(join(files, 'motd'), 'welcome\n');
writeFileSync(join(files, 'site/index.html'), '<h1>hi</h1>\n');
writeFileSync(join(files, 'site/css/a.css'), 'body{}\n');
writeFileSync(join(files, 'app.conf.j2'), 'port={{ port }}\n');
const render = (t: string) => t.replace('{{ port }}', '8080');

/** Every path under dir with its type, mode and content: equal snapshots mean nothing changed. */
function snapshot(dir: string): string {
  return execFileSync('sh', [
    '-c',
    `cd "$1" && find . -printf '%y %m %u %p %l\\n' | sort && find . -type f -exec sha256sum {} + | sort`,
    'sh',
    dir,
  ]).toString();
}

// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type
type AnyModule = ModuleDefinition<any>;

async function idempotent(def: AnyModule, params: Record<string, unknown>, target: string) {
  const ctx = localContext(files, { render, diffMode: true });
  const { first, second } = await applyThenReplan(def, params, ctx);
  expect(first.outcome, `${def.name} first plan: ${first.reason}`).toBe('change');
  expect(second.outcome, `${def.name} second plan: ${second.reason}`).toBe('ok');
  return target;
}

describe('file modules on the local transport', () => {
  const t = join(root, 'target');
  mkdirSync(t);

  const tasks: [AnyModule, Record<string, unknown>][] = [
    [copyModule, { content: 'a=1\n', dest: `${t}/a.conf`, mode: '0640' }],
    [copyModule, { src: 'motd', dest: `${t}/`, backup: true }],
    [copyModule, { src: 'site', dest: t, directory_mode: '0750' }],
    [copyModule, { src: `${t}/a.conf`, dest: `${t}/a.copy`, remote_src: true, validate: 'grep -q a= %s' }],
    [templateModule, { src: 'app.conf.j2', dest: `${t}/app.conf`, mode: 'u=rw,go=r' }],
    [fileModule, { path: `${t}/d/e`, state: 'directory', mode: '0700' }],
    [fileModule, { path: `${t}/site`, state: 'directory', recurse: true, mode: 'u=rwX,g=rX,o=' }],
    [fileModule, { path: `${t}/motd.link`, state: 'link', src: 'motd' }],
    [fileModule, { path: `${t}/motd.hard`, state: 'hard', src: `${t}/motd` }],
    [
      fileModule,
      { path: `${t}/stamp`, state: 'touch', modification_time: 'preserve', access_time: 'preserve' },
    ],
  ];

  it('check mode on a fresh target changes nothing on disk', async () => {
    const before = snapshot(t);
    const pending = new Map<string, string>();
    const ctx = localContext(files, { render, checkMode: true, pending });
    const outcomes: string[] = [];
    for (const [i, [def, params]] of tasks.entries()) {
      const plan = await def.plan(def.schema.parse(params), ctx);
      outcomes.push(plan.outcome);
      // As the engine does: what this task would change is pending for the tasks after it.
      for (const path of plan.paths ?? []) pending.set(path, `task ${i}`);
    }
    // Tasks reading what an earlier task would create say so; the rest would change.
    expect(outcomes).toEqual([
      'change',
      'change',
      'change',
      'unknown',
      'change',
      'change',
      'unknown',
      'unknown',
      'unknown',
      'change',
    ]);
    expect(snapshot(t)).toBe(before);
  }, 120_000);

  it('apply then plan again → ok, for every task', async () => {
    for (const [def, params] of tasks) await idempotent(def, params, t);
    expect(readFileSync(`${t}/a.conf`, 'utf8')).toBe('a=1\n');
    expect(statSync(`${t}/a.conf`).mode & 0o777).toBe(0o640);
    expect(readFileSync(`${t}/motd`, 'utf8')).toBe('welcome\n');
    expect(readFileSync(`${t}/site/css/a.css`, 'utf8')).toBe('body{}\n');
    expect(statSync(`${t}/site/css`).mode & 0o777).toBe(0o750);
    expect(statSync(`${t}/site/index.html`).mode & 0o777).toBe(0o640);
    expect(readFileSync(`${t}/app.conf`, 'utf8')).toBe('port=8080\n');
    expect(statSync(`${t}/d/e`).mode & 0o777).toBe(0o700);
    expect(readlinkSync(`${t}/motd.link`)).toBe('motd');
    expect(lstatSync(`${t}/motd.hard`).ino).toBe(lstatSync(`${t}/motd`).ino);
  }, 180_000);

  it('a changed file is replaced with a diff and a backup, then absent removes it', async () => {
    const ctx = localContext(files, { diffMode: true });
    writeFileSync(`${t}/b.conf`, 'old\n');
    const { first, result, second } = await applyThenReplan(
      copyModule,
      { content: 'new\n', dest: `${t}/b.conf`, backup: true },
      ctx,
    );
    expect(first.diff?.[0]).toMatchObject({ before: 'old\n', after: 'new\n' });
    expect(readFileSync(result.backup_file as string, 'utf8')).toBe('old\n');
    expect(second.outcome).toBe('ok');
    const gone = await applyThenReplan(fileModule, { path: `${t}/b.conf`, state: 'absent' }, ctx);
    expect([gone.first.outcome, gone.second.outcome]).toEqual(['change', 'ok']);
  }, 60_000);
});
