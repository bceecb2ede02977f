import { describe, expect, it } from 'vitest';
import { aptRepositoryModule } from '../../../src/modules/system/apt-repository.js';
import { suggestedSourceFilename } from '../../../src/modules/system/apt-sources.js';
import { deb822RepositoryModule, renderDeb822 } from '../../../src/modules/system/deb822-repository.js';
import { dpkgSelectionsModule } from '../../../src/modules/system/dpkg-selections.js';
import { runModuleCase } from '../../support/module-harness.js';

const REPO =
  'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.31/deb/ /';
const K8S_LIST = '/etc/apt/sources.list.d/pkgs_k8s_io_core_stable_v1_31_deb.list';
const SYSTEM_SOURCES = 'deb http://archive.ubuntu.com/ubuntu noble main restricted\n';
const files = (...pairs: [string, string][]) => pairs.map(([p, c]) => `${p}\0${c}\0`).join('');

describe('apt_repository', () => {
  it('names the file as Ansible does', () => {
    expect(suggestedSourceFilename(REPO)).toBe('pkgs_k8s_io_core_stable_v1_31_deb');
    expect(suggestedSourceFilename('deb http://user:pw@dl.example.com/linux/deb/ stable main')).toBe(
      'dl_example_com_linux_deb',
    );
  });

  it('absent → writes the file and updates the cache', async () => {
    const { plan, transport, applied, result } = await runModuleCase(
      aptRepositoryModule,
      { repo: REPO },
      {
        rules: [
          {
            match: 'for f in /etc/apt/sources.list',
            stdout: files(['/etc/apt/sources.list', SYSTEM_SOURCES]),
          },
          { match: 'apt-get -q update' },
        ],
      },
    );
    expect(plan.outcome).toBe('change');
    expect(plan.paths).toEqual([K8S_LIST]);
    expect(transport.puts.map((p) => [p.path, p.content.toString(), p.options.mode])).toEqual([
      [K8S_LIST, `${REPO}\n`, '0644'],
    ]);
    expect(applied).toEqual(['env DEBIAN_FRONTEND=noninteractive apt-get -q update']);
    expect(result).toMatchObject({ changed: true, sources_added: [K8S_LIST] });
  });

  it('present with other spacing or option order → ok', async () => {
    const existing =
      'deb  [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg]   https://pkgs.k8s.io/core:/stable:/v1.31/deb /\n';
    const { plan, applied, transport } = await runModuleCase(
      aptRepositoryModule,
      { repo: REPO, filename: 'kubernetes' },
      {
        rules: [{ match: 'for f in', stdout: files(['/etc/apt/sources.list.d/kubernetes.list', existing]) }],
      },
    );
    expect(plan.outcome).toBe('ok');
    expect(applied).toEqual([]);
    expect(transport.puts).toEqual([]);
  });

  it('present but commented out → enables it in place, with a diff', async () => {
    const path = '/etc/apt/sources.list.d/kubernetes.list';
    const { plan, transport } = await runModuleCase(
      aptRepositoryModule,
      { repo: REPO, filename: 'kubernetes', update_cache: false },
      {
        diffMode: true,
        rules: [{ match: 'for f in', stdout: files([path, `# ${REPO}\n`]) }],
      },
    );
    expect(plan.outcome).toBe('change');
    expect(plan.diff).toEqual([
      { before: `# ${REPO}\n`, after: `${REPO}\n`, beforeHeader: path, afterHeader: path },
    ]);
    expect(transport.puts[0]?.options.mode).toBeUndefined();
  });

  it('a different suite is a different repository → change, appended to the named file', async () => {
    const path = '/etc/apt/sources.list.d/kubernetes.list';
    const old = REPO.replace('v1.31', 'v1.30');
    const { plan, transport } = await runModuleCase(
      aptRepositoryModule,
      { repo: REPO, filename: 'kubernetes', update_cache: 'no' },
      {
        rules: [{ match: 'for f in', stdout: files([path, `${old}\n`]) }],
      },
    );
    expect(plan.outcome).toBe('change');
    expect(transport.puts[0]?.content.toString()).toBe(`${old}\n${REPO}\n`);
  });

  it('absent state removes the line and the emptied file; check mode touches nothing', async () => {
    const rules = [
      {
        match: 'for f in',
        stdout: files(['/etc/apt/sources.list', SYSTEM_SOURCES], [K8S_LIST, `${REPO}\n`]),
      },
      { match: 'rm -f --' },
      { match: 'apt-get -q update' },
    ];
    const check = await runModuleCase(
      aptRepositoryModule,
      { repo: REPO, state: 'absent' },
      { rules, checkMode: true },
    );
    expect(check.plan.outcome).toBe('change');
    expect(check.applied).toEqual([]);
    expect(check.transport.puts).toEqual([]);
    const real = await runModuleCase(aptRepositoryModule, { repo: REPO, state: 'absent' }, { rules });
    expect(real.applied).toEqual([
      `rm -f -- ${K8S_LIST}`,
      'env DEBIAN_FRONTEND=noninteractive apt-get -q update',
    ]);
    expect(real.result).toMatchObject({ sources_removed: [K8S_LIST] });
  });

  it('a deb822 .sources stanza that already names the repository counts as present', async () => {
    const sources = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;
    const repo = 'deb http://deb.debian.org/debian/ bookworm main';
    const path = '/etc/apt/sources.list.d/debian.sources';
    const covered = await runModuleCase(
      aptRepositoryModule,
      { repo },
      { rules: [{ match: 'for f in', stdout: files([path, sources]) }] },
    );
    expect(covered.plan.outcome).toBe('ok');
    const disabled = await runModuleCase(
      aptRepositoryModule,
      { repo, update_cache: false },
      {
        rules: [{ match: 'for f in', stdout: files([path, `${sources}Enabled: no\n`]) }],
      },
    );
    expect(disabled.plan.outcome).toBe('change');
    expect(disabled.transport.puts[0]?.path).toBe('/etc/apt/sources.list.d/deb_debian_org_debian.list');
  });

  it.each([
    [{ repo: 'ppa:foo/bar' }],
    [{ repo: REPO, filename: 'a/b' }],
    [{ repo: REPO, state: 'enabled' }],
    [{}],
  ])('rejects %j', (params) => expect(aptRepositoryModule.schema.safeParse(params).success).toBe(false));
});

