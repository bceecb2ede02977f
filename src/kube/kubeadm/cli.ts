import { flagBool, flagString, parseArgs } from './argv.js';
import type { KubeadmDeps } from './deps.js';
import { INIT_FLAGS, readConfigDocs, resolveInit, runInit } from './init.js';
import { resolveClusterConfig } from './init-config.js';
import { runJoin } from './join.js';
import { JOIN_FLAGS, resolveJoinConfig } from './join-config.js';
import { KubeadmError, phaseError } from './kubeadm-error.js';
import { uploadCerts } from './phases/upload-certs.js';
import { readSharedPki } from './pki-files.js';
import { runReset } from './reset.js';
import { runToken } from './token-command.js';
import { imagesFor, parseKubeVersion, versionOutput } from './versions.js';

const IMAGES_FLAGS = {
  config: 'string',
  'cri-socket': 'string',
  'image-repository': 'string',
  'kubernetes-version': 'string',
  'feature-gates': 'string',
} as const;

async function initPhase(d: KubeadmDeps, argv: readonly string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name !== 'upload-certs')
    throw new KubeadmError('PRV761', `unknown command "${name ?? ''}" for "kubeadm init phase"`);
  const a = parseArgs(rest, {
    'upload-certs': 'bool',
    'certificate-key': 'string',
    config: 'string',
    kubeconfig: 'string',
    'skip-certificate-key-print': 'bool',
  });
  if (!flagBool(a, 'upload-certs')) {
    d.stdout('[upload-certs] Skipping phase. Please see --upload-certs');
    return;
  }
  try {
    const client = await d.connect(flagString(a, 'kubeconfig') ?? '/etc/kubernetes/admin.conf');
    const shared = await readSharedPki(d.fs);
    if (!shared) throw new KubeadmError('PRV769', 'failed to load the certificates from /etc/kubernetes/pki');
    await uploadCerts(d, client, shared, flagString(a, 'certificate-key'));
  } catch (e) {
    throw phaseError('upload-certs', e);
  }
}

async function configImages(d: KubeadmDeps, argv: readonly string[]): Promise<void> {
  const a = parseArgs(argv, IMAGES_FLAGS);
  const [sub] = a.positionals;
  const docs = await readConfigDocs(d, a);
  const cluster = resolveClusterConfig(
    docs.cluster,
    {
      kubernetesVersion: flagString(a, 'kubernetes-version'),
      imageRepository: flagString(a, 'image-repository'),
    },
    d.version,
  );
  const images = imagesFor(parseKubeVersion(cluster.kubernetesVersion), cluster.imageRepository);
  if (sub === 'list') for (const i of images) d.stdout(i);
  else if (sub === 'pull') for (const i of images) d.stdout(`[config/images] Pulled ${i}`);
  else throw new KubeadmError('PRV761', `unknown command "${sub ?? ''}" for "kubeadm config images"`);
}

/** Dispatches `kubeadm <command> ...`; throws KubeadmError with kubeadm's message on failure. */
export async function dispatch(d: KubeadmDeps, argv: readonly string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'init': {
      if (rest[0] === 'phase') return initPhase(d, rest.slice(1));
      const cfg = await resolveInit(d, parseArgs(rest, INIT_FLAGS));
      await runInit(d, cfg);
      return;
    }
    case 'join': {
      const a = parseArgs(rest, JOIN_FLAGS);
      const j = resolveJoinConfig(a, await readConfigDocs(d, a), {
        hostname: d.host.hostname(),
        defaultAddress: d.host.defaultAddress(),
      });
      return runJoin(d, j);
    }
    case 'token':
      return runToken(d, rest);
    case 'reset': {
      const a = parseArgs(
        rest,
        {
          force: 'bool',
          'cri-socket': 'string',
          'ignore-preflight-errors': 'string',
          'cert-dir': 'string',
          'cleanup-tmp-dir': 'bool',
          kubeconfig: 'string',
          'skip-phases': 'string',
          'dry-run': 'bool',
          config: 'string',
        },
        { f: 'force' },
      );
      if (!flagBool(a, 'force')) {
        d.stdout('[reset] Are you sure you want to proceed? [y/N]: ');
        throw new KubeadmError('PRV761', 'aborted reset operation');
      }
      return runReset(d);
    }
    case 'config': {
      if (rest[0] !== 'images')
        throw new KubeadmError('PRV761', `unknown command "${rest[0] ?? ''}" for "kubeadm config"`);
      return configImages(d, rest.slice(1));
    }
    case 'version': {
      const a = parseArgs(rest, { output: 'string' }, { o: 'output' });
      d.stdout(
        versionOutput(
          d.version,
          flagString(a, 'output'),
          `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`,
        ),
      );
      return;
    }
    default:
      throw new KubeadmError('PRV761', `unknown command "${cmd ?? ''}" for "kubeadm"`);
  }
}

/** Runs kubeadm as a process would: kubeadm's error text on stderr, exit code 1 on failure. */
export async function runKubeadm(d: KubeadmDeps, argv: readonly string[]): Promise<number> {
  try {
    await dispatch(d, argv);
    return 0;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    d.stderr(text);
    if (e instanceof KubeadmError && e.message.startsWith('error execution phase')) {
      d.stderr('To see the stack trace of this error execute with --v=5 or higher');
    }
    return 1;
  }
}
