import { describe, expect, it } from 'vitest';
import type { ModuleDefinition } from '../../../src/modules/module.js';
import { ModuleRegistry } from '../../../src/modules/registry.js';
import { systemModules } from '../../../src/modules/system/index.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';
import type { BecomeOptions, Transport } from '../../../src/transport/transport.js';
import { moduleContext } from '../../support/module-harness.js';

/**
 * Properties every system module keeps: it answers to its Ansible names, passes the task's become to every
 * transport call, and in check mode its plan runs nothing that changes the host.
 */

const MUTATING =
  /^(apt-get (-\S+ )*(install|remove|update|autoremove)|dpkg --set-selections|systemctl (--\S+ )*(start|stop|restart|reload|enable|disable|mask|unmask|daemon-reload)|sysctl (-e )?-[pw]|printf .*> *\/proc|modprobe |rmmod|mount |umount|useradd|usermod|userdel|groupadd|groupmod|groupdel|hostnamectl set|hostname \S|rm |mkdir|rmdir|mv |cp |curl (?!.*-K -))/;

/** The simple commands inside a shell text, each with leading `if`, `!` and `env VAR=...` stripped. */
function commandHeads(script: string): string[] {
  return script
    .split(/[;&|\n]|\bthen\b|\belse\b|\bdo\b/)
    .map((c) =>
      c
        .trim()
        .replace(/^(if |while |! |env (\w+=\S* )+)+/, '')
        .trim(),
    )
    .filter(Boolean);
}
const mutates = (script: string) => commandHeads(script).some((c) => MUTATING.test(c));

// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type
type AnyModule = ModuleDefinition<any>;
const byName = (name: string): AnyModule => {
  const mod = systemModules.find((m) => m.name === name);
  if (!mod) throw new Error(`no module ${name}`);
  return mod;
};

/** One changing case per module, with probe answers for a host that needs the change. */
const CASES: [string, Record<string, unknown>, ScriptedRule[]][] = [
  [
    'apt',
    { name: 'kubelet', update_cache: true },
    [
      { match: 'date +%s', stdout: '1763962000\n1763900000\n' },
      { match: 'dpkg-query', rc: 1 },
      {
        match: 'apt-cache policy',
        stdout:
          'kubelet:\n  Installed: (none)\n  Candidate: 1.31.3-1.1\n  Version table:\n     1.31.3-1.1 500\n',
      },
      { match: 'apt-get' },
    ],
  ],
  [
    'apt_repository',
    { repo: 'deb https://pkgs.k8s.io/core:/stable:/v1.31/deb/ /' },
    [{ match: 'for f in', stdout: '' }, { match: 'apt-get' }],
  ],
  [
    'deb822_repository',
    { name: 'k8s', uris: 'https://pkgs.k8s.io/core:/stable:/v1.31/deb/', suites: '/' },
    [{ match: 'cat --', rc: 3 }],
  ],
  [
    'dpkg_selections',
    { name: 'kubelet', selection: 'hold' },
    [{ match: 'get-selections', stdout: 'kubelet\tinstall\n' }, { match: 'set-selections' }],
  ],
  [
    'systemd',
    { name: 'kubelet', state: 'started', enabled: true, daemon_reload: true },
    [
      {
        match: 'systemctl show',
        stdout: 'LoadState=loaded\nActiveState=inactive\nSubState=dead\nUnitFileState=disabled\n',
      },
      { match: /^systemctl / },
    ],
  ],
  [
    'service',
    { name: 'containerd', state: 'restarted' },
    [
      {
        match: 'init=systemd',
        stdout:
          'init=systemd\nLoadState=loaded\nActiveState=active\nSubState=running\nUnitFileState=enabled\n',
      },
      { match: /^systemctl / },
    ],
  ],
  [
    'sysctl',
    { name: 'net.ipv4.ip_forward', value: 1, sysctl_set: true },
    [{ match: 'if [ -e', rc: 3 }, { match: 'cat -- /proc', stdout: '0\n' }, { match: 'command -v sysctl' }],
  ],
  [
    'modprobe',
    { name: 'ip_vs', persistent: 'present' },
    [
      { match: '/proc/modules', stdout: 'modprobe=yes\n' },
      { match: 'if [ -e', rc: 3 },
      { match: /^modprobe / },
    ],
  ],
  [
    'mount',
    { path: '/data', src: '/dev/sdb1', fstype: 'xfs', state: 'mounted' },
    [
      { match: 'if [ -e', stdout: '' },
      { match: 'cat /proc/mounts', stdout: '' },
      { match: 'echo dir', stdout: '' },
      { match: /^(mkdir|mount) / },
    ],
  ],
  [
    'user',
    { name: 'ops', groups: ['sudo'] },
    [
      { match: 'getent passwd', rc: 2 },
      { match: 'id -Gn', rc: 1 },
      { match: 'getent shadow', rc: 2 },
      { match: 'getent group', stdout: 'sudo:x:27:\n' },
      { match: 'useradd' },
    ],
  ],
  ['group', { name: 'kube' }, [{ match: 'getent group', rc: 2 }, { match: 'groupadd' }]],
  [
    'hostname',
    { name: 'cp1' },
    [
      { match: 'if [ -e', stdout: 'old\n' },
      { match: /^hostname$/, stdout: 'old\n' },
      { match: 'hostnamectl' },
    ],
  ],
  [
    'wait_for',
    { path: '/etc/kubernetes/admin.conf', timeout: 3 },
    [
      { match: 'if [ -e', stdout: 'missing\n', times: 1 },
      { match: 'if [ -e', stdout: 'exists\n' },
    ],
  ],
  [
    'uri',
    { url: 'http://10.0.0.5/api', method: 'PUT', body: 'x' },
    [{ match: 'curl', stdout: '200\n--PRV-HEADERS--\n\n--PRV-BODY--\n' }],
  ],
];

