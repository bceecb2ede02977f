import { RealClock } from '../../cluster/runtime/clock.js';
import { runKubeadm } from '../kubeadm/cli.js';
import type { KubeadmDeps } from '../kubeadm/deps.js';
import type { EtcdMembersFactory } from '../kubeadm/etcd-members.js';
import { realHostEnv } from '../kubeadm/host-env.js';
import { RootedFs } from '../kubeadm/host-fs.js';
import { KubeadmError } from '../kubeadm/kubeadm-error.js';
import { type KubeConnector, kubeConnector } from './kube-connect.js';

/** The version baked into the packaged bundle (esbuild `define`); the model's default otherwise. */
declare const PROVISION_KUBE_VERSION: string | undefined;
const bakedVersion = typeof PROVISION_KUBE_VERSION === 'string' ? PROVISION_KUBE_VERSION : undefined;

export interface KubeadmProcessOptions {
  /** `/` on a host; a directory in tests. */
  root?: string;
  connector?: KubeConnector;
  etcd?: EtcdMembersFactory;
  version?: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

const noEtcd: EtcdMembersFactory = () => {
  const fail = async (): Promise<never> => {
    throw new KubeadmError('PRV770', 'no etcd membership client is registered in this build');
  };
  return { list: fail, add: fail, remove: fail };
};

/** The process's dependencies: the real file system and host, real time, the registered cluster client. */
export function processDeps(o: KubeadmProcessOptions = {}): KubeadmDeps {
  const clock = new RealClock();
  const connector = o.connector ?? kubeConnector();
  const fs = new RootedFs(o.root ?? '/');
  return {
    fs,
    host: realHostEnv,
    now: () => clock.now(),
    // A plain timer: the model clock's timers are unref'd and would let the process exit mid-wait.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    connect: async (path) => {
      if (!(await fs.exists(path))) {
        throw new KubeadmError(
          'PRV769',
          `failed to load admin kubeconfig: open ${path}: no such file or directory`,
        );
      }
      return connector.connectKubeClient(path);
    },
    connectInsecure: (server, token) => connector.connectInsecure(server, token),
    etcd: o.etcd ?? noEtcd,
    version: o.version ?? bakedVersion ?? '1.31.2',
    stdout: o.stdout ?? ((t) => process.stdout.write(`${t}\n`)),
    stderr: o.stderr ?? ((t) => process.stderr.write(`${t}\n`)),
  };
}

/** `kubeadm` as a process: returns the exit code. */
export function main(argv: readonly string[], o: KubeadmProcessOptions = {}): Promise<number> {
  return runKubeadm(processDeps(o), argv);
}
