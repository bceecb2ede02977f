import { createHash } from 'node:crypto';
import type { PresentFile } from '../../../src/modules/files/file-state.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';

/**
 * Probe answers as data: a host is a map of paths to files (content, type, mode, owner); `hostRules` turns it into
 * ScriptedTransport rules answering the file modules' probes (state, checksum, read, `test -d`, accounts), every
 * other path being absent.
 */

const TYPE_BITS: Record<PresentFile['type'], number> = {
  file: 0o100000,
  directory: 0o040000,
  link: 0o120000,
  chr: 0o020000,
  blk: 0o060000,
  fifo: 0o010000,
  socket: 0o140000,
};

export interface FakeFile extends Partial<Omit<PresentFile, 'exists'>> {
  content?: string | Buffer;
}

export type FakeHost = Record<string, FakeFile>;

export function statLine(f: FakeFile): string {
  const size = f.size ?? (f.content === undefined ? 0 : Buffer.byteLength(f.content));
  const s = {
    type: 'file' as const,
    mode: f.type === 'directory' ? '0755' : '0644',
    uid: 0,
    gid: 0,
    owner: 'root',
    group: 'root',
    mtime: 1_700_000_000,
    atime: 1_700_000_000,
    ctime: 1_700_000_000,
    inode: 1234,
    dev: 2049,
    nlink: 1,
    ...f,
    size,
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

const esc = (path: string) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A path as shellQuote prints it: bare or in single quotes. */
const quoted = (path: string) => `'?${esc(path)}'?`;

export function sha256Hex(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function hostRules(
  host: FakeHost,
  accounts: { users?: string[]; groups?: string[] } = {},
): ScriptedRule[] {
  const rules: ScriptedRule[] = [];
  for (const [path, f] of Object.entries(host)) {
    const q = quoted(path);
    const isFile = (f.type ?? 'file') === 'file';
    rules.push({
      match: new RegExp(`^if \\[ -e ${q} \\](?: \\|\\| \\[ -L ${q} \\])?; then stat`),
      stdout: statLine(f),
    });
    rules.push({
      match: new RegExp(`^if \\[ -f ${q} \\]; then sha256sum`),
      stdout: isFile && f.content !== undefined ? `${sha256Hex(f.content)}\n` : '',
    });
    rules.push({
      match: new RegExp(`^if \\[ -f ${q} \\]; then (cat|head)`),
      stdout: isFile ? (f.content ?? '') : '',
    });
    rules.push({ match: new RegExp(`^test -d ${q}$`), rc: f.type === 'directory' ? 0 : 1 });
    rules.push({ match: new RegExp(`^test -e ${q}$`), rc: 0 });
  }
  for (const user of accounts.users ?? ['root', 'nobody', 'app'])
    rules.push({ match: new RegExp(`^id -u -- ${quoted(user)}$`), stdout: '1000\n' });
  for (const group of accounts.groups ?? ['root', 'nogroup', 'app'])
    rules.push({ match: new RegExp(`^getent group ${quoted(group)}$`), stdout: `${group}:x:1000:\n` });
  rules.push(
    { match: /^if \[ -e .*; then stat/, stdout: 'absent\n' },
    { match: /^if \[ -f .*; then (sha256sum|cat|head)/, stdout: '' },
    { match: /^test -[de] /, rc: 1 },
    { match: /^id -u -- /, rc: 1, stderr: 'no such user' },
    { match: /^getent group /, rc: 2 },
  );
  return rules;
}

/** Rules that accept any mutating command (for apply outside check mode). */
export const acceptAll: ScriptedRule = { match: /[\s\S]*/ };

const MUTATING =
  /(^|\n|&& |; |\|\| )(mv|rm|rmdir|chmod|chown|mkdir|ln|touch|cp|tar -x|unzip -o|curl|wget|t=\$\(mktemp)\b/;

/** Commands that change the host, among everything a transport ran. */
export function mutating(commands: readonly string[]): string[] {
  return commands.filter((c) => MUTATING.test(c));
}
