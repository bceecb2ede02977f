import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, type ModuleContext, okPlan, type Plan } from '../module.js';
import { boolParam, pathParam } from '../params.js';
import { type ArchiveEntry, ArchiveReadError, archiveManifest } from './archive-manifest.js';
import { accountProbes, planAttributes, type WantedAttributes } from './attributes.js';
import { attributeParams } from './common-params.js';
import { explicitSymbolicMode, formatMode, isOctalMode } from './file-mode.js';
import { fileStateCommand, readFileState } from './file-state.js';
import { fileError, joinRemote, probeBatch, putFile, runChecked } from './host-io.js';
import { pendingReason, unknownChange } from './pending.js';

/**
 * ansible.builtin.unarchive: unpacks a .tar, .tar.gz/.tgz, .tar.xz, .tar.bz2 or .zip into an existing dest. The
 * archive (local, or fetched from the host with remote_src) is listed on the controller and compared entry by
 * entry (type, content hash, link target, and mode/owner/group when set) with dest: unchanged → ok.
 */

const schema = z.strictObject({
  src: z.string().min(1),
  dest: pathParam,
  remote_src: boolParam.optional(),
  creates: z.string().min(1).optional(),
  list_files: boolParam.optional(),
  ...attributeParams,
});

export type UnarchiveParams = z.infer<typeof schema>;

function entryProbe(path: string, e: ArchiveEntry): string {
  const q = shellQuote(path);
  if (e.kind === 'dir') return `if [ -d ${q} ] && [ ! -L ${q} ]; then echo =dir; else echo missing; fi`;
  if (e.kind === 'link')
    return `if [ -L ${q} ]; then printf '=%s\\n' "$(readlink -- ${q})"; else echo missing; fi`;
  return `if [ -f ${q} ] && [ ! -L ${q} ]; then printf '=%s\\n' "$(sha256sum -- ${q} | cut -d' ' -f1)"; else echo missing; fi`;
}

function describeEntry(e: ArchiveEntry): string {
  if (e.kind === 'dir') return 'directory';
  return e.kind === 'link' ? `link → ${e.target}` : `file sha256 ${e.sha256}`;
}

function describeAnswer(e: ArchiveEntry, answer: string): string {
  const value = answer.replace(/^=/, '');
  return e.kind === 'link' ? `link → ${value}` : `file sha256 ${value}`;
}

function entryMatches(e: ArchiveEntry, answer: string): boolean {
  if (e.kind === 'dir') return answer === '=dir';
  return answer === `=${e.kind === 'link' ? e.target : e.sha256}`;
}

