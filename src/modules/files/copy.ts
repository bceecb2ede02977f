import { statSync } from 'node:fs';
import { z } from 'zod';
import { defineModule, type ModuleContext, okPlan, type Plan } from '../module.js';
import { boolParam, modeParam, pathParam } from '../params.js';
import { attributeParams, backupParam, validateParam } from './common-params.js';
import { DIFF_LIMIT } from './content-diff.js';
import { planCopyTree } from './copy-tree.js';
import { fileStateCommand, readCommand, readFileState, sha256Command } from './file-state.js';
import { baseName, fileError, probeBatch } from './host-io.js';
import { pendingReason, unknownChange } from './pending.js';
import { planWrite, type WriteSource } from './write-plan.js';
import { probeDestination, probeWriteTarget } from './write-target.js';

/** ansible.builtin.copy: a local file or directory, inline content, or a file already on the host (remote_src). */

const schema = z
  .strictObject({
    src: z.string().min(1).optional(),
    content: z.string().optional(),
    dest: pathParam,
    ...attributeParams,
    backup: backupParam,
    force: boolParam.optional(),
    directory_mode: modeParam.optional(),
    validate: validateParam,
    remote_src: boolParam.optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.src === undefined) === (p.content === undefined))
      ctx.addIssue({ code: 'custom', message: 'copy needs exactly one of src or content' });
    if (p.content !== undefined && p.dest.endsWith('/'))
      ctx.addIssue({ code: 'custom', message: 'with content, dest must be a file path, not a directory' });
    if (p.remote_src && p.src === undefined)
      ctx.addIssue({ code: 'custom', message: 'remote_src needs src (a path on the host)' });
  });

export type CopyParams = z.infer<typeof schema>;

function isLocalDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function planCopy(p: CopyParams, ctx: ModuleContext): Promise<Plan> {
  const attrs = { mode: p.mode, owner: p.owner, group: p.group };
  const force = p.force ?? true;

  if (p.src !== undefined && !p.remote_src) {
    const local = ctx.files.resolve(p.src, 'files');
    if (isLocalDirectory(local)) return planCopyTree(ctx, p, local);
  }
  const srcPending = p.remote_src ? pendingReason(ctx, p.src) : undefined;
  if (srcPending) return unknownChange(srcPending, p.dest);
  const contentPending = p.src === undefined ? pendingReason(ctx, p.dest) : undefined;
  if (contentPending) return unknownChange(contentPending, p.dest);
  const probed =
    p.src === undefined
      ? await probeWriteTarget(ctx, p.dest, ctx.diffMode ? 'diff' : 'none', attrs)
      : await probeDestination(ctx, p.dest, baseName(p.src), attrs);
  if ('unknown' in probed) return unknownChange(probed.unknown, probed.path);
  const target = probed;
  const dest = target.path;
  if (!force && target.state.exists) return okPlan({ dest, src: p.src }, `${dest} exists and force is off`);

  let source: WriteSource;
  if (p.content !== undefined) {
    source = { kind: 'bytes', bytes: Buffer.from(p.content) };
  } else if (p.remote_src) {
    source = await probeRemoteSource(ctx, p.src as string);
  } else {
    const local = ctx.files.resolve(p.src as string, 'files');
    source = { kind: 'bytes', bytes: await ctx.files.read(local) };
    if (p.mode === 'preserve') attrs.mode = localMode(local);
  }
  return planWrite(ctx, { target, content: source, attrs, backup: p.backup, validate: p.validate });
}

function localMode(path: string): string | undefined {
  try {
    return (statSync(path).mode & 0o7777).toString(8).padStart(4, '0');
  } catch {
    return undefined;
  }
}

async function probeRemoteSource(ctx: ModuleContext, src: string): Promise<WriteSource> {
  const res = await probeBatch(ctx, [
    fileStateCommand(src),
    sha256Command(src),
    ...(ctx.diffMode ? [readCommand(src, DIFF_LIMIT)] : []),
  ]);
  const state = readFileState(ctx, res[0], src);
  if (!state.exists) throw fileError(ctx, 'PRV411', `source ${src} does not exist on ${ctx.host}`);
  const sha = res[1]?.out.trim();
  if (!sha) {
    throw fileError(
      ctx,
      'PRV412',
      `source ${src} is a ${state.type}; copy with remote_src copies one regular file`,
      'To copy a directory on the host, use a command task with cp -a, or copy from the controller.',
    );
  }
  return { kind: 'remote', path: src, sha256: sha, size: state.size, preview: res[2]?.stdout };
}

export const copyModule = defineModule<CopyParams>({
  name: 'copy',
  schema,
  plan: planCopy,
});
