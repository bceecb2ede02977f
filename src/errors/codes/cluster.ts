import type { ErrorCodeTable } from './types.js';

/** PRV7xx — cluster errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const clusterCodes: ErrorCodeTable = {
  PRV701: {
    title: 'Object not found',
    hint: 'Check the kind, namespace and name; create the object (or its namespace) first.',
  },
  PRV702: {
    title: 'Object already exists',
    hint: 'Use a different name, or update the existing object instead of creating it.',
  },
  PRV703: {
    title: 'Conflict: the object was modified since it was read',
    hint: 'Read the object again and reapply the change to its latest resourceVersion.',
  },
  PRV704: {
    title: 'Gone: the resourceVersion is too old to watch from',
    hint: 'List again to get a fresh resourceVersion, then watch from it.',
  },
  PRV705: {
    title: 'Too many requests: the eviction would violate a PodDisruptionBudget',
    hint: 'Wait until enough pods of the budget are healthy, or relax the PodDisruptionBudget.',
  },
  PRV706: {
    title: 'Invalid object',
    hint: 'Fix the field named in the message; the manifest must be a valid object of its kind.',
  },
  PRV707: {
    title: 'Forbidden',
    hint: 'The namespace is being deleted, or the operation is not allowed on this object.',
  },
  PRV708: {
    title: 'Bad request',
    hint: 'Check the request: selector syntax, patch shape, or the subresource asked for.',
  },
  PRV710: {
    title: 'Invalid Kubernetes manifest',
    hint: 'Every document needs apiVersion, kind and metadata.name; fix the document at the location shown.',
  },
  PRV711: {
    title: 'Manifest file cannot be read',
    hint: 'Check that the file exists and is readable.',
  },
  PRV712: {
    title: 'Invalid duration',
    hint: 'Give a duration such as 30s, 10m or 1h30m.',
  },
  PRV713: {
    title: 'Invalid cluster intent',
    hint: 'Check the CIDRs, node names and CNI given for the cluster.',
  },
  PRV790: {
    title: 'Invalid scheduler option',
    hint: 'percentageOfNodesToScore is 0 (adaptive) to 100; batchSize is a positive integer.',
  },
  PRV760: {
    title: 'kubeadm preflight checks failed',
    hint: 'Fix each [ERROR ...] listed (free the port, reset the node, set net.ipv4.ip_forward=1, run as root), or skip a check with --ignore-preflight-errors.',
  },
  PRV761: {
    title: 'Invalid kubeadm command line',
    hint: 'Check the flag names and values against `kubeadm <command> --help`.',
  },
  PRV762: {
    title: 'Invalid kubeadm configuration file',
    hint: 'Give YAML documents of kind ClusterConfiguration, InitConfiguration, JoinConfiguration or KubeletConfiguration.',
  },
  PRV763: {
    title: 'Malformed bootstrap token',
    hint: 'A bootstrap token has the form [a-z0-9]{6}.[a-z0-9]{16}; make one with `kubeadm token create`.',
  },
  PRV764: {
    title: 'Bootstrap token unknown or expired',
    hint: 'Create a fresh token on a control plane with `kubeadm token create --print-join-command`.',
  },
  PRV765: {
    title: 'Cluster CA does not match the pinned hash',
    hint: 'Take --discovery-token-ca-cert-hash from the cluster you join (printed by `kubeadm token create --print-join-command`).',
  },
  PRV766: {
    title: 'Uploaded control-plane certificates unavailable',
    hint: 'Upload them again with `kubeadm init phase upload-certs --upload-certs` and join with the key it prints (keys expire after 2 h).',
  },
  PRV767: {
    title: 'Control plane not reachable',
    hint: 'Check that the API server runs and that the kubeconfig points at it.',
  },
  PRV768: {
    title: 'Cluster cannot take more control planes',
    hint: 'Set controlPlaneEndpoint (--control-plane-endpoint) at init; a cluster without one cannot add control planes.',
  },
  PRV769: {
    title: 'Required kubeadm file missing',
    hint: 'Run the command on a control plane initialised by kubeadm, or pass --kubeconfig.',
  },
  PRV770: {
    title: 'etcd membership change failed',
    hint: 'Check etcd health on the other control planes; remove a stale member with `etcdctl member remove`.',
  },
  PRV771: {
    title: 'Building a kube package failed',
    hint: 'Check that dpkg-deb is installed and that the entry point of the binary exists under src/kube/bin/.',
  },
};
