import { z } from 'zod';
import { defineModule, okPlan } from '../module.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

const schema = z.record(z.string(), z.unknown()).superRefine((v, ctx) => {
  for (const k of Object.keys(v)) {
    if (k === 'cacheable') continue;
    if (!IDENT.test(k))
      ctx.addIssue({ code: 'custom', path: [k], message: `'${k}' is not a valid variable name` });
  }
  if (Object.keys(v).filter((k) => k !== 'cacheable').length === 0)
    ctx.addIssue({ code: 'custom', message: 'set_fact needs at least one variable' });
});

/** Sets host variables at set_fact precedence (above play and role vars, below extra vars). */
export const setFactModule = defineModule({
  name: 'set_fact',
  controllerOnly: true,
  schema,
  async plan(p) {
    const { cacheable: _c, ...vars } = p;
    return okPlan({ _provision_set_facts: vars, ansible_facts_set: Object.keys(vars) });
  },
});
