import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addKubeDebsToLab, buildKubeDebs } from '../../src/kube/packaging/build-kube-debs.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-debs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
const fixture = resolve(__dirname, 'fixtures/version-main.ts');
const dpkg = (...args: string[]) => execFileSync('dpkg-deb', args, { encoding: 'utf8' });

describe('kube packages', () => {
  it('builds a kubeadm .deb whose bundled binary runs with the host node', async () => {
    const [deb] = await buildKubeDebs(join(dir, 'out'), { versions: ['1.31.2'], binaries: ['kubeadm'] });
    expect(deb).toBe(join(dir, 'out', `kubeadm_1.31.2-1.1_${arch}.deb`));
    const info = dpkg('-I', deb as string);
    expect(info).toContain('Package: kubeadm');
    expect(info).toContain('Version: 1.31.2-1.1');
    expect(info).toContain(`Architecture: ${arch}`);
    expect(info).toContain('Depends: nodejs (>= 20)');
    const contents = dpkg('-c', deb as string);
    expect(contents).toMatch(/-rwxr-xr-x root\/root .* \.\/usr\/bin\/kubeadm\n/);
    expect(contents).toContain('./usr/lib/provision-kube/kubeadm.mjs');
    expect(contents).toContain('./usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf');
    const x = join(dir, 'x');
    dpkg('-x', deb as string, x);
    expect(readFileSync(join(x, 'usr/bin/kubeadm'), 'utf8')).toBe(
      '#!/bin/sh\nexec /usr/bin/node /usr/lib/provision-kube/kubeadm.mjs "$@"\n',
    );
    const run = spawnSync(
      process.execPath,
      [join(x, 'usr/lib/provision-kube/kubeadm.mjs'), 'version', '-o', 'short'],
      { encoding: 'utf8' },
    );
    expect(run.stdout).toBe('v1.31.2\n');
    expect(run.status).toBe(0);
    const bad = spawnSync(
      process.execPath,
      [join(x, 'usr/lib/provision-kube/kubeadm.mjs'), 'token', 'list'],
      { encoding: 'utf8', cwd: x },
    );
    expect(bad.status).toBe(1);
  }, 120_000);

  it('packages the kubelet with its systemd unit, /etc/default/kubelet and maintainer scripts', async () => {
    const [deb] = await buildKubeDebs(join(dir, 'out'), {
      versions: ['v1.32.0'],
      binaries: ['kubelet'],
      entries: { kubelet: fixture },
    });
    const info = dpkg('-I', deb as string);
    expect(info).toContain('Version: 1.32.0-1.1');
    expect(info).toContain('postinst');
    expect(dpkg('-f', deb as string, 'Depends')).toBe('nodejs (>= 20), iproute2, mount, util-linux\n');
    const x = join(dir, 'kubelet');
    dpkg('-x', deb as string, x);
    const unit = readFileSync(join(x, 'usr/lib/systemd/system/kubelet.service'), 'utf8');
    expect(unit).toContain('Restart=always\nStartLimitInterval=0\nRestartSec=10');
    expect(readFileSync(join(x, 'etc/default/kubelet'), 'utf8')).toBe('KUBELET_EXTRA_ARGS=\n');
    const ctl = join(dir, 'kubelet-ctl');
    dpkg('-e', deb as string, ctl);
    expect(readFileSync(join(ctl, 'conffiles'), 'utf8')).toBe('/etc/default/kubelet\n');
    expect(readFileSync(join(ctl, 'postinst'), 'utf8')).toContain('systemctl enable kubelet.service');
    const run = spawnSync(process.execPath, [join(x, 'usr/lib/provision-kube/kubelet.mjs'), 'a', 'b'], {
      encoding: 'utf8',
    });
    expect(run.stdout).toBe('args:a b\n');
    expect(run.status).toBe(2);
  }, 120_000);

  it('refuses a binary whose entry point does not exist', async () => {
    await expect(
      buildKubeDebs(join(dir, 'out'), {
        versions: ['1.31.2'],
        binaries: ['kubectl'],
        entries: { kubectl: join(dir, 'none.ts') },
      }),
    ).rejects.toThrow(/none\.ts does not exist/);
  });

  it('adds the packages to a lab repository', async () => {
    const lab = join(dir, 'lab');
    const debs = await addKubeDebsToLab(lab, join(dir, 'lab-out'), {
      versions: ['1.31.2'],
      binaries: ['kubelet'],
      entries: { kubelet: fixture },
    });
    expect(debs).toHaveLength(1);
    const packages = execFileSync('sh', ['-c', `cat "$(find '${lab}' -name Packages | head -1)"`], {
      encoding: 'utf8',
    });
    expect(packages).toContain('Package: kubelet');
    expect(packages).toContain('Version: 1.31.2-1.1');
  }, 120_000);
});
