import { problem } from './errors.js';

const cache = new Map<string, RegExp>();

/** Turns a Python `re` pattern into a JavaScript RegExp: (?P<n>…), (?P=n), \A, \Z and leading (?imsx) flags. */
export function pythonRegex(
  pattern: unknown,
  opts: { ignorecase?: unknown; multiline?: unknown; global?: boolean } = {},
): RegExp {
  if (typeof pattern !== 'string') throw problem('PRV313', 'a regular expression must be a string');
  let flags = (opts.global ? 'g' : '') + (opts.ignorecase ? 'i' : '') + (opts.multiline ? 'm' : '');
  let src = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    for (const f of inline[1]!) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  src = src
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/(^|[^\\])\\A/g, '$1^')
    .replace(/(^|[^\\])\\Z/g, '$1$(?![\\s\\S])');
  const key = `${flags}/${src}`;
  const cached = cache.get(key);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  let re: RegExp;
  try {
    re = new RegExp(src, flags);
  } catch (e) {
    throw problem('PRV313', `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

/** Python replacement syntax (\1, \g<1>, \g<name>) to JavaScript's ($1, $<name>); a literal $ is escaped. */
export function pythonReplacement(replacement: string): string {
  return replacement
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\w+)>|\\(\d+)|\\\\/g, (m, name: string | undefined, num: string | undefined) => {
      if (m === '\\\\') return '\\';
      if (num !== undefined) return `$${num}`;
      return /^\d+$/.test(name!) ? `$${name}` : `$<${name}>`;
    });
}
