import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule } from '../module.js';
import { commandCheckPlan, noCommand, planGuards, runCommand } from './run-command.js';
import { shlexSplit } from './shlex.js';

const schema = z.strictObject({
  _raw_params: z.string().optional(),
  cmd: z.string().optional(),
  chdir: z.string().optional(),
  creates: z.string().optional(),
  removes: z.string().optional(),
  executable: z.string().optional(),
});

/** Copies a local script to the host, runs it with its arguments, and removes it. */
export const scriptModule = defineModule({
  name: 'script',
  freeForm: true,
  schema,
  async plan(p, ctx) {
    const text = p._raw_params ?? p.cmd;
    if (!text) throw noCommand(ctx, 'script');
    const [script, ...args] = shlexSplit(text);
    if (!script) throw noCommand(ctx, 'script');
    const local = ctx.files.resolve(script, 'files');
    const guarded = await planGuards(p, ctx);
    if (guarded) return guarded;
    const apply = async () => {
      const content = await ctx.files.read(local);
      const dir = (await ctx.transport.run('mktemp -d', { become: ctx.become })).out.trim();
      const remote = `${dir}/${script.split('/').pop()}`;
      await ctx.transport.put(remote, content, { mode: '0700', become: ctx.become });
      const runner = p.executable ? `${shellQuote(p.executable)} ` : '';
      try {
        return await runCommand(`${runner}${shellQuote(remote)} ${args.map(shellQuote).join(' ')}`, ctx, {
          chdir: p.chdir,
          display: text,
        });
      } finally {
        await ctx.transport.run(`rm -rf ${shellQuote(dir)}`, { become: ctx.become });
      }
    };
    if (ctx.checkMode)
      return commandCheckPlan('scripts do not run in check mode; use creates/removes', apply, p);
    return changePlan('runs the script', apply);
  },
});
