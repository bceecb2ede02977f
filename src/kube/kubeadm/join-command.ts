export interface JoinCommandInput {
  /** `host:port` */
  endpoint: string;
  token: string;
  caHash: string;
  controlPlane?: boolean;
  certificateKey?: string;
}

/** kubeadm's join command template: continuation lines `\` + newline + tab, a trailing space after the hash. */
export function joinCommand(j: JoinCommandInput): string {
  let s = `kubeadm join ${j.endpoint} --token ${j.token} \\\n\t--discovery-token-ca-cert-hash ${j.caHash} `;
  if (j.controlPlane) {
    s += `\\\n\t--control-plane ${j.certificateKey ? `--certificate-key ${j.certificateKey}` : ''}`;
  }
  return s;
}

/** The one-line form `kubeadm token create --print-join-command` prints. */
export const oneLine = (cmd: string): string => cmd.replace(/\\\n/g, '').replace(/\t/g, '');

/** `kubeadm init`'s closing text, as its template renders it. */
export function initSuccessText(o: {
  worker: string;
  controlPlane?: string;
  hasEndpoint: boolean;
  uploadCerts: boolean;
}): string {
  const lines = [
    '',
    'Your Kubernetes control-plane has initialized successfully!',
    '',
    'To start using your cluster, you need to run the following as a regular user:',
    '',
    '  mkdir -p $HOME/.kube',
    '  sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config',
    '  sudo chown $(id -u):$(id -g) $HOME/.kube/config',
    '',
    'Alternatively, if you are the root user, you can run:',
    '',
    '  export KUBECONFIG=/etc/kubernetes/admin.conf',
    '',
    'You should now deploy a pod network to the cluster.',
    'Run "kubectl apply -f [podnetwork].yaml" with one of the options listed at:',
    '  https://kubernetes.io/docs/concepts/cluster-administration/addons/',
    '',
  ];
  if (o.hasEndpoint && o.controlPlane) {
    if (o.uploadCerts) {
      lines.push(
        'You can now join any number of control-plane nodes running the following command on each as root:',
        '',
        `  ${o.controlPlane}`,
        '',
        'Please note that the certificate-key gives access to cluster sensitive data, keep it secret!',
        'As a safeguard, uploaded-certs will be deleted in two hours; If necessary, you can use',
        '"kubeadm init phase upload-certs --upload-certs" to reload certs afterward.',
        '',
      );
    } else {
      lines.push(
        'You can now join any number of control-plane nodes by copying certificate authorities',
        'and service account keys on each node and then running the following as root:',
        '',
        `  ${o.controlPlane}`,
        '',
      );
    }
  }
  lines.push(
    'Then you can join any number of worker nodes by running the following on each as root:',
    '',
    o.worker,
  );
  return lines.join('\n');
}
