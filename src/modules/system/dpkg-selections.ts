import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, okPlan } from '../module.js';
import { commandFailed, fileDiff, probeError, probeOne, runOnHost } from './remote.js';

/** dpkg selections: how `apt-mark hold` is written in a playbook. */
const schema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9+.:-]*$/, 'expected a Debian package name'),
  selection: z.enum(['install', 'hold', 'deinstall', 'purge']),
});
type Params = z.infer<typeof schema>;

/** Reads `dpkg --get-selections NAME` (`name<TABs>selection`); a package dpkg does not know is 'not present'. */
export function parseSelection(text: string, name: string): string {
  for (const line of text.split('\n')) {
    const [pkg, sel] = line.trim().split(/\s+/);
    if (sel && (pkg === name || pkg?.startsWith(`${name}:`))) return sel;
  }
  return 'not present';
}

export const dpkgSelectionsModule = defineModule<Params>({
  name: 'dpkg_selections',
  schema,
  async plan(p, ctx) {
    const cmd = `dpkg --get-selections -- ${shellQuote(p.name)}`;
    const res = await probeOne(ctx, cmd);
    if (res.rc !== 0 && !/no packages found/.test(res.err)) throw probeError(ctx, cmd, res.err.trim());
    const current = parseSelection(res.out, p.name);
    const base = { before: current, after: p.selection };
    if (current === p.selection) return okPlan(base, `${p.name} is already ${current}`);
    return changePlan(
      `${p.name}: ${current} → ${p.selection}`,
      async () => {
        const set = 'dpkg --set-selections';
        const r = await runOnHost(ctx, set, { stdin: `${p.name} ${p.selection}\n` });
        return r.rc === 0 ? { ...base, changed: true } : commandFailed(set, r);
      },
      {
        paths: ['/var/lib/dpkg/status'],
        diff: ctx.diffMode
          ? [{ ...fileDiff(`dpkg selection of ${p.name}`, `${current}\n`, `${p.selection}\n`) }]
          : undefined,
        result: base,
      },
    );
  },
});
