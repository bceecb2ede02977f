import { failIfUnknown, isMapping } from './values.js';

/**
 * Jinja's (Python's) truth: false, none, 0, '', [] and {} are false; everything else, including the strings
 * 'false' and 'no', is true.
 */
export function isTruthy(v: unknown): boolean {
  failIfUnknown(v);
  if (v === null || v === undefined || v === false) return false;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (isMapping(v)) return Object.keys(v).length > 0;
  return true;
}
