import { z } from 'zod';
import { changePlan, defineModule, unknownPlan } from '../module.js';
import { noCommand, runCommand } from './run-command.js';

const schema = z.strictObject({ _raw_params: z.string().optional(), executable: z.string().optional() });

/** Sends the command line as it is (useful before a host has anything but a shell). */
export const rawModule = defineModule({
  name: 'raw',
  freeForm: true,
  schema,
  async plan(p, ctx) {
    if (!p._raw_params) throw noCommand(ctx, 'raw');
    const text = p._raw_params;
    const apply = () => runCommand(text, ctx, { stripEmptyEnds: false });
    if (ctx.checkMode) return unknownPlan('raw commands do not run in check mode', apply);
    return changePlan('runs the raw command', apply);
  },
});
