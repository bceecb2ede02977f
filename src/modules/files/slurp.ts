import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { defineModule, type ModuleContext, okPlan, type Plan, unknownPlan } from '../module.js';
import { fileStateCommand, readFileState } from './file-state.js';
import { fileError, probeBatch } from './host-io.js';
import { pendingReason } from './pending.js';

/** ansible.builtin.slurp: a remote file's bytes, base64-encoded, in one round trip. */

const schema = z
  .strictObject({
    src: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
  })
  .superRefine((p, ctx) => {
    if ([p.src, p.path].filter((v) => v !== undefined).length !== 1)
      ctx.addIssue({ code: 'custom', message: 'slurp needs exactly one of src (or its alias path)' });
  });

export type SlurpParams = z.infer<typeof schema>;

async function planSlurp(p: SlurpParams, ctx: ModuleContext): Promise<Plan> {
  const src = (p.src ?? p.path) as string;
  const pending = pendingReason(ctx, src);
  if (pending) return unknownPlan(pending);
  const q = shellQuote(src);
  const res = await probeBatch(ctx, [fileStateCommand(src, true), `if [ -f ${q} ]; then cat -- ${q}; fi`]);
  const state = readFileState(ctx, res[0], src);
  if (!state.exists) throw fileError(ctx, 'PRV411', `file not found: ${src}`);
  if (state.type === 'directory')
    throw fileError(ctx, 'PRV412', `source is a directory and must be a file: ${src}`);
  const read = res[1];
  if (read?.rc !== 0) {
    throw fileError(ctx, 'PRV411', `unable to slurp file ${src}: ${read?.err.trim() ?? 'no output'}`);
  }
  return okPlan({ content: read.stdout.toString('base64'), encoding: 'base64', source: src });
}

export const slurpModule = defineModule<SlurpParams>({
  name: 'slurp',
  schema,
  plan: planSlurp,
});
