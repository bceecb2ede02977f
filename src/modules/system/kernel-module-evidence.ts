import { shellQuote } from '../../transport/shell-quote.js';

/**
 * Evidence that a kernel module is loaded or built in. Hosts show it in different places: /proc/modules lists
 * loadable modules only, modules.builtin may be missing from a container's /lib/modules, /sys/module is absent in
 * nspawn hosts and incomplete for built-ins — so every place counts, including the feature a module provides.
 */

export interface FeatureEvidence {
  /** A POSIX test that succeeds when the module's feature is there. */
  test: string;
  /** The path that appears when the module loads; later tasks reading it depend on this one. */
  path: string;
}

/** Modules whose presence shows in a feature the kernel exposes. */
export const FEATURE_EVIDENCE: Readonly<Record<string, FeatureEvidence>> = {
  br_netfilter: { test: '[ -d /proc/sys/net/bridge ]', path: '/proc/sys/net/bridge' },
  overlay: { test: "grep -q '[[:space:]]overlay$' /proc/filesystems", path: '/proc/filesystems' },
  ip_vs: { test: '[ -d /proc/sys/net/ipv4/vs ]', path: '/proc/sys/net/ipv4/vs' },
  nf_conntrack: { test: '[ -d /proc/sys/net/netfilter ]', path: '/proc/sys/net/netfilter' },
};

/** The kernel's own spelling: `-` and `_` are the same in module names, /proc/modules uses `_`. */
export function canonicalModuleName(name: string): string {
  return name.replace(/-/g, '_');
}

/** One probe printing `key=value` lines: loaded, builtin, feature, modprobe (each only when true). */
export function moduleEvidenceProbe(name: string): string {
  const canon = canonicalModuleName(name);
  const pattern = canon.replace(/_/g, '[-_]');
  const feature = FEATURE_EVIDENCE[canon];
  return [
    `grep -q ${shellQuote(`^${canon} `)} /proc/modules 2>/dev/null && echo loaded=proc`,
    `[ -d ${shellQuote(`/sys/module/${canon}`)} ] && echo loaded=sys`,
    `grep -Eq ${shellQuote(`/${pattern}\\.ko(\\.[a-z]+)?$`)} "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null && echo builtin=yes`,
    `grep -q ${shellQuote(`[[:space:]]${canon}$`)} /proc/filesystems 2>/dev/null && echo feature=filesystem`,
    ...(feature ? [`${feature.test} && echo feature=yes`] : []),
    'command -v modprobe >/dev/null 2>&1 && echo modprobe=yes',
    'true',
  ].join('\n');
}

export interface ModuleEvidence {
  /** Listed in /proc/modules: a loadable module that can be unloaded. */
  loadable: boolean;
  /** Present by any evidence. */
  present: boolean;
  builtin: boolean;
  modprobe: boolean;
}

export function parseModuleEvidence(text: string): ModuleEvidence {
  const has = (line: string) => text.split('\n').some((l) => l.trim() === line);
  const loadable = has('loaded=proc');
  const builtin = has('builtin=yes');
  return {
    loadable,
    builtin,
    present: loadable || builtin || has('loaded=sys') || has('feature=yes') || has('feature=filesystem'),
    modprobe: has('modprobe=yes'),
  };
}
