import { shellQuote } from '../../transport/shell-quote.js';
import type { CommandResult } from '../../transport/transport.js';
import type { ModuleContext } from '../module.js';
import { fileError } from './host-io.js';

/**
 * The file-state probe: one shell command whose output says whether a path exists and, if so, its type, mode,
 * owner and size (lstat: a symlink is reported as a link with its target). Planning works on the parsed FileState.
 */

export type FileType = 'file' | 'directory' | 'link' | 'chr' | 'blk' | 'fifo' | 'socket';

export interface PresentFile {
  exists: true;
  type: FileType;
  /** Permission bits as four octal digits, e.g. '0644'. */
  mode: string;
  uid: number;
  gid: number;
  /** 'UNKNOWN' when the uid has no name on the host. */
  owner: string;
  group: string;
  size: number;
  mtime: number;
  atime: number;
  ctime: number;
  inode: number;
  dev: number;
  nlink: number;
  /** Symlink target as stored in the link. */
  linkTarget?: string;
}

export type FileState = PresentFile | { exists: false };

const STAT_FORMAT = '%f\t%a\t%u\t%g\t%U\t%G\t%s\t%Y\t%X\t%Z\t%i\t%d\t%h';

/** Prints `absent`, or one stat line plus (for a symlink) its target. Always exits 0 unless stat itself fails. */
export function fileStateCommand(path: string, follow = false): string {
  const q = shellQuote(path);
  if (follow) {
    // The link's target: a dangling link counts as absent.
    return `if [ -e ${q} ]; then stat -L -c '${STAT_FORMAT}' -- ${q} || exit 1; else echo absent; fi`;
  }
  return `if [ -e ${q} ] || [ -L ${q} ]; then stat -c '${STAT_FORMAT}' -- ${q} || exit 1; if [ -L ${q} ]; then readlink -- ${q}; fi; else echo absent; fi`;
}

// Pairs, not an object with numeric keys: the formatter rewrites octal literal keys wrongly.
const TYPE_BITS: readonly [number, FileType][] = [
  [0o100000, 'file'],
  [0o040000, 'directory'],
  [0o120000, 'link'],
  [0o020000, 'chr'],
  [0o060000, 'blk'],
  [0o010000, 'fifo'],
  [0o140000, 'socket'],
];

export function fileTypeOf(rawMode: number): FileType | undefined {
  return TYPE_BITS.find(([bits]) => bits === (rawMode & 0o170000))?.[1];
}

export class ProbeParseError extends Error {}

/** Parses the probe's answer; an unreadable answer is a typed module error naming the path. */
export function readFileState(ctx: ModuleContext, res: CommandResult | undefined, path: string): FileState {
  try {
    if (!res) throw new ProbeParseError('no probe result');
    return parseFileState(res);
  } catch (e) {
    if (!(e instanceof ProbeParseError)) throw e;
    throw fileError(ctx, 'PRV401', `cannot read the state of ${path}: ${e.message}`);
  }
}

export function parseFileState(res: CommandResult): FileState {
  const text = res.out;
  if (res.rc !== 0) throw new ProbeParseError(`stat failed (rc ${res.rc}): ${res.err.trim()}`);
  if (text.trim() === 'absent') return { exists: false };
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const rest = nl < 0 ? '' : text.slice(nl + 1);
  const f = first.split('\t');
  if (f.length !== 13) throw new ProbeParseError(`unexpected stat output: ${first}`);
  const raw = Number.parseInt(f[0] ?? '', 16);
  const type = fileTypeOf(raw);
  if (type === undefined || Number.isNaN(raw)) throw new ProbeParseError(`unknown file type in: ${first}`);
  const num = (i: number) => Number(f[i]);
  const state: PresentFile = {
    exists: true,
    type,
    mode: (f[1] ?? '').padStart(4, '0'),
    uid: num(2),
    gid: num(3),
    owner: f[4] ?? '',
    group: f[5] ?? '',
    size: num(6),
    mtime: num(7),
    atime: num(8),
    ctime: num(9),
    inode: num(10),
    dev: num(11),
    nlink: num(12),
  };
  if (type === 'link') state.linkTarget = rest.replace(/\n$/, '');
  return state;
}

/** `sha256sum` of a regular file (following links), or nothing when the path is not a readable file. */
export function sha256Command(path: string): string {
  const q = shellQuote(path);
  return `if [ -f ${q} ]; then sha256sum -- ${q} | cut -d' ' -f1; fi`;
}

/** The file's bytes when it is a regular file, capped at `limit` bytes (+1 so a caller can tell it was cut). */
export function readCommand(path: string, limit?: number): string {
  const q = shellQuote(path);
  const reader = limit === undefined ? `cat -- ${q}` : `head -c ${limit + 1} -- ${q}`;
  return `if [ -f ${q} ]; then ${reader}; fi`;
}
