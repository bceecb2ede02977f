/**
 * The small DER (X.690) encoder X.509 certificates need: node:crypto parses and verifies certificates but cannot
 * create them, so the PKI builds the TBSCertificate itself and signs it with node:crypto.
 */
const tag = (t: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([t]), length(body.length), body]);

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const sequence = (...items: Buffer[]): Buffer => tag(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => tag(0x31, Buffer.concat(items));
export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
export const bool = (v: boolean): Buffer => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);
export const octetString = (b: Buffer): Buffer => tag(0x04, b);
export const utf8String = (s: string): Buffer => tag(0x0c, Buffer.from(s, 'utf8'));
/** Context-specific tag: constructed (explicit wrappers) or primitive (implicit GeneralName choices). */
export const contextTag = (n: number, body: Buffer, constructed: boolean): Buffer =>
  tag((constructed ? 0xa0 : 0x80) | n, body);

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
export function unsignedInteger(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const trimmed = bytes.subarray(i);
  const body = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tag(0x02, body.length === 0 ? Buffer.from([0]) : body);
}

export const smallInteger = (n: number): Buffer => unsignedInteger(Buffer.from([n]));

export function bitString(bytes: Buffer, unusedBits = 0): Buffer {
  return tag(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = parts;
  const out = [40 * a + b];
  for (const p of rest) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tag(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
export function time(ms: number): Buffer {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString(); // 2025-01-01T00:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = new Date(ms).getUTCFullYear();
  return year < 2050 ? tag(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tag(0x18, Buffer.from(`${digits}Z`));
}
