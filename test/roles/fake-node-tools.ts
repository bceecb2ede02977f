import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FAKE_TOKEN = 'abcdef.0123456789abcdef';
export const FAKE_CA_HASH = `sha256:${'1f'.repeat(32)}`;
export const FAKE_CERT_KEY = 'c0ffee'.repeat(10).concat('0000');

/**
 * Stand-ins for kubeadm and kubectl, put first on PATH, so the join and taints roles' logic runs locally without
 * touching the machine: every call is appended to `calls.log`; `kubectl get node N -o json` prints `node-N.json`;
 * `kubeadm init --config` writes `admin.conf`; `kubectl get nodes` lists every `node-*.json`;
 * `kubeadm join --node-name N` marks N joined by creating `joined-N`; `kubectl apply -f` of a manifest creates
 * `ds-NAME` for each DaemonSet in it, which `kubectl get daemonset NAME` then finds.
 */
export interface FakeNodeTools {
  dir: string;
  bin: string;
  calls(): string[];
  setNode(name: string, node: unknown): void;
}

const KUBEADM = `#!/bin/sh
echo "kubeadm $*" >> "$FAKE_STATE/calls.log"
case "$1 $2" in
  "token create") echo "kubeadm join 198.18.0.11:6443 --token ${FAKE_TOKEN} --discovery-token-ca-cert-hash ${FAKE_CA_HASH} " ;;
  "init --config")
    printf 'apiVersion: v1\\nkind: Config\\n' > "$FAKE_STATE/admin.conf"
    echo "kubeadm join 198.18.0.11:6443 --token ${FAKE_TOKEN} --discovery-token-ca-cert-hash ${FAKE_CA_HASH} --control-plane --certificate-key ${FAKE_CERT_KEY}" ;;
  "init phase") printf '[upload-certs] Using certificate key:\\n%s\\n' ${FAKE_CERT_KEY} ;;
  "join "*)
    while [ $# -gt 0 ]; do
      if [ "$1" = "--node-name" ]; then : > "$FAKE_STATE/joined-$2"; fi
      shift
    done ;;
esac
`;

const KUBECTL = `#!/bin/sh
echo "kubectl $*" >> "$FAKE_STATE/calls.log"
verb=""; kind=""; name=""; file=""; prev=""
for a in "$@"; do
  case "$prev" in
    -f) file="$a"; prev=""; continue ;;
    --kubeconfig|-n|-o) prev=""; continue ;;
  esac
  case "$a" in
    --kubeconfig|-n|-o|-f) prev="$a" ;;
    -*) ;;
    *) if [ -z "$verb" ]; then verb="$a"; elif [ -z "$kind" ]; then kind="$a"; elif [ -z "$name" ]; then name="$a"; fi ;;
  esac
done
case "$verb $kind" in
  "get node")
    [ -f "$FAKE_STATE/node-$name.json" ] || { echo "Error from server (NotFound): nodes \\"$name\\" not found" >&2; exit 1; }
    cat "$FAKE_STATE/node-$name.json" ;;
  "get nodes")
    sep=""; printf '{"items":['
    for f in "$FAKE_STATE"/node-*.json; do [ -f "$f" ] && { printf '%s' "$sep"; cat "$f"; sep=","; }; done
    printf ']}\\n' ;;
  "get daemonset")
    [ -f "$FAKE_STATE/ds-$name" ] || { echo "Error from server (NotFound): daemonsets.apps \\"$name\\" not found" >&2; exit 1; }
    echo "daemonset.apps/$name" ;;
  "apply "*)
    for ds in $(awk '/^kind: DaemonSet/ { d = 1 } d && /^  name: / { print $2; d = 0 }' "$file"); do
      if [ -f "$FAKE_STATE/ds-$ds" ]; then echo "daemonset.apps/$ds unchanged"; else : > "$FAKE_STATE/ds-$ds"; echo "daemonset.apps/$ds created"; fi
    done ;;
esac
`;

export function fakeNodeTools(): FakeNodeTools {
  const dir = mkdtempSync(join(tmpdir(), 'prv-fake-node-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const [name, text] of [
    ['kubeadm', KUBEADM],
    ['kubectl', KUBECTL],
  ] as const) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(join(dir, 'admin.conf'), 'apiVersion: v1\nkind: Config\n');
  return {
    dir,
    bin,
    calls: () => {
      const log = join(dir, 'calls.log');
      return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    },
    setNode: (name, node) => writeFileSync(join(dir, `node-${name}.json`), JSON.stringify(node)),
  };
}
