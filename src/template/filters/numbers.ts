import { problem } from '../errors.js';
import { compareValues, failIfUnknown, typeName } from '../values.js';
import { attributeGetter } from './attribute.js';
import { arg, type FilterSpec, type Kwargs } from './types.js';

function toInt(input: unknown, args: unknown[], kw: Kwargs): number {
  const fallback = Number(arg(args, kw, 0, 'default', 0));
  const base = Number(arg(args, kw, 1, 'base', 10));
  if (typeof input === 'number') return Number.isFinite(input) ? Math.trunc(input) : fallback;
  if (typeof input === 'boolean') return Number(input);
  if (typeof input !== 'string') return fallback;
  const s = input.trim().replace(/_/g, '');
  if (base === 10) {
    if (/^[+-]?\d+$/.test(s)) return Number(s);
    // Jinja's int() also accepts "3.7" (→ 3).
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Math.trunc(Number(s));
    return fallback;
  }
  const digits = s.replace(/^([+-]?)0[xob]/i, '$1');
  const n = Number.parseInt(digits, base);
  return Number.isNaN(n) ? fallback : n;
}

function toFloat(input: unknown, args: unknown[], kw: Kwargs): number {
  const fallback = Number(arg(args, kw, 0, 'default', 0));
  if (typeof input === 'number') return input;
  if (typeof input === 'boolean') return Number(input);
  if (typeof input === 'string' && input.trim() !== '') {
    const s = input.trim().toLowerCase();
    if (s === 'inf' || s === '+inf') return Number.POSITIVE_INFINITY;
    if (s === '-inf') return Number.NEGATIVE_INFINITY;
    const n = Number(s);
    return Number.isNaN(n) ? fallback : n;
  }
  return fallback;
}

/** Ansible's `bool` filter: yes/on/1/true/y/t (any case) are true; everything else false. */
export function toBool(input: unknown): boolean {
  failIfUnknown(input);
  if (typeof input === 'boolean') return input;
  if (typeof input === 'number') return input === 1;
  if (typeof input === 'string')
    return ['yes', 'on', '1', 'true', 'y', 't'].includes(input.trim().toLowerCase());
  return false;
}

function numbers(input: unknown, filter: string): unknown[] {
  if (!Array.isArray(input)) throw problem('PRV308', `${filter} needs a list, not ${typeName(input)}`);
  return input;
}

function extreme(sign: 1 | -1): FilterSpec['fn'] {
  return (input, _args, kw) => {
    const list = numbers(input, sign > 0 ? 'max' : 'min');
    if (list.length === 0) return null;
    const key = attributeGetter(kw.attribute);
    return list.reduce((best, x) => (compareValues(key(x), key(best)) * sign > 0 ? x : best));
  };
}

function round(input: unknown, args: unknown[], kw: Kwargs): number {
  if (typeof input !== 'number') throw problem('PRV308', `round needs a number, not ${typeName(input)}`);
  const precision = Math.min(Math.max(Number(arg(args, kw, 0, 'precision', 0)), 0), 15);
  const method = String(arg(args, kw, 1, 'method', 'common'));
  const f = 10 ** precision;
  const x = input * f;
  let r: number;
  if (method === 'ceil') r = Math.ceil(x);
  else if (method === 'floor') r = Math.floor(x);
  else if (method === 'common') r = Math.sign(x) * Math.round(Math.abs(x));
  else throw problem('PRV308', `round: method must be common, ceil or floor, not ${method}`);
  return r / f;
}

export const numberFilters: Record<string, FilterSpec> = {
  int: { fn: toInt },
  float: { fn: toFloat },
  bool: { fn: (i) => toBool(i) },
  abs: {
    fn: (i) => {
      if (typeof i !== 'number') throw problem('PRV308', `abs needs a number, not ${typeName(i)}`);
      return Math.abs(i);
    },
  },
  round: { fn: round },
  min: { fn: extreme(-1) },
  max: { fn: extreme(1) },
  sum: {
    fn: (input, args, kw) => {
      const key = attributeGetter(kw.attribute);
      let total: unknown = arg(args, kw, 1, 'start', 0);
      for (const x of numbers(input, 'sum')) {
        const v = key(x);
        if (typeof total === 'number' && typeof v === 'number') total += v;
        else if (Array.isArray(total) && Array.isArray(v)) total = [...total, ...v];
        else throw problem('PRV308', `sum: cannot add ${typeName(v)} to ${typeName(total)}`);
      }
      return total;
    },
  },
};
