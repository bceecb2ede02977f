import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { defineModule, type ModuleContext, okPlan, type Plan, unknownPlan } from '../module.js';
import { boolParam } from '../params.js';
import { firstOf } from './common-params.js';
import { fileStateCommand, type PresentFile, readFileState } from './file-state.js';
import { probeBatch } from './host-io.js';
import { pendingReason } from './pending.js';

/**
 * ansible.builtin.stat: facts about a path, in Ansible's `stat` dictionary. Read-only, one round trip. In check
 * mode a path an earlier task would change makes the result unknown (a registered stat would otherwise lie).
 * MIME types and extended attributes are not gathered (get_mime/get_attributes are accepted and ignored).
 */

const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

const schema = z
  .strictObject({
    path: z.string().min(1).optional(),
    dest: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    follow: boolParam.optional(),
    get_checksum: boolParam.optional(),
    checksum_algorithm: z.enum(ALGORITHMS).optional(),
    checksum: z.enum(ALGORITHMS).optional(),
    checksum_algo: z.enum(ALGORITHMS).optional(),
    get_mime: boolParam.optional(),
    get_attributes: boolParam.optional(),
  })
  .superRefine((p, ctx) => {
    if ([p.path, p.dest, p.name].filter((v) => v !== undefined).length !== 1)
      ctx.addIssue({ code: 'custom', message: 'stat needs exactly one of path (or its aliases dest, name)' });
  });

export type StatParams = z.infer<typeof schema>;

/** Ansible's stat dictionary for a present path. */
export function statDict(path: string, s: PresentFile): Record<string, unknown> {
  const m = Number.parseInt(s.mode, 8);
  const bit = (b: number) => (m & b) !== 0;
  return {
    exists: true,
    path,
    mode: s.mode,
    isdir: s.type === 'directory',
    ischr: s.type === 'chr',
    isblk: s.type === 'blk',
    isreg: s.type === 'file',
    isfifo: s.type === 'fifo',
    islnk: s.type === 'link',
    issock: s.type === 'socket',
    uid: s.uid,
    gid: s.gid,
    pw_name: s.owner,
    gr_name: s.group,
    size: s.size,
    inode: s.inode,
    dev: s.dev,
    nlink: s.nlink,
    atime: s.atime,
    mtime: s.mtime,
    ctime: s.ctime,
    rusr: bit(0o400),
    wusr: bit(0o200),
    xusr: bit(0o100),
    rgrp: bit(0o040),
    wgrp: bit(0o020),
    xgrp: bit(0o010),
    roth: bit(0o004),
    woth: bit(0o002),
    xoth: bit(0o001),
    isuid: bit(0o4000),
    isgid: bit(0o2000),
  };
}

async function planStat(p: StatParams, ctx: ModuleContext): Promise<Plan> {
  const path = firstOf(p.path, p.dest, p.name) as string;
  const pending = pendingReason(ctx, path);
  if (pending) return unknownPlan(pending);
  const q = shellQuote(path);
  const algo = p.checksum_algorithm ?? p.checksum ?? p.checksum_algo ?? 'sha1';
  const getChecksum = p.get_checksum ?? true;
  const res = await probeBatch(ctx, [
    fileStateCommand(path, p.follow ?? false),
    getChecksum ? `if [ -f ${q} ] && [ -r ${q} ]; then ${algo}sum -- ${q} | cut -d' ' -f1; fi` : 'true',
    `test -r ${q}`,
    `test -w ${q}`,
    `test -x ${q}`,
    `if [ -L ${q} ]; then readlink -f -- ${q}; fi`,
  ]);
  const state = readFileState(ctx, res[0], path);
  if (!state.exists) return okPlan({ stat: { exists: false } });
  const stat = statDict(path, state);
  stat.readable = res[2]?.rc === 0;
  stat.writeable = res[3]?.rc === 0;
  stat.executable = res[4]?.rc === 0;
  const checksum = res[1]?.out.trim();
  if (getChecksum && checksum && state.type !== 'directory') stat.checksum = checksum;
  if (state.type === 'link') {
    stat.lnk_target = state.linkTarget;
    const source = res[5]?.out.trim();
    if (source) stat.lnk_source = source;
  }
  return okPlan({ stat });
}

export const statModule = defineModule<StatParams>({
  name: 'stat',
  schema,
  plan: planStat,
});
