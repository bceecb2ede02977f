import { z } from 'zod';
import { defineModule, type ModuleContext, type Plan } from '../module.js';
import { pathParam } from '../params.js';
import { attributeParams, backupParam, firstOf, validateParam } from './common-params.js';
import { fileError } from './host-io.js';
import { pendingReason, unknownChange } from './pending.js';
import { expandTemplate, regexError, toJsRegExp } from './python-regex.js';
import { planWrite } from './write-plan.js';
import { probeWriteTarget } from './write-target.js';

/** ansible.builtin.replace: every match of a (multiline) regexp replaced, optionally only between after/before. */

const schema = z
  .strictObject({
    path: pathParam.optional(),
    dest: pathParam.optional(),
    destfile: pathParam.optional(),
    name: pathParam.optional(),
    regexp: z.string(),
    replace: z.string().optional(),
    after: z.string().optional(),
    before: z.string().optional(),
    backup: backupParam,
    validate: validateParam,
    ...attributeParams,
  })
  .superRefine((p, ctx) => {
    if ([p.path, p.dest, p.destfile, p.name].filter((v) => v !== undefined).length !== 1)
      ctx.addIssue({
        code: 'custom',
        message: 'replace needs exactly one of path (or its aliases dest, destfile, name)',
      });
    for (const pattern of [p.regexp, p.after, p.before]) {
      const err = pattern === undefined ? undefined : regexError(pattern, 'm');
      if (err) ctx.addIssue({ code: 'custom', message: err });
    }
  });

export type ReplaceParams = z.infer<typeof schema>;

/** Pure: the new content and how many replacements were made, as Ansible's re.subn over the section. */
export function replaceInText(
  text: string,
  p: { regexp: string; replace?: string; after?: string; before?: string },
): { content: string; count: number } {
  let start = 0;
  let end = text.length;
  let section = `(?<provisionsubsection>[\\s\\S]*${p.after !== undefined && p.before !== undefined ? '?' : ''})`;
  if (p.after !== undefined || p.before !== undefined) {
    section = `${p.after ?? ''}${section}${p.before ?? ''}`;
    // Python's re.DOTALL: `.` matches newlines in after/before.
    const m = toJsRegExp(section, 'sd').exec(text) as
      | (RegExpExecArray & { indices?: { groups?: Record<string, [number, number]> } })
      | null;
    const span = m?.indices?.groups?.provisionsubsection;
    if (span) [start, end] = span;
  }
  const re = toJsRegExp(p.regexp, 'gm');
  let count = 0;
  const replaced = text.slice(start, end).replace(re, (...args) => {
    count++;
    const groups =
      typeof args[args.length - 1] === 'object'
        ? (args[args.length - 1] as Record<string, string>)
        : undefined;
    const numbered = args.slice(0, groups ? -3 : -2) as string[];
    const match = Object.assign([...numbered], { groups }) as unknown as RegExpMatchArray;
    return expandTemplate(p.replace ?? '', match);
  });
  return { content: text.slice(0, start) + replaced + text.slice(end), count };
}

async function planReplace(p: ReplaceParams, ctx: ModuleContext): Promise<Plan> {
  const path = firstOf(p.path, p.dest, p.destfile, p.name) as string;
  const pending = pendingReason(ctx, path);
  if (pending) return unknownChange(pending, path);
  const attrs = { mode: p.mode, owner: p.owner, group: p.group };
  const target = await probeWriteTarget(ctx, path, 'full', attrs);
  if (!target.state.exists) throw fileError(ctx, 'PRV411', `path ${path} does not exist`);
  if (target.state.type === 'directory') throw fileError(ctx, 'PRV412', `${path} is a directory, not a file`);
  const before = target.content?.toString('utf8') ?? '';
  const { content, count } = replaceInText(before, p);
  const changed = count > 0 && content !== before;
  const result = { path, msg: changed ? `${count} replacements made` : '' };
  // Unchanged content still goes through planWrite, which checks mode/owner/group.
  return planWrite(ctx, {
    target,
    content: changed ? Buffer.from(content) : (target.content ?? Buffer.alloc(0)),
    attrs,
    backup: p.backup,
    validate: p.validate,
    result,
    reason: changed ? result.msg : undefined,
    writeThroughLinks: true,
  });
}

export const replaceModule = defineModule<ReplaceParams>({
  name: 'replace',
  schema,
  plan: planReplace,
});
