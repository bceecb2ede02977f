import { percentFormat } from '../arithmetic.js';
import { problem } from '../errors.js';
import { toText, typeName } from '../values.js';
import { arg, type FilterSpec, requireArg } from './types.js';

function str(input: unknown, filter: string): string {
  if (typeof input === 'string') return input;
  if (typeof input === 'number' || typeof input === 'boolean' || input === null) return toText(input);
  throw problem('PRV308', `${filter} needs a string, not ${typeName(input)}`);
}

/** Python's shlex.quote: safe words stay as they are, anything else is single-quoted. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

function pySplit(s: string, sep: unknown, maxsplit: number): string[] {
  if (sep === undefined || sep === null) {
    const words = s
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    if (maxsplit < 0 || words.length <= maxsplit) return words;
    // Keep the remainder intact, as Python does.
    const out: string[] = [];
    let rest = s.trimStart();
    for (let i = 0; i < maxsplit; i++) {
      const m = /^(\S+)\s+/.exec(rest);
      if (!m) break;
      out.push(m[1]!);
      rest = rest.slice(m[0].length);
    }
    if (rest !== '') out.push(rest);
    return out;
  }
  const sepStr = String(sep);
  if (sepStr === '') throw problem('PRV308', 'split: empty separator');
  const parts = s.split(sepStr);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sepStr)];
}

export { pySplit };

function indent(s: string, width: unknown, first: unknown, blank: unknown): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(Math.min(Math.max(Number(width) || 0, 0), 1000));
  const lines = s.split('\n');
  return lines
    .map((line, i) => {
      if (i === 0 && !first) return line;
      if (line === '' && !blank) return line;
      return pad + line;
    })
    .join('\n');
}

export const stringFilters: Record<string, FilterSpec> = {
  lower: { fn: (i) => str(i, 'lower').toLowerCase() },
  upper: { fn: (i) => str(i, 'upper').toUpperCase() },
  capitalize: {
    fn: (i) => {
      const s = str(i, 'capitalize');
      return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
    },
  },
  title: {
    fn: (i) => str(i, 'title').replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  },
  trim: {
    fn: (i, args, kw) => {
      const chars = arg(args, kw, 0, 'chars', undefined);
      const s = str(i, 'trim');
      if (chars === undefined || chars === null) return s.trim();
      const set = new Set(String(chars));
      let a = 0;
      let b = s.length;
      while (a < b && set.has(s[a]!)) a++;
      while (b > a && set.has(s[b - 1]!)) b--;
      return s.slice(a, b);
    },
  },
  replace: {
    fn: (i, args, kw) => {
      const s = str(i, 'replace');
      const from = String(requireArg(args, kw, 0, 'old', 'replace'));
      const to = String(requireArg(args, kw, 1, 'new', 'replace'));
      const count = arg(args, kw, 2, 'count', undefined);
      if (count === undefined || count === null) return from === '' ? s : s.split(from).join(to);
      const parts = s.split(from);
      const n = Math.max(0, Number(count));
      return (
        parts.slice(0, n + 1).join(to) + (parts.length > n + 1 ? from + parts.slice(n + 1).join(from) : '')
      );
    },
  },
  split: {
    fn: (i, args, kw) =>
      pySplit(str(i, 'split'), arg(args, kw, 0, 'sep', undefined), Number(arg(args, kw, 1, 'maxsplit', -1))),
  },
  splitlines: {
    fn: (i) =>
      str(i, 'splitlines')
        .split(/\r?\n/)
        .filter((l, idx, all) => idx < all.length - 1 || l !== ''),
  },
  string: { fn: (i) => toText(i) },
  quote: { fn: (i) => shellQuote(toText(i)) },
  indent: {
    fn: (i, args, kw) =>
      indent(
        str(i, 'indent'),
        arg(args, kw, 0, 'width', 4),
        arg(args, kw, 1, 'first', arg([], kw, 0, 'indentfirst', false)),
        arg(args, kw, 2, 'blank', false),
      ),
  },
  center: {
    fn: (i, args, kw) => {
      const s = str(i, 'center');
      const w = Math.min(Number(arg(args, kw, 0, 'width', 80)), 10000);
      const left = Math.max(0, Math.floor((w - s.length) / 2));
      return ' '.repeat(left) + s + ' '.repeat(Math.max(0, w - s.length - left));
    },
  },
  format: { fn: (i, args) => percentFormat(str(i, 'format'), args) },
  truncate: {
    fn: (i, args, kw) => {
      const s = str(i, 'truncate');
      const len = Number(arg(args, kw, 0, 'length', 255));
      const end = String(arg(args, kw, 2, 'end', '...'));
      return s.length <= len ? s : s.slice(0, Math.max(0, len - end.length)) + end;
    },
  },
  comment: { fn: (i) => `#\n# ${str(i, 'comment').split('\n').join('\n# ')}\n#` },
  urlencode: { fn: (i) => encodeURIComponent(str(i, 'urlencode')) },
};
