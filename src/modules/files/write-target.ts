import { shellQuote } from '../../transport/shell-quote.js';
import type { ModuleContext } from '../module.js';
import { accountProbes, type WantedAttributes } from './attributes.js';
import { DIFF_LIMIT } from './content-diff.js';
import { type FileState, fileStateCommand, readCommand, readFileState, sha256Command } from './file-state.js';
import { joinRemote, parentDir, probeBatch } from './host-io.js';
import { pendingReason } from './pending.js';

/**
 * Everything a module that writes one file needs to know about its destination, read in one round trip: its
 * state, checksum, whether the parent directory exists, its content (full, capped for a diff, or not at all),
 * and whether the wanted owner/group exist.
 */
export interface WriteTarget {
  path: string;
  state: FileState;
  /** sha256 of the current content when it is a regular file (links followed). */
  sha256?: string;
  parentExists: boolean;
  /** Current content when read; capped at DIFF_LIMIT+1 bytes in 'diff' mode. */
  content?: Buffer;
  /** 'unknown' reason from the owner/group check (an earlier task would create the account). */
  accountsPending?: string;
  /** When path is a symlink: the file it resolves to. */
  realPath?: string;
}

export type ReadMode = 'full' | 'diff' | 'none';

export async function probeWriteTarget(
  ctx: ModuleContext,
  path: string,
  read: ReadMode,
  attrs: WantedAttributes,
): Promise<WriteTarget> {
  const accounts = accountProbes(attrs);
  const commands = [
    // Links are followed, as Ansible compares and preserves the file a link points to.
    fileStateCommand(path, true),
    sha256Command(path),
    `test -d ${shellQuote(parentDir(path))}`,
    ...(read === 'none' ? [] : [readCommand(path, read === 'diff' ? DIFF_LIMIT : undefined)]),
    ...accounts.commands,
    `if [ -L ${shellQuote(path)} ]; then readlink -f -- ${shellQuote(path)}; fi`,
  ];
  const res = await probeBatch(ctx, commands);
  const state = readFileState(ctx, res[0], path);
  const sha = res[1]?.out.trim();
  const content = read === 'none' ? undefined : res[3]?.stdout;
  const accountStart = read === 'none' ? 3 : 4;
  const accountResults = res.slice(accountStart, accountStart + accounts.commands.length);
  const realPath = res[res.length - 1]?.out.trim();
  return {
    path,
    state,
    sha256: sha ? sha : undefined,
    parentExists: res[2]?.rc === 0,
    content: state.exists && content !== undefined ? content : undefined,
    accountsPending: accounts.verify(ctx, accountResults),
    realPath: realPath ? realPath : undefined,
  };
}

/**
 * The write target for copy/template: dest ending in / or naming an existing directory means "into it, under
 * `name`". Usually one round trip; a second only when dest turns out to be a directory. Returns the check-mode
 * 'unknown' reason instead when the final path is pending.
 */
export async function probeDestination(
  ctx: ModuleContext,
  dest: string,
  name: string,
  attrs: WantedAttributes,
): Promise<WriteTarget | { unknown: string; path: string }> {
  const read: ReadMode = ctx.diffMode ? 'diff' : 'none';
  let path = dest.endsWith('/') ? joinRemote(dest, name) : dest;
  const pending = pendingReason(ctx, path);
  if (pending) return { unknown: pending, path };
  const target = await probeWriteTarget(ctx, path, read, attrs);
  if (!target.state.exists || target.state.type !== 'directory' || dest.endsWith('/')) return target;
  path = joinRemote(dest, name);
  const inner = pendingReason(ctx, path);
  if (inner) return { unknown: inner, path };
  return probeWriteTarget(ctx, path, read, attrs);
}
