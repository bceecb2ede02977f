import { z } from 'zod';
import { defineModule, type ModuleContext, type Plan } from '../module.js';
import { pathParam } from '../params.js';
import { attributeParams, backupParam, validateParam } from './common-params.js';
import { baseName } from './host-io.js';
import { unknownChange } from './pending.js';
import { planWrite } from './write-plan.js';
import { probeDestination } from './write-target.js';

/** ansible.builtin.template: a local template rendered on the controller with the task's variables, then copied. */

const schema = z.strictObject({
  src: z.string().min(1),
  dest: pathParam,
  ...attributeParams,
  backup: backupParam,
  validate: validateParam,
});

export type TemplateParams = z.infer<typeof schema>;

async function planTemplate(p: TemplateParams, ctx: ModuleContext): Promise<Plan> {
  const local = ctx.files.resolve(p.src, 'templates');
  const text = (await ctx.files.read(local)).toString('utf8');
  // Render first: a template error is the user's to fix whatever the host's state.
  const rendered = Buffer.from(ctx.renderTemplate(text, local));
  const attrs = { mode: p.mode, owner: p.owner, group: p.group };
  const target = await probeDestination(ctx, p.dest, baseName(p.src), attrs);
  if ('unknown' in target) return unknownChange(target.unknown, target.path);
  return planWrite(ctx, { target, content: rendered, attrs, backup: p.backup, validate: p.validate });
}

export const templateModule = defineModule<TemplateParams>({
  name: 'template',
  schema,
  plan: planTemplate,
});
