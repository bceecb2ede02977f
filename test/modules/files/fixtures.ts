import type { PresentFile } from '../../../src/modules/files/file-state.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';

/** Probe answers as data: what the file-state, checksum and read probes print for a path. */

const TYPE_BITS: Record<PresentFile['type'], number> = {
  file: 0o100000,
  directory: 0o040000,
  link: 0o120000,
  chr: 0o020000,
  blk: 0o060000,
  fifo: 0o010000,
  socket: 0o140000,
};

export type FileFixture = Partial<Omit<PresentFile, 'exists'>>;

export function statLine(f: FileFixture): string {
  const s = {
    type: 'file' as const,
    mode: '0644',
    uid: 0,
    gid: 0,
    owner: 'root',
    group: 'root',
    size: 0,
    mtime: 1_700_000_000,
    atime: 1_700_000_000,
    ctime: 1_700_000_000,
    inode: 1234,
    dev: 2049,
    nlink: 1,
    ...f,
  };
  const perm = Number.parseInt(s.mode, 8);
  const line = [
    (TYPE_BITS[s.type] | perm).toString(16),
    perm.toString(8),
    s.uid,
    s.gid,
    s.owner,
    s.group,
    s.size,
    s.mtime,
    s.atime,
    s.ctime,
    s.inode,
    s.dev,
    s.nlink,
  ].join('\t');
  return s.linkTarget === undefined ? `${line}\n` : `${line}\n${s.linkTarget}\n`;
}

/** Rules for the state probe of `path`: absent when `file` is undefined. */
export function stateRule(path: string, file?: FileFixture): ScriptedRule {
  return { ...matchPath(path), stdout: file === undefined ? 'absent\n' : statLine(file) };
}

function matchPath(path: string): { match: RegExp } {
  const esc = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { match: new RegExp(`^if \\[ -e '?${esc}'? \\] \\|\\| \\[ -L`) };
}

/** The sha256 probe of `path` answers `hex` (or nothing: not a regular file). */
export function shaRule(path: string, hex?: string): ScriptedRule {
  const esc = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { match: new RegExp(`^if \\[ -f '?${esc}'? \\]; then sha256sum`), stdout: hex ? `${hex}\n` : '' };
}

/** The read probe of `path` answers `content` (or nothing). */
export function readRule(path: string, content?: string | Buffer): ScriptedRule {
  const esc = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { match: new RegExp(`^if \\[ -f '?${esc}'? \\]; then (cat|head)`), stdout: content ?? '' };
}
