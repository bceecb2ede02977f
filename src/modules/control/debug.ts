import { z } from 'zod';
import { evaluateExpression, type Scope } from '../../template/index.js';
import { defineModule, okPlan } from '../module.js';
import { intParam } from '../params.js';

const schema = z.strictObject({
  msg: z.unknown().optional(),
  var: z.string().optional(),
  verbosity: intParam.optional(),
});

/** Prints a message or a variable; shown only at or above `verbosity`. */
export const debugModule = defineModule({
  name: 'debug',
  controllerOnly: true,
  schema,
  async plan(p, ctx) {
    if (p.verbosity !== undefined && p.verbosity > 0) {
      const v = Number(ctx.vars.ansible_verbosity ?? 0);
      if (v < p.verbosity) return okPlan({ skipped_reason: 'verbosity threshold not met' });
    }
    if (p.var !== undefined) {
      return okPlan({ [p.var]: evaluateExpression(p.var, ctx.vars as Scope) });
    }
    return okPlan({ msg: (p.msg ?? 'Hello world!') as string });
  },
});
