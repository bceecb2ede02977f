import { z } from 'zod';
import { defineModule, type ModuleContext, okPlan, type Plan } from '../module.js';
import { boolParam } from '../params.js';
import { editBlock } from './blockinfile-edit.js';
import { attributeParams, backupParam, firstOf, validateParam } from './common-params.js';
import { fileError } from './host-io.js';
import { pendingReason, unknownChange } from './pending.js';
import { regexError } from './python-regex.js';
import { planWrite } from './write-plan.js';
import { probeWriteTarget } from './write-target.js';

/** ansible.builtin.blockinfile: a block of lines between marker lines, inserted, updated or removed. */

const schema = z
  .strictObject({
    path: z.string().min(1).optional(),
    dest: z.string().min(1).optional(),
    destfile: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    block: z.string().optional(),
    content: z.string().optional(),
    marker: z.string().optional(),
    marker_begin: z.string().optional(),
    marker_end: z.string().optional(),
    state: z.enum(['present', 'absent']).optional(),
    insertafter: z.string().optional(),
    insertbefore: z.string().optional(),
    create: boolParam.optional(),
    backup: backupParam,
    validate: validateParam,
    ...attributeParams,
  })
  .superRefine((p, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    if ([p.path, p.dest, p.destfile, p.name].filter((v) => v !== undefined).length !== 1)
      issue('blockinfile needs exactly one of path (or its aliases dest, destfile, name)');
    if (p.block !== undefined && p.content !== undefined) issue('block and its alias content are both set');
    if (p.insertafter !== undefined && p.insertbefore !== undefined)
      issue('insertafter and insertbefore are mutually exclusive');
    if (p.marker !== undefined && !p.marker.includes('{mark}'))
      issue("marker must contain '{mark}' (replaced by marker_begin / marker_end)");
    for (const pattern of [p.insertafter, p.insertbefore]) {
      if (pattern === undefined || pattern === 'EOF' || pattern === 'BOF') continue;
      const err = regexError(pattern);
      if (err) issue(err);
    }
  });

export type BlockinfileParams = z.infer<typeof schema>;

async function planBlockinfile(p: BlockinfileParams, ctx: ModuleContext): Promise<Plan> {
  const path = firstOf(p.path, p.dest, p.destfile, p.name) as string;
  const state = p.state ?? 'present';
  const pending = pendingReason(ctx, path);
  if (pending) return unknownChange(pending, path);
  const attrs = { mode: p.mode, owner: p.owner, group: p.group };
  const target = await probeWriteTarget(ctx, path, 'full', attrs);
  if (target.state.exists && target.state.type === 'directory') {
    throw fileError(ctx, 'PRV412', `${path} is a directory, not a file`);
  }
  if (!target.state.exists) {
    if (state === 'absent') return okPlan({ path, msg: 'file not present' }, `${path} absent`);
    if (!p.create)
      throw fileError(ctx, 'PRV411', `path ${path} does not exist`, 'Set create: true to create the file.');
  }
  const edit = editBlock(target.content?.toString('utf8') ?? '', {
    block: p.block ?? p.content ?? '',
    state,
    marker: p.marker ?? '# {mark} ANSIBLE MANAGED BLOCK',
    marker_begin: p.marker_begin ?? 'BEGIN',
    marker_end: p.marker_end ?? 'END',
    insertafter: p.insertafter,
    insertbefore: p.insertbefore,
  });
  const result = { path, msg: edit.msg };
  if (!edit.changed && !target.state.exists) return okPlan(result, 'nothing to write');
  return planWrite(ctx, {
    target,
    content: edit.changed ? Buffer.from(edit.content) : (target.content ?? Buffer.alloc(0)),
    attrs,
    backup: p.backup,
    validate: p.validate,
    result,
    reason: edit.changed ? edit.msg : undefined,
    createParents: true,
    writeThroughLinks: true,
  });
}

export const blockinfileModule = defineModule<BlockinfileParams>({
  name: 'blockinfile',
  schema,
  plan: planBlockinfile,
});
