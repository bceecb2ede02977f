import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import type { CommandResult } from '../../transport/transport.js';
import { changePlan, defineModule, type ModuleResult, okPlan } from '../module.js';
import { boolParam, pathParam } from '../params.js';
import { type FstabEntry, findMount, removeFstabEntries, setFstabEntry } from './fstab.js';
import { catProbe, fileDiff, probe, probeError, putOnHost, runSteps } from './remote.js';

const field = z.union([z.string(), z.number()]).transform((v) => String(v));
const schema = z
  .strictObject({
    path: pathParam.optional(),
    name: pathParam.optional(),
    src: z.string().min(1).optional(),
    fstype: z.string().regex(/^\S+$/, 'fstype is one word').optional(),
    opts: z.string().regex(/^\S+$/, 'opts are comma-separated without spaces').optional(),
    dump: field.default('0'),
    passno: field.default('0'),
    state: z.enum(['mounted', 'unmounted', 'present', 'absent', 'remounted']),
    fstab: pathParam.default('/etc/fstab'),
    backup: boolParam.default(false),
    boot: boolParam.default(true),
  })
  .superRefine((p, ctx) => {
    const path = p.path ?? p.name;
    if (path === undefined) ctx.addIssue({ code: 'custom', path: ['path'], message: 'path is required' });
    if (p.path !== undefined && p.name !== undefined)
      ctx.addIssue({ code: 'custom', message: 'path and name are the same parameter' });
    if ((p.state === 'mounted' || p.state === 'present') && (p.src === undefined || p.fstype === undefined))
      ctx.addIssue({ code: 'custom', path: ['src'], message: `state: ${p.state} needs src and fstype` });
    const swap = p.fstype === 'swap' || path === 'none' || path === 'swap';
    if (swap && !['present', 'absent'].includes(p.state))
      ctx.addIssue({
        code: 'custom',
        path: ['state'],
        message: 'swap entries support state present or absent; turn swap on/off with swapon/swapoff',
      });
    if (!swap && path !== undefined && !path.startsWith('/'))
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message: 'path must be absolute (or none/swap for swap entries)',
      });
  });
type Params = z.infer<typeof schema>;

function wantedEntry(p: Params, path: string): FstabEntry {
  let opts = p.opts ?? 'defaults';
  if (!p.boot && !opts.split(',').includes('noauto'))
    opts = opts === 'defaults' ? 'noauto' : `${opts},noauto`;
  return { src: p.src ?? '', path, fstype: p.fstype ?? '', opts, dump: p.dump, passno: p.passno };
}

export const mountModule = defineModule<Params>({
  name: 'mount',
  schema,
  async plan(p, ctx) {
    const path = (p.path ?? p.name ?? '').replace(/(.)\/+$/, '$1');
    const [fstabRes, mountsRes, dirRes] = await probe(ctx, [
      catProbe(p.fstab),
      'cat /proc/mounts',
      `[ -d ${shellQuote(path)} ] && echo dir; true`,
    ]);
    if (!fstabRes || (fstabRes.rc !== 0 && fstabRes.rc !== 3))
      throw probeError(ctx, catProbe(p.fstab), fstabRes?.err ?? '');
    if (mountsRes?.rc !== 0) throw probeError(ctx, 'cat /proc/mounts', mountsRes?.err ?? '');
    const before = fstabRes.rc === 0 ? fstabRes.out : '';
    const isDir = dirRes?.out.includes('dir') ?? false;
    const mounted = path.startsWith('/') ? findMount(mountsRes.out, path) : undefined;

    let after = before;
    if (p.state === 'mounted' || p.state === 'present') after = setFstabEntry(before, wantedEntry(p, path));
    if (p.state === 'absent') after = removeFstabEntries(before, path);
    const fstabChanges = after !== before;
    const mountFlag = p.fstab === '/etc/fstab' ? '' : `-T ${shellQuote(p.fstab)} `;
    const q = shellQuote(path);

    const steps: string[] = [];
    if (p.state === 'mounted' && !mounted) {
      if (!isDir) steps.push(`mkdir -p -- ${q}`);
      steps.push(`mount ${mountFlag}${q}`);
    } else if (p.state === 'mounted' && fstabChanges) {
      steps.push(`mount ${mountFlag}-o remount ${q} || { umount ${q} && mount ${mountFlag}${q}; }`);
    } else if (p.state === 'unmounted' && mounted) {
      steps.push(`umount ${q}`);
    } else if (p.state === 'absent' && path.startsWith('/')) {
      if (mounted) steps.push(`umount ${q}`);
      if (isDir) steps.push(`rmdir -- ${q}`);
    } else if (p.state === 'remounted') {
      steps.push(`mount ${mountFlag}-o remount ${q}`);
    }
    const base: ModuleResult = {
      name: path,
      src: p.src,
      fstype: p.fstype,
      opts: p.opts ?? 'defaults',
      fstab: p.fstab,
      dump: p.dump,
      passno: p.passno,
    };
    if (!fstabChanges && steps.length === 0) return okPlan(base, `${path} is ${p.state}`);

    const why = [
      fstabChanges ? `${p.state === 'absent' ? 'remove' : 'set'} ${path} in ${p.fstab}` : '',
      ...steps.map((s) => s.split(' || ')[0]),
    ];
    return changePlan(
      why.filter(Boolean).join(', '),
      async () => {
        if (fstabChanges) {
          if (p.backup && fstabRes.rc === 0) {
            const backup = `b=${shellQuote(p.fstab)}.$(date +%Y-%m-%d@%H:%M:%S)~ && cp -p -- ${shellQuote(p.fstab)} "$b" && echo "$b"`;
            const outs: CommandResult[] = [];
            const failed = await runSteps(ctx, [backup], outs);
            if (failed) return { ...base, ...failed };
            base.backup_file = outs[0]?.out.trim();
          }
          await putOnHost(ctx, p.fstab, after);
        }
        const failed = await runSteps(ctx, steps);
        if (failed) return { ...base, ...failed, changed: fstabChanges };
        return { ...base, changed: true };
      },
      {
        paths: [
          ...(fstabChanges ? [p.fstab] : []),
          ...(steps.length > 0 && path.startsWith('/') ? [path] : []),
        ],
        diff: ctx.diffMode && fstabChanges ? [fileDiff(p.fstab, before, after)] : undefined,
        result: base,
      },
    );
  },
});
