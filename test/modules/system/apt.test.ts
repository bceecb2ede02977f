import { describe, expect, it } from 'vitest';
import { ModuleError } from '../../../src/errors/index.js';
import { aptModule } from '../../../src/modules/system/apt.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';
import { runModuleCase } from '../../support/module-harness.js';

const NOW = 1_763_962_000;
const cacheAge = (ageSeconds: number): ScriptedRule => ({
  match: 'date +%s',
  stdout: `${NOW}\n${NOW - ageSeconds}\n`,
});

const POLICY_KUBE = `kubelet:
  Installed: (none)
  Candidate: 1.31.3-1.1
  Version table:
     1.31.3-1.1 500
        500 https://pkgs.k8s.io/core:/stable:/v1.31/deb  Packages
     1.31.2-1.1 500
        500 https://pkgs.k8s.io/core:/stable:/v1.31/deb  Packages
     1.31.0-1.1 500
        500 https://pkgs.k8s.io/core:/stable:/v1.31/deb  Packages
`;
const POLICY_KUBE_INSTALLED = `kubelet:
  Installed: 1.31.2-1.1
  Candidate: 1.31.3-1.1
  Version table:
     1.31.3-1.1 500
        500 https://pkgs.k8s.io/core:/stable:/v1.31/deb  Packages
 *** 1.31.2-1.1 500
        500 https://pkgs.k8s.io/core:/stable:/v1.31/deb  Packages
        100 /var/lib/dpkg/status
`;
const POLICY_CURL = `curl:
  Installed: 8.5.0-2ubuntu10.6
  Candidate: 8.5.0-2ubuntu10.6
  Version table:
 *** 8.5.0-2ubuntu10.6 500
        500 http://archive.ubuntu.com/ubuntu noble-updates/main amd64 Packages
        100 /var/lib/dpkg/status
     8.5.0-2ubuntu10 500
        500 http://archive.ubuntu.com/ubuntu noble/main amd64 Packages
`;
const NO_KUBELET: ScriptedRule = {
  match: 'dpkg-query -W',
  rc: 1,
  stderr: 'dpkg-query: no packages found matching kubelet\n',
};
const KUBELET_INSTALLED = (want = 'install'): ScriptedRule => ({
  match: 'dpkg-query -W',
  stdout: `kubelet\t1.31.2-1.1\t${want} ok installed\n`,
});
const CURL_INSTALLED: ScriptedRule = {
  match: 'dpkg-query -W',
  stdout: 'curl\t8.5.0-2ubuntu10.6\tinstall ok installed\n',
};
const APT_GET_OK: ScriptedRule = { match: 'apt-get -q -y', stdout: 'Setting up kubelet (1.31.3-1.1) ...\n' };

const INSTALL_PREFIX =
  'env DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical apt-get -q -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold';

