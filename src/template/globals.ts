import { MAX_BUILT_LENGTH } from './arithmetic.js';
import { problem } from './errors.js';
import type { Kwargs } from './filters/types.js';
import { shortName } from './filters/types.js';
import type { EvalOptions } from './options.js';
import { isTruthy } from './truthiness.js';
import { toText, typeName } from './values.js';

function range(args: unknown[]): number[] {
  if (args.length === 0 || args.length > 3) throw problem('PRV316', 'range takes 1 to 3 arguments');
  for (const a of args) {
    if (typeof a !== 'number' || !Number.isInteger(a))
      throw problem('PRV309', `range needs integers, not ${typeName(a)}`);
  }
  const [start, stop, step] = (
    args.length === 1 ? [0, args[0], 1] : [args[0], args[1], args[2] ?? 1]
  ) as number[];
  if (step === 0) throw problem('PRV309', 'range step must not be zero');
  const count = Math.max(0, Math.ceil((stop! - start!) / step!));
  if (count > MAX_BUILT_LENGTH / 10) throw problem('PRV315', `range of ${count} numbers is too large`);
  return Array.from({ length: count }, (_, i) => start! + i * step!);
}

/** One lookup plugin: file, env, template, vars; each returns one value per term. */
function runLookup(
  plugin: string,
  terms: unknown[],
  kw: Kwargs,
  options: EvalOptions,
  readVar: (name: string) => unknown,
): unknown[] {
  const name = shortName(plugin);
  if (name === 'vars') {
    return terms.map((t) => {
      const v = readVar(String(t));
      if (v === undefined) {
        if (Object.hasOwn(kw, 'default')) return kw.default;
        throw problem('PRV302', `lookup('vars'): '${String(t)}' is undefined`);
      }
      return v;
    });
  }
  if (name === 'items' || name === 'list') return terms.flat();
  const lookups = options.lookups;
  if (name !== 'file' && name !== 'env' && name !== 'template') {
    throw problem('PRV311', `unknown lookup '${plugin}' (supported: file, env, template, vars, items)`);
  }
  if (!lookups) throw problem('PRV311', `lookup('${name}') is not available here`);
  return terms.map((t) => {
    const term = toText(t);
    try {
      if (name === 'env') return lookups.env(term) ?? (Object.hasOwn(kw, 'default') ? kw.default : '');
      if (name === 'file') {
        const content = lookups.file(term);
        return kw.rstrip === false ? content : content.replace(/\s+$/, '');
      }
      return lookups.template(term);
    } catch (e) {
      if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('PRV'))
        throw e;
      throw problem('PRV311', `lookup('${name}', '${term}') failed: ${(e as Error).message}`);
    }
  });
}

export const GLOBAL_FUNCTIONS = new Set(['range', 'lookup', 'query', 'q']);

export function callGlobal(
  name: string,
  args: unknown[],
  kw: Kwargs,
  options: EvalOptions,
  readVar: (name: string) => unknown,
): unknown {
  if (name === 'range') return range(args);
  const [plugin, ...terms] = args;
  if (typeof plugin !== 'string')
    throw problem('PRV311', `${name} needs a lookup name first, e.g. ${name}('env', 'HOME')`);
  const values = runLookup(plugin, terms, kw, options, readVar);
  if (name !== 'lookup' || isTruthy(kw.wantlist)) return values;
  if (values.length === 1) return values[0];
  return values.map((v) => toText(v)).join(',');
}