/** The harness context with a transport that records the become each call was given. */
function spiedContext(rules: ScriptedRule[], checkMode: boolean) {
  const { ctx, transport } = moduleContext({ rules, checkMode });
  const become: BecomeOptions = { user: 'root', method: 'sudo' };
  const calls: { kind: string; what: string; become?: BecomeOptions }[] = [];
  const record = (kind: string, what: string, o: { become?: BecomeOptions }) => {
    calls.push({ kind, what, become: o.become });
  };
  const spy: Transport = {
    host: transport.host,
    kind: transport.kind,
    run: (cmd, o = {}) => {
      record('run', cmd, o);
      return transport.run(cmd, o);
    },
    runBatch: (cmds, o = {}) => {
      for (const c of cmds) record('probe', c, o);
      return transport.runBatch(cmds);
    },
    put: (path, content, o = {}) => {
      record('put', path, o);
      return transport.put(path, content, o);
    },
    get: (path, o = {}) => {
      record('get', path, o);
      return transport.get(path);
    },
    counters: () => transport.counters(),
    close: () => transport.close(),
  };
  return { ctx: { ...ctx, transport: spy, become }, calls, become };
}

describe('system modules: contract', () => {
  it('register under their names, aliases and collection names', () => {
    const registry = new ModuleRegistry(systemModules);
    for (const name of [
      'apt',
      'apt_repository',
      'deb822_repository',
      'dpkg_selections',
      'systemd',
      'systemd_service',
      'service',
      'sysctl',
      'modprobe',
      'mount',
      'user',
      'group',
      'hostname',
      'wait_for',
      'uri',
    ])
      expect(registry.has(name), name).toBe(true);
    for (const fq of [
      'ansible.builtin.apt',
      'ansible.builtin.systemd_service',
      'ansible.posix.sysctl',
      'ansible.posix.mount',
      'community.general.modprobe',
    ])
      expect(registry.has(fq), fq).toBe(true);
  });

  it('the mutation detector sees through shell wrapping', () => {
    expect(mutates('env DEBIAN_FRONTEND=noninteractive apt-get -q -y install kubelet')).toBe(true);
    expect(mutates('if command -v sysctl >/dev/null 2>&1; then sysctl -p /etc/sysctl.conf; fi')).toBe(true);
    expect(mutates('command -v modprobe >/dev/null 2>&1 && echo modprobe=yes')).toBe(false);
    expect(mutates('if [ -e /etc/hostname ]; then cat -- /etc/hostname; else exit 3; fi')).toBe(false);
  });

  it('every module has a case here', () => {
    expect(new Set(CASES.map(([n]) => n))).toEqual(new Set(systemModules.map((m) => m.name)));
  });

  for (const [name, params, rules] of CASES) {
    it(`${name}: check mode plans without changing anything, with become on every call`, async () => {
      const mod = byName(name);
      const { ctx, calls, become } = spiedContext(rules, true);
      const plan = await mod.plan(mod.schema.parse(params), ctx);
      expect(plan.outcome).not.toBe('ok');
      expect(calls.filter((c) => c.kind === 'put')).toEqual([]);
      expect(calls.filter((c) => mutates(c.what)).map((c) => c.what)).toEqual([]);
      for (const c of calls) expect(c.become, c.what).toEqual(become);
    });

    it(`${name}: apply passes become to every call too`, async () => {
      const mod = byName(name);
      const { ctx, calls, become } = spiedContext(rules, false);
      const plan = await mod.plan(mod.schema.parse(params), ctx);
      const result = plan.apply ? await plan.apply() : plan.result;
      expect(result.failed, String(result.msg)).toBeFalsy();
      expect(calls.length).toBeGreaterThan(0);
      // The detector used for check mode recognises each module's real changes (wait_for only reads).
      if (name !== 'wait_for') expect(calls.some((c) => c.kind === 'put' || mutates(c.what))).toBe(true);
      for (const c of calls) expect(c.become, c.what).toEqual(become);
    });
  }
});
