import { z } from 'zod';
import { ModuleError } from '../../errors/index.js';
import { defineModule, okPlan } from '../module.js';
import { boolParam } from '../params.js';

const num = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number().nonnegative(),
);
const schema = z.strictObject({
  seconds: num.optional(),
  minutes: num.optional(),
  prompt: z.string().optional(),
  echo: boolParam.optional(),
});

/** Waits for a time. An interactive prompt needs a terminal, which an unattended run does not have. */
export const pauseModule = defineModule({
  name: 'pause',
  controllerOnly: true,
  schema,
  async plan(p, ctx) {
    const ms = ((p.minutes ?? 0) * 60 + (p.seconds ?? 0)) * 1000;
    if (ms === 0 && p.prompt !== undefined) {
      throw new ModuleError({
        code: 'PRV403',
        host: ctx.host,
        task: ctx.task,
        message: 'pause with a prompt and no time waits for a key press, which provision does not read',
        hint: 'Give seconds: or minutes: instead.',
      });
    }
    const start = ctx.now();
    await ctx.sleep(ms);
    return okPlan({ delta: Math.round((ctx.now() - start) / 1000), echo: p.echo ?? true, user_input: '' });
  },
});
