import { problem } from '../errors.js';
import type { EvalOptions } from '../options.js';

export type Kwargs = Record<string, unknown>;

/** What a filter or test may use besides its arguments: other filters and tests (for map/select), and options. */
export interface CallContext {
  filter(name: string, input: unknown, args: unknown[], kwargs?: Kwargs): unknown;
  test(name: string, input: unknown, args: unknown[], kwargs?: Kwargs): boolean;
  options: EvalOptions;
}

export interface FilterSpec {
  fn: (input: unknown, args: unknown[], kwargs: Kwargs, ctx: CallContext) => unknown;
  /** Receives an UndefinedValue instead of failing when its input is undefined (default, mandatory). */
  lenient?: boolean;
}

export interface TestSpec {
  fn: (input: unknown, args: unknown[], kwargs: Kwargs, ctx: CallContext) => boolean;
  lenient?: boolean;
}

/** Positional argument `index`, or keyword `name`, or the fallback. */
export function arg(
  args: unknown[],
  kwargs: Kwargs,
  index: number,
  name: string,
  fallback?: unknown,
): unknown {
  if (index < args.length) return args[index];
  if (Object.hasOwn(kwargs, name)) return kwargs[name];
  return fallback;
}

export function requireArg(
  args: unknown[],
  kwargs: Kwargs,
  index: number,
  name: string,
  filter: string,
): unknown {
  const v = arg(args, kwargs, index, name, undefined);
  if (v === undefined) throw problem('PRV308', `${filter} needs the argument '${name}'`);
  return v;
}

/** Prefixes Ansible users write before filter and test names; the short name means the same. */
const NAMESPACES = [
  'ansible.builtin.',
  'ansible.utils.',
  'ansible.netcommon.',
  'ansible.posix.',
  'community.general.',
];

export function shortName(name: string): string {
  for (const ns of NAMESPACES) if (name.startsWith(ns)) return name.slice(ns.length);
  return name;
}
