import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import {
  changePlan,
  defineModule,
  type ModuleContext,
  type ModuleResult,
  okPlan,
  type Plan,
} from '../module.js';
import { boolParam } from '../params.js';
import { commandFailed, moduleError, probeError, probeOne, runOnHost } from './remote.js';
import { planSystemd } from './systemd.js';
import { parseSystemctlShow, systemctlShowCommand, UNIT_NAME } from './systemd-unit.js';

/**
 * The generic service module: systemctl when systemd is the init system (the usual case), else the SysV script in
 * /etc/init.d with update-rc.d for boot links.
 */
const schema = z.strictObject({
  name: z.string().regex(UNIT_NAME, 'expected a service name (letters, digits, @ _ . : -)'),
  state: z.enum(['started', 'stopped', 'restarted', 'reloaded']).optional(),
  enabled: boolParam.optional(),
  use: z.enum(['auto', 'systemd', 'sysvinit', 'service']).default('auto'),
});
type Params = z.infer<typeof schema>;

/** One probe: which init system runs, and the service's state under it. */
function serviceProbe(name: string): string {
  const q = shellQuote(name);
  return [
    `if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then echo init=systemd; ${systemctlShowCommand(name, '')};`,
    `elif [ -x /etc/init.d/${q} ]; then echo init=sysv; /etc/init.d/${q} status >/dev/null 2>&1; echo "running=$?";`,
    `  ls /etc/rc2.d /etc/rc3.d /etc/rc5.d 2>/dev/null | grep -c "^S[0-9][0-9]${q}\\$" | sed 's/^/bootlinks=/';`,
    'else echo init=none; fi',
  ].join('\n');
}

export interface SysvState {
  running: boolean;
  enabled: boolean;
}

/** Pure: the SysV steps for a wish (Ansible's order: boot links, then the state). */
export function decideSysv(s: SysvState, p: Pick<Params, 'state' | 'enabled'>): string[] {
  const steps: string[] = [];
  if (p.enabled !== undefined && p.enabled !== s.enabled) steps.push(p.enabled ? 'enable' : 'disable');
  if (p.state === 'stopped' && s.running) steps.push('stop');
  else if (p.state !== undefined && p.state !== 'stopped') {
    if (!s.running) steps.push('start');
    else if (p.state === 'restarted') steps.push('restart');
    else if (p.state === 'reloaded') steps.push('reload');
  }
  return steps;
}

function sysvCommand(name: string, step: string): string {
  const q = shellQuote(name);
  return step === 'enable' || step === 'disable'
    ? `update-rc.d ${q} defaults && update-rc.d ${q} ${step}`
    : `/etc/init.d/${q} ${step}`;
}

async function planSysv(ctx: ModuleContext, p: Params, s: SysvState): Promise<Plan> {
  const steps = decideSysv(s, p);
  const result: ModuleResult = { name: p.name };
  if (p.state !== undefined) result.state = p.state === 'stopped' ? 'stopped' : 'started';
  if (p.enabled !== undefined) result.enabled = p.enabled;
  if (steps.length === 0) return okPlan(result, `${p.name} is as wanted`);
  return changePlan(
    steps.map((s) => `${s} ${p.name}`).join(', '),
    async () => {
      for (const step of steps) {
        const cmd = sysvCommand(p.name, step);
        const res = await runOnHost(ctx, cmd);
        if (res.rc !== 0) return { ...result, ...commandFailed(cmd, res) };
      }
      return { ...result, changed: true };
    },
    { result },
  );
}

export const serviceModule = defineModule<Params>({
  name: 'service',
  schema,
  async plan(p, ctx) {
    const cmd = serviceProbe(p.name);
    const res = await probeOne(ctx, cmd);
    const out = res.out;
    const init = /^init=(\w+)/m.exec(out)?.[1];
    if (!init) throw probeError(ctx, cmd, res.err.trim() || 'no init system reported');
    const useSystemd = p.use === 'systemd' || (p.use === 'auto' && init === 'systemd');
    if (useSystemd) {
      const status = init === 'systemd' ? parseSystemctlShow(out) : undefined;
      return planSystemd(
        ctx,
        {
          name: p.name,
          state: p.state,
          enabled: p.enabled,
          daemonReload: false,
          daemonReexec: false,
          scopeFlag: '',
          noBlock: false,
          force: false,
        },
        status,
      );
    }
    if (init !== 'sysv') throw moduleError(ctx, 'PRV454', `could not find the requested service ${p.name}`);
    const running = /^running=0$/m.test(out);
    const enabled = Number(/^bootlinks=(\d+)/m.exec(out)?.[1] ?? '0') > 0;
    return planSysv(ctx, p, { running, enabled });
  },
});
