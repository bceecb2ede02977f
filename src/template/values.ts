import { problem, UnknownValue, UnknownValueError } from './errors.js';
import { OMIT } from './omit.js';

/** Names that would reach into JavaScript internals; never readable from a template. */
const FORBIDDEN_KEYS = new Set([
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__lookupGetter__',
]);

export type Mapping = Record<string, unknown>;

export function isMapping(v: unknown): v is Mapping {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof UnknownValue);
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (v === OMIT) return 'omit';
  if (v instanceof UnknownValue) return 'unknown';
  if (typeof v === 'object') return 'dict';
  return typeof v;
}

export function failIfUnknown(v: unknown): void {
  if (v instanceof UnknownValue) throw new UnknownValueError(v.reason);
}

/**
 * Reads `key` from a mapping: `key in object` decides (the scope may be a Proxy), except for names inherited from
 * Object.prototype, which only count when the object has them as its own.
 */
export function hasKey(obj: object, key: string): boolean {
  if (FORBIDDEN_KEYS.has(key)) return false;
  if (key in Object.prototype) return Object.hasOwn(obj, key);
  return key in obj;
}

export function readKey(obj: object, key: string): unknown {
  return (obj as Mapping)[key];
}

export const MISSING: unique symbol = Symbol('missing');

/** Jinja's `a.b` and `a['b']`: item access on mappings, lists and strings; MISSING when absent. */
export function member(object: unknown, key: unknown): unknown {
  failIfUnknown(object);
  if (Array.isArray(object) || typeof object === 'string') {
    if (typeof key === 'number' && Number.isInteger(key)) {
      const i = key < 0 ? object.length + key : key;
      if (i < 0 || i >= object.length) return MISSING;
      return object[i];
    }
    if (typeof key === 'boolean') return member(object, key ? 1 : 0);
    return MISSING;
  }
  if (isMapping(object)) {
    const k = typeof key === 'string' ? key : keyString(key);
    if (k === undefined || !hasKey(object, k)) return MISSING;
    return readKey(object, k);
  }
  return MISSING;
}

/** Mapping keys are strings in YAML-derived data; numbers and booleans are looked up by their text. */
function keyString(key: unknown): string | undefined {
  if (typeof key === 'number') return String(key);
  if (typeof key === 'boolean') return key ? 'True' : 'False';
  return undefined;
}

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return '-inf';
  return String(n);
}

/** Python's repr(), used for values nested in lists and dicts when they are printed. */
export function repr(v: unknown, depth = 0): string {
  if (depth > 100) throw problem('PRV315', 'value nested too deeply to print');
  failIfUnknown(v);
  if (typeof v === 'string') return reprString(v);
  if (Array.isArray(v)) return `[${v.map((x) => repr(x, depth + 1)).join(', ')}]`;
  if (isMapping(v)) {
    return `{${Object.keys(v)
      .map((k) => `${reprString(k)}: ${repr(v[k], depth + 1)}`)
      .join(', ')}}`;
  }
  return toText(v);
}

/** Python's str(): what `{{ value }}` prints inside a larger string. */
export function toText(v: unknown): string {
  failIfUnknown(v);
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === OMIT) return '';
  if (typeof v === 'number') return pyNumber(v);
  if (Array.isArray(v) || isMapping(v)) return repr(v);
  return String(v);
}

/** Python's ==: deep for lists and dicts, True == 1. */
export function equals(a: unknown, b: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  failIfUnknown(a);
  failIfUnknown(b);
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  const numA = typeof a === 'boolean' ? Number(a) : a;
  const numB = typeof b === 'boolean' ? Number(b) : b;
  if (typeof numA === 'number' && typeof numB === 'number') return numA === numB;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => equals(x, b[i], depth + 1));
  }
  if (isMapping(a) && isMapping(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equals(a[k], b[k], depth + 1));
  }
  return false;
}

/** Python's ordering: numbers with numbers, strings with strings, lists element-wise; anything else fails. */
export function compareValues(a: unknown, b: unknown, depth = 0): number {
  failIfUnknown(a);
  failIfUnknown(b);
  const numA = typeof a === 'boolean' ? Number(a) : a;
  const numB = typeof b === 'boolean' ? Number(b) : b;
  if (typeof numA === 'number' && typeof numB === 'number') return numA < numB ? -1 : numA > numB ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && depth < 100) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i], depth + 1);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  throw problem('PRV309', `cannot order ${typeName(a)} and ${typeName(b)}`);
}

/** Python's `x in y`. */
export function contains(container: unknown, item: unknown): boolean {
  failIfUnknown(container);
  if (typeof container === 'string') {
    if (typeof item !== 'string')
      throw problem('PRV309', `'in <string>' needs a string on the left, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => equals(x, item));
  if (isMapping(container)) {
    const k = typeof item === 'string' ? item : keyString(item);
    return k !== undefined && hasKey(container, k);
  }
  throw problem('PRV309', `'in' needs a string, list or dict on the right, not ${typeName(container)}`);
}

/** Iterates like Python: lists, strings (characters), dicts (keys). */
export function toIterable(v: unknown, what: string): unknown[] {
  failIfUnknown(v);
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isMapping(v)) return Object.keys(v);
  throw problem('PRV308', `${what} needs a list, string or dict, not ${typeName(v)}`);
}
