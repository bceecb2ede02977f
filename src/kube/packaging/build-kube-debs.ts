import { addPackagesToLabRepo } from '../../lab/index.js';
import { buildDeb, debArchitecture } from './build-deb.js';
import { bundleBinary, defaultEntry } from './bundle.js';
import { debLayout, KUBE_BINARIES, type KubeBinary } from './deb-layout.js';

export interface BuildKubeDebsOptions {
  /** Kubernetes versions to package (`1.31.2`), one kubeadm/kubelet/kubectl set each. */
  versions: readonly string[];
  /** Which binaries (all three by default). */
  binaries?: readonly KubeBinary[];
  /** Entry modules by binary (default src/kube/bin/<name>.ts, exporting `main(argv): Promise<number>`). */
  entries?: Partial<Record<KubeBinary, string>>;
  /** dpkg architecture (default: this machine's). */
  arch?: string;
}

/** Builds `<name>_<version>-1.1_<arch>.deb` for every binary and version into outDir; returns their paths. */
export async function buildKubeDebs(outDir: string, o: BuildKubeDebsOptions): Promise<string[]> {
  const arch = o.arch ?? (await debArchitecture());
  const paths: string[] = [];
  for (const version of o.versions) {
    for (const name of o.binaries ?? KUBE_BINARIES) {
      const bundle = await bundleBinary(o.entries?.[name] ?? defaultEntry(name), version);
      paths.push(await buildDeb(debLayout(name, version.replace(/^v/, ''), arch, bundle), arch, outDir));
    }
  }
  return paths;
}

/** Fills a lab's apt repository with the kube packages of the given versions. */
export async function addKubeDebsToLab(
  labDir: string,
  outDir: string,
  o: BuildKubeDebsOptions,
): Promise<string[]> {
  const debs = await buildKubeDebs(outDir, o);
  await addPackagesToLabRepo(labDir, debs);
  return debs;
}
