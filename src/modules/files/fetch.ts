import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, type ModuleContext, okPlan, type Plan, unknownPlan } from '../module.js';
import { boolParam } from '../params.js';
import { fileStateCommand, readFileState } from './file-state.js';
import { baseName, fileError, probeBatch } from './host-io.js';
import { pendingReason } from './pending.js';

/**
 * ansible.builtin.fetch: copies a remote file to the controller, under dest/<inventory_hostname>/<src path> (or
 * exactly dest with flat). Idempotent by sha1 checksum; nothing on the controller is written in check mode.
 */

const schema = z.strictObject({
  src: z.string().min(1),
  dest: z.string().min(1),
  flat: boolParam.optional(),
  fail_on_missing: boolParam.optional(),
  validate_checksum: boolParam.optional(),
});

export type FetchParams = z.infer<typeof schema>;

/** Where the file lands on the controller; a relative dest is taken from the playbook's directory. */
export function fetchDestination(p: FetchParams, host: string, baseDir: string): string {
  const dest = isAbsolute(p.dest) ? p.dest : resolve(baseDir, p.dest);
  if (p.flat) return p.dest.endsWith('/') ? join(dest, baseName(p.src)) : dest;
  return join(dest, host, p.src.replace(/^\/+/, ''));
}

function localSha1(path: string): string | undefined {
  try {
    return createHash('sha1').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

async function planFetch(p: FetchParams, ctx: ModuleContext): Promise<Plan> {
  const pending = pendingReason(ctx, p.src);
  if (pending) return unknownPlan(pending);
  const baseDir = typeof ctx.vars.playbook_dir === 'string' ? ctx.vars.playbook_dir : process.cwd();
  const dest = fetchDestination(p, ctx.host, baseDir);
  const q = shellQuote(p.src);
  const res = await probeBatch(ctx, [
    fileStateCommand(p.src, true),
    `if [ -f ${q} ]; then sha1sum -- ${q} | cut -d' ' -f1; fi`,
  ]);
  const state = readFileState(ctx, res[0], p.src);
  if (!state.exists) {
    if (p.fail_on_missing ?? true) throw fileError(ctx, 'PRV411', `the remote file ${p.src} does not exist`);
    return okPlan({ file: p.src, msg: 'the remote file does not exist, not transferring, ignored' });
  }
  if (state.type === 'directory') {
    throw fileError(ctx, 'PRV412', `remote file ${p.src} is a directory, fetch cannot work on directories`);
  }
  const remoteChecksum = res[1]?.out.trim() ?? '';
  const base = { file: p.src, dest, remote_checksum: remoteChecksum, checksum: remoteChecksum };
  if (localSha1(dest) === remoteChecksum) return okPlan(base, `${dest} matches`);

  return changePlan(
    `${dest} ${localSha1(dest) === undefined ? 'absent' : 'differs'} on the controller`,
    async () => {
      const bytes = await ctx.transport.get(p.src, { become: ctx.become });
      const got = createHash('sha1').update(bytes).digest('hex');
      if ((p.validate_checksum ?? true) && got !== remoteChecksum) {
        throw fileError(
          ctx,
          'PRV414',
          `checksum mismatch after fetching ${p.src}: expected ${remoteChecksum}, got ${got}`,
        );
      }
      try {
        mkdirSync(dirname(dest), { recursive: true });
        const tmp = `${dest}.provision-tmp-${process.pid}`;
        writeFileSync(tmp, bytes);
        renameSync(tmp, dest);
      } catch (e) {
        throw fileError(ctx, 'PRV418', `cannot write ${dest} on the controller: ${(e as Error).message}`);
      }
      return { changed: true, ...base, checksum: got, md5sum: createHash('md5').update(bytes).digest('hex') };
    },
    { result: base },
  );
}

export const fetchModule = defineModule<FetchParams>({
  name: 'fetch',
  schema,
  plan: planFetch,
});
