import { problem } from './errors.js';

/** Splits a version like LooseVersion does: runs of digits (as numbers) and runs of letters. */
function parts(v: string): (number | string)[] {
  return (v.match(/\d+|[a-zA-Z]+/g) ?? []).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Compares two versions loosely (1.28.2 < 1.29.0-rc.1 < 1.29.0 is not attempted; numbers then words). */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    // Python 3's LooseVersion cannot order int against str; numbers rank above words here.
    if (typeof x === 'number') return 1;
    if (typeof y === 'number') return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const OPS: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
  '==': (c) => c === 0,
  '=': (c) => c === 0,
  eq: (c) => c === 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  ne: (c) => c !== 0,
};

/** Ansible's `version(value, operator='eq')`. */
export function versionMatches(a: unknown, b: unknown, op: unknown): boolean {
  const check = OPS[String(op ?? 'eq')];
  if (!check) throw problem('PRV308', `version: unknown operator ${String(op)}`);
  if (a === null || a === undefined || b === null || b === undefined) {
    throw problem('PRV308', 'version: both versions must be given');
  }
  return check(compareVersions(String(a), String(b)));
}
