import { problem } from '../errors.js';
import { isTruthy } from '../truthiness.js';
import { UndefinedValue } from '../undefined-value.js';
import { isMapping, MISSING, member, toIterable, typeName } from '../values.js';
import { attributeGetter } from './attribute.js';
import type { CallContext, FilterSpec, Kwargs } from './types.js';

function items(input: unknown, filter: string): unknown[] {
  if (input === null || input === undefined) throw problem('PRV308', `${filter} needs a list, not none`);
  return toIterable(input, filter);
}

/** An item's attribute for selectattr: missing ones are undefined so `selectattr('x', 'defined')` works. */
function lenientAttribute(attribute: unknown): (item: unknown) => unknown {
  const path = String(attribute).split('.');
  return (item) => {
    let v = item;
    for (const seg of path) {
      const next = member(v, /^\d+$/.test(seg) ? Number(seg) : seg);
      if (next === MISSING) return new UndefinedValue(String(attribute));
      v = next;
    }
    return v;
  };
}

function selecting(keep: boolean, byAttribute: boolean): FilterSpec['fn'] {
  return (input, args, _kw, ctx) => {
    const name = byAttribute ? 'selectattr' : keep ? 'select' : 'reject';
    const list = items(input, name);
    const [attribute, test, ...testArgs] = byAttribute ? args : [undefined, ...args];
    if (byAttribute && attribute === undefined) throw problem('PRV308', `${name} needs an attribute name`);
    const get = byAttribute ? lenientAttribute(attribute) : (x: unknown) => x;
    return list.filter((item) => {
      const v = get(item);
      const ok =
        test === undefined
          ? !(v instanceof UndefinedValue) && isTruthy(v)
          : ctx.test(String(test), v, testArgs);
      return ok === keep;
    });
  };
}

function mapFilter(input: unknown, args: unknown[], kw: Kwargs, ctx: CallContext): unknown[] {
  const list = items(input, 'map');
  if (kw.attribute !== undefined) {
    const get = attributeGetter(
      kw.attribute,
      Object.hasOwn(kw, 'default') ? { value: kw.default } : undefined,
    );
    return list.map(get);
  }
  const [name, ...rest] = args;
  if (typeof name !== 'string') throw problem('PRV308', "map needs a filter name or attribute='…'");
  const { attribute: _a, ...filterKw } = kw;
  return list.map((x) => ctx.filter(name, x, rest, filterKw));
}

/** `'n1' | extract(hostvars, 'ansible_host')`: container[key], then further keys. */
function extract(input: unknown, args: unknown[]): unknown {
  const [container, morekeys] = args;
  let v = member(container, input);
  if (v === MISSING)
    throw problem('PRV308', `extract: ${typeName(container)} has no key ${JSON.stringify(input)}`);
  const keys = morekeys === undefined ? [] : Array.isArray(morekeys) ? morekeys : [morekeys];
  for (const k of keys) {
    const next = member(v, k);
    if (next === MISSING)
      throw problem('PRV308', `extract: no key ${JSON.stringify(k)} under ${JSON.stringify(input)}`);
    v = next;
  }
  return v;
}

export const higherOrderFilters: Record<string, FilterSpec> = {
  map: { fn: mapFilter },
  select: { fn: selecting(true, false) },
  reject: { fn: selecting(false, false) },
  selectattr: { fn: selecting(true, true) },
  rejectattr: {
    fn: (input, args, kw, ctx) => {
      const kept = selecting(true, true)(input, args, kw, ctx) as unknown[];
      return items(input, 'rejectattr').filter((x) => !kept.includes(x));
    },
  },
  extract: { fn: extract },
  groupby: {
    fn: (input, args) => {
      const get = attributeGetter(args[0]);
      const groups: [unknown, unknown[]][] = [];
      for (const item of items(input, 'groupby')) {
        const key = get(item);
        const g = groups.find(([k]) => k === key);
        if (g) g[1].push(item);
        else groups.push([key, [item]]);
      }
      return groups.map(([k, v]) => [k, v]);
    },
  },
  subelements: {
    fn: (input, args) => {
      const path = String(args[0] ?? '');
      const skipMissing = isMapping(args[1]) ? Boolean(args[1].skip_missing) : false;
      const get = attributeGetter(path, skipMissing ? { value: [] } : undefined);
      return items(input, 'subelements').flatMap((item) => {
        const sub = get(item);
        if (!Array.isArray(sub)) throw problem('PRV308', `subelements: '${path}' is not a list`);
        return sub.map((s) => [item, s]);
      });
    },
  },
};
