import { describe, expect, it } from 'vitest';
import { serviceModule } from '../../../src/modules/system/service.js';
import { systemdModule } from '../../../src/modules/system/systemd.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';
import { runModuleCase } from '../../support/module-harness.js';

/** `systemctl show NAME -p LoadState,ActiveState,SubState,UnitFileState` as systemd prints it. */
const show = (load: string, active: string, sub: string, file: string) =>
  `LoadState=${load}\nActiveState=${active}\nSubState=${sub}\nUnitFileState=${file}\n`;
const RUNNING_ENABLED = show('loaded', 'active', 'running', 'enabled');
const STOPPED_DISABLED = show('loaded', 'inactive', 'dead', 'disabled');
const NOT_FOUND = show('not-found', 'inactive', 'dead', '');
const MASKED = show('masked', 'inactive', 'dead', 'masked');
const STATIC_RUNNING = show('loaded', 'active', 'exited', 'static');

const showRule = (stdout: string, times?: number): ScriptedRule => ({
  match: /^systemctl (--user )?show /,
  stdout,
  times,
});
const ACT: ScriptedRule = {
  match:
    /^systemctl (--[\w-]+ )*(start|stop|restart|reload|enable|disable|mask|unmask|daemon-reload|daemon-reexec)/,
};

describe('systemd', () => {
  const cases: [string, Record<string, unknown>, string, 'ok' | 'change', string[]][] = [
    [
      'stopped+disabled → start and enable',
      { name: 'kubelet', state: 'started', enabled: true },
      STOPPED_DISABLED,
      'change',
      ['systemctl enable kubelet', 'systemctl start kubelet'],
    ],
    ['running+enabled → ok', { name: 'kubelet', state: 'started', enabled: true }, RUNNING_ENABLED, 'ok', []],
    [
      'running → stop with --no-block',
      { name: 'containerd', state: 'stopped', no_block: true },
      RUNNING_ENABLED,
      'change',
      ['systemctl --no-block stop containerd'],
    ],
    [
      'restarted always restarts a running unit',
      { name: 'containerd', state: 'restarted' },
      RUNNING_ENABLED,
      'change',
      ['systemctl restart containerd'],
    ],
    [
      'restarted starts a stopped unit',
      { name: 'containerd', state: 'restarted' },
      STOPPED_DISABLED,
      'change',
      ['systemctl start containerd'],
    ],
    [
      'reloaded reloads a running unit',
      { name: 'haproxy', state: 'reloaded' },
      RUNNING_ENABLED,
      'change',
      ['systemctl reload haproxy'],
    ],
    ['a static unit counts as enabled', { name: 'systemd-sysctl', enabled: true }, STATIC_RUNNING, 'ok', []],
    [
      'masked → unmask then start',
      { name: 'kubelet', masked: false, state: 'started' },
      MASKED,
      'change',
      ['systemctl unmask kubelet', 'systemctl start kubelet'],
    ],
    [
      'mask a missing unit is allowed',
      { name: 'apt-daily.timer', masked: true },
      NOT_FOUND,
      'change',
      ['systemctl mask apt-daily.timer'],
    ],
    [
      'user scope',
      { name: 'pipewire', scope: 'user', enabled: false },
      RUNNING_ENABLED,
      'change',
      ['systemctl --user disable pipewire'],
    ],
  ];
  for (const [label, params, status, outcome, applied] of cases) {
    it(label, async () => {
      const run = await runModuleCase(systemdModule, params, { rules: [showRule(status), ACT] });
      expect(run.plan.outcome).toBe(outcome);
      expect(run.applied).toEqual(applied);
      expect(run.result.changed).toBe(outcome === 'change');
      expect(run.result.status).toMatchObject({ LoadState: expect.any(String) });
      const check = await runModuleCase(systemdModule, params, {
        rules: [showRule(status), ACT],
        checkMode: true,
      });
      expect(check.applied).toEqual([]);
      expect(check.plan.outcome).toBe(outcome);
    });
  }

  it('reports state and enabled like Ansible', async () => {
    const { result } = await runModuleCase(
      systemdModule,
      { name: 'kubelet', state: 'started', enabled: 'yes' },
      { rules: [showRule(RUNNING_ENABLED)] },
    );
    expect(result).toEqual({
      changed: false,
      name: 'kubelet',
      state: 'started',
      enabled: true,
      status: { LoadState: 'loaded', ActiveState: 'active', SubState: 'running', UnitFileState: 'enabled' },
    });
  });

  it('daemon_reload reloads, reads the unit again, then acts', async () => {
    const { plan, applied } = await runModuleCase(
      systemdModule,
      { name: 'kubelet', daemon_reload: true, state: 'started' },
      {
        rules: [showRule(NOT_FOUND, 1), ACT, showRule(STOPPED_DISABLED)],
      },
    );
    expect(plan.outcome).toBe('change');
    expect(applied).toEqual([
      'systemctl daemon-reload',
      'systemctl show kubelet -p LoadState,ActiveState,SubState,UnitFileState --no-pager',
      'systemctl start kubelet',
    ]);
  });

  it('a missing unit fails with PRV454, but is unknown in check mode when an earlier task installs it', async () => {
    await expect(
      runModuleCase(systemdModule, { name: 'kubelet', state: 'started' }, { rules: [showRule(NOT_FOUND)] }),
    ).rejects.toMatchObject({ code: 'PRV454' });
    const { plan, applied } = await runModuleCase(
      systemdModule,
      { name: 'kubelet', state: 'started' },
      {
        rules: [showRule(NOT_FOUND)],
        checkMode: true,
        pending: { '/var/lib/dpkg/status': 'Install kubelet' },
      },
    );
    expect(plan.outcome).toBe('unknown');
    expect(plan.reason).toContain('Install kubelet');
    expect(applied).toEqual([]);
  });

  it('a failing systemctl start is a failed result with stderr', async () => {
    const { result } = await runModuleCase(
      systemdModule,
      { name: 'kubelet', state: 'started' },
      {
        rules: [
          showRule(STOPPED_DISABLED),
          {
            match: 'systemctl start',
            rc: 1,
            stderr: 'Job for kubelet.service failed because the control process exited with error code.\n',
          },
        ],
      },
    );
    expect(result).toMatchObject({ failed: true, rc: 1 });
    expect(String(result.msg)).toContain('Job for kubelet.service failed');
  });

  it('accepts the systemd_service alias', () => {
    expect(systemdModule.aliases).toContain('systemd_service');
  });

  it.each([
    [{ state: 'started' }],
    [{ name: 'kubelet', state: 'running' }],
    [{ name: 'kubelet' }],
    [{ name: 'kubelet; rm -rf /', state: 'started' }],
    [{ name: 'x', scope: 'global', state: 'started' }],
    [{ name: 'x', service: 'y', enabled: true }],
  ])('rejects %j', (p) => expect(systemdModule.schema.safeParse(p).success).toBe(false));
});

