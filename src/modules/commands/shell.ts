import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule } from '../module.js';
import { boolParam } from '../params.js';
import { commandCheckPlan, noCommand, planGuards, runCommand } from './run-command.js';

const schema = z.strictObject({
  _raw_params: z.string().optional(),
  cmd: z.string().optional(),
  chdir: z.string().optional(),
  creates: z.string().optional(),
  removes: z.string().optional(),
  executable: z.string().optional(),
  stdin: z.string().optional(),
  stdin_add_newline: boolParam.optional(),
  strip_empty_ends: boolParam.optional(),
  warn: boolParam.optional(),
});

/** Runs a command line through the shell (/bin/sh, or `executable`). */
export const shellModule = defineModule({
  name: 'shell',
  freeForm: true,
  schema,
  async plan(p, ctx) {
    const text = p._raw_params ?? p.cmd;
    if (!text) throw noCommand(ctx, 'shell');
    const guarded = await planGuards(p, ctx);
    if (guarded) return guarded;
    const line = p.executable ? `${shellQuote(p.executable)} -c ${shellQuote(text)}` : text;
    const stdin = p.stdin === undefined ? undefined : p.stdin + (p.stdin_add_newline === false ? '' : '\n');
    const apply = () =>
      runCommand(line, ctx, { chdir: p.chdir, stdin, stripEmptyEnds: p.strip_empty_ends, display: text });
    if (ctx.checkMode)
      return commandCheckPlan(
        'a shell command does not run in check mode; use creates/removes, or check_mode: false for a read-only command',
        apply,
        p,
      );
    return changePlan('runs the shell command', apply);
  },
});
