import { problem } from './errors.js';
import { compareValues, contains, equals, typeName } from './values.js';

/** Python's comparison operators, `in` and `not in`. */
export function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return equals(a, b);
    case '!=':
      return !equals(a, b);
    case '<':
      return compareValues(a, b) < 0;
    case '<=':
      return compareValues(a, b) <= 0;
    case '>':
      return compareValues(a, b) > 0;
    case '>=':
      return compareValues(a, b) >= 0;
    case 'in':
      return contains(b, a);
    default:
      return !contains(b, a);
  }
}

/** Python's `seq[from:to:step]` on lists and strings. */
export function sliceValue(object: unknown, from?: number, to?: number, stepArg?: number): unknown {
  const step = stepArg ?? 1;
  if (step === 0) throw problem('PRV309', 'slice step cannot be zero');
  if (typeof object !== 'string' && !Array.isArray(object))
    throw problem('PRV309', `cannot slice ${typeName(object)}`);
  const items: unknown[] = typeof object === 'string' ? [...object] : object;
  const n = items.length;
  const norm = (i: number | undefined, dflt: number) =>
    i === undefined ? dflt : i < 0 ? Math.max(i + n, step > 0 ? 0 : -1) : Math.min(i, step > 0 ? n : n - 1);
  const out: unknown[] = [];
  if (step > 0) for (let i = norm(from, 0); i < norm(to, n); i += step) out.push(items[i]);
  else for (let i = norm(from, n - 1); i > norm(to, -1); i += step) out.push(items[i]);
  return typeof object === 'string' ? out.join('') : out;
}
