import { problem } from '../errors.js';
import { MISSING, member } from '../values.js';

/**
 * A getter for Jinja's `attribute=` arguments: a dotted path (`a.b`, `ports.0`), or the item itself when no
 * attribute is given.
 */
export function attributeGetter(
  attribute: unknown,
  fallback?: { value: unknown },
): (item: unknown) => unknown {
  if (attribute === undefined || attribute === null) return (x) => x;
  const path =
    typeof attribute === 'number'
      ? [attribute]
      : String(attribute)
          .split('.')
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return (item) => {
    let v: unknown = item;
    for (const seg of path) {
      const next = member(v, seg);
      if (next === MISSING) {
        if (fallback) return fallback.value;
        throw problem('PRV308', `item has no attribute '${String(attribute)}'`);
      }
      v = next;
    }
    return v;
  };
}
