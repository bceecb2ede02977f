import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import {
  changePlan,
  defineModule,
  type ModuleContext,
  type ModuleResult,
  okPlan,
  type Plan,
  unknownPlan,
} from '../module.js';
import { boolParam } from '../params.js';
import { commandFailed, moduleError, pendingAmong, probeError, probeOne, runOnHost } from './remote.js';
import {
  decideUnitActions,
  parseSystemctlShow,
  systemctlShowCommand,
  UNIT_NAME,
  type UnitStatus,
  type UnitWish,
  unitEnabled,
  unitFilePaths,
  unitFound,
  unitRunning,
} from './systemd-unit.js';

const schema = z
  .strictObject({
    name: z.string().regex(UNIT_NAME, 'expected a unit name').optional(),
    service: z.string().regex(UNIT_NAME, 'expected a unit name').optional(),
    unit: z.string().regex(UNIT_NAME, 'expected a unit name').optional(),
    state: z.enum(['started', 'stopped', 'restarted', 'reloaded']).optional(),
    enabled: boolParam.optional(),
    masked: boolParam.optional(),
    daemon_reload: boolParam.default(false),
    'daemon-reload': boolParam.optional(),
    daemon_reexec: boolParam.default(false),
    'daemon-reexec': boolParam.optional(),
    scope: z.enum(['system', 'user', 'global']).default('system'),
    no_block: boolParam.default(false),
    force: boolParam.default(false),
  })
  .superRefine((p, ctx) => {
    const names = [p.name, p.service, p.unit].filter((n) => n !== undefined);
    if (names.length > 1)
      ctx.addIssue({ code: 'custom', message: 'name, service and unit are the same parameter; give one' });
    const wants = p.state !== undefined || p.enabled !== undefined || p.masked !== undefined;
    if (wants && names.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'name is required with state, enabled or masked',
      });
    if (!wants && !p.daemon_reload && !p['daemon-reload'] && !p.daemon_reexec && !p['daemon-reexec'])
      ctx.addIssue({
        code: 'custom',
        message: 'give at least one of state, enabled, masked, daemon_reload, daemon_reexec',
      });
    if (p.scope === 'global' && p.state !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['state'],
        message: 'scope: global only supports enabled and masked',
      });
  });
type Params = z.infer<typeof schema>;

/** The pieces of a systemd task the service module shares. */
export interface SystemdTask extends UnitWish {
  name?: string;
  daemonReload: boolean;
  daemonReexec: boolean;
  scopeFlag: string;
  noBlock: boolean;
  force: boolean;
}

function toTask(p: Params): SystemdTask {
  return {
    name: p.name ?? p.service ?? p.unit,
    state: p.state,
    enabled: p.enabled,
    masked: p.masked,
    daemonReload: p.daemon_reload || !!p['daemon-reload'],
    daemonReexec: p.daemon_reexec || !!p['daemon-reexec'],
    scopeFlag: p.scope === 'system' ? '' : `--${p.scope} `,
    noBlock: p.no_block,
    force: p.force,
  };
}

function describe(t: SystemdTask, s: UnitStatus): ModuleResult {
  const r: ModuleResult = { name: t.name, status: { ...s } };
  if (t.state !== undefined) r.state = t.state === 'stopped' ? 'stopped' : 'started';
  if (t.enabled !== undefined) r.enabled = t.enabled;
  return r;
}

async function probeUnit(
  ctx: ModuleContext,
  t: SystemdTask,
  name: string,
  asProbe: boolean,
): Promise<UnitStatus> {
  const cmd = systemctlShowCommand(name, t.scopeFlag);
  const res = asProbe ? await probeOne(ctx, cmd) : await runOnHost(ctx, cmd);
  if (res.rc === 127)
    throw moduleError(ctx, 'PRV451', 'systemctl is not installed on the host; is systemd its init system?');
  if (res.rc !== 0) throw probeError(ctx, cmd, res.err.trim());
  return parseSystemctlShow(res.out);
}

/** Runs the actions; with daemon_reload the unit is read again after the reload, since that may change it. */
async function applyUnit(
  ctx: ModuleContext,
  t: SystemdTask,
  before: UnitStatus | undefined,
): Promise<ModuleResult> {
  const daemon = [...(t.daemonReexec ? ['daemon-reexec'] : []), ...(t.daemonReload ? ['daemon-reload'] : [])];
  for (const verb of daemon) {
    const cmd = `systemctl ${t.scopeFlag}${verb}`;
    const res = await runOnHost(ctx, cmd);
    if (res.rc !== 0) return commandFailed(cmd, res);
  }
  if (t.name === undefined) return { changed: false };
  let status = before;
  if (status === undefined || daemon.length > 0) status = await probeUnit(ctx, t, t.name, false);
  if (!unitFound(status) && t.masked === undefined)
    return {
      ...describe(t, status),
      failed: true,
      msg: `Could not find the requested service ${t.name}: host`,
    };
  const actions = decideUnitActions(status, t);
  for (const verb of actions) {
    const flags = `${t.noBlock && !['enable', 'disable', 'mask', 'unmask'].includes(verb) ? '--no-block ' : ''}${t.force && ['enable', 'disable', 'mask'].includes(verb) ? '--force ' : ''}`;
    const cmd = `systemctl ${t.scopeFlag}${flags}${verb} ${shellQuote(t.name)}`;
    const res = await runOnHost(ctx, cmd);
    if (res.rc !== 0) return { ...describe(t, status), ...commandFailed(cmd, res) };
  }
  return { ...describe(t, status), changed: actions.length > 0 };
}

/** Plans a systemd task (also used by `service` on systemd hosts). */
export async function planSystemd(ctx: ModuleContext, t: SystemdTask, probed?: UnitStatus): Promise<Plan> {
  if (t.name === undefined) {
    // A bare daemon-reload refreshes systemd's view without counting as a change (as Ansible reports it).
    return { ...okPlan({}, 'daemon reload only'), apply: () => applyUnit(ctx, t, undefined) };
  }
  const name = t.name;
  const status = probed ?? (await probeUnit(ctx, t, name, true));
  if (!unitFound(status) && t.masked === undefined) {
    const pending = pendingAmong(ctx, [...unitFilePaths(name), '/var/lib/dpkg/status']);
    if (pending)
      return unknownPlan(
        `unit ${name} depends on ${pending.path}, which task "${pending.task}" would change`,
      );
    if (t.daemonReload)
      return ctx.checkMode
        ? unknownPlan(`unit ${name} is not loaded; it may appear after daemon-reload`)
        : changePlan(`daemon-reload, then bring ${name} to the wanted state`, () =>
            applyUnit(ctx, t, undefined),
          );
    throw moduleError(ctx, 'PRV454', `could not find the requested service ${name}`);
  }
  const actions = decideUnitActions(status, t);
  const result = describe(t, status);
  if (actions.length === 0) {
    const ok = okPlan(
      result,
      `${name} is ${unitRunning(status) ? 'running' : 'stopped'}, ${unitEnabled(status) ? 'enabled' : 'not enabled'}`,
    );
    return t.daemonReload || t.daemonReexec ? { ...ok, apply: () => applyUnit(ctx, t, status) } : ok;
  }
  return changePlan(actions.map((a) => `${a} ${name}`).join(', '), () => applyUnit(ctx, t, status), {
    result,
  });
}

export const systemdModule = defineModule<Params>({
  name: 'systemd',
  aliases: ['systemd_service'],
  schema,
  plan: (p, ctx) => planSystemd(ctx, toTask(p)),
});
