import { problem } from '../errors.js';
import {
  compareValues,
  contains,
  equals,
  isMapping,
  type Mapping,
  toIterable,
  toText,
  typeName,
} from '../values.js';
import { attributeGetter } from './attribute.js';
import { arg, type FilterSpec, type Kwargs } from './types.js';

function list(input: unknown, filter: string): unknown[] {
  if (Array.isArray(input)) return input;
  if (typeof input === 'string' || isMapping(input)) return toIterable(input, filter);
  throw problem('PRV308', `${filter} needs a list, not ${typeName(input)}`);
}

function unique(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of items) if (!out.some((y) => equals(x, y))) out.push(x);
  return out;
}

function flatten(items: unknown[], levels: number, skipNulls: boolean, depth = 0): unknown[] {
  const out: unknown[] = [];
  for (const x of items) {
    if (skipNulls && (x === null || x === undefined)) continue;
    if (Array.isArray(x) && (levels <= 0 || depth < levels) && depth < 100)
      out.push(...flatten(x, levels, skipNulls, depth + 1));
    else out.push(x);
  }
  return out;
}

function combine(a: Mapping, b: Mapping, recursive: boolean, listMerge: string, depth = 0): Mapping {
  if (depth > 100) throw problem('PRV315', 'combine: values nested too deeply');
  const out: Mapping = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k];
    if (recursive && isMapping(old) && isMapping(v))
      out[k] = combine(old, v, recursive, listMerge, depth + 1);
    else if (Array.isArray(old) && Array.isArray(v) && listMerge !== 'replace') {
      if (listMerge === 'append') out[k] = [...old, ...v];
      else if (listMerge === 'prepend') out[k] = [...v, ...old];
      else if (listMerge === 'append_rp') out[k] = [...old.filter((x) => !v.some((y) => equals(x, y))), ...v];
      else if (listMerge === 'prepend_rp')
        out[k] = [...v, ...old.filter((x) => !v.some((y) => equals(x, y)))];
      else if (listMerge === 'keep') out[k] = old;
      else throw problem('PRV308', `combine: unknown list_merge ${listMerge}`);
    } else out[k] = v;
  }
  return out;
}

function sortKey(
  kw: Kwargs,
  args: unknown[],
): { reverse: boolean; caseSensitive: boolean; key: (x: unknown) => unknown } {
  const getter = attributeGetter(arg(args, kw, 2, 'attribute', undefined));
  const caseSensitive = Boolean(arg(args, kw, 1, 'case_sensitive', false));
  return {
    reverse: Boolean(arg(args, kw, 0, 'reverse', false)),
    caseSensitive,
    key: (x) => {
      const v = getter(x);
      return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v;
    },
  };
}

function zip(lists: unknown[][], longest: boolean, fill: unknown): unknown[][] {
  const lengths = lists.map((l) => l.length);
  const n = lists.length === 0 ? 0 : longest ? Math.max(...lengths) : Math.min(...lengths);
  return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i] : fill)));
}

