import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, type ModuleContext, type ModuleResult, okPlan } from '../module.js';
import { boolParam, modeParam } from '../params.js';
import {
  deb822Covers,
  joinLines,
  lineState,
  parseSourceFiles,
  parseSourceLine,
  SOURCE_FILES_PROBE,
  type SourceFile,
  sourceKey,
  splitLines,
  suggestedSourceFilename,
} from './apt-sources.js';
import { commandFailed, fileDiff, probeError, probeOne, putOnHost, runOnHost } from './remote.js';

const schema = z
  .strictObject({
    repo: z.string().min(1),
    state: z.enum(['present', 'absent']).default('present'),
    filename: z.string().min(1).optional(),
    update_cache: boolParam.default(true),
    mode: modeParam.optional(),
  })
  .superRefine((p, ctx) => {
    if (!parseSourceLine(p.repo))
      ctx.addIssue({
        code: 'custom',
        path: ['repo'],
        message: `'${p.repo}' is not a one-line apt source ("deb [options] URI suite [components]"); PPA shortcuts are not supported`,
      });
    if (p.filename !== undefined && /[/\s]/.test(p.filename))
      ctx.addIssue({
        code: 'custom',
        path: ['filename'],
        message: 'filename is a bare name without directory or .list',
      });
  });
type Params = z.infer<typeof schema>;

const SOURCES_DIR = '/etc/apt/sources.list.d';

interface Edit {
  path: string;
  before: string;
  after: string;
  /** Whether the file existed before. */
  existed: boolean;
}

/** Pure: the file edits that make `repo` present/absent given all current source files. */
export function planRepositoryEdits(p: Params, files: readonly SourceFile[]): Edit[] {
  const source = parseSourceLine(p.repo)!;
  const key = sourceKey(source);
  const target = `${SOURCES_DIR}/${p.filename ?? suggestedSourceFilename(p.repo)}.list`;
  const edits: Edit[] = [];
  const deb822 = files.filter((f) => f.path.endsWith('.sources'));
  files = files.filter((f) => !f.path.endsWith('.sources'));
  if (p.state === 'present') {
    // A deb822 .sources file that already names the repository counts: adding a .list would duplicate it.
    if (deb822.some((f) => deb822Covers(f.content, source))) return [];
    if (files.some((f) => splitLines(f.content).some((l) => lineState(l, key) === 'enabled'))) return [];
    const disabledIn = files.find((f) => splitLines(f.content).some((l) => lineState(l, key) === 'disabled'));
    if (disabledIn) {
      const lines = splitLines(disabledIn.content).map((l) =>
        lineState(l, key) === 'disabled' ? l.replace(/^\s*#+\s*/, '') : l,
      );
      return [{ path: disabledIn.path, before: disabledIn.content, after: joinLines(lines), existed: true }];
    }
    const current = files.find((f) => f.path === target);
    const lines = splitLines(current?.content ?? '');
    return [
      {
        path: target,
        before: current?.content ?? '',
        after: joinLines([...lines, p.repo.trim()]),
        existed: !!current,
      },
    ];
  }
  for (const f of files) {
    const lines = splitLines(f.content);
    const kept = lines.filter((l) => lineState(l, key) === undefined);
    if (kept.length !== lines.length)
      edits.push({ path: f.path, before: f.content, after: joinLines(kept), existed: true });
  }
  return edits;
}

async function applyEdits(ctx: ModuleContext, p: Params, edits: readonly Edit[]): Promise<ModuleResult> {
  const added: string[] = [];
  const removed: string[] = [];
  for (const e of edits) {
    if (e.after.trim() === '' && e.path !== '/etc/apt/sources.list') {
      const cmd = `rm -f -- ${shellQuote(e.path)}`;
      const res = await runOnHost(ctx, cmd);
      if (res.rc !== 0) return commandFailed(cmd, res);
      removed.push(e.path);
    } else {
      await putOnHost(ctx, e.path, e.after, { mode: p.mode ?? (e.existed ? undefined : '0644') });
      if (!e.existed) added.push(e.path);
    }
  }
  const result: ModuleResult = {
    changed: true,
    repo: p.repo,
    state: p.state,
    sources_added: added,
    sources_removed: removed,
  };
  if (p.update_cache) {
    const cmd = 'env DEBIAN_FRONTEND=noninteractive apt-get -q update';
    const res = await runOnHost(ctx, cmd);
    if (res.rc !== 0)
      return {
        ...commandFailed(cmd, res, `failed to update the apt cache: ${res.err.trim()}`),
        changed: true,
      };
  }
  return result;
}

export const aptRepositoryModule = defineModule<Params>({
  name: 'apt_repository',
  schema,
  async plan(p, ctx) {
    const res = await probeOne(ctx, SOURCE_FILES_PROBE);
    if (res.rc !== 0) throw probeError(ctx, SOURCE_FILES_PROBE, res.err.trim());
    const edits = planRepositoryEdits(p, parseSourceFiles(res.out));
    const base = { repo: p.repo, state: p.state };
    if (edits.length === 0) return okPlan(base, `repository is ${p.state}`);
    return changePlan(
      `${p.state === 'present' ? 'add' : 'remove'} ${p.repo} (${edits.map((e) => e.path).join(', ')})`,
      () => applyEdits(ctx, p, edits),
      {
        paths: edits.map((e) => e.path),
        diff: ctx.diffMode ? edits.map((e) => fileDiff(e.path, e.before, e.after)) : undefined,
        result: base,
      },
    );
  },
});
