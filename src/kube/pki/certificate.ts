import { createHash, createPublicKey, generateKeyPair, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isIPv4 } from 'node:net';
import {
  bitString,
  bool,
  contextTag,
  nullValue,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der.js';

/** A subject as kubeadm sets it: organizations (groups for RBAC) then the common name (the user). */
export interface Subject {
  commonName: string;
  organizations?: readonly string[];
}

export type Usage = 'serverAuth' | 'clientAuth';

export interface CertSpec {
  subject: Subject;
  /** DNS names and IP addresses, as the subjectAltName extension lists them. */
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  usages: readonly Usage[];
  /** Validity in milliseconds from the clock's now. */
  validityMs: number;
}

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A certificate with its key: the PEM texts are what land on disk. */
export interface Issued {
  certPem: string;
  keyPem: string;
  privateKey: KeyObject;
}

export const YEAR_MS = 365 * 24 * 3600 * 1000;
/** kubeadm backdates NotBefore so hosts with slightly skewed clocks accept fresh certificates. */
export const BACKDATE_MS = 5 * 60 * 1000;

const OID = {
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

const KeyUsageBit = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5 } as const;

/** ClusterConfiguration.encryptionAlgorithm (kubeadm v1beta4): RSA-2048 by default. */
export type KeyAlgorithm = 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'ECDSA-P256';
export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'ECDSA-P256'];

export function generateKey(alg: KeyAlgorithm = 'RSA-2048'): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject) =>
      err ? reject(err) : resolve({ publicKey, privateKey });
    if (alg === 'ECDSA-P256') generateKeyPair('ec', { namedCurve: 'prime256v1' }, done);
    else generateKeyPair('rsa', { modulusLength: Number(alg.slice(4)) }, done);
  });
}

/** PKCS#1 `RSA PRIVATE KEY` or SEC 1 `EC PRIVATE KEY`, as kubeadm writes its keys. */
export const privateKeyPem = (k: KeyObject): string =>
  k.export({ type: k.asymmetricKeyType === 'ec' ? 'sec1' : 'pkcs1', format: 'pem' }).toString();
export const publicKeyPem = (k: KeyObject): string => k.export({ type: 'spki', format: 'pem' }).toString();

/** Go's pkix.Name order: organizations before the common name, one RDN each. */
export function encodeName(s: Subject): Buffer {
  const rdn = (type: string, value: string) => set(sequence(oid(type), utf8String(value)));
  return sequence(
    ...(s.organizations ?? []).map((o) => rdn(OID.organization, o)),
    rdn(OID.commonName, s.commonName),
  );
}

function keyUsage(bits: readonly number[]): Buffer {
  let value = 0;
  for (const b of bits) value |= 0x80 >> b;
  let unused = 0;
  while (unused < 8 && !(value & (1 << unused))) unused++;
  return bitString(Buffer.from([value]), unused);
}

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const groups = (p: string) => (p === '' ? [] : p.split(':').map((g) => Number.parseInt(g, 16)));
  const h = groups(head);
  const t = ip.includes('::') ? groups(tail) : [];
  const all = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  const out = Buffer.alloc(16);
  for (const [i, g] of all.entries()) out.writeUInt16BE(g, i * 2);
  return out;
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), bool(true), octetString(value)) : sequence(oid(id), octetString(value));
}

const spkiDer = (k: KeyObject): Buffer => k.export({ type: 'spki', format: 'der' });
const keyId = (k: KeyObject): Buffer => createHash('sha1').update(spkiDer(k)).digest();

interface TbsInput {
  subject: Subject;
  issuer: Subject;
  publicKey: KeyObject;
  notBefore: number;
  notAfter: number;
  extensions: Buffer[];
}

function signCertificate(tbsIn: TbsInput, signer: KeyObject): string {
  const sigAlg =
    signer.asymmetricKeyType === 'ec'
      ? sequence(oid(OID.ecdsaWithSha256))
      : sequence(oid(OID.sha256WithRsa), nullValue());
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    contextTag(0, smallInteger(2), true),
    unsignedInteger(serial),
    sigAlg,
    encodeName(tbsIn.issuer),
    sequence(time(tbsIn.notBefore), time(tbsIn.notAfter)),
    encodeName(tbsIn.subject),
    spkiDer(tbsIn.publicKey),
    contextTag(3, sequence(...tbsIn.extensions), true),
  );
  const der = sequence(tbs, sigAlg, bitString(sign('sha256', tbs, signer)));
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64.endsWith('\n') ? b64 : `${b64}\n`}-----END CERTIFICATE-----\n`;
}

/** A self-signed CA (10 years, like kubeadm's): keyCertSign, CA:TRUE, subject key identifier. */
export async function createCa(
  commonName: string,
  nowMs: number,
  alg: KeyAlgorithm = 'RSA-2048',
): Promise<Issued & { subject: Subject }> {
  const keys = await generateKey(alg);
  const subject = { commonName };
  const certPem = signCertificate(
    {
      subject,
      issuer: subject,
      publicKey: keys.publicKey,
      notBefore: nowMs - BACKDATE_MS,
      notAfter: nowMs + 10 * YEAR_MS,
      extensions: [
        extension(
          OID.keyUsage,
          true,
          keyUsage([KeyUsageBit.digitalSignature, KeyUsageBit.keyEncipherment, KeyUsageBit.keyCertSign]),
        ),
        extension(OID.basicConstraints, true, sequence(bool(true))),
        extension(OID.subjectKeyId, false, octetString(keyId(keys.publicKey))),
      ],
    },
    keys.privateKey,
  );
  return { certPem, keyPem: privateKeyPem(keys.privateKey), privateKey: keys.privateKey, subject };
}

export interface SigningCa {
  subject: Subject;
  privateKey: KeyObject;
}

/** A leaf certificate signed by `ca`, with the SANs and extended key usages of `spec`. */
export async function issueCertificate(
  ca: SigningCa,
  spec: CertSpec,
  nowMs: number,
  alg: KeyAlgorithm = 'RSA-2048',
): Promise<Issued> {
  const keys = await generateKey(alg);
  const caPublic = createPublicKey(ca.privateKey);
  const extensions = [
    extension(OID.keyUsage, true, keyUsage([KeyUsageBit.digitalSignature, KeyUsageBit.keyEncipherment])),
    extension(OID.extKeyUsage, false, sequence(...spec.usages.map((u) => oid(OID[u])))),
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.authorityKeyId, false, sequence(contextTag(0, keyId(caPublic), false))),
  ];
  const names = [
    ...(spec.dnsNames ?? []).map((d) => contextTag(2, Buffer.from(d, 'ascii'), false)),
    ...(spec.ipAddresses ?? []).map((ip) => contextTag(7, ipBytes(ip), false)),
  ];
  if (names.length > 0) extensions.push(extension(OID.subjectAltName, false, sequence(...names)));
  const certPem = signCertificate(
    {
      subject: spec.subject,
      issuer: ca.subject,
      publicKey: keys.publicKey,
      notBefore: nowMs - BACKDATE_MS,
      notAfter: nowMs + spec.validityMs,
      extensions,
    },
    ca.privateKey,
  );
  return { certPem, keyPem: privateKeyPem(keys.privateKey), privateKey: keys.privateKey };
}
