import type { ErrorCodeTable } from './types.js';

/** PRV8xx — command-line errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const cliCodes: ErrorCodeTable = {
  PRV800: {
    title: 'Invalid command-line option',
    hint: 'Run provision --help (or provision COMMAND --help) for the options.',
  },
  PRV801: {
    title: 'A file named on the command line does not exist',
    hint: 'Check the path; relative paths are relative to the current directory.',
  },
  PRV802: { title: 'Invalid extra vars', hint: 'Use -e key=value, -e \'{"key": "value"}\' or -e @vars.yml.' },
  PRV803: {
    title: 'No inventory',
    hint: 'Give -i INVENTORY (a file, a directory or host1,host2,), or set inventory in ansible.cfg.',
  },
  PRV804: {
    title: 'A password prompt needs input',
    hint: 'Run -K from a terminal, or pipe the password on standard input.',
  },
  PRV806: { title: 'The inventory does not describe a cluster', hint: 'Use the groups control_plane and workers and the variables documented in docs/cluster.md (see inventory/example/).' },
  PRV807: { title: 'kubectl did not print JSON', hint: 'Check kubectl on the first control plane: kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes.' },
  PRV808: { title: 'kubectl could not read the cluster', hint: 'The API server may be down; check the control plane (crictl ps, journalctl -u kubelet).' },
  PRV805: { title: 'Unknown host', hint: 'Use a host name from the inventory (provision inventory --list).' },
};