describe('service', () => {
  it('uses systemctl on a systemd host', async () => {
    const { plan, applied } = await runModuleCase(
      serviceModule,
      { name: 'containerd', state: 'started', enabled: true },
      {
        rules: [{ match: 'init=systemd', stdout: `init=systemd\n${STOPPED_DISABLED}` }, ACT],
      },
    );
    expect(plan.outcome).toBe('change');
    expect(applied).toEqual(['systemctl enable containerd', 'systemctl start containerd']);
  });

  it('uses the init script and update-rc.d elsewhere', async () => {
    const rules: ScriptedRule[] = [
      { match: 'init=systemd', stdout: 'init=sysv\nrunning=3\nbootlinks=0\n' },
      { match: 'update-rc.d' },
      { match: '/etc/init.d/haproxy start' },
    ];
    const { plan, applied } = await runModuleCase(
      serviceModule,
      { name: 'haproxy', state: 'started', enabled: true },
      { rules },
    );
    expect(plan.outcome).toBe('change');
    expect(applied).toEqual([
      'update-rc.d haproxy defaults && update-rc.d haproxy enable',
      '/etc/init.d/haproxy start',
    ]);
    const ok = await runModuleCase(
      serviceModule,
      { name: 'haproxy', state: 'started', enabled: true },
      {
        rules: [{ match: 'init=systemd', stdout: 'init=sysv\nrunning=0\nbootlinks=3\n' }],
      },
    );
    expect(ok.plan.outcome).toBe('ok');
  });

  it('a service with neither unit nor script → PRV454', async () => {
    await expect(
      runModuleCase(
        serviceModule,
        { name: 'nothing', state: 'started' },
        { rules: [{ match: 'init=systemd', stdout: 'init=none\n' }] },
      ),
    ).rejects.toMatchObject({ code: 'PRV454' });
  });
});
