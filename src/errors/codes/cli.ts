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
  PRV806: {
    title: 'The inventory does not describe a cluster',
    hint: 'Use the groups control_plane and workers and the variables documented in docs/cluster.md (see inventory/example/).',
  },
  PRV807: {
    title: 'kubectl did not print JSON',
    hint: 'Check kubectl on the first control plane: kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes.',
  },
  PRV808: {
    title: 'kubectl could not read the cluster',
    hint: 'The API server may be down; check the control plane (crictl ps, journalctl -u kubelet).',
  },
  PRV805: { title: 'Unknown host', hint: 'Use a host name from the inventory (provision inventory --list).' },
  PRV810: {
    title: 'Preflight: a host cannot be reached',
    hint: 'Check the address, SSH port, user and key in the inventory (ssh USER@HOST true).',
  },
  PRV811: {
    title: 'Preflight: sudo does not work unattended',
    hint: 'Give the login user passwordless sudo, or set ansible_become_password.',
  },
  PRV812: {
    title: 'Preflight: swap is on',
    hint: 'swapoff -a and remove swap from /etc/fstab (the prereqs role does both).',
  },
  PRV813: {
    title: 'Preflight: a port kubeadm needs is in use',
    hint: 'Stop the process listening on it (ss -ltnp shows which), or run kubeadm reset if it is an old cluster.',
  },
  PRV814: {
    title: 'Preflight: the OS is not in the Debian/Ubuntu family',
    hint: 'The roles use apt; use Debian or Ubuntu hosts.',
  },
  PRV815: {
    title: 'Preflight: the architecture is not amd64 or arm64',
    hint: 'Kubernetes packages are published for amd64 and arm64.',
  },
  PRV816: {
    title: 'Preflight: net.ipv4.ip_forward is not 1',
    hint: 'The prereqs role sets it; kubeadm preflight fails while it is 0.',
  },
  PRV817: {
    title: 'Preflight: the pod and service CIDRs overlap',
    hint: 'Choose disjoint pod_network_cidr and service_cidr.',
  },
  PRV818: {
    title: 'Preflight: a cluster CIDR overlaps a host network',
    hint: 'Choose pod_network_cidr and service_cidr outside the networks of the hosts.',
  },
  PRV819: {
    title: 'Preflight: an even number of control planes',
    hint: 'Use an odd number of control planes: etcd needs a majority for quorum.',
  },
  PRV820: {
    title: 'Preflight: several control planes without control_plane_endpoint',
    hint: 'Set control_plane_endpoint to a load balancer host:port (group lb).',
  },
  PRV821: {
    title: 'Preflight: the installed kubelet is outside the supported skew',
    hint: 'kubelet may be up to three minors older than kube_version, never newer.',
  },
  PRV822: {
    title: 'Preflight: the installed kubeadm cannot deploy kube_version',
    hint: 'kubeadm deploys its own minor or the one before it.',
  },
  PRV823: {
    title: 'Preflight: the installed kubectl is outside the supported skew',
    hint: 'kubectl must be within one minor of kube_version.',
  },
  PRV824: {
    title: 'Preflight: a cluster CIDR is not valid',
    hint: 'Write pod_network_cidr and service_cidr as address/prefix, e.g. 10.96.0.0/12.',
  },
  PRV825: {
    title: 'Preflight: a probe could not be read',
    hint: 'Run the probe by hand on the host; the check it feeds was skipped.',
  },
};
