import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, type ModuleResult, okPlan, type Plan, unknownPlan } from '../module.js';
import { boolParam, intParam, pathParam, stringListParam } from '../params.js';
import {
  ACCOUNT_NAME,
  findGroup,
  type GroupEntry,
  type PasswdEntry,
  parseGroups,
  parsePasswd,
  parseShadowHash,
} from './accounts.js';
import { moduleError, pendingAmong, probe, probeError, runSteps } from './remote.js';

const schema = z
  .strictObject({
    name: z.string().regex(ACCOUNT_NAME, 'expected a user name'),
    uid: intParam.pipe(z.number().min(0)).optional(),
    group: z.union([z.string(), z.number()]).transform(String).optional(),
    groups: stringListParam.optional(),
    append: boolParam.default(false),
    shell: pathParam.optional(),
    home: pathParam.optional(),
    comment: z.string().optional(),
    create_home: boolParam.optional(),
    createhome: boolParam.optional(),
    system: boolParam.default(false),
    password: z.string().optional(),
    update_password: z.enum(['always', 'on_create']).default('always'),
    state: z.enum(['present', 'absent']).default('present'),
    remove: boolParam.default(false),
  })
  .superRefine((p, ctx) => {
    if (p.password !== undefined && p.password !== '' && !/^(\$[0-9a-z]+\$|!|\*)/.test(p.password))
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'password must be a crypt hash (e.g. from the password_hash filter), not clear text',
      });
    if (p.comment?.includes(':'))
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'comment cannot contain ":"' });
  });
type Params = z.infer<typeof schema>;

export interface UserState {
  passwd?: PasswdEntry;
  /** Group names the user is in, primary included (id -Gn). */
  memberOf: string[];
  hash?: string;
  groups: GroupEntry[];
}

/** Pure: useradd/usermod/userdel for the wish, or the names of groups that do not exist. */
export function userCommands(p: Params, s: UserState): { cmds: string[]; missingGroups: string[] } {
  const name = shellQuote(p.name);
  if (p.state === 'absent')
    return { cmds: s.passwd ? [`userdel ${p.remove ? '-r ' : ''}${name}`] : [], missingGroups: [] };
  const refs = [...(p.group !== undefined ? [p.group] : []), ...(p.groups ?? [])];
  const missingGroups = refs.filter((g) => !findGroup(s.groups, g));
  if (missingGroups.length > 0) return { cmds: [], missingGroups };
  const primary = p.group !== undefined ? findGroup(s.groups, p.group) : undefined;
  const groupNames = (p.groups ?? []).map((g) => findGroup(s.groups, g)?.name ?? g);
  const opts: string[] = [];
  if (!s.passwd) {
    if (p.uid !== undefined) opts.push(`-u ${p.uid}`);
    if (primary) opts.push(`-g ${shellQuote(primary.name)}`);
    if (groupNames.length > 0) opts.push(`-G ${shellQuote(groupNames.join(','))}`);
    if (p.shell) opts.push(`-s ${shellQuote(p.shell)}`);
    if (p.home) opts.push(`-d ${shellQuote(p.home)}`);
    if (p.comment !== undefined) opts.push(`-c ${shellQuote(p.comment)}`);
    if (p.system) opts.push('-r');
    opts.push((p.create_home ?? p.createhome ?? true) ? '-m' : '-M');
    if (p.password !== undefined) opts.push(`-p ${shellQuote(p.password)}`);
    return { cmds: [`useradd ${opts.join(' ')} ${name}`], missingGroups };
  }
  const cur = s.passwd;
  if (p.uid !== undefined && p.uid !== cur.uid) opts.push(`-u ${p.uid}`);
  if (primary && primary.gid !== cur.gid) opts.push(`-g ${shellQuote(primary.name)}`);
  if (p.groups !== undefined) {
    const primaryName = s.groups.find((g) => g.gid === (primary?.gid ?? cur.gid))?.name;
    const current = new Set(s.memberOf.filter((g) => g !== primaryName));
    const wanted = new Set(groupNames.filter((g) => g !== primaryName));
    if (p.append) {
      const missing = [...wanted].filter((g) => !current.has(g));
      if (missing.length > 0) opts.push(`-a -G ${shellQuote(missing.join(','))}`);
    } else if (current.size !== wanted.size || [...wanted].some((g) => !current.has(g))) {
      opts.push(`-G ${shellQuote([...wanted].join(','))}`);
    }
  }
  if (p.shell !== undefined && p.shell !== cur.shell) opts.push(`-s ${shellQuote(p.shell)}`);
  if (p.home !== undefined && p.home !== cur.home) opts.push(`-d ${shellQuote(p.home)}`);
  if (p.comment !== undefined && p.comment !== cur.comment) opts.push(`-c ${shellQuote(p.comment)}`);
  if (p.password !== undefined && p.update_password === 'always' && p.password !== s.hash)
    opts.push(`-p ${shellQuote(p.password)}`);
  return { cmds: opts.length > 0 ? [`usermod ${opts.join(' ')} ${name}`] : [], missingGroups };
}

export const userModule = defineModule<Params>({
  name: 'user',
  schema,
  async plan(p, ctx): Promise<Plan> {
    const q = shellQuote(p.name);
    const cmds = [`getent passwd ${q}`, `id -Gn ${q}`, `getent shadow ${q}`, 'getent group'];
    const [pw, ids, shadow, groups] = await probe(ctx, cmds);
    if (!pw || (pw.rc !== 0 && pw.rc !== 2)) throw probeError(ctx, cmds[0] ?? '', pw?.err ?? '');
    if (groups?.rc !== 0) throw probeError(ctx, 'getent group', groups?.err ?? '');
    const passwd = pw.rc === 0 ? parsePasswd(pw.out) : undefined;
    if (p.password !== undefined && passwd && shadow?.rc !== 0 && p.update_password === 'always')
      throw moduleError(
        ctx,
        'PRV457',
        `cannot read the password hash of ${p.name}; run the task with become: true`,
      );
    const state: UserState = {
      passwd,
      memberOf: ids?.rc === 0 ? ids.out.trim().split(/\s+/).filter(Boolean) : [],
      hash: shadow?.rc === 0 ? parseShadowHash(shadow.out) : undefined,
      groups: parseGroups(groups.out),
    };
    const { cmds: todo, missingGroups } = userCommands(p, state);
    const secretValues = p.password ? [p.password] : undefined;
    if (missingGroups.length > 0) {
      const pending = pendingAmong(ctx, ['/etc/group']);
      if (pending)
        return {
          ...unknownPlan(`groups ${missingGroups.join(', ')} would be created by task "${pending.task}"`),
          secretValues,
        };
      throw moduleError(ctx, 'PRV457', `group ${missingGroups.join(', ')} does not exist on the host`);
    }
    const base: ModuleResult = {
      name: p.name,
      state: p.state,
      uid: p.uid ?? passwd?.uid,
      group: passwd?.gid,
      shell: p.shell ?? passwd?.shell,
      home: p.home ?? passwd?.home,
      system: p.system,
      ...(p.password !== undefined ? { password: 'NOT_LOGGING_PASSWORD' } : {}),
    };
    if (todo.length === 0) return { ...okPlan(base, `user ${p.name} is ${p.state}`), secretValues };
    const verb = todo[0]?.split(' ')[0] ?? '';
    return changePlan(
      `${verb} ${p.name}`,
      async () => {
        const failed = await runSteps(ctx, todo);
        return failed ? { ...base, ...failed } : { ...base, changed: true };
      },
      { paths: ['/etc/passwd', '/etc/shadow', '/etc/group'], result: base, secretValues },
    );
  },
});