describe('deb822_repository', () => {
  const params = {
    name: 'kubernetes',
    uris: 'https://pkgs.k8s.io/core:/stable:/v1.31/deb/',
    suites: '/',
    signed_by: '/etc/apt/keyrings/kubernetes.asc',
  };
  const dest = '/etc/apt/sources.list.d/kubernetes.sources';
  const stanza =
    'X-Repolib-Name: kubernetes\nTypes: deb\nURIs: https://pkgs.k8s.io/core:/stable:/v1.31/deb/\nSuites: /\nSigned-By: /etc/apt/keyrings/kubernetes.asc\n';

  it('absent file → writes the stanza', async () => {
    const { plan, transport } = await runModuleCase(deb822RepositoryModule, params, {
      rules: [{ match: 'cat --', rc: 3 }],
      diffMode: true,
    });
    expect(plan.outcome).toBe('change');
    expect(plan.diff?.[0]).toMatchObject({ before: '', after: stanza });
    expect(transport.puts.map((p) => [p.path, p.content.toString(), p.options.mode])).toEqual([
      [dest, stanza, '0644'],
    ]);
  });

  it('equal file → ok; different file → change', async () => {
    const ok = await runModuleCase(deb822RepositoryModule, params, {
      rules: [{ match: 'cat --', stdout: stanza }],
    });
    expect(ok.plan.outcome).toBe('ok');
    expect(ok.transport.puts).toEqual([]);
    const diff = await runModuleCase(
      deb822RepositoryModule,
      { ...params, enabled: false },
      { rules: [{ match: 'cat --', stdout: stanza }], checkMode: true },
    );
    expect(diff.plan.outcome).toBe('change');
    expect(diff.transport.puts).toEqual([]);
  });

  it('embeds key text as a multi-line field', () => {
    const key = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGNu\n-----END PGP PUBLIC KEY BLOCK-----\n';
    const text = renderDeb822(
      deb822RepositoryModule.schema.parse({
        ...params,
        components: undefined,
        signed_by: key,
        architectures: ['amd64'],
      }),
    );
    expect(text).toContain(
      'Architectures: amd64\nSigned-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mQINBGNu\n -----END PGP PUBLIC KEY BLOCK-----\n',
    );
  });

  it('state absent removes an existing file', async () => {
    const { applied, plan } = await runModuleCase(
      deb822RepositoryModule,
      { name: 'kubernetes', state: 'absent' },
      { rules: [{ match: 'cat --', stdout: stanza }, { match: 'rm -f' }] },
    );
    expect(plan.outcome).toBe('change');
    expect(applied).toEqual([`rm -f -- ${dest}`]);
  });

  it.each([
    [{ name: 'k' }],
    [{ ...params, suites: 'noble' }],
    [{ ...params, components: 'main' }],
    [{ ...params, signed_by: 'https://example.com/key.asc' }],
    [{ ...params, types: 'rpm' }],
  ])('rejects %j', (p) => expect(deb822RepositoryModule.schema.safeParse(p).success).toBe(false));
});

describe('dpkg_selections', () => {
  it.each([
    ['install', 'kubelet\t\t\t\t\tinstall\n', 'hold', 'change'],
    ['hold', 'kubelet\t\t\t\t\thold\n', 'hold', 'ok'],
    ['not known to dpkg', '', 'hold', 'change'],
    ['hold', 'kubelet\t\t\t\t\thold\n', 'install', 'change'],
  ])('%s → %s', async (_label, stdout, selection, outcome) => {
    const stderr = stdout === '' ? 'dpkg: no packages found matching kubelet\n' : '';
    const { plan, transport } = await runModuleCase(
      dpkgSelectionsModule,
      { name: 'kubelet', selection },
      {
        rules: [{ match: 'dpkg --get-selections', stdout, stderr }, { match: 'dpkg --set-selections' }],
      },
    );
    expect(plan.outcome).toBe(outcome);
    const sets = transport.runs.filter((r) => r.command === 'dpkg --set-selections');
    expect(sets.map((r) => r.options.stdin)).toEqual(outcome === 'change' ? [`kubelet ${selection}\n`] : []);
  });

  it('check mode applies nothing; diff shows the selection', async () => {
    const { plan, applied } = await runModuleCase(
      dpkgSelectionsModule,
      { name: 'kubeadm', selection: 'hold' },
      {
        checkMode: true,
        diffMode: true,
        rules: [{ match: 'dpkg --get-selections', stdout: 'kubeadm\t\t\t\t\tinstall\n' }],
      },
    );
    expect(applied).toEqual([]);
    expect(plan.diff?.[0]).toMatchObject({ before: 'install\n', after: 'hold\n' });
  });

  it('rejects a bad selection', () => {
    expect(dpkgSelectionsModule.schema.safeParse({ name: 'kubelet', selection: 'freeze' }).success).toBe(
      false,
    );
  });
});
