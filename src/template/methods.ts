import { problem } from './errors.js';
import { pySplit } from './filters/strings.js';
import { contains, equals, isMapping, MISSING, member, toText, typeName } from './values.js';

type Method = (self: never, args: unknown[]) => unknown;

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    let out = s;
    if (left) out = out.trimStart();
    if (right) out = out.trimEnd();
    return out;
  }
  const set = new Set(String(chars));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && set.has(s[a]!)) a++;
  if (right) while (b > a && set.has(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function prefixes(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => String(x)) : [String(v)];
}

/** `'{}-{}'.format(a, b)` and `'{0}'.format(a)`. */
function formatBraces(s: string, args: unknown[]): string {
  let auto = 0;
  return s.replace(/\{\{|\}\}|\{(\d*)\}/g, (m, idx: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const i = idx === '' || idx === undefined ? auto++ : Number(idx);
    if (i >= args.length) throw problem('PRV309', `format: no argument number ${i}`);
    return toText(args[i]);
  });
}

const STRING_METHODS: Record<string, (s: string, a: unknown[]) => unknown> = {
  split: (s, a) => pySplit(s, a[0], a[1] === undefined ? -1 : Number(a[1])),
  rsplit: (s, a) => {
    const max = a[1] === undefined ? -1 : Number(a[1]);
    if (max < 0 || a[0] === undefined || a[0] === null) return pySplit(s, a[0], max);
    const sep = String(a[0]);
    const parts = s.split(sep);
    if (parts.length <= max + 1) return parts;
    return [parts.slice(0, parts.length - max).join(sep), ...parts.slice(parts.length - max)];
  },
  splitlines: (s) => s.split(/\r?\n/).filter((l, i, all) => i < all.length - 1 || l !== ''),
  strip: (s, a) => stripChars(s, a[0], true, true),
  lstrip: (s, a) => stripChars(s, a[0], true, false),
  rstrip: (s, a) => stripChars(s, a[0], false, true),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s) => s.replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  startswith: (s, a) => prefixes(a[0]).some((p) => s.startsWith(p)),
  endswith: (s, a) => prefixes(a[0]).some((p) => s.endsWith(p)),
  replace: (s, a) => {
    const from = String(a[0] ?? '');
    const to = String(a[1] ?? '');
    if (a[2] === undefined) return from === '' ? s : s.split(from).join(to);
    const parts = s.split(from);
    const n = Math.max(0, Number(a[2]));
    return (
      parts.slice(0, n + 1).join(to) + (parts.length > n + 1 ? from + parts.slice(n + 1).join(from) : '')
    );
  },
  find: (s, a) => s.indexOf(String(a[0])),
  count: (s, a) => (String(a[0]) === '' ? s.length + 1 : s.split(String(a[0])).length - 1),
  join: (s, a) => {
    if (!Array.isArray(a[0])) throw problem('PRV309', 'join needs a list');
    return a[0].map((x) => toText(x)).join(s);
  },
  format: (s, a) => formatBraces(s, a),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[a-zA-Z]+$/.test(s),
  isalnum: (s) => /^[a-zA-Z0-9]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  zfill: (s, a) => s.padStart(Math.min(Number(a[0]) || 0, 10000), '0'),
};

const LIST_METHODS: Record<string, (l: unknown[], a: unknown[]) => unknown> = {
  index: (l, a) => {
    const i = l.findIndex((x) => equals(x, a[0]));
    if (i < 0) throw problem('PRV309', `${toText(a[0])} is not in the list`);
    return i;
  },
  count: (l, a) => l.filter((x) => equals(x, a[0])).length,
};

const DICT_METHODS: Record<string, (d: Record<string, unknown>, a: unknown[]) => unknown> = {
  keys: (d) => Object.keys(d),
  values: (d) => Object.keys(d).map((k) => d[k]),
  items: (d) => Object.keys(d).map((k) => [k, d[k]]),
  get: (d, a) => {
    const v = member(d, a[0]);
    return v === MISSING ? (a[1] ?? null) : v;
  },
  __contains__: (d, a) => contains(d, a[0]),
};

/** Calls a Python-style method on a value; only a fixed, side-effect-free set exists. */
export function callMethod(self: unknown, name: string, args: unknown[]): unknown {
  let table: Record<string, Method> | undefined;
  if (typeof self === 'string') table = STRING_METHODS as Record<string, Method>;
  else if (Array.isArray(self)) table = LIST_METHODS as Record<string, Method>;
  else if (isMapping(self)) table = DICT_METHODS as Record<string, Method>;
  const method = table && Object.hasOwn(table, name) ? table[name] : undefined;
  if (!method) throw problem('PRV316', `${typeName(self)} has no method '${name}'`);
  return method(self as never, args);
}
