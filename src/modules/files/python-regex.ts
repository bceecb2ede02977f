/**
 * Ansible's regexp parameters are Python regular expressions. The common syntax is the same in JavaScript; the
 * differences users hit are translated: named groups `(?P<n>…)` / `(?P=n)`, `\A` / `\Z`, and replacement templates
 * (`\1`, `\g<1>`, `\g<name>`, escapes) expanded as Python's `match.expand` does.
 */

export function toJsRegExp(pattern: string, flags = ''): RegExp {
  const translated = pattern
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, '\\k<$1>')
    .replace(/(^|[^\\])\\A/g, '$1^')
    .replace(/(^|[^\\])\\Z/g, '$1$(?![\\s\\S])');
  return new RegExp(translated, flags);
}

/** Checks that a pattern compiles, for zod refinements. Returns the error message or undefined. */
export function regexError(pattern: string, flags = ''): string | undefined {
  try {
    toJsRegExp(pattern, flags);
    return undefined;
  } catch (e) {
    return `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`;
  }
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  f: '\f',
  v: '\v',
  a: '\x07',
  b: '\b',
  '\\': '\\',
};

/** Expands a Python replacement template against a match: unmatched groups give ''. */
export function expandTemplate(template: string, match: RegExpExecArray | RegExpMatchArray): string {
  const group = (ref: string): string => {
    const value = /^\d+$/.test(ref) ? match[Number(ref)] : match.groups?.[ref];
    return value ?? '';
  };
  return template.replace(/\\g<([^>]+)>|\\(\d{1,2})|\\(.)/g, (whole, named, num, esc) => {
    if (named !== undefined) return group(named);
    if (num !== undefined) return group(num);
    return ESCAPES[esc] ?? whole;
  });
}
