import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, type FileDiff, type ModuleContext, okPlan, type Plan } from '../module.js';
import { accountProbes, attributeDiff, planAttributes } from './attributes.js';
import { contentDiff, DIFF_LIMIT } from './content-diff.js';
import { formatMode, resolveMode } from './file-mode.js';
import { fileStateCommand, readCommand, readFileState } from './file-state.js';
import { baseName, fileError, joinRemote, probeBatch, putFile, runChecked } from './host-io.js';
import { pendingReason, unknownChange } from './pending.js';
import { sha256 } from './write-plan.js';

/**
 * copy with a local directory as src: `src: dir` copies the directory itself into dest, `src: dir/` its contents.
 * Every file is compared by checksum; missing directories are created (with directory_mode), changed files
 * written atomically. One probe round trip for the whole tree.
 */

interface LocalEntry {
  rel: string;
  kind: 'dir' | 'file';
  abs: string;
  mode: number;
}

export interface TreeCopyParams {
  src?: string;
  dest: string;
  mode?: string;
  owner?: string;
  group?: string;
  force?: boolean;
  directory_mode?: string;
}

function walk(root: string, rel = ''): LocalEntry[] {
  const out: LocalEntry[] = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const r = rel === '' ? name : `${rel}/${name}`;
    const abs = join(root, r);
    const st = statSync(abs);
    if (st.isDirectory()) out.push({ rel: r, kind: 'dir', abs, mode: st.mode & 0o7777 }, ...walk(root, r));
    else if (st.isFile()) out.push({ rel: r, kind: 'file', abs, mode: st.mode & 0o7777 });
  }
  return out;
}

function shaProbe(path: string): string {
  const q = shellQuote(path);
  return `if [ -f ${q} ]; then sha256sum -- ${q} | cut -d' ' -f1; fi`;
}

export async function planCopyTree(ctx: ModuleContext, p: TreeCopyParams, localRoot: string): Promise<Plan> {
  const src = p.src ?? '';
  const root = src.endsWith('/') ? p.dest : joinRemote(p.dest, baseName(src));
  const pending = pendingReason(ctx, root, p.dest);
  if (pending) return unknownChange(pending, root);
  let entries: LocalEntry[];
  try {
    entries = walk(localRoot);
  } catch (e) {
    throw fileError(ctx, 'PRV418', `cannot read local directory ${localRoot}: ${(e as Error).message}`);
  }
  const dirs = [
    { rel: '', kind: 'dir' as const, abs: localRoot, mode: 0o755 },
    ...entries.filter((e) => e.kind === 'dir'),
  ];
  const files = entries.filter((e) => e.kind === 'file');
  const remote = (rel: string) => (rel === '' ? root.replace(/\/+$/, '') || '/' : joinRemote(root, rel));
  const accounts = accountProbes(p);
  const stride = ctx.diffMode ? 3 : 2;
  const res = await probeBatch(ctx, [
    ...dirs.map((d) => fileStateCommand(remote(d.rel))),
    ...files.flatMap((f) => [
      fileStateCommand(remote(f.rel)),
      shaProbe(remote(f.rel)),
      ...(ctx.diffMode ? [readCommand(remote(f.rel), DIFF_LIMIT)] : []),
    ]),
    ...accounts.commands,
  ]);
  const accountsPending = accounts.verify(ctx, res.slice(dirs.length + files.length * stride));
  if (accountsPending) return unknownChange(accountsPending, root);

  const commands: string[] = [];
  const writes: { path: string; bytes: Buffer; mode?: string; owner?: string; group?: string }[] = [];
  const diff: FileDiff[] = [];
  const reasons: string[] = [];
  dirs.forEach((d, i) => {
    const path = remote(d.rel);
    const state = readFileState(ctx, res[i], path);
    if (!state.exists) {
      commands.push(`mkdir -p -- ${shellQuote(path)}`);
      if (p.directory_mode) commands.push(`chmod ${dirMode(p.directory_mode)} -- ${shellQuote(path)}`);
      if (p.owner || p.group)
        commands.push(
          `chown ${shellQuote(`${p.owner ?? ''}${p.group ? `:${p.group}` : ''}`)} -- ${shellQuote(path)}`,
        );
      reasons.push(`${path} absent`);
    } else if (state.type !== 'directory') {
      throw fileError(ctx, 'PRV412', `${path} is a ${state.type}, not a directory`);
    } else if (d.rel !== '') {
      const attrs = planAttributes(path, state, { owner: p.owner, group: p.group });
      commands.push(...attrs.commands);
      reasons.push(...attrs.changes.map((c) => `${path}: ${c}`));
    }
  });
  files.forEach((f, i) => {
    const path = remote(f.rel);
    const state = readFileState(ctx, res[dirs.length + i * stride], path);
    const remoteSha = res[dirs.length + i * stride + 1]?.out.trim();
    if (state.exists && state.type === 'directory')
      throw fileError(ctx, 'PRV412', `${path} is a directory, not a file`);
    if (state.exists && p.force === false) return;
    const bytes = readFileSync(f.abs);
    const wantedMode = p.mode === 'preserve' ? formatMode(f.mode) : p.mode;
    if (state.exists && remoteSha === sha256(bytes)) {
      const attrs = planAttributes(path, state, { mode: wantedMode, owner: p.owner, group: p.group });
      commands.push(...attrs.commands);
      reasons.push(...attrs.changes.map((c) => `${path}: ${c}`));
      const d = attributeDiff(path, attrs);
      if (ctx.diffMode && d) diff.push(d);
      return;
    }
    const current = state.exists ? Number.parseInt(state.mode, 8) : 0o644;
    writes.push({
      path,
      bytes,
      mode: wantedMode
        ? formatMode(resolveMode(wantedMode, current, false))
        : state.exists
          ? state.mode
          : undefined,
      owner: p.owner ?? (state.exists ? String(state.uid) : undefined),
      group: p.group ?? (state.exists ? String(state.gid) : undefined),
    });
    reasons.push(state.exists ? `${path} differs` : `${path} absent`);
    if (ctx.diffMode) {
      const before = res[dirs.length + i * stride + 2]?.stdout;
      diff.push(
        contentDiff(path, state.exists ? before : undefined, bytes, state.exists ? state.size : undefined),
      );
    }
  });

  const result = { dest: root };
  if (commands.length === 0 && writes.length === 0) return okPlan(result, 'every file matches');
  return changePlan(
    reasons.slice(0, 3).join(', ') + (reasons.length > 3 ? `, and ${reasons.length - 3} more` : ''),
    async () => {
      // Directories first (commands are ordered parent before child), then files into them.
      for (const cmd of commands) await runChecked(ctx, cmd);
      for (const w of writes)
        await putFile(ctx, w.path, w.bytes, { mode: w.mode, owner: w.owner, group: w.group });
      return { changed: true, ...result };
    },
    { paths: [root, ...writes.map((w) => w.path)], diff: diff.length > 0 ? diff : undefined, result },
  );
}

function dirMode(mode: string): string {
  return formatMode(resolveMode(mode, 0o755, true));
}
