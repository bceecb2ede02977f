import { z } from 'zod';
import { shellJoin } from '../../transport/shell-quote.js';
import { changePlan, defineModule } from '../module.js';
import { boolParam } from '../params.js';
import { commandCheckPlan, noCommand, planGuards, runCommand } from './run-command.js';
import { shlexSplit } from './shlex.js';

const schema = z.strictObject({
  _raw_params: z.string().optional(),
  cmd: z.string().optional(),
  argv: z.array(z.string()).optional(),
  chdir: z.string().optional(),
  creates: z.string().optional(),
  removes: z.string().optional(),
  stdin: z.string().optional(),
  stdin_add_newline: boolParam.optional(),
  strip_empty_ends: boolParam.optional(),
  warn: boolParam.optional(),
  expand_argument_vars: boolParam.optional(),
});

/** Runs a program without a shell: no pipes, redirects or variables — the words are passed as they are. */
export const commandModule = defineModule({
  name: 'command',
  freeForm: true,
  schema,
  async plan(p, ctx) {
    const words = p.argv ?? ((p._raw_params ?? p.cmd) ? shlexSplit((p._raw_params ?? p.cmd)!) : undefined);
    if (!words || words.length === 0) throw noCommand(ctx, 'command');
    const guarded = await planGuards(p, ctx);
    if (guarded) return guarded;
    const line = shellJoin(words);
    const stdin = p.stdin === undefined ? undefined : p.stdin + (p.stdin_add_newline === false ? '' : '\n');
    const apply = () =>
      runCommand(line, ctx, { chdir: p.chdir, stdin, stripEmptyEnds: p.strip_empty_ends, display: words });
    if (ctx.checkMode)
      return commandCheckPlan(
        'a command does not run in check mode; use creates/removes, or check_mode: false for a read-only command',
        apply,
        p,
      );
    return changePlan('runs the command', apply);
  },
});
