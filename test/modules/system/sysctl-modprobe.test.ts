import { describe, expect, it } from 'vitest';
import {
  moduleEvidenceProbe,
  parseModuleEvidence,
} from '../../../src/modules/system/kernel-module-evidence.js';
import { modprobeModule } from '../../../src/modules/system/modprobe.js';
import { editSysctlFile, procPath, sysctlModule } from '../../../src/modules/system/sysctl.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';
import { runModuleCase } from '../../support/module-harness.js';

const FILE = '/etc/sysctl.d/k8s.conf';
const fileRule = (content: string | undefined): ScriptedRule =>
  content === undefined
    ? { match: `if [ -e ${FILE} ]`, rc: 3 }
    : { match: `if [ -e ${FILE} ]`, stdout: content };
const procRule = (path: string, value: string | undefined): ScriptedRule =>
  value === undefined
    ? { match: `cat -- ${path}`, rc: 1, stderr: `cat: ${path}: No such file or directory\n` }
    : { match: `cat -- ${path}`, stdout: `${value}\n` };
const SYSCTL_RUN: ScriptedRule = { match: 'if command -v sysctl', stdout: 'net.ipv4.ip_forward = 1\n' };

describe('sysctl', () => {
  it('maps keys to /proc/sys paths (a slash stands for a dot in a name)', () => {
    expect(procPath('net.ipv4.ip_forward')).toBe('/proc/sys/net/ipv4/ip_forward');
    expect(procPath('net.ipv4.conf.eth0/100.rp_filter')).toBe('/proc/sys/net/ipv4/conf/eth0.100/rp_filter');
  });

  it('edits the first entry in place and drops duplicates', () => {
    expect(
      editSysctlFile(
        '# k8s\nnet.ipv4.ip_forward = 0\nvm.x=1\nnet.ipv4.ip_forward=0\n',
        'net.ipv4.ip_forward',
        '1',
      ),
    ).toBe('# k8s\nnet.ipv4.ip_forward=1\nvm.x=1\n');
    expect(editSysctlFile('vm.x=1\n', 'vm.x', undefined)).toBe('');
  });

  const params = { name: 'net.ipv4.ip_forward', value: 1, sysctl_file: FILE };
  const cases: [
    string,
    Record<string, unknown>,
    string | undefined,
    string | undefined,
    'ok' | 'change',
    string | undefined,
    string[],
  ][] = [
    [
      'absent from the file → write and reload',
      params,
      undefined,
      '0',
      'change',
      'net.ipv4.ip_forward=1\n',
      [
        `if command -v sysctl >/dev/null 2>&1; then sysctl -p ${FILE}; else printf '%s\\n' 1 > /proc/sys/net/ipv4/ip_forward; fi`,
      ],
    ],
    [
      'present with equal value (other spacing) → ok',
      params,
      'net.ipv4.ip_forward = 1\n',
      '1',
      'ok',
      undefined,
      [],
    ],
    [
      'present with another value → rewrite and reload',
      params,
      'net.ipv4.ip_forward=0\n',
      '0',
      'change',
      'net.ipv4.ip_forward=1\n',
      [
        `if command -v sysctl >/dev/null 2>&1; then sysctl -p ${FILE}; else printf '%s\\n' 1 > /proc/sys/net/ipv4/ip_forward; fi`,
      ],
    ],
    [
      'reload: false only writes the file',
      { ...params, reload: false },
      undefined,
      '0',
      'change',
      'net.ipv4.ip_forward=1\n',
      [],
    ],
    [
      'sysctl_set fixes a live value even when the file is right',
      { ...params, sysctl_set: true },
      'net.ipv4.ip_forward=1\n',
      '0',
      'change',
      undefined,
      [
        "if command -v sysctl >/dev/null 2>&1; then sysctl -w net.ipv4.ip_forward=1; else printf '%s\\n' 1 > /proc/sys/net/ipv4/ip_forward; fi",
      ],
    ],
    [
      'whitespace in values is normalised',
      { name: 'net.ipv4.ip_local_port_range', value: '32768   60999', sysctl_file: FILE, sysctl_set: true },
      'net.ipv4.ip_local_port_range=32768 60999\n',
      '32768\t60999',
      'ok',
      undefined,
      [],
    ],
    [
      'state absent removes the line',
      { name: 'net.ipv4.ip_forward', state: 'absent', sysctl_file: FILE },
      'a.b=1\nnet.ipv4.ip_forward=1\n',
      '1',
      'change',
      'a.b=1\n',
      [`if command -v sysctl >/dev/null 2>&1; then sysctl -p ${FILE}; else :; fi`],
    ],
  ];
  for (const [label, p, file, live, outcome, written, applied] of cases) {
    it(label, async () => {
      const key = String(p.name);
      const rules = [fileRule(file), procRule(procPath(key), live), SYSCTL_RUN];
      const run = await runModuleCase(sysctlModule, p, { rules });
      expect(run.plan.outcome).toBe(outcome);
      expect(run.applied).toEqual(applied);
      expect(run.transport.puts.map((w) => w.content.toString())).toEqual(
        written === undefined ? [] : [written],
      );
      const check = await runModuleCase(sysctlModule, p, { rules, checkMode: true, diffMode: true });
      expect(check.applied).toEqual([]);
      expect(check.transport.puts).toEqual([]);
      if (written !== undefined)
        expect(check.plan.diff).toEqual([
          { before: file ?? '', after: written, beforeHeader: FILE, afterHeader: FILE },
        ]);
    });
  }

  it('a missing key fails with PRV456 unless ignoreerrors', async () => {
    const p = { name: 'net.bridge.bridge-nf-call-iptables', value: '1', sysctl_file: FILE };
    const rules = [
      fileRule(undefined),
      procRule('/proc/sys/net/bridge/bridge-nf-call-iptables', undefined),
      { match: 'if command -v sysctl' },
    ];
    await expect(runModuleCase(sysctlModule, p, { rules })).rejects.toMatchObject({ code: 'PRV456' });
    const ignored = await runModuleCase(sysctlModule, { ...p, ignoreerrors: true }, { rules });
    expect(ignored.applied[0]).toContain('sysctl -e -p');
  });

  it('check mode: a key that br_netfilter would provide is unknown, naming the modprobe task', async () => {
    const p = { name: 'net.bridge.bridge-nf-call-iptables', value: '1', sysctl_file: FILE };
    const rules = [fileRule(undefined), procRule('/proc/sys/net/bridge/bridge-nf-call-iptables', undefined)];
    const { plan } = await runModuleCase(sysctlModule, p, {
      rules,
      checkMode: true,
      pending: { '/proc/sys/net/bridge': 'Load br_netfilter' },
    });
    expect(plan.outcome).toBe('unknown');
    expect(plan.reason).toContain('Load br_netfilter');
  });

  it.each([
    [{ name: 'x.y' }],
    [{ value: 1 }],
    [{ name: 'a b', value: 1 }],
    [{ name: 'x.y', value: 1, reload: 'sometimes' }],
  ])('rejects %j', (p) => expect(sysctlModule.schema.safeParse(p).success).toBe(false));
});

