import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KubeadmError } from '../kubeadm/kubeadm-error.js';
import type { DebLayout } from './deb-layout.js';
import { debVersion } from './deb-layout.js';

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err
        ? reject(new KubeadmError('PRV771', `${cmd} ${args.join(' ')} failed: ${stderr || err.message}`, err))
        : resolve(stdout),
    ),
  );
}

export async function debArchitecture(): Promise<string> {
  return (await run('dpkg', ['--print-architecture'])).trim();
}

/** Writes the layout into a staging tree and runs `dpkg-deb --build` (root-owned files); returns the .deb path. */
export async function buildDeb(layout: DebLayout, arch: string, outDir: string): Promise<string> {
  const stage = await mkdtemp(join(tmpdir(), `deb-${layout.name}-`));
  try {
    for (const f of layout.files) {
      const target = join(stage, f.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, f.content);
      await chmod(target, f.mode);
    }
    await mkdir(join(stage, 'DEBIAN'), { recursive: true });
    await writeFile(join(stage, 'DEBIAN/control'), layout.control);
    for (const [name, body] of Object.entries(layout.scripts)) {
      await writeFile(join(stage, 'DEBIAN', name), body);
      await chmod(join(stage, 'DEBIAN', name), 0o755);
    }
    if (layout.conffiles.length > 0)
      await writeFile(join(stage, 'DEBIAN/conffiles'), `${layout.conffiles.join('\n')}\n`);
    await mkdir(outDir, { recursive: true });
    const out = join(outDir, `${layout.name}_${debVersion(layout.version)}_${arch}.deb`);
    await run('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', stage, out]);
    return out;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