describe('apt', () => {
  const cases: {
    name: string;
    params: Record<string, unknown>;
    rules: ScriptedRule[];
    outcome: 'ok' | 'change' | 'unknown';
    applied: string[];
    changed?: boolean;
  }[] = [
    {
      name: 'absent package → install',
      params: { name: 'kubelet' },
      rules: [cacheAge(10), NO_KUBELET, { match: 'apt-cache policy', stdout: POLICY_KUBE }, APT_GET_OK],
      outcome: 'change',
      applied: [`${INSTALL_PREFIX} install kubelet`],
    },
    {
      name: 'wildcard pin picks the newest matching version',
      params: { name: ['kubelet=1.31.2*'] },
      rules: [cacheAge(10), NO_KUBELET, { match: 'apt-cache policy', stdout: POLICY_KUBE }, APT_GET_OK],
      outcome: 'change',
      applied: [`${INSTALL_PREFIX} install kubelet=1.31.2-1.1`],
    },
    {
      name: 'installed version matching the wildcard pin → ok',
      params: { name: 'kubelet=1.31.*' },
      rules: [
        cacheAge(10),
        KUBELET_INSTALLED(),
        { match: 'apt-cache policy', stdout: POLICY_KUBE_INSTALLED },
      ],
      outcome: 'ok',
      applied: [],
      changed: false,
    },
    {
      name: 'present and installed → ok',
      params: { name: 'curl', state: 'present' },
      rules: [cacheAge(10), CURL_INSTALLED, { match: 'apt-cache policy', stdout: POLICY_CURL }],
      outcome: 'ok',
      applied: [],
      changed: false,
    },
    {
      name: 'installed at another version → install the pinned one with downgrade allowed',
      params: { name: 'kubelet=1.31.0-1.1', allow_downgrade: true },
      rules: [
        cacheAge(10),
        KUBELET_INSTALLED(),
        {
          match: 'apt-cache policy',
          stdout: POLICY_KUBE_INSTALLED.replace(
            ' *** 1.31.2-1.1 500',
            ' *** 1.31.2-1.1 500\n     1.31.0-1.1 500',
          ),
        },
        APT_GET_OK,
      ],
      outcome: 'change',
      applied: [`${INSTALL_PREFIX} --allow-downgrades install kubelet=1.31.0-1.1`],
    },
    {
      name: 'latest with a newer candidate → upgrade',
      params: { name: 'kubelet', state: 'latest', install_recommends: false },
      rules: [
        cacheAge(10),
        KUBELET_INSTALLED(),
        { match: 'apt-cache policy', stdout: POLICY_KUBE_INSTALLED },
        APT_GET_OK,
      ],
      outcome: 'change',
      applied: [`${INSTALL_PREFIX} -o APT::Install-Recommends=no install kubelet`],
    },
    {
      name: 'absent + purge removes config-files leftovers',
      params: { name: 'kubelet', state: 'absent', purge: true },
      rules: [
        cacheAge(10),
        { match: 'dpkg-query -W', stdout: 'kubelet\t1.31.2-1.1\tdeinstall ok config-files\n' },
        { match: 'apt-cache policy', stdout: POLICY_KUBE },
        APT_GET_OK,
      ],
      outcome: 'change',
      applied: [`${INSTALL_PREFIX} --purge remove kubelet`],
    },
    {
      name: 'absent and not installed → ok',
      params: { name: 'kubelet', state: 'absent' },
      rules: [cacheAge(10), NO_KUBELET, { match: 'apt-cache policy', stdout: POLICY_KUBE }],
      outcome: 'ok',
      applied: [],
      changed: false,
    },
    {
      name: 'held package changes with allow_change_held_packages',
      params: { name: 'kubelet=1.31.3-1.1', allow_change_held_packages: true },
      rules: [
        cacheAge(10),
        KUBELET_INSTALLED('hold'),
        { match: 'apt-cache policy', stdout: POLICY_KUBE_INSTALLED },
        APT_GET_OK,
      ],
      outcome: 'change',
      applied: [`${INSTALL_PREFIX} --allow-change-held-packages install kubelet=1.31.3-1.1`],
    },
    {
      name: 'update_cache alone with a stale cache → update, changed',
      params: { update_cache: true, cache_valid_time: 3600 },
      rules: [cacheAge(7200), { match: 'apt-get -q update', stdout: 'Reading package lists...\n' }],
      outcome: 'change',
      applied: [
        'env DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical apt-get -q update',
        'date +%s; stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || stat -c %Y /var/lib/apt/lists/* /var/lib/apt/lists 2>/dev/null | sort -n | tail -n 1',
      ],
    },
    {
      name: 'update_cache alone with a fresh cache → ok',
      params: { update_cache: true, cache_valid_time: 3600 },
      rules: [cacheAge(60)],
      outcome: 'ok',
      applied: [],
      changed: false,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const { plan, result, applied, transport } = await runModuleCase(aptModule, c.params, {
        rules: c.rules,
      });
      expect(plan.outcome).toBe(c.outcome);
      expect(applied).toEqual(c.applied);
      expect(result.changed).toBe(c.changed ?? true);
      expect(transport.puts).toEqual([]);
    });
  }

  it('cache_valid_time alone implies update_cache', async () => {
    const { plan } = await runModuleCase(
      aptModule,
      { cache_valid_time: 3600 },
      { rules: [cacheAge(7200), { match: 'apt-get -q update' }] },
    );
    expect(plan.outcome).toBe('change');
  });

  it('installed packages with a stale cache: refreshes the cache without counting a change', async () => {
    const { plan, result, applied } = await runModuleCase(
      aptModule,
      { name: 'curl', update_cache: true },
      {
        rules: [
          cacheAge(10),
          CURL_INSTALLED,
          { match: 'apt-cache policy', stdout: POLICY_CURL },
          { match: 'apt-get -q update' },
        ],
      },
    );
    expect(plan.outcome).toBe('ok');
    expect(applied[0]).toContain('apt-get -q update');
    expect(applied.some((c) => c.includes(' install '))).toBe(false);
    expect(result).toMatchObject({ changed: false, cache_updated: true });
  });

  it('after an update a new candidate is installed (probes again)', async () => {
    const { plan, result, applied } = await runModuleCase(
      aptModule,
      { name: 'kubelet', update_cache: true },
      {
        rules: [
          cacheAge(10),
          NO_KUBELET,
          { match: 'apt-cache policy', stdout: '', times: 1 },
          { match: 'apt-get -q update' },
          { match: 'apt-cache policy', stdout: POLICY_KUBE },
          APT_GET_OK,
        ],
      },
    );
    expect(plan.outcome).toBe('change');
    expect(applied.at(-1)).toBe(`${INSTALL_PREFIX} install kubelet`);
    expect(result).toMatchObject({ changed: true, cache_updated: true });
  });

  it('check mode: nothing runs after the probes', async () => {
    const { plan, applied, result } = await runModuleCase(
      aptModule,
      { name: 'kubelet' },
      {
        checkMode: true,
        rules: [cacheAge(10), NO_KUBELET, { match: 'apt-cache policy', stdout: POLICY_KUBE }],
      },
    );
    expect(plan.outcome).toBe('change');
    expect(plan.paths).toContain('/var/lib/dpkg/status');
    expect(applied).toEqual([]);
    expect(result.changed).toBe(true);
  });

  it('check mode: no candidate and a pending repository → unknown naming the task', async () => {
    const { plan, applied } = await runModuleCase(
      aptModule,
      { name: 'kubeadm', update_cache: true },
      {
        checkMode: true,
        pending: { '/etc/apt': 'Add the Kubernetes apt repository' },
        rules: [
          cacheAge(10),
          { match: 'dpkg-query -W', rc: 1, stderr: 'dpkg-query: no packages found matching kubeadm\n' },
          { match: 'apt-cache policy', stdout: '' },
        ],
      },
    );
    expect(plan.outcome).toBe('unknown');
    expect(plan.reason).toContain('depends on repository added by task "Add the Kubernetes apt repository"');
    expect(applied).toEqual([]);
  });

  it('no candidate without a cache update or pending repository → PRV452', async () => {
    await expect(
      runModuleCase(
        aptModule,
        { name: 'nosuchpkg' },
        {
          rules: [
            cacheAge(10),
            { match: 'dpkg-query -W', rc: 1, stderr: 'dpkg-query: no packages found matching nosuchpkg\n' },
            { match: 'apt-cache policy', stdout: '' },
          ],
        },
      ),
    ).rejects.toMatchObject({ code: 'PRV452' });
  });

  it('a held package without allow_change_held_packages → PRV453', async () => {
    const err = await runModuleCase(
      aptModule,
      { name: 'kubelet', state: 'absent' },
      {
        rules: [
          cacheAge(10),
          KUBELET_INSTALLED('hold'),
          { match: 'apt-cache policy', stdout: POLICY_KUBE_INSTALLED },
        ],
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModuleError);
    expect((err as ModuleError).code).toBe('PRV453');
  });

  it('apt-get failure → failed result with rc and stderr', async () => {
    const { result } = await runModuleCase(
      aptModule,
      { name: 'kubelet' },
      {
        rules: [
          cacheAge(10),
          NO_KUBELET,
          { match: 'apt-cache policy', stdout: POLICY_KUBE },
          { match: 'apt-get -q -y', rc: 100, stderr: 'E: Unable to fetch some archives\n' },
        ],
      },
    );
    expect(result).toMatchObject({ failed: true, rc: 100 });
    expect(String(result.msg)).toContain('Unable to fetch');
  });

  it('deb file on the target: installed at the same version → ok, else apt-get install PATH', async () => {
    const fields = 'Package: kubelet\nVersion: 1.31.3-1.1\n---\n';
    const same = await runModuleCase(
      aptModule,
      { deb: '/tmp/kubelet.deb' },
      {
        rules: [{ match: 'dpkg-deb -f', stdout: `${fields}kubelet\t1.31.3-1.1\tinstall ok installed\n` }],
      },
    );
    expect(same.plan.outcome).toBe('ok');
    const older = await runModuleCase(
      aptModule,
      { deb: '/tmp/kubelet.deb' },
      {
        rules: [
          { match: 'dpkg-deb -f', stdout: `${fields}kubelet\t1.31.2-1.1\tinstall ok installed\n` },
          APT_GET_OK,
        ],
      },
    );
    expect(older.plan.outcome).toBe('change');
    expect(older.applied.at(-1)).toBe(`${INSTALL_PREFIX} install /tmp/kubelet.deb`);
  });

  it('deb from a URL: unknown until downloaded; apply downloads, compares, installs and cleans up', async () => {
    const url = 'http://198.18.0.1/pool/kubelet_1.31.3-1.1_amd64.deb';
    const rules: ScriptedRule[] = [
      { match: 'curl -fsSL', stdout: '/tmp/tmp.Ab12/package.deb\n' },
      { match: 'dpkg-deb -f', stdout: 'Package: kubelet\nVersion: 1.31.3-1.1\n---\n' },
      APT_GET_OK,
      { match: 'rm -rf' },
    ];
    const check = await runModuleCase(aptModule, { deb: url }, { rules, checkMode: true });
    expect(check.plan.outcome).toBe('unknown');
    expect(check.transport.runs).toEqual([]);
    const real = await runModuleCase(aptModule, { deb: url }, { rules });
    expect(real.result.changed).toBe(true);
    expect(real.applied.at(-2)).toBe(`${INSTALL_PREFIX} install /tmp/tmp.Ab12/package.deb`);
    expect(real.applied.at(-1)).toBe('rm -rf -- /tmp/tmp.Ab12');
  });

  it.each([
    [{ name: 'kubelet>=1.30' }, 'comparisons'],
    [{ name: 'kubelet=1.31.*', state: 'latest' }, 'inconsistent with state: latest'],
    [{ name: 'kubelet', deb: '/tmp/x.deb' }, 'mutually exclusive'],
    [{ name: 'kubelet', pkg: 'kubeadm' }, 'same parameter'],
    [{ name: 'kubelet', state: 'installd' }, ''],
    [{ name: 'kubelet', update_cache: 'maybe' }, 'boolean'],
    [{ name: 'kubelet', nonsense: 1 }, ''],
    [{ state: 'present' }, 'give name, deb, update_cache or autoremove'],
  ])('rejects bad params %j', (params, message) => {
    const res = aptModule.schema.safeParse(params);
    expect(res.success).toBe(false);
    expect(JSON.stringify(res.error?.issues)).toContain(message);
  });
});
