import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, type ModuleResult, okPlan } from '../module.js';
import { catProbe, fileDiff, probe, probeError, putOnHost, runSteps } from './remote.js';

const schema = z.strictObject({
  name: z
    .string()
    .max(253)
    .regex(
      /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/,
      'expected a host name (letters, digits, -, dots)',
    ),
  use: z.enum(['systemd', 'debian', 'generic']).optional(),
});
type Params = z.infer<typeof schema>;

/** The facts Ansible updates after setting the name. */
export function hostnameFacts(name: string): Record<string, string> {
  const dot = name.indexOf('.');
  return {
    ansible_hostname: dot < 0 ? name : name.slice(0, dot),
    ansible_nodename: name,
    ansible_fqdn: name,
    ansible_domain: dot < 0 ? '' : name.slice(dot + 1),
  };
}

/** The command that sets the running name: hostnamectl where it works (systemd with a bus), else hostname(1). */
function setCommand(p: Params): string {
  const q = shellQuote(p.name);
  if (p.use === 'systemd') return `hostnamectl set-hostname ${q}`;
  if (p.use !== undefined) return `hostname ${q}`;
  return `if command -v hostnamectl >/dev/null 2>&1 && hostnamectl set-hostname ${q} 2>/dev/null; then :; else hostname ${q}; fi`;
}

export const hostnameModule = defineModule<Params>({
  name: 'hostname',
  schema,
  async plan(p, ctx) {
    const [file, live] = await probe(ctx, [catProbe('/etc/hostname'), 'hostname']);
    if (!file || (file.rc !== 0 && file.rc !== 3))
      throw probeError(ctx, 'cat /etc/hostname', file?.err ?? '');
    if (live?.rc !== 0) throw probeError(ctx, 'hostname', live?.err ?? '');
    const before = file.rc === 0 ? file.out : '';
    const after = `${p.name}\n`;
    const fileChanges = before.trim() !== p.name;
    const liveChanges = live.out.trim() !== p.name;
    const base: ModuleResult = { name: p.name, ansible_facts: hostnameFacts(p.name) };
    if (!fileChanges && !liveChanges) return okPlan(base, `host name is ${p.name}`);
    return changePlan(
      `set host name ${live.out.trim()} → ${p.name}`,
      async () => {
        if (fileChanges && p.use !== 'systemd')
          await putOnHost(ctx, '/etc/hostname', after, { mode: '0644' });
        const failed = await runSteps(ctx, [setCommand(p)]);
        return failed ? { ...base, ...failed } : { ...base, changed: true };
      },
      {
        paths: ['/etc/hostname'],
        diff: ctx.diffMode ? [fileDiff('/etc/hostname', before, after)] : undefined,
        result: base,
      },
    );
  },
});
