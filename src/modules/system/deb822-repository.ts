import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, okPlan } from '../module.js';
import { boolParam, modeParam, stringListParam } from '../params.js';
import { catProbe, commandFailed, fileDiff, probeError, probeOne, putOnHost, runOnHost } from './remote.js';

const schema = z
  .strictObject({
    name: z.string().min(1),
    types: stringListParam.pipe(z.array(z.enum(['deb', 'deb-src']))).default(['deb']),
    uris: stringListParam.optional(),
    suites: stringListParam.optional(),
    components: stringListParam.optional(),
    signed_by: z.string().min(1).optional(),
    architectures: stringListParam.optional(),
    trusted: boolParam.optional(),
    enabled: boolParam.optional(),
    state: z.enum(['present', 'absent']).default('present'),
    mode: modeParam.default('0644'),
  })
  .superRefine((p, ctx) => {
    if (p.state !== 'present') return;
    if (!p.uris?.length)
      ctx.addIssue({ code: 'custom', path: ['uris'], message: 'uris is required with state: present' });
    if (!p.suites?.length)
      ctx.addIssue({ code: 'custom', path: ['suites'], message: 'suites is required with state: present' });
    const flat = p.suites?.some((s) => s.endsWith('/'));
    if (flat && p.components?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: 'a suite ending in / is a flat repository: leave components out',
      });
    if (!flat && p.suites?.length && !p.components?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: 'components is required unless the suite ends in /',
      });
    if (p.signed_by && /^[a-z]+:\/\//i.test(p.signed_by))
      ctx.addIssue({
        code: 'custom',
        path: ['signed_by'],
        message: 'signed_by takes a keyring path or the key text; download a key URL with get_url first',
      });
  });
type Params = z.infer<typeof schema>;

/** The file this repository lives in: its name, lower-cased, with anything unusual turned into `-`. */
export function deb822Path(name: string): string {
  return `/etc/apt/sources.list.d/${name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}.sources`;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** A multi-line deb822 field: continuation lines start with a space, empty lines become ` .`. */
function multiline(value: string): string {
  const lines = value.trim().split('\n');
  if (lines.length === 1) return ` ${lines[0]}`;
  return `\n${lines.map((l) => (l.trim() === '' ? ' .' : ` ${l.trimEnd()}`)).join('\n')}`;
}

/** Pure: the stanza for the parameters, fields in a stable order. */
export function renderDeb822(p: Params): string {
  const fields: [string, string | undefined][] = [
    ['X-Repolib-Name', p.name],
    ['Types', p.types.join(' ')],
    ['URIs', p.uris?.join(' ')],
    ['Suites', p.suites?.join(' ')],
    ['Components', p.components?.length ? p.components.join(' ') : undefined],
    ['Architectures', p.architectures?.length ? p.architectures.join(' ') : undefined],
    ['Enabled', p.enabled === undefined ? undefined : yesNo(p.enabled)],
    ['Trusted', p.trusted === undefined ? undefined : yesNo(p.trusted)],
  ];
  const out = fields.filter((f): f is [string, string] => f[1] !== undefined).map(([k, v]) => `${k}: ${v}`);
  if (p.signed_by) out.push(`Signed-By:${multiline(p.signed_by)}`);
  return `${out.join('\n')}\n`;
}

export const deb822RepositoryModule = defineModule<Params>({
  name: 'deb822_repository',
  schema,
  async plan(p, ctx) {
    const dest = deb822Path(p.name);
    const res = await probeOne(ctx, catProbe(dest));
    if (res.rc !== 0 && res.rc !== 3) throw probeError(ctx, catProbe(dest), res.err.trim());
    const before = res.rc === 0 ? res.out : undefined;
    const base = {
      dest,
      repo: p.state === 'present' ? renderDeb822(p) : undefined,
      state: p.state,
      key_filename: null,
    };
    if (p.state === 'absent') {
      if (before === undefined) return okPlan(base, `${dest} does not exist`);
      return changePlan(
        `remove ${dest}`,
        async () => {
          const cmd = `rm -f -- ${shellQuote(dest)}`;
          const rm = await runOnHost(ctx, cmd);
          return rm.rc === 0 ? { ...base, changed: true } : commandFailed(cmd, rm);
        },
        { paths: [dest], diff: ctx.diffMode ? [fileDiff(dest, before, '')] : undefined, result: base },
      );
    }
    const after = renderDeb822(p);
    if (before === after) return okPlan(base, `${dest} is up to date`);
    return changePlan(
      `${before === undefined ? 'create' : 'update'} ${dest}`,
      async () => {
        await putOnHost(ctx, dest, after, { mode: p.mode });
        return { ...base, changed: true };
      },
      { paths: [dest], diff: ctx.diffMode ? [fileDiff(dest, before ?? '', after)] : undefined, result: base },
    );
  },
});
