import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, type ModuleContext, okPlan, type Plan } from '../module.js';
import { accountProbes, planAttributes, type WantedAttributes } from './attributes.js';
import { recordDiff } from './content-diff.js';
import { fileStateCommand, readFileState } from './file-state.js';
import { fileError, joinRemote, parentDir, probeBatch, runChecked } from './host-io.js';
import { pendingReason, unknownChange } from './pending.js';

/**
 * file state=link / state=hard. A relative symlink src is relative to the link's directory, as Ansible takes it.
 * Replacing an existing file (or a different hard link) needs force; a directory is replaced only when empty.
 */

export interface LinkRequest {
  path: string;
  state: 'link' | 'hard';
  src?: string;
  force?: boolean;
  attrs: WantedAttributes;
}

export async function planLink(ctx: ModuleContext, req: LinkRequest): Promise<Plan> {
  const { path, state: kind, attrs } = req;
  const force = req.force ?? false;
  const pending = pendingReason(ctx, path);
  if (pending) return unknownChange(pending, path);
  const accounts = accountProbes(attrs);
  const srcGiven = req.src;
  const srcAbs =
    srcGiven === undefined
      ? undefined
      : srcGiven.startsWith('/')
        ? srcGiven
        : joinRemote(parentDir(path), srcGiven);
  const res = await probeBatch(ctx, [
    fileStateCommand(path),
    srcAbs === undefined ? 'true' : fileStateCommand(srcAbs, kind === 'link'),
    `test -d ${shellQuote(parentDir(path))}`,
    `[ -d ${shellQuote(path)} ] && [ ! -L ${shellQuote(path)} ] && [ -z "$(ls -A -- ${shellQuote(path)})" ]`,
    ...accounts.commands,
  ]);
  const state = readFileState(ctx, res[0], path);
  const src = srcGiven ?? (state.exists && state.type === 'link' ? state.linkTarget : undefined);
  if (src === undefined) throw fileError(ctx, 'PRV419', `state=link needs src: ${path} is not a link yet`);
  const srcState = srcAbs === undefined ? undefined : readFileState(ctx, res[1], srcAbs);
  const accountPending = accounts.verify(ctx, res.slice(4));
  if (accountPending) return unknownChange(accountPending, path);
  const result = { path, src, state: kind };
  const qp = shellQuote(path);
  const qs = shellQuote(src);

  const alreadyLinked =
    state.exists &&
    (kind === 'link'
      ? state.type === 'link' && state.linkTarget === src
      : srcState?.exists === true &&
        state.type !== 'link' &&
        state.inode === srcState.inode &&
        state.dev === srcState.dev);
  if (alreadyLinked) {
    const change = planAttributes(path, state, attrs, { noDereference: kind === 'link' });
    if (change.commands.length === 0) return okPlan(result, `${path} already links to ${src}`);
    return changePlan(change.changes.join(', '), run(ctx, change.commands, result), {
      paths: [path],
      diff: ctx.diffMode ? [recordDiff(path, change.before, change.after)] : undefined,
      result,
    });
  }

  if (srcState && !srcState.exists) {
    const srcPending = pendingReason(ctx, srcAbs);
    if (srcPending) return unknownChange(srcPending, path);
    if (kind === 'hard')
      throw fileError(ctx, 'PRV411', `src ${srcAbs} does not exist; a hard link needs an existing file`);
    if (!force)
      throw fileError(
        ctx,
        'PRV419',
        `src file ${srcAbs} does not exist; use force: true to create a dangling link`,
      );
  }
  if (!state.exists && res[2]?.rc !== 0) {
    const dirPending = pendingReason(ctx, parentDir(path));
    if (dirPending) return unknownChange(dirPending, path);
    throw fileError(ctx, 'PRV410', `destination directory ${parentDir(path)} does not exist`);
  }

  const commands: string[] = [];
  if (state.exists) {
    if (state.type === 'directory') {
      if (!force || res[3]?.rc !== 0) {
        throw fileError(
          ctx,
          'PRV419',
          `refusing to replace directory ${path} with a ${kind} link${force ? ': it is not empty' : ''}`,
        );
      }
      commands.push(`rmdir -- ${qp}`);
    } else if (!force && !(kind === 'link' && state.type === 'link')) {
      throw fileError(
        ctx,
        'PRV419',
        `refusing to replace ${state.type} ${path} with a ${kind} link; set force: true`,
      );
    }
  }
  commands.push(kind === 'link' ? `ln -sfn -- ${qs} ${qp}` : `ln -f -- ${qs} ${qp}`);
  const spec = `${attrs.owner ?? ''}${attrs.group ? `:${attrs.group}` : ''}`;
  if (spec) commands.push(`chown -h ${shellQuote(spec)} -- ${qp}`);
  if (kind === 'hard' && attrs.mode !== undefined && /^0?[0-7]{3,4}$/.test(attrs.mode))
    commands.push(`chmod ${attrs.mode} -- ${qp}`);
  const before = state.exists
    ? state.type === 'link'
      ? `link → ${state.linkTarget}`
      : state.type
    : 'absent';
  return changePlan(state.exists ? `${path} is ${before}` : `${path} absent`, run(ctx, commands, result), {
    paths: [path],
    diff: ctx.diffMode
      ? [recordDiff(path, { state: before }, { state: kind === 'link' ? `link → ${src}` : `hard → ${src}` })]
      : undefined,
    result,
  });
}

function run(ctx: ModuleContext, commands: string[], result: Record<string, unknown>) {
  return async () => {
    for (const cmd of commands) await runChecked(ctx, cmd);
    return { changed: true, ...result };
  };
}
