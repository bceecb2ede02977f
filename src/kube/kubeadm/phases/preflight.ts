import { initChecks, runPreflight } from '../preflight.js';
import type { Phase } from './init-context.js';

export const preflightPhase: Phase = {
  name: 'preflight',
  async run({ d, cfg }) {
    await runPreflight(d, initChecks(d, cfg.node.bindPort), cfg.node.ignorePreflightErrors);
    d.stdout('[preflight] Pulling images required for setting up a Kubernetes cluster');
    d.stdout(
      '[preflight] This might take a minute or two, depending on the speed of your internet connection',
    );
    d.stdout("[preflight] You can also perform this action beforehand using 'kubeadm config images pull'");
  },
};
