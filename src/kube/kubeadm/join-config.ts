import type { ParsedArgs } from './argv.js';
import { flagBool, flagList, flagString } from './argv.js';
import { type ConfigDocs, extraArgs, section, str } from './config-file.js';
import {
  CONTROL_PLANE_TAINT,
  DEFAULT_CRI_SOCKET,
  type NodeConfig,
  parseTaints,
  rejectMixedConfig,
} from './init-config.js';
import { KubeadmError } from './kubeadm-error.js';

export interface JoinConfig {
  /** `host:port` of the API server or balancer. */
  endpoint: string;
  token: string;
  caHashes: string[];
  unsafeSkipCaVerification: boolean;
  controlPlane: boolean;
  certificateKey?: string;
  node: NodeConfig;
  skipPhases: string[];
}

export const JOIN_FLAGS = {
  'apiserver-advertise-address': 'string',
  'apiserver-bind-port': 'string',
  'certificate-key': 'string',
  config: 'string',
  'control-plane': 'bool',
  'cri-socket': 'string',
  'discovery-token': 'string',
  'discovery-token-ca-cert-hash': 'string',
  'discovery-token-unsafe-skip-ca-verification': 'bool',
  'ignore-preflight-errors': 'string',
  'node-name': 'string',
  'skip-phases': 'string',
  'tls-bootstrap-token': 'string',
  token: 'string',
} as const;

export function resolveJoinConfig(
  args: ParsedArgs,
  docs: ConfigDocs,
  host: { hostname: string; defaultAddress?: string },
): JoinConfig {
  rejectMixedConfig(args);
  const j = docs.join ?? {};
  const bt = section(j, 'discovery', 'bootstrapToken');
  const reg = section(j, 'nodeRegistration');
  const cp =
    j.controlPlane && typeof j.controlPlane === 'object'
      ? (j.controlPlane as Record<string, unknown>)
      : undefined;
  const local = section(cp, 'localAPIEndpoint');
  const endpoint = args.positionals[0] ?? str(bt, 'apiServerEndpoint');
  if (!endpoint) {
    throw new KubeadmError(
      'PRV761',
      'discovery.bootstrapToken.apiServerEndpoint: Invalid value: "": must be a host:port',
    );
  }
  const token = flagString(args, 'discovery-token') ?? flagString(args, 'token') ?? str(bt, 'token');
  if (!token)
    throw new KubeadmError(
      'PRV761',
      'discovery.bootstrapToken.token: Invalid value: "": the bootstrap token is invalid',
    );
  const hashes = [
    ...flagList(args, 'discovery-token-ca-cert-hash'),
    ...(Array.isArray(bt.caCertHashes) ? bt.caCertHashes.map(String) : []),
  ];
  const unsafe =
    flagBool(args, 'discovery-token-unsafe-skip-ca-verification') || bt.unsafeSkipCAVerification === true;
  if (hashes.length === 0 && !unsafe) {
    throw new KubeadmError(
      'PRV761',
      'discovery.bootstrapToken: Invalid value: "": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue',
    );
  }
  const controlPlane = flagBool(args, 'control-plane') || cp !== undefined;
  const advertiseAddress =
    flagString(args, 'apiserver-advertise-address') ?? str(local, 'advertiseAddress') ?? host.defaultAddress;
  if (!advertiseAddress) throw new KubeadmError('PRV761', 'unable to select an IP from default routes.');
  return {
    endpoint,
    token,
    caHashes: hashes,
    unsafeSkipCaVerification: unsafe,
    controlPlane,
    certificateKey: flagString(args, 'certificate-key') ?? (cp ? str(cp, 'certificateKey') : undefined),
    node: {
      nodeName: (flagString(args, 'node-name') ?? str(reg, 'name') ?? host.hostname).toLowerCase(),
      criSocket: flagString(args, 'cri-socket') ?? str(reg, 'criSocket') ?? DEFAULT_CRI_SOCKET,
      advertiseAddress,
      bindPort: Number(flagString(args, 'apiserver-bind-port') ?? str(local, 'bindPort') ?? 6443),
      taints: parseTaints(reg.taints) ?? (controlPlane ? [CONTROL_PLANE_TAINT] : []),
      kubeletExtraArgs: extraArgs({ extraArgs: reg.kubeletExtraArgs }),
      ignorePreflightErrors: [
        ...flagList(args, 'ignore-preflight-errors'),
        ...(Array.isArray(reg.ignorePreflightErrors) ? reg.ignorePreflightErrors.map(String) : []),
      ].map((s) => s.toLowerCase()),
    },
    skipPhases: flagList(args, 'skip-phases'),
  };
}
