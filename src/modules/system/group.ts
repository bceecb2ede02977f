import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, type ModuleResult, okPlan } from '../module.js';
import { boolParam, intParam } from '../params.js';
import { ACCOUNT_NAME, parseGroups } from './accounts.js';
import { probeError, probeOne, runSteps } from './remote.js';

const schema = z.strictObject({
  name: z.string().regex(ACCOUNT_NAME, 'expected a group name'),
  gid: intParam.pipe(z.number().min(0)).optional(),
  system: boolParam.default(false),
  state: z.enum(['present', 'absent']).default('present'),
});
type Params = z.infer<typeof schema>;

/** Pure: the commands for the wish given the current entry (undefined: no such group). */
export function groupCommands(p: Params, current: { gid: number } | undefined): string[] {
  const name = shellQuote(p.name);
  if (p.state === 'absent') return current ? [`groupdel ${name}`] : [];
  if (!current)
    return [
      ['groupadd', ...(p.gid !== undefined ? [`-g ${p.gid}`] : []), ...(p.system ? ['-r'] : []), name].join(
        ' ',
      ),
    ];
  if (p.gid !== undefined && p.gid !== current.gid) return [`groupmod -g ${p.gid} ${name}`];
  return [];
}

export const groupModule = defineModule<Params>({
  name: 'group',
  schema,
  async plan(p, ctx) {
    const cmd = `getent group ${shellQuote(p.name)}`;
    const res = await probeOne(ctx, cmd);
    if (res.rc !== 0 && res.rc !== 2) throw probeError(ctx, cmd, res.err.trim() || `exit ${res.rc}`);
    const current = parseGroups(res.out).find((g) => g.name === p.name);
    const cmds = groupCommands(p, current);
    const base: ModuleResult = { name: p.name, state: p.state, system: p.system, gid: p.gid ?? current?.gid };
    if (cmds.length === 0) return okPlan(base, `group ${p.name} is ${p.state}`);
    return changePlan(
      cmds.join('; '),
      async () => {
        const failed = await runSteps(ctx, cmds);
        if (failed) return { ...base, ...failed };
        return { ...base, changed: true };
      },
      { paths: ['/etc/group', '/etc/gshadow'], result: base },
    );
  },
});
