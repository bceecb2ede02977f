import { z } from 'zod';
import { defineModule, type ModuleContext, okPlan, type Plan } from '../module.js';
import { boolParam } from '../params.js';
import { attributeParams, backupParam, firstOf, validateParam } from './common-params.js';
import { fileError } from './host-io.js';
import { editLines } from './lineinfile-edit.js';
import { pendingReason, unknownChange } from './pending.js';
import { regexError } from './python-regex.js';
import { planWrite } from './write-plan.js';
import { probeWriteTarget } from './write-target.js';

/** ansible.builtin.lineinfile: one line present (inserted or replaced) or absent, in a text file. */

const schema = z
  .strictObject({
    path: z.string().min(1).optional(),
    dest: z.string().min(1).optional(),
    destfile: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    line: z.string().optional(),
    value: z.string().optional(),
    regexp: z.string().optional(),
    regex: z.string().optional(),
    search_string: z.string().optional(),
    state: z.enum(['present', 'absent']).optional(),
    insertafter: z.string().optional(),
    insertbefore: z.string().optional(),
    create: boolParam.optional(),
    backrefs: boolParam.optional(),
    firstmatch: boolParam.optional(),
    backup: backupParam,
    validate: validateParam,
    ...attributeParams,
  })
  .superRefine((p, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    if ([p.path, p.dest, p.destfile, p.name].filter((v) => v !== undefined).length !== 1)
      issue('lineinfile needs exactly one of path (or its aliases dest, destfile, name)');
    const line = p.line ?? p.value;
    const regexp = p.regexp ?? p.regex;
    const state = p.state ?? 'present';
    if (regexp !== undefined && p.search_string !== undefined)
      issue('regexp and search_string are mutually exclusive');
    if (p.insertafter !== undefined && p.insertbefore !== undefined)
      issue('insertafter and insertbefore are mutually exclusive');
    if (state === 'present' && line === undefined) issue('state=present needs line');
    if (state === 'absent' && line === undefined && regexp === undefined && p.search_string === undefined)
      issue('state=absent needs one of line, regexp or search_string');
    if (p.backrefs && regexp === undefined) issue('backrefs needs regexp');
    for (const pattern of [regexp, p.insertafter, p.insertbefore]) {
      if (pattern === undefined || pattern === 'EOF' || pattern === 'BOF') continue;
      const err = regexError(pattern);
      if (err) issue(err);
    }
  });

export type LineinfileParams = z.infer<typeof schema>;

async function planLineinfile(p: LineinfileParams, ctx: ModuleContext): Promise<Plan> {
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
    if (!p.create) {
      throw fileError(
        ctx,
        'PRV411',
        `destination ${path} does not exist`,
        'Set create: true to create the file.',
      );
    }
  }
  const before = target.content?.toString('utf8') ?? '';
  const edit = editLines(before, {
    line: p.line ?? p.value,
    regexp: p.regexp ?? p.regex,
    search_string: p.search_string,
    state,
    insertafter: p.insertafter,
    insertbefore: p.insertbefore,
    backrefs: p.backrefs,
    firstmatch: p.firstmatch,
  });
  const result = { path, msg: edit.msg, ...(edit.found !== undefined ? { found: edit.found } : {}) };
  if (!edit.changed && !target.state.exists)
    return okPlan(result, 'no line to write (backrefs without a match)');
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

export const lineinfileModule = defineModule<LineinfileParams>({
  name: 'lineinfile',
  schema,
  plan: planLineinfile,
});
