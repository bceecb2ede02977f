import { KubeadmError } from './kubeadm-error.js';

export type FlagKind = 'bool' | 'string';

export interface ParsedArgs {
  positionals: string[];
  /** By long name without dashes; repeated flags accumulate (comma lists are split by the caller). */
  flags: Map<string, string[]>;
}

/** Flags every kubeadm command accepts (klog verbosity and the kubeconfig/rootfs globals). */
const globalFlags: Record<string, FlagKind> = { v: 'string', rootfs: 'string', help: 'bool' };

/**
 * Parses argv as kubeadm's cobra/pflag does: `--name=value`, `--name value`, `--bool`, `--bool=false`, `-x`
 * shorthands from `short`, and everything after `--` positional. Unknown flags fail as cobra's do.
 */
export function parseArgs(
  argv: readonly string[],
  spec: Record<string, FlagKind>,
  short: Record<string, string> = {},
): ParsedArgs {
  const kinds = { ...globalFlags, ...spec };
  const out: ParsedArgs = { positionals: [], flags: new Map() };
  const put = (name: string, value: string) => out.flags.set(name, [...(out.flags.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const body = arg.slice(long ? 2 : 1);
    const eq = body.indexOf('=');
    const rawName = eq >= 0 ? body.slice(0, eq) : body;
    const name = long ? rawName : (short[rawName] ?? rawName);
    const kind = kinds[name];
    if (!kind) throw new KubeadmError('PRV761', `unknown flag: ${long ? '--' : '-'}${rawName}`);
    if (kind === 'bool') {
      put(name, eq >= 0 ? body.slice(eq + 1) : 'true');
      continue;
    }
    if (eq >= 0) {
      put(name, body.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined) throw new KubeadmError('PRV761', `flag needs an argument: ${arg}`);
    put(name, next);
    i++;
  }
  return out;
}

export const flagString = (a: ParsedArgs, name: string): string | undefined => a.flags.get(name)?.at(-1);

export function flagBool(a: ParsedArgs, name: string): boolean {
  const v = flagString(a, name);
  if (v === undefined) return false;
  if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(v)) return true;
  if (['false', '0', 'f', 'F', 'FALSE', 'False'].includes(v)) return false;
  throw new KubeadmError(
    'PRV761',
    `invalid argument "${v}" for "--${name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`,
  );
}

/** `--a=x,y --a=z` → [x, y, z] */
export const flagList = (a: ParsedArgs, name: string): string[] =>
  (a.flags.get(name) ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
