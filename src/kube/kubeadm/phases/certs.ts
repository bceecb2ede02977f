import type { SharedPki } from '../../pki/pki-generate.js';
import { generateLeafCerts, generateSharedPki, sharedPkiFiles } from '../../pki/pki-generate.js';
import { apiServerAltNames, leafCertSpecs, type PkiParams } from '../../pki/pki-specs.js';
import type { KubeadmDeps } from '../deps.js';
import type { ClusterConfig, NodeConfig } from '../init-config.js';
import { apiServiceIp, endpointHost } from '../init-config.js';
import { PKI_DIR } from '../manifests.js';
import { readSharedPki, writePkiFiles } from '../pki-files.js';
import type { Phase } from './init-context.js';

export function pkiParams(c: ClusterConfig, n: NodeConfig): PkiParams {
  return {
    nodeName: n.nodeName,
    advertiseAddress: n.advertiseAddress,
    apiServiceIp: apiServiceIp(c.serviceSubnet),
    dnsDomain: c.dnsDomain,
    controlPlaneHost: endpointHost(c.controlPlaneEndpoint),
    extraSans: c.certSANs,
  };
}

/** Issues this node's leaf certificates from the shared CAs, printing kubeadm's lines; existing files are kept. */
export async function writeLeafCerts(
  d: KubeadmDeps,
  shared: SharedPki,
  c: ClusterConfig,
  n: NodeConfig,
): Promise<void> {
  const params = pkiParams(c, n);
  const specs = [];
  for (const s of leafCertSpecs(params)) {
    if (await d.fs.exists(`${PKI_DIR}/${s.name}.crt`)) {
      d.stdout(`[certs] Using existing ${s.name} certificate and key on disk`);
    } else {
      specs.push(s);
    }
  }
  const files = await generateLeafCerts(shared, specs, d.now(), c.encryptionAlgorithm);
  for (const s of specs) {
    d.stdout(`[certs] Generating "${s.name}" certificate and key`);
    if (s.name === 'apiserver') {
      const alt = apiServerAltNames(params);
      d.stdout(
        `[certs] apiserver serving cert is signed for DNS names [${alt.dnsNames.join(' ')}] and IPs [${alt.ipAddresses.join(' ')}]`,
      );
    }
    if (s.name === 'etcd/server' || s.name === 'etcd/peer') {
      d.stdout(
        `[certs] ${s.name} serving cert is signed for DNS names [${(s.spec.dnsNames ?? []).join(' ')}] and IPs [${(s.spec.ipAddresses ?? []).join(' ')}]`,
      );
    }
  }
  await writePkiFiles(d.fs, files);
}

export const certsPhase: Phase = {
  name: 'certs',
  async run(ctx) {
    const { d, cfg } = ctx;
    d.stdout(`[certs] Using certificateDir folder "${PKI_DIR}"`);
    const existing = await readSharedPki(d.fs);
    if (existing) {
      d.stdout('[certs] Using existing ca certificate authority');
      ctx.shared = existing;
    } else {
      ctx.shared = await generateSharedPki(d.now(), cfg.cluster.encryptionAlgorithm);
      for (const n of ['ca', 'front-proxy-ca', 'etcd/ca'])
        d.stdout(`[certs] Generating "${n}" certificate and key`);
      await writePkiFiles(d.fs, sharedPkiFiles(ctx.shared));
    }
    await writeLeafCerts(d, ctx.shared, cfg.cluster, cfg.node);
    if (!existing) d.stdout('[certs] Generating "sa" key and public key');
  },
};
