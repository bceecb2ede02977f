import { problem } from '../errors.js';
import { pythonRegex, pythonReplacement } from '../regex.js';
import { toText } from '../values.js';
import { arg, type FilterSpec, requireArg } from './types.js';

function subject(input: unknown): string {
  return typeof input === 'string' ? input : toText(input);
}

export const regexFilters: Record<string, FilterSpec> = {
  regex_replace: {
    fn: (input, args, kw) => {
      const pattern = requireArg(args, kw, 0, 'pattern', 'regex_replace');
      const replacement = String(arg(args, kw, 1, 'replacement', ''));
      const count = Number(arg(args, kw, 2, 'count', 0));
      const re = pythonRegex(pattern, { ignorecase: kw.ignorecase, multiline: kw.multiline, global: true });
      const repl = pythonReplacement(replacement);
      if (!count) return subject(input).replace(re, repl);
      let done = 0;
      return subject(input).replace(re, (...m) => {
        if (done++ >= count) return m[0] as string;
        const single = pythonRegex(pattern, { ignorecase: kw.ignorecase, multiline: kw.multiline });
        return (m[0] as string).replace(single, repl);
      });
    },
  },
  regex_search: {
    fn: (input, args, kw) => {
      const [pattern, ...groups] = args;
      if (pattern === undefined) throw problem('PRV308', 'regex_search needs a pattern');
      const m = pythonRegex(pattern, { ignorecase: kw.ignorecase, multiline: kw.multiline }).exec(
        subject(input),
      );
      if (!m) return null;
      if (groups.length === 0) return m[0];
      return groups.map((g) => {
        const s = String(g);
        const ref = /^\\(\d+)$/.exec(s) ?? /^\\g<(\w+)>$/.exec(s);
        if (!ref)
          throw problem('PRV308', `regex_search group must look like '\\\\1' or '\\\\g<name>', not ${s}`);
        const key = ref[1]!;
        return /^\d+$/.test(key) ? (m[Number(key)] ?? null) : (m.groups?.[key] ?? null);
      });
    },
  },
  regex_findall: {
    fn: (input, args, kw) => {
      const re = pythonRegex(requireArg(args, kw, 0, 'pattern', 'regex_findall'), {
        ignorecase: kw.ignorecase,
        multiline: kw.multiline,
        global: true,
      });
      return [...subject(input).matchAll(re)].map((m) => {
        if (m.length === 1) return m[0];
        if (m.length === 2) return m[1] ?? '';
        return m.slice(1).map((g) => g ?? '');
      });
    },
  },
  regex_escape: { fn: (input) => subject(input).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&') },
};
