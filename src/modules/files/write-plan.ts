import { createHash, randomBytes } from 'node:crypto';
import { shellQuote } from '../../transport/shell-quote.js';
import {
  changePlan,
  type FileDiff,
  type ModuleContext,
  type ModuleResult,
  okPlan,
  type Plan,
} from '../module.js';
import { attributeDiff, planAttributes, type WantedAttributes } from './attributes.js';
import { contentDiff } from './content-diff.js';
import { formatMode, resolveMode } from './file-mode.js';
import { baseName, fileError, parentDir, putFile, runChecked } from './host-io.js';
import { pendingReason, unknownChange } from './pending.js';
import type { WriteTarget } from './write-target.js';

/**
 * The plan shared by every module that writes one whole file (copy, template, lineinfile, blockinfile, replace):
 * same content and attributes → ok; otherwise a change whose apply backs up, validates and writes atomically,
 * keeping the owner and mode of the file it replaces unless the task sets them.
 */
/** What to write: bytes from the controller, or a file already on the host (copy remote_src). */
export type WriteSource =
  | { kind: 'bytes'; bytes: Buffer }
  | { kind: 'remote'; path: string; sha256: string; size: number; preview?: Buffer };

export interface WriteRequest {
  target: WriteTarget;
  content: Buffer | WriteSource;
  attrs: WantedAttributes;
  backup?: boolean;
  validate?: string;
  /** Extra result keys (msg, found…). */
  result?: ModuleResult;
  /** Why the content changes, e.g. 'line added'; default 'content differs' / 'file absent'. */
  reason?: string;
  /** Create missing parent directories (lineinfile/blockinfile with create) instead of failing. */
  createParents?: boolean;
  /** Edit the file a symlink points to instead of replacing the link (in-place editors: lineinfile…). */
  writeThroughLinks?: boolean;
}

