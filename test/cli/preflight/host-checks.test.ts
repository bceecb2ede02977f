import { describe, expect, it } from 'vitest';
import { ScriptedTransport } from '../../../src/transport/scripted-transport.js';
import { type HostShape, recorded, recordedHost, runPreflight } from './recorded-host.js';

const ONE_CP = '[control_plane]\ncp1 ansible_host=198.18.0.11 ansible_user=deploy\n';

async function findingsFor(shape: HostShape, allVars = 'kube_version: "1.31.4"\n', ini = ONE_CP) {
  const run = await runPreflight(ini, { cp1: recordedHost('cp1', '198.18.0.11', shape) }, { allVars });
  return { code: run.code, findings: run.lines.slice(0, -1) };
}

describe('preflight host checks', () => {
  it('finds sudo that asks for a password when the inventory gives none', async () => {
    const r = await findingsFor({ uid: '1000', sudo: { rc: 1, stderr: 'sudo: a password is required\n' } });
    expect(r.findings).toEqual([
      expect.stringMatching(
        /^ERROR PRV811 cp1: sudo -n true failed for the login user \(uid 1000\): sudo: a password is required — fix: /,
      ),
    ]);
    expect(r.code).toBe(2);
  });

  it('accepts sudo asking for a password when ansible_become_password is set, without printing it', async () => {
    const ini =
      '[control_plane]\ncp1 ansible_host=198.18.0.11 ansible_user=deploy ansible_become_password=s3cr3t-pw\n';
    const run = await runPreflight(ini, {
      cp1: recordedHost('cp1', '198.18.0.11', {
        uid: '1000',
        sudo: { rc: 1, stderr: 'sudo: a password is required\n' },
      }),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('s3cr3t-pw');
  });

  it('accepts a non-root login with passwordless sudo', async () => {
    expect((await findingsFor({ uid: '1000' })).findings).toEqual([]);
  });

  it('warns about an OS outside the Debian family and an unsupported architecture', async () => {
    const rocky =
      'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nPRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"\n';
    const r = await findingsFor({ osRelease: rocky, arch: 'ppc64le' });
    expect(r.findings).toEqual([
      expect.stringMatching(
        /^WARNING PRV814 cp1: Rocky Linux 9\.4 \(Blue Onyx\) is not in the Debian\/Ubuntu family/,
      ),
      expect.stringMatching(/^WARNING PRV815 cp1: architecture ppc64le is neither amd64 nor arm64/),
    ]);
    expect(r.code).toBe(0);
  });

  it('accepts Debian on arm64', async () => {
    const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n';
    expect((await findingsFor({ osRelease: debian, arch: 'aarch64' })).findings).toEqual([]);
  });

  it('warns when net.ipv4.ip_forward is 0', async () => {
    const r = await findingsFor({ ipForward: '0' });
    expect(r.findings).toEqual([
      expect.stringMatching(
        /^WARNING PRV816 cp1: net\.ipv4\.ip_forward is 0, kubeadm's preflight needs 1 — fix: /,
      ),
    ]);
    expect(r.code).toBe(0);
  });

  it('names every taken control-plane port, including the etcd ones', async () => {
    const listening = [
      'LISTEN 0      4096       127.0.0.1:2379       0.0.0.0:*',
      'LISTEN 0      4096     198.18.0.11:2380       0.0.0.0:*',
      'LISTEN 0      4096               *:10250            *:*',
      '',
    ].join('\n');
    const r = await findingsFor({ listening });
    expect(r.findings.map((l) => /port (\d+)/.exec(l)?.[1])).toEqual(['2379', '2380', '10250']);
  });

  it('accepts installed binaries within the skew and ignores missing ones', async () => {
    const r = await findingsFor({
      kubelet: 'Kubernetes v1.28.15\n',
      kubectl: recorded.kubectlJson('1.32.0'),
    });
    expect(r.findings).toEqual([]);
  });

  it('finds a kubelet too old, a kubelet newer, a kubeadm older and a kubectl two minors off', async () => {
    const old = await findingsFor({
      kubelet: 'Kubernetes v1.27.16\n',
      kubeadm: 'v1.30.8\n',
      kubectl: recorded.kubectlJson('1.29.3'),
    });
    expect(old.findings).toEqual([
      expect.stringMatching(
        /^ERROR PRV821 cp1: kubelet v1\.27\.16 is installed, kube_version is v1\.31\.4: /,
      ),
      expect.stringMatching(/^ERROR PRV822 cp1: kubeadm v1\.30\.8 is installed/),
      expect.stringMatching(/^ERROR PRV823 cp1: kubectl v1\.29\.3 is installed/),
    ]);
    const newer = await findingsFor({ kubelet: 'Kubernetes v1.32.0\n' });
    expect(newer.findings).toEqual([expect.stringMatching(/^ERROR PRV821 cp1: kubelet v1\.32\.0/)]);
  });

  it('warns instead of guessing when a probe cannot be read', async () => {
    const run = await runPreflight(ONE_CP, {
      cp1: new ScriptedTransport(
        [
          { match: 'cat /proc/swaps', rc: 1, stderr: 'cat: /proc/swaps: No such file or directory\n' },
          { match: 'ip -o -4 addr show', rc: 127, stderr: 'sh: 1: ip: not found\n' },
          { match: /./, stdout: '' },
        ],
        'cp1',
      ),
    });
    const codes = run.lines.slice(0, -1).map((l) => l.split(' ').slice(0, 3).join(' '));
    expect(codes).toContain('WARNING PRV825 cp1:');
    expect(
      run.lines.some((l) =>
        l.includes('cannot read /proc/swaps (cat: /proc/swaps: No such file or directory)'),
      ),
    ).toBe(true);
    expect(
      run.lines.some((l) =>
        l.includes('cannot read the host networks (ip -o -4 addr show: sh: 1: ip: not found)'),
      ),
    ).toBe(true);
  });
});
