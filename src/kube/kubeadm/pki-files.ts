import type { CaMaterial, SharedPki } from '../pki/pki-generate.js';
import { CA_NAMES, type CaName } from '../pki/pki-specs.js';
import { type HostFs, readText } from './host-fs.js';
import { PKI_DIR } from './manifests.js';

/** Private keys 0600, certificates and public keys 0644, as kubeadm writes them. */
export const modeFor = (file: string): number => (file.endsWith('.key') ? 0o600 : 0o644);

export async function writePkiFiles(fs: HostFs, files: Map<string, string>): Promise<void> {
  for (const [rel, body] of files) await fs.writeFile(`${PKI_DIR}/${rel}`, body, modeFor(rel));
}

async function readCa(fs: HostFs, n: CaName): Promise<CaMaterial | undefined> {
  const certPem = await readText(fs, `${PKI_DIR}/${n}.crt`);
  const keyPem = await readText(fs, `${PKI_DIR}/${n}.key`);
  return certPem && keyPem ? { certPem, keyPem } : undefined;
}

/** The shared PKI on disk, if complete. */
export async function readSharedPki(fs: HostFs): Promise<SharedPki | undefined> {
  const cas: Partial<Record<CaName, CaMaterial>> = {};
  for (const n of CA_NAMES) {
    const m = await readCa(fs, n);
    if (!m) return undefined;
    cas[n] = m;
  }
  const keyPem = await readText(fs, `${PKI_DIR}/sa.key`);
  const pubPem = await readText(fs, `${PKI_DIR}/sa.pub`);
  if (!keyPem || !pubPem) return undefined;
  return { cas: cas as Record<CaName, CaMaterial>, sa: { keyPem, pubPem } };
}