export const collectionFilters: Record<string, FilterSpec> = {
  join: {
    fn: (input, args, kw) => {
      const sep = toText(arg(args, kw, 0, 'd', ''));
      const get = attributeGetter(kw.attribute);
      return list(input, 'join')
        .map((x) => toText(get(x)))
        .join(sep);
    },
  },
  length: { fn: (input) => lengthOf(input) },
  count: { fn: (input) => lengthOf(input) },
  unique: { fn: (input) => unique(list(input, 'unique')) },
  first: { fn: (input) => list(input, 'first')[0] ?? null },
  last: {
    fn: (input) => {
      const l = list(input, 'last');
      return l[l.length - 1] ?? null;
    },
  },
  list: { fn: (input) => [...list(input, 'list')] },
  reverse: {
    fn: (input) =>
      typeof input === 'string' ? [...input].reverse().join('') : [...list(input, 'reverse')].reverse(),
  },
  sort: {
    fn: (input, args, kw) => {
      const { reverse, key } = sortKey(kw, args);
      const sorted = [...list(input, 'sort')].sort((a, b) => compareValues(key(a), key(b)));
      return reverse ? sorted.reverse() : sorted;
    },
  },
  dictsort: {
    fn: (input, args, kw) => {
      if (!isMapping(input)) throw problem('PRV308', `dictsort needs a dict, not ${typeName(input)}`);
      const byValue = arg(args, kw, 1, 'by', 'key') === 'value';
      const reverse = Boolean(arg(args, kw, 2, 'reverse', false));
      const pairs = Object.entries(input).sort((a, b) =>
        compareValues(byValue ? a[1] : a[0], byValue ? b[1] : b[0]),
      );
      return (reverse ? pairs.reverse() : pairs).map(([k, v]) => [k, v]);
    },
  },
  flatten: {
    fn: (input, args, kw) =>
      flatten(
        list(input, 'flatten'),
        Number(arg(args, kw, 0, 'levels', 0)) || 0,
        Boolean(kw.skip_nulls ?? true),
      ),
  },
  union: { fn: (input, args) => unique([...list(input, 'union'), ...list(args[0], 'union')]) },
  intersect: {
    fn: (input, args) => {
      const other = list(args[0], 'intersect');
      return unique(list(input, 'intersect').filter((x) => other.some((y) => equals(x, y))));
    },
  },
  difference: {
    fn: (input, args) => {
      const other = list(args[0], 'difference');
      return unique(list(input, 'difference').filter((x) => !other.some((y) => equals(x, y))));
    },
  },
  symmetric_difference: {
    fn: (input, args) => {
      const a = list(input, 'symmetric_difference');
      const b = list(args[0], 'symmetric_difference');
      return unique([...a.filter((x) => !contains(b, x)), ...b.filter((x) => !contains(a, x))]);
    },
  },
  zip: {
    fn: (input, args) =>
      zip(
        [input, ...args].map((l) => list(l, 'zip')),
        false,
        null,
      ),
  },
  zip_longest: {
    fn: (input, args, kw) =>
      zip(
        [input, ...args].map((l) => list(l, 'zip_longest')),
        true,
        kw.fillvalue ?? null,
      ),
  },
  dict2items: {
    fn: (input, args, kw) => {
      if (!isMapping(input)) throw problem('PRV308', `dict2items needs a dict, not ${typeName(input)}`);
      const k = String(arg(args, kw, 0, 'key_name', 'key'));
      const v = String(arg(args, kw, 1, 'value_name', 'value'));
      return Object.entries(input).map(([key, value]) => ({ [k]: key, [v]: value }));
    },
  },
  items2dict: {
    fn: (input, args, kw) => {
      const k = String(arg(args, kw, 0, 'key_name', 'key'));
      const v = String(arg(args, kw, 1, 'value_name', 'value'));
      const out: Mapping = {};
      for (const item of list(input, 'items2dict')) {
        if (!isMapping(item) || !Object.hasOwn(item, k) || !Object.hasOwn(item, v)) {
          throw problem('PRV308', `items2dict: every item needs '${k}' and '${v}'`);
        }
        out[toText(item[k])] = item[v];
      }
      return out;
    },
  },
  dict: {
    fn: (input) => {
      const out: Mapping = {};
      for (const pair of list(input, 'dict')) {
        if (!Array.isArray(pair) || pair.length !== 2)
          throw problem('PRV308', 'dict needs a list of [key, value] pairs');
        out[toText(pair[0])] = pair[1];
      }
      return out;
    },
  },
  combine: {
    fn: (input, args, kw) => {
      const dicts = [input, ...args.flatMap((a) => (Array.isArray(a) ? a : [a]))];
      let out: Mapping = {};
      for (const d of dicts) {
        if (!isMapping(d)) throw problem('PRV308', `combine needs dicts, not ${typeName(d)}`);
        out = combine(out, d, Boolean(kw.recursive), String(kw.list_merge ?? 'replace'));
      }
      return out;
    },
  },
  batch: {
    fn: (input, args, kw) => {
      const size = Number(arg(args, kw, 0, 'linecount', 1));
      if (!Number.isInteger(size) || size < 1) throw problem('PRV308', 'batch needs a positive size');
      if (size > 100_000) throw problem('PRV315', `batch size ${size} is too large`);
      const items = list(input, 'batch');
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
      const fill = arg(args, kw, 1, 'fill_with', undefined);
      const last = out[out.length - 1];
      if (fill !== undefined && last) while (last.length < size) last.push(fill);
      return out;
    },
  },
};

function lengthOf(input: unknown): number {
  if (typeof input === 'string' || Array.isArray(input)) return input.length;
  if (isMapping(input)) return Object.keys(input).length;
  throw problem('PRV308', `length needs a string, list or dict, not ${typeName(input)}`);
}