async function planUnarchive(p: UnarchiveParams, ctx: ModuleContext): Promise<Plan> {
  const attrs: WantedAttributes = { mode: p.mode, owner: p.owner, group: p.group };
  const pending = pendingReason(ctx, p.dest, p.remote_src ? p.src : undefined);
  if (pending) return unknownChange(pending, p.dest);
  const accounts = accountProbes(attrs);
  const first = await probeBatch(ctx, [
    fileStateCommand(p.dest, true),
    p.creates ? `test -e ${shellQuote(p.creates)}` : 'false',
    p.remote_src ? fileStateCommand(p.src, true) : 'true',
    'command -v tar',
    'command -v unzip',
    ...accounts.commands,
  ]);
  if (p.creates) {
    if (first[1]?.rc === 0) return okPlan({ dest: p.dest, msg: `skipped, since ${p.creates} exists` });
    const createsPending = pendingReason(ctx, p.creates);
    if (createsPending) return unknownChange(createsPending, p.dest);
  }
  const dest = readFileState(ctx, first[0], p.dest);
  if (!dest.exists) throw fileError(ctx, 'PRV410', `dest '${p.dest}' must be an existing directory`);
  if (dest.type !== 'directory')
    throw fileError(ctx, 'PRV412', `dest '${p.dest}' is a ${dest.type}, not a directory`);
  if (p.remote_src && !readFileState(ctx, first[2], p.src).exists) {
    throw fileError(ctx, 'PRV411', `source '${p.src}' does not exist on ${ctx.host}`);
  }
  const accountsPending = accounts.verify(ctx, first.slice(5));
  if (accountsPending) return unknownChange(accountsPending, p.dest);

  const bytes = p.remote_src
    ? await ctx.transport.get(p.src, { become: ctx.become })
    : await ctx.files.read(ctx.files.resolve(p.src, 'files'));
  let manifest: ReturnType<typeof archiveManifest>;
  try {
    manifest = archiveManifest(bytes, ctx.tmpDir);
  } catch (e) {
    if (e instanceof ArchiveReadError)
      throw fileError(ctx, 'PRV416', `cannot read archive ${p.src}: ${e.message}`);
    throw e;
  }
  const tool = manifest.format === 'zip' ? 'unzip' : 'tar';
  if ((tool === 'unzip' ? first[4] : first[3])?.rc !== 0) {
    throw fileError(ctx, 'PRV416', `${tool} is not installed on ${ctx.host}; unarchive unpacks on the host`);
  }

  const { entries } = manifest;
  const withAttrs = attrs.mode !== undefined || attrs.owner !== undefined || attrs.group !== undefined;
  const paths = entries.map((e) => joinRemote(p.dest, e.path));
  const res =
    entries.length === 0
      ? []
      : await probeBatch(ctx, [
          ...entries.map((e, i) => entryProbe(paths[i] as string, e)),
          ...(withAttrs ? paths.map((path) => fileStateCommand(path)) : []),
        ]);
  const differs: string[] = [];
  const before: string[] = [];
  const after: string[] = [];
  entries.forEach((e, i) => {
    const answer = res[i]?.out.trim() ?? 'missing';
    if (!entryMatches(e, answer)) {
      differs.push(answer === 'missing' ? `${e.path} missing` : `${e.path} differs`);
      before.push(`${e.path}: ${answer === 'missing' ? 'absent' : describeAnswer(e, answer)}\n`);
      after.push(`${e.path}: ${describeEntry(e)}\n`);
      return;
    }
    if (withAttrs && e.kind !== 'link') {
      const state = readFileState(ctx, res[entries.length + i], paths[i] as string);
      if (state.exists && planAttributes(paths[i] as string, state, attrs).commands.length > 0)
        differs.push(`${e.path} attributes`);
    }
  });
  const result = {
    dest: p.dest,
    src: p.src,
    ...(p.list_files ? { files: entries.map((e) => (e.kind === 'dir' ? `${e.path}/` : e.path)) } : {}),
  };
  if (differs.length === 0) return okPlan(result, 'archive contents match dest');

  const tops = [...new Set(entries.map((e) => e.path.split('/')[0] as string))];
  return changePlan(
    differs.slice(0, 3).join(', ') + (differs.length > 3 ? `, and ${differs.length - 3} more` : ''),
    async () => {
      let archive = p.src;
      if (!p.remote_src) {
        archive = `/tmp/.provision-unarchive-${randomBytes(6).toString('hex')}`;
        await putFile(ctx, archive, bytes, { mode: '0600' });
      }
      const qa = shellQuote(archive);
      const qd = shellQuote(p.dest);
      const extract = tool === 'unzip' ? `unzip -o -q -- ${qa} -d ${qd}` : `tar -xf ${qa} -C ${qd}`;
      try {
        await runChecked(ctx, extract);
        const quotedTops = tops.map(shellQuote).join(' ');
        const spec = `${attrs.owner ?? ''}${attrs.group ? `:${attrs.group}` : ''}`;
        if (spec && tops.length > 0)
          await runChecked(ctx, `cd ${qd} && chown -R -h ${shellQuote(spec)} -- ${quotedTops}`);
        if (attrs.mode !== undefined && tops.length > 0)
          await runChecked(ctx, `cd ${qd} && chmod -R ${modeArg(attrs.mode)} -- ${quotedTops}`);
      } finally {
        if (!p.remote_src) await ctx.transport.run(`rm -f -- ${qa}`, { become: ctx.become });
      }
      return { changed: true, ...result };
    },
    {
      paths: [p.dest, ...tops.map((t) => joinRemote(p.dest, t))],
      result,
      diff:
        ctx.diffMode && before.length > 0
          ? [
              {
                before: before.join(''),
                after: after.join(''),
                beforeHeader: p.dest,
                afterHeader: `${p.dest} (from ${p.src})`,
              },
            ]
          : undefined,
    },
  );
}

function modeArg(mode: string): string {
  return isOctalMode(mode) ? formatMode(Number.parseInt(mode, 8)) : shellQuote(explicitSymbolicMode(mode));
}

export const unarchiveModule = defineModule<UnarchiveParams>({
  name: 'unarchive',
  schema,
  plan: planUnarchive,
});
