import { z } from 'zod';
import { stripMustache } from '../../playbook/check-templates.js';
import { evaluateCondition, type Scope } from '../../template/index.js';
import { defineModule, okPlan } from '../module.js';
import { boolParam } from '../params.js';

const text = z.union([z.string(), z.array(z.string())]);
const schema = z.strictObject({
  that: z.union([z.string(), z.boolean(), z.array(z.union([z.string(), z.boolean()]))]),
  fail_msg: text.optional(),
  msg: text.optional(),
  success_msg: text.optional(),
  quiet: boolParam.optional(),
});

/** Checks conditions (bare expressions, as in `when`); fails with fail_msg at the first false one. */
export const assertModule = defineModule({
  name: 'assert',
  controllerOnly: true,
  schema,
  async plan(p, ctx) {
    const conditions = Array.isArray(p.that) ? p.that : [p.that];
    for (const c of conditions) {
      const ok = typeof c === 'boolean' ? c : evaluateCondition(stripMustache(c), ctx.vars as Scope);
      if (!ok) {
        const msg = p.fail_msg ?? p.msg ?? 'Assertion failed';
        return {
          outcome: 'ok',
          result: {
            changed: false,
            failed: true,
            assertion: c,
            evaluated_to: false,
            msg: Array.isArray(msg) ? msg.join('\n') : msg,
          },
        };
      }
    }
    const msg = p.success_msg ?? 'All assertions passed';
    return okPlan(p.quiet ? {} : { msg: Array.isArray(msg) ? msg.join('\n') : msg });
  },
});
