import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeadmError } from '../kubeadm/kubeadm-error.js';
import type { KubeBinary } from './deb-layout.js';

const srcKube = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The entry module of a binary: src/kube/bin/<name>.ts exporting `main(argv): Promise<number>`. */
export const defaultEntry = (name: KubeBinary): string => resolve(srcKube, 'bin', `${name}.ts`);

/**
 * Bundles a binary's entry point with every dependency into one ESM file that runs with the host's node
 * (lab hosts share this machine's root, so /usr/bin/node is there; the project checkout may not be).
 */
export async function bundleBinary(entry: string, kubeVersion: string): Promise<Buffer> {
  if (!existsSync(entry)) {
    throw new KubeadmError('PRV771', `the entry point ${entry} does not exist`);
  }
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    stdin: {
      contents: `import { main } from ${JSON.stringify(entry)};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
      resolveDir: dirname(entry),
      loader: 'ts',
      sourcefile: 'launcher.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    define: { PROVISION_KUBE_VERSION: JSON.stringify(kubeVersion.replace(/^v/, '')) },
    banner: {
      js: "import { createRequire as __provisionRequire } from 'node:module';\nconst require = __provisionRequire(import.meta.url);",
    },
  });
  const out = result.outputFiles[0];
  if (!out) throw new KubeadmError('PRV771', `bundling ${entry} produced no output`);
  return Buffer.from(out.contents);
}
