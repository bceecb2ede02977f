import { posix } from 'node:path';
import { problem } from '../errors.js';
import { typeName } from '../values.js';
import type { FilterSpec } from './types.js';

function path(input: unknown, filter: string): string {
  if (typeof input !== 'string')
    throw problem('PRV308', `${filter} needs a path string, not ${typeName(input)}`);
  return input;
}

/** Python's os.path.basename: the part after the last slash ('' for a trailing slash). */
function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Python's os.path.dirname: everything before the last slash, trailing slashes trimmed (but not the root). */
function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '';
  const head = p.slice(0, i + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

function splitext(p: string): [string, string] {
  const base = basename(p);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return [p, ''];
  const cut = p.length - base.length + dot;
  return [p.slice(0, cut), p.slice(cut)];
}

export const pathFilters: Record<string, FilterSpec> = {
  basename: { fn: (i) => basename(path(i, 'basename')) },
  dirname: { fn: (i) => dirname(path(i, 'dirname')) },
  splitext: { fn: (i) => splitext(path(i, 'splitext')) },
  normpath: { fn: (i) => posix.normalize(path(i, 'normpath')) },
  path_join: {
    fn: (i) => {
      const parts = Array.isArray(i) ? i : [i];
      // Python's join: a later absolute part restarts the path.
      return parts
        .map((p) => path(p, 'path_join'))
        .reduce(
          (acc, p) => (p.startsWith('/') || acc === '' ? p : acc.endsWith('/') ? acc + p : `${acc}/${p}`),
          '',
        );
    },
  },
};