export function sha1(content: Buffer): string {
  return createHash('sha1').update(content).digest('hex');
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Ansible's backup file name: dest.<date>@<time>~ (UTC from the injected clock). */
export function backupPath(dest: string, nowMs: number): string {
  const iso = new Date(nowMs).toISOString();
  return `${dest}.${iso.slice(0, 10)}@${iso.slice(11, 19)}~`;
}

export async function backupFile(ctx: ModuleContext, dest: string): Promise<string> {
  const path = backupPath(dest, ctx.now());
  await runChecked(ctx, `cp -p -- ${shellQuote(dest)} ${shellQuote(path)}`);
  return path;
}

/** The mode to write with: explicit, resolved from a symbolic mode, or undefined to keep the current one. */
function writeMode(attrs: WantedAttributes, target: WriteTarget): string | undefined {
  if (attrs.mode === undefined || attrs.mode === 'preserve') return undefined;
  const current = target.state.exists ? Number.parseInt(target.state.mode, 8) : 0o644;
  return formatMode(resolveMode(attrs.mode, current, false));
}

/** Dest missing and its directory too: an earlier task may create the directory, else this task fails. */
export function requireParent(ctx: ModuleContext, target: WriteTarget): string | undefined {
  if (target.state.exists || target.parentExists) return undefined;
  const dir = parentDir(target.path);
  const pending = pendingReason(ctx, dir);
  if (pending) return pending;
  throw fileError(ctx, 'PRV410', `destination directory ${dir} does not exist`);
}

export function planWrite(ctx: ModuleContext, req: WriteRequest): Plan {
  const { target, attrs } = req;
  const source: WriteSource = Buffer.isBuffer(req.content)
    ? { kind: 'bytes', bytes: req.content }
    : req.content;
  const newSha256 = source.kind === 'bytes' ? sha256(source.bytes) : source.sha256;
  const size = source.kind === 'bytes' ? source.bytes.length : source.size;
  const preview = source.kind === 'bytes' ? source.bytes : source.preview;
  const dest = target.path;
  const { state } = target;
  if (state.exists && state.type === 'directory') {
    throw fileError(ctx, 'PRV412', `${dest} is a directory, not a file`);
  }
  const needsParent = !state.exists && !target.parentExists;
  if (!req.createParents) {
    const parentPending = requireParent(ctx, target);
    if (parentPending) return unknownChange(parentPending, dest);
  }
  if (target.accountsPending) return unknownChange(target.accountsPending, dest);

  const baseResult: ModuleResult = {
    dest,
    ...(source.kind === 'bytes' ? { checksum: sha1(source.bytes) } : { src: source.path }),
    size,
    state: 'file',
    ...req.result,
  };
  const sameContent = state.exists && target.sha256 === newSha256;
  const attrChange = state.exists ? planAttributes(dest, state, attrs) : undefined;
  const diff: FileDiff[] = [];

  if (sameContent) {
    if (!attrChange || attrChange.commands.length === 0)
      return okPlan(baseResult, 'content and attributes match');
    const d = attributeDiff(dest, attrChange);
    return changePlan(
      attrChange.changes.join(', '),
      async () => {
        for (const cmd of attrChange.commands) await runChecked(ctx, cmd);
        return { changed: true, ...baseResult };
      },
      { paths: [dest], diff: ctx.diffMode && d ? [d] : undefined, result: baseResult },
    );
  }

  if (ctx.diffMode) {
    diff.push(
      contentDiff(
        dest,
        state.exists ? (target.content ?? Buffer.alloc(0)) : undefined,
        preview ?? Buffer.alloc(0),
        state.exists ? state.size : undefined,
        size,
      ),
    );
    const d = attrChange && attributeDiff(dest, attrChange);
    if (d) diff.push(d);
  }
  const mode = writeMode(attrs, target) ?? (state.exists ? state.mode : undefined);
  const owner = attrs.owner ?? (state.exists ? String(state.uid) : undefined);
  const group = attrs.group ?? (state.exists ? String(state.gid) : undefined);
  const reason = req.reason ?? (state.exists ? 'content differs' : `${dest} absent`);
  const writePath = req.writeThroughLinks && target.realPath ? target.realPath : dest;

  return changePlan(
    reason,
    async () => {
      const result: ModuleResult = { changed: true, ...baseResult };
      if (req.backup && state.exists) result.backup_file = await backupFile(ctx, writePath);
      if (needsParent) await runChecked(ctx, `mkdir -p -- ${shellQuote(parentDir(writePath))}`);
      if (source.kind === 'remote')
        await runChecked(
          ctx,
          remoteCopyCommand(source.path, writePath, { mode, owner, group }, req.validate),
        );
      else if (req.validate)
        await validateAndMove(ctx, writePath, source.bytes, { mode, owner, group }, req.validate);
      else await putFile(ctx, writePath, source.bytes, { mode, owner, group });
      return result;
    },
    {
      paths: writePath === dest ? [dest] : [dest, writePath],
      diff: diff.length > 0 ? diff : undefined,
      result: baseResult,
    },
  );
}

/** Writes the new content beside dest, runs the validate command on it, and only then moves it into place. */
async function validateAndMove(
  ctx: ModuleContext,
  dest: string,
  content: Buffer,
  attrs: { mode?: string; owner?: string; group?: string },
  validate: string,
): Promise<void> {
  const tmp = `${parentDir(dest)}/.${baseName(dest)}.provision-validate-${randomBytes(4).toString('hex')}`;
  await putFile(ctx, tmp, content, { mode: attrs.mode ?? '0644', owner: attrs.owner, group: attrs.group });
  const command = validate.split('%s').join(shellQuote(tmp));
  const res = await ctx.transport.run(command, { become: ctx.become });
  if (res.rc !== 0) {
    await ctx.transport.run(`rm -f -- ${shellQuote(tmp)}`, { become: ctx.become });
    throw fileError(
      ctx,
      'PRV413',
      `validate failed (rc ${res.rc}): ${command}\n${(res.err || res.out).trim()}`,
    );
  }
  await runChecked(ctx, `mv -f -- ${shellQuote(tmp)} ${shellQuote(dest)}`);
}

/**
 * Copies a file that is already on the host into place atomically: a temp copy beside dest with the wanted
 * attributes, the validate command on it, then rename.
 */
export function remoteCopyCommand(
  src: string,
  dest: string,
  attrs: { mode?: string; owner?: string; group?: string },
  validate?: string,
): string {
  const fail = '{ rm -f "$t"; exit 1; }';
  const steps = [
    `t=$(mktemp ${shellQuote(`${parentDir(dest)}/.${baseName(dest)}.provision-XXXXXX`)}) || exit 1`,
    `cp -- ${shellQuote(src)} "$t" || ${fail}`,
    `chmod ${attrs.mode ?? '0644'} "$t" || ${fail}`,
  ];
  if (attrs.owner || attrs.group) {
    steps.push(
      `chown ${shellQuote(`${attrs.owner ?? ''}${attrs.group ? `:${attrs.group}` : ''}`)} "$t" || ${fail}`,
    );
  }
  if (validate) steps.push(`${validate.split('%s').join('"$t"')} || { rc=$?; rm -f "$t"; exit $rc; }`);
  steps.push(`mv -f "$t" ${shellQuote(dest)} || ${fail}`);
  return steps.join('\n');
}