describe('modprobe', () => {
  /** What the evidence probe prints on hosts of different kinds. */
  const HOSTS = {
    loadedModule: 'loaded=proc\nloaded=sys\nmodprobe=yes\n',
    builtinInNspawn: 'feature=yes\n', // no /sys/module, no modules.builtin, no modprobe: only the feature shows
    builtinVisible: 'loaded=sys\nbuiltin=yes\n',
    overlayFilesystem: 'feature=filesystem\nfeature=yes\n',
    absentWithModprobe: 'modprobe=yes\n',
    absentNoModprobe: '',
  };
  const evidence = (out: string): ScriptedRule => ({ match: '/proc/modules', stdout: out });
  const noFiles: ScriptedRule = { match: 'if [ -e /etc/mod', rc: 3 };

  it('the probe checks every kind of evidence, and br_netfilter by its /proc/sys/net/bridge', () => {
    const probe = moduleEvidenceProbe('br_netfilter');
    for (const part of [
      '/proc/modules',
      '/sys/module/br_netfilter',
      'modules.builtin',
      '/proc/filesystems',
      '[ -d /proc/sys/net/bridge ]',
      'command -v modprobe',
    ])
      expect(probe).toContain(part);
    expect(parseModuleEvidence(HOSTS.builtinInNspawn)).toMatchObject({
      present: true,
      loadable: false,
      modprobe: false,
    });
  });

  const cases: [string, Record<string, unknown>, string, 'ok' | 'change', string[]][] = [
    [
      'built in, seen only through its feature, no modprobe → ok',
      { name: 'br_netfilter' },
      HOSTS.builtinInNspawn,
      'ok',
      [],
    ],
    ['built in and listed → ok', { name: 'overlay' }, HOSTS.builtinVisible, 'ok', []],
    ['overlay seen in /proc/filesystems → ok', { name: 'overlay' }, HOSTS.overlayFilesystem, 'ok', []],
    ['loaded → ok', { name: 'br_netfilter' }, HOSTS.loadedModule, 'ok', []],
    [
      'absent → modprobe with params',
      { name: 'ip_vs', params: 'conn_tab_bits=12' },
      HOSTS.absentWithModprobe,
      'change',
      ['modprobe ip_vs conn_tab_bits=12'],
    ],
    [
      'loaded and state absent → modprobe -r',
      { name: 'ip_vs', state: 'absent' },
      HOSTS.loadedModule,
      'change',
      ['modprobe -r ip_vs'],
    ],
  ];
  for (const [label, p, ev, outcome, applied] of cases) {
    it(label, async () => {
      const rules = [evidence(ev), noFiles, { match: /^modprobe / }];
      const run = await runModuleCase(modprobeModule, p, { rules });
      expect(run.plan.outcome).toBe(outcome);
      expect(run.applied).toEqual(applied);
      const check = await runModuleCase(modprobeModule, p, { rules, checkMode: true });
      expect(check.applied).toEqual([]);
    });
  }

  it('loading br_netfilter announces /proc/sys/net/bridge so later sysctl tasks know', async () => {
    const { plan } = await runModuleCase(
      modprobeModule,
      { name: 'br_netfilter' },
      { rules: [evidence(HOSTS.absentWithModprobe), noFiles], checkMode: true },
    );
    expect(plan.paths).toContain('/proc/sys/net/bridge');
  });

  it('not present and no modprobe → PRV455', async () => {
    await expect(
      runModuleCase(
        modprobeModule,
        { name: 'ip_vs' },
        { rules: [evidence(HOSTS.absentNoModprobe), noFiles] },
      ),
    ).rejects.toMatchObject({ code: 'PRV455' });
  });

  it('a built-in module cannot be unloaded → PRV455', async () => {
    await expect(
      runModuleCase(
        modprobeModule,
        { name: 'overlay', state: 'absent' },
        { rules: [evidence(HOSTS.builtinVisible), noFiles] },
      ),
    ).rejects.toMatchObject({ code: 'PRV455' });
  });

  it('persistent: present writes modules-load.d and modprobe.d files, with a diff; equal files → ok', async () => {
    const p = { name: 'br_netfilter', persistent: 'present', params: 'x=1' };
    const run = await runModuleCase(modprobeModule, p, {
      rules: [evidence(HOSTS.builtinInNspawn), noFiles],
      diffMode: true,
    });
    expect(run.plan.outcome).toBe('change');
    expect(run.applied).toEqual([]);
    expect(run.transport.puts.map((w) => [w.path, w.content.toString()])).toEqual([
      ['/etc/modules-load.d/br_netfilter.conf', 'br_netfilter\n'],
      ['/etc/modprobe.d/br_netfilter.conf', 'options br_netfilter x=1\n'],
    ]);
    expect(run.plan.diff?.[0]).toMatchObject({ before: '', after: 'br_netfilter\n' });
    const same = await runModuleCase(modprobeModule, p, {
      rules: [
        evidence(HOSTS.builtinInNspawn),
        { match: 'if [ -e /etc/modules-load.d/br_netfilter.conf ]', stdout: 'br_netfilter\n' },
        { match: 'if [ -e /etc/modprobe.d/br_netfilter.conf ]', stdout: 'options br_netfilter x=1\n' },
      ],
    });
    expect(same.plan.outcome).toBe('ok');
  });

  it('persistent: absent removes the files', async () => {
    const run = await runModuleCase(
      modprobeModule,
      { name: 'ip_vs', state: 'absent', persistent: 'absent' },
      {
        rules: [
          evidence(HOSTS.absentWithModprobe),
          { match: 'if [ -e /etc/modules-load.d/ip_vs.conf ]', stdout: 'ip_vs\n' },
          { match: 'if [ -e /etc/modprobe.d', rc: 3 },
          { match: 'rm -f' },
        ],
      },
    );
    expect(run.applied).toEqual(['rm -f -- /etc/modules-load.d/ip_vs.conf']);
  });

  it.each([[{ name: 'br netfilter' }], [{ name: 'x', persistent: 'yes' }], [{}]])('rejects %j', (p) =>
    expect(modprobeModule.schema.safeParse(p).success).toBe(false),
  );
});
